"""The helpers behind chapter 9: bfloat16 rounding, masked means, the Brier and hinge fits of a
linear classifier (gradients against finite differences), and bad input to all of them (masked
means, padding included, are in test_claims_practitioners.py)."""

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il

LOSSES = ("cross_entropy", "brier", "hinge")
# below the largest bfloat16 (about 3.39e38), beyond which rounding gives inf
BF16_SAFE = float(np.float32(3.38e38))


@given(st.floats(-BF16_SAFE, BF16_SAFE, width=32, allow_nan=False))
def test_bfloat16_rounding_error_is_at_most_half_an_ulp_of_8_bits(x):
    r = float(il.round_to_bfloat16(x))
    assert abs(r - x) <= 2.0**-8 * abs(x) + 2.0**-134  # (subnormals: absolute)


def test_bfloat16_ties_go_to_even():
    # 1 + 2^-8 is halfway between 1 and 1 + 2^-7: to even (1); 1 + 3 * 2^-8 up to 1 + 2^-6
    assert float(il.round_to_bfloat16(1 + 2.0**-8)) == 1.0
    assert float(il.round_to_bfloat16(1 + 3 * 2.0**-8)) == 1 + 2.0**-6


@pytest.mark.parametrize("loss", LOSSES)
def test_objective_gradients_match_finite_differences(loss, rng):
    X, y, w = rng.standard_normal((30, 3)), rng.integers(0, 4, size=30), rng.standard_normal(16)

    def objective(w):  # (value, gradient) at the flattened weights
        value, grad = il.classifier_objective(w.reshape(4, 4), X, y, loss, l2=0.3)
        return value, grad.ravel()

    error = scipy.optimize.check_grad(lambda w: objective(w)[0], lambda w: objective(w)[1], w)
    assert error < 1e-5  # forward differences: about 1e-7 here; a wrong term is far larger


def test_each_fit_reaches_a_lower_value_of_its_own_objective_than_the_others():
    X, y = il.make_blobs(150, [(-1.0, 0.0), (1.0, 0.0), (0.0, 1.5)], np.random.default_rng(3))
    fits = {loss: il.fit_linear_classifier(X, y, loss, l2=1e-2)[0] for loss in LOSSES}
    for own in LOSSES:
        values = {fit: il.classifier_objective(W, X, y, own, 1e-2)[0] for fit, W in fits.items()}
        assert min(values, key=values.get) == own


W0 = np.zeros((2, 2))
BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (il.round_to_bfloat16, (["a"],), TypeError, r"\bx\b"),
    (il.round_to_bfloat16, ([1.0, np.nan],), ValueError, r"\bx\b"),
    (il.round_to_bfloat16, (3.41e38,), ValueError, r"\bx\b"),  # the range's boundary (float32's)
    (il.weighted_mean, ([1.0, 2.0], [1.0]), ValueError, "weights"),
    (il.weighted_mean, ([1.0, 2.0], [1.0, -1.0]), ValueError, "weights"),
    (il.masked_mean, ([[1.0], [1.0]], [[1], [0]], "sequences"), ValueError, "mask"),
    (il.classifier_objective, (np.zeros((3, 2)), [[1.0]], [0]), ValueError, r"\bW\b"),
    (il.masked_mean, ([[1.0]], [[1]], "batches"), ValueError, "over"),
    (il.noisy_label_distribution, ([0.5, 0.5], 1.0), ValueError, "rate"),  # the range's boundary
    (il.noisy_label_distribution, ([0.5, 0.6], 0.1), ValueError, r"\bp\b"),
    (il.corrupt_labels, ([0, 1], 2, 0.1, 0), TypeError, "rng"),
    (il.classifier_objective, (W0, [[1.0]], [0], "zero_one"), ValueError, "loss"),
    (il.classifier_objective, (W0, [[1.0]], [2]), ValueError, "labels"),
    (il.classifier_objective, (W0, [[1.0]], [0.5]), ValueError, "labels"),
]


@pytest.mark.parametrize(("helper", "args", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, args, error, name):
    with pytest.raises(error, match=name):
        helper(*args)
