"""The claims of chapter 9 (questions practitioners bring, and the digits), checked numerically:
the multi-label split of the cross-entropy, the token mean as a length-weighted mean, the float16
overflow point, the label-noise minimiser, the cost-optimal threshold, and the surrogate losses.
"""

import math

import mpmath
import numpy as np
import pytest
import scipy.optimize
from hypothesis import given
from hypothesis import strategies as st

from conftest import prob_vectors
from infoloss import (
    classifier_objective,
    cross_entropy,
    entropy,
    kl_divergence,
    masked_mean,
    mutual_information,
    noisy_label_distribution,
    softmax,
)


@pytest.mark.claim("eq-pr-multilabel")
@given(prob_vectors(n=4, allow_zeros=False), st.floats(1e-6, 1 - 1e-6), st.floats(1e-6, 1 - 1e-6))
def test_independent_sigmoids_pay_the_mutual_information(joint, a, b):
    q1, q2 = np.array([1 - a, a]), np.array([1 - b, b])
    p = joint.reshape(2, 2)
    p1, p2 = p.sum(axis=1), p.sum(axis=0)
    lhs = cross_entropy(p.ravel(), np.outer(q1, q2).ravel())
    rhs = entropy(p.ravel()) + mutual_information(p) + kl_divergence(p1, q1)
    rhs += kl_divergence(p2, q2)
    assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-pr-token-mean")
@given(st.lists(st.integers(1, 8), min_size=1, max_size=6), st.integers(0, 2**32 - 1))
def test_token_mean_is_the_length_weighted_mean_of_sequence_means(lengths, seed):
    rng = np.random.default_rng(seed)
    lengths = np.array(lengths)
    mask = np.arange(8) < lengths[:, None]
    losses = rng.exponential(size=(lengths.size, 8))
    seq_means = np.array([losses[s, :n].mean() for s, n in enumerate(lengths)])
    weighted = math.fsum(lengths * seq_means) / lengths.sum()
    assert masked_mean(losses, mask) == pytest.approx(weighted, rel=1e-12)
    assert masked_mean(losses, mask, "sequences") == pytest.approx(seq_means.mean(), rel=1e-12)


@pytest.mark.claim("eq-pr-token-mean")
def test_token_and_sequence_means_differ_when_lengths_and_losses_vary():
    losses = np.array([[1.0, 1.0, 1.0], [4.0, 0.0, 0.0]])
    mask = np.array([[1, 1, 1], [1, 0, 0]])
    assert masked_mean(losses, mask) == pytest.approx(7 / 4)
    assert masked_mean(losses, mask, "sequences") == pytest.approx(5 / 2)


@pytest.mark.claim("eq-pr-fp16")
def test_float16_exp_overflows_just_above_log_65504():
    limit = float(mpmath.log(65504))
    assert round(limit, 2) == 11.09
    with np.errstate(over="ignore"):
        below = np.exp(np.float16(11.08))
        above = np.exp(np.float16(11.1))
    assert np.isfinite(below) and np.isinf(above)
    assert np.finfo(np.float16).max == 65504


@pytest.mark.claim("eq-pr-noise")
@given(prob_vectors(min_size=2, max_size=6, allow_zeros=False), st.floats(0.0, 0.95))
def test_the_cross_entropy_minimiser_under_symmetric_noise_is_the_mixture(p, eps):
    k = p.size
    # the noisy label: the clean one with probability 1 - eps, else each class with 1 / k
    p_noisy = np.array([(1 - eps) * p[j] + eps / k for j in range(k)])
    fit = scipy.optimize.minimize(
        lambda z: cross_entropy(p_noisy, softmax(z)), np.zeros(k), tol=1e-12
    )
    q_star = softmax(fit.x)
    np.testing.assert_allclose(q_star, noisy_label_distribution(p, eps), atol=2e-5)
    assert np.argmax(q_star) == np.argmax(p) or np.isclose(np.sort(p)[-1], np.sort(p)[-2])


@pytest.mark.claim("eq-pr-threshold")
@given(st.floats(0.01, 0.99), st.floats(0.1, 10), st.floats(0.1, 10))
def test_the_threshold_minimises_the_expected_cost_and_matches_reweighting(q, c_fp, c_fn):
    t = c_fp / (c_fp + c_fn)
    cost_say_1, cost_say_0 = c_fp * (1 - q), c_fn * q
    if abs(q - t) > 1e-9:
        assert (q > t) == (cost_say_1 < cost_say_0)
        w = c_fn / c_fp
        q_w = w * q / (w * q + 1 - q)
        assert (q_w > 0.5) == (q > t)


@pytest.mark.claim("eq-pr-surrogates")
def test_the_surrogate_losses_match_their_formulas_example_by_example():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((7, 2))
    y = rng.integers(0, 3, size=7)
    W = rng.standard_normal((3, 3))
    z = X @ W[:-1] + W[-1]
    q = softmax(z)
    brier = np.mean([sum((q[i, k] - (k == y[i])) ** 2 for k in range(3)) for i in range(7)])
    hinge = np.mean([max(0.0, 1 + max(z[i, k] for k in range(3) if k != y[i]) - z[i, y[i]])
                     for i in range(7)])  # fmt: skip
    assert classifier_objective(W, X, y, "brier")[0] == pytest.approx(brier, rel=1e-12)
    assert classifier_objective(W, X, y, "hinge")[0] == pytest.approx(hinge, rel=1e-12)
