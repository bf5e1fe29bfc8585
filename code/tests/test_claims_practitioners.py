"""The claims of chapter 9 (questions practitioners bring, and the digits), checked numerically:
the multi-label split of the cross-il.entropy, the token mean as a length-weighted mean, the
label-noise minimiser, the surrogate losses; then, pure maths, the float16 overflow point and the
cost-optimal threshold.
"""

import math

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il
from conftest import prob_vectors

inside = st.floats(1e-6, 1 - 1e-6)


@pytest.mark.claim("eq-pr-multilabel")
@given(prob_vectors(n=4, allow_zeros=False), inside, inside)
def test_independent_sigmoids_pay_the_mutual_information(joint, a, b):
    """H(p, q1 x q2) = H(p) + I(Y1; Y2) + KL(p1 || q1) + KL(p2 || q2)."""
    q1, q2, p = np.array([1 - a, a]), np.array([1 - b, b]), joint.reshape(2, 2)
    lhs = il.cross_entropy(joint, np.outer(q1, q2).ravel())
    marginals = il.kl_divergence(p.sum(axis=1), q1) + il.kl_divergence(p.sum(axis=0), q2)
    rhs = il.entropy(joint) + il.mutual_information(p) + marginals
    assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-pr-token-mean")
@given(st.lists(st.integers(1, 8), min_size=1, max_size=6), st.integers(0, 2**32 - 1))
def test_token_mean_is_the_length_weighted_mean_of_sequence_means(lengths, seed):
    """Over tokens: sequence means weighted by length; over sequences: their plain mean."""
    lengths = np.array(lengths)
    mask = np.arange(8) < lengths[:, None]
    losses = np.random.default_rng(seed).exponential(size=(lengths.size, 8))
    seq_means = np.array([losses[s, :n].mean() for s, n in enumerate(lengths)])
    losses[~mask] = np.nan  # whatever the padding holds is ignored
    weighted = math.fsum(lengths * seq_means) / lengths.sum()
    assert il.masked_mean(losses, mask) == pytest.approx(weighted, rel=1e-12)
    assert il.masked_mean(losses, mask, "sequences") == pytest.approx(seq_means.mean(), rel=1e-12)


@pytest.mark.claim("eq-pr-noise")
@given(prob_vectors(min_size=2, max_size=6, allow_zeros=False), st.floats(0.0, 0.95))
def test_the_cross_entropy_minimiser_under_symmetric_noise_is_the_mixture(p, eps):
    """Minimising H(noisy p, softmax(z)) over z lands on (1 - eps) p + eps / K."""
    k = p.size
    p_noisy = (1 - eps) * p + eps / k  # the clean label w.p. 1 - eps, else uniform
    fit = scipy.optimize.minimize(
        lambda z: il.cross_entropy(p_noisy, il.softmax(z)), np.zeros(k), tol=1e-12
    )
    np.testing.assert_allclose(il.softmax(fit.x), il.noisy_label_distribution(p, eps), atol=2e-5)


@pytest.mark.claim("eq-pr-surrogates")
def test_the_surrogate_losses_match_their_formulas_example_by_example(rng):
    """Mean Brier of the softmax, and the Crammer-Singer hinge, of linear logits."""
    X, y, W = rng.standard_normal((7, 2)), rng.integers(0, 3, size=7), rng.standard_normal((3, 3))
    z = X @ W[:-1] + W[-1]
    brier = np.mean(np.sum((il.softmax(z) - np.eye(3)[y]) ** 2, axis=1))
    rival = np.max(np.where(np.eye(3)[y] == 1, -np.inf, z), axis=1)  # max over k != y of z_k
    hinge = np.mean(np.maximum(0.0, 1 + rival - z[np.arange(7), y]))
    assert il.classifier_objective(W, X, y, "brier")[0] == pytest.approx(brier, rel=1e-12)
    assert il.classifier_objective(W, X, y, "hinge")[0] == pytest.approx(hinge, rel=1e-12)


# --- pure maths (numpy only) --------------------------------------------------------------------


@pytest.mark.claim("eq-pr-fp16")
def test_float16_exp_overflows_just_above_log_65504():
    assert np.finfo(np.float16).max == 65504 and round(math.log(65504), 2) == 11.09
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(np.float16(11.08))) and np.isinf(np.exp(np.float16(11.1)))


@pytest.mark.claim("eq-pr-threshold")
@given(st.floats(0.01, 0.99), st.floats(0.1, 10), st.floats(0.1, 10))
def test_the_threshold_minimises_the_expected_cost_and_matches_reweighting(q, c_fp, c_fn):
    """Saying 1 costs less exactly when q > c_FP / (c_FP + c_FN), i.e. when weighted q > 1/2."""
    t = c_fp / (c_fp + c_fn)
    if abs(q - t) > 1e-9:
        assert (q > t) == (c_fp * (1 - q) < c_fn * q)
        # weighting class 1 by c_FN / c_FP moves the threshold to 1/2
        assert (c_fn * q / (c_fn * q + c_fp * (1 - q)) > 0.5) == (q > t)
