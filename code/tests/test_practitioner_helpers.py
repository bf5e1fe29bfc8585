"""The helpers behind chapter 9: bfloat16 rounding, weighted and masked means, label noise,
and the Brier and hinge fits of a linear classifier (gradients against finite differences)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    classifier_objective,
    corrupt_labels,
    fit_linear_classifier,
    make_blobs,
    masked_mean,
    noisy_label_distribution,
    round_to_bfloat16,
    weighted_mean,
)

# below the largest bfloat16 (about 3.39e38), beyond which rounding gives inf
BF16_SAFE = float(np.float32(3.38e38))


@given(st.floats(-BF16_SAFE, BF16_SAFE, width=32, allow_nan=False))
def test_bfloat16_rounding_error_is_at_most_half_an_ulp_of_8_bits(x):
    r = float(round_to_bfloat16(x))
    assert abs(r - x) <= 2.0**-8 * abs(x) + 2.0**-134  # (subnormals: absolute)


def test_bfloat16_values_have_8_significant_bits_and_ties_go_to_even():
    r = round_to_bfloat16(np.linspace(0.5, 1.0, 1001))
    mantissa, _ = np.frexp(r.astype(np.float64))
    assert np.all(mantissa * 2**8 == np.round(mantissa * 2**8))
    # 1 + 2^-8 is halfway between 1 and 1 + 2^-7: to even (1); 1 + 3 * 2^-8 up to 1 + 2^-6
    assert float(round_to_bfloat16(1 + 2.0**-8)) == 1.0
    assert float(round_to_bfloat16(1 + 3 * 2.0**-8)) == 1 + 2.0**-6


def test_bfloat16_refuses_nan_and_non_numbers():
    with pytest.raises(ValueError, match="nan"):
        round_to_bfloat16([1.0, np.nan])
    with pytest.raises(TypeError, match="x must contain real"):
        round_to_bfloat16(["a"])
    with pytest.raises(ValueError, match="float32 range"):
        round_to_bfloat16(1e39)


def test_weighted_mean_divides_by_the_sum_of_the_weights():
    assert weighted_mean([1.0, 2.0, 6.0], [1.0, 1.0, 2.0]) == pytest.approx(15 / 4)
    with pytest.raises(ValueError, match="all be 0"):
        weighted_mean([1.0], [0.0])
    with pytest.raises(ValueError, match="weights must be >= 0"):
        weighted_mean([1.0, 2.0], [1.0, -1.0])
    with pytest.raises(ValueError, match="same shape"):
        weighted_mean([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="values .where their weight is positive. must be finite"):
        weighted_mean([np.inf, 2.0], [1.0, 1.0])


def test_masked_mean_ignores_padding_and_checks_the_mask():
    losses = np.array([[1.0, 2.0, np.nan], [4.0, np.nan, np.nan]])
    mask = np.array([[1, 1, 0], [1, 0, 0]])
    assert masked_mean(losses, mask) == pytest.approx(7 / 3)
    assert masked_mean(losses, mask, "sequences") == pytest.approx((1.5 + 4) / 2)
    with pytest.raises(ValueError, match="only 0"):
        masked_mean(losses, mask * 2)
    with pytest.raises(ValueError, match="real token"):
        masked_mean(losses, [[1, 1, 0], [0, 0, 0]], "sequences")
    with pytest.raises(ValueError, match="over must be"):
        masked_mean(losses, mask, "batches")


def test_label_noise_helpers_validate_and_match_each_other():
    rng = np.random.default_rng(1)
    noisy = corrupt_labels(np.full(200_000, 2), 5, 0.5, rng)
    freq = np.bincount(noisy, minlength=5) / noisy.size
    expected = noisy_label_distribution(np.eye(5)[2], 0.5)
    assert np.max(np.abs(freq - expected)) < 0.005
    with pytest.raises(ValueError, match="rate"):
        noisy_label_distribution([0.5, 0.5], 1.0)
    with pytest.raises(ValueError, match="sum to 1"):
        noisy_label_distribution([0.5, 0.6], 0.1)
    with pytest.raises(TypeError, match="rng"):
        corrupt_labels([0, 1], 2, 0.1, 0)
    with pytest.raises(ValueError, match="in \\[0, 2\\)"):
        corrupt_labels([0, 2], 2, 0.1, rng)


@pytest.mark.parametrize("loss", ["cross_entropy", "brier", "hinge"])
def test_objective_gradients_match_finite_differences(loss):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 3))
    y = rng.integers(0, 4, size=30)
    W = rng.standard_normal((4, 4))
    value, grad = classifier_objective(W, X, y, loss, l2=0.3)
    h = 1e-6
    numeric = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[idx] = h
        up = classifier_objective(W + step, X, y, loss, 0.3)[0]
        down = classifier_objective(W - step, X, y, loss, 0.3)[0]
        numeric[idx] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


def test_each_fit_reaches_a_lower_value_of_its_own_objective_than_the_others():
    rng = np.random.default_rng(3)
    X, y = make_blobs(150, [(-1.0, 0.0), (1.0, 0.0), (0.0, 1.5)], rng)
    fits = {loss: fit_linear_classifier(X, y, loss, l2=1e-2)[0]
            for loss in ("cross_entropy", "brier", "hinge")}  # fmt: skip
    for own, W_own in fits.items():
        mine = classifier_objective(W_own, X, y, own, 1e-2)[0]
        for other, W_other in fits.items():
            if other != own:
                assert mine < classifier_objective(W_other, X, y, own, 1e-2)[0], (own, other)


def test_objective_refuses_bad_arguments():
    with pytest.raises(ValueError, match="loss must be"):
        classifier_objective(np.zeros((2, 2)), [[1.0]], [0], "zero_one")
    with pytest.raises(ValueError, match="l2"):
        classifier_objective(np.zeros((2, 2)), [[1.0]], [0], l2=-1.0)
    with pytest.raises(ValueError, match="labels"):
        classifier_objective(np.zeros((2, 2)), [[1.0]], [2])
    with pytest.raises(ValueError, match="labels"):
        classifier_objective(np.zeros((2, 2)), [[1.0]], [0.5])
