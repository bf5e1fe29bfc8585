"""The claims of chapter 8 (cross-entropy in modern machine learning), checked numerically.

Distillation, InfoNCE and its Gaussian oracle, class weights and logit adjustment, the focal
loss, and the KL-penalised reward. Three claims are checked next to their helper's oracle: the
arithmetic code (eq-modern-arithmetic) and bits per byte (eq-modern-bits-per-byte) in
test_language.py, the closed-form focal inverse (eq-modern-focal-inverse) in test_imbalance.py.
"""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il
from conftest import logit_arrays, prob_vectors

seeds = st.integers(0, 2**31)

# --- distillation ------------------------------------------------------------------------


@pytest.mark.claim("eq-modern-distill-split")
@given(logit_arrays(scale=20.0), st.floats(0.5, 10.0), seeds)
def test_distillation_cross_entropy_is_teacher_entropy_plus_kl(zt, t, seed):
    """H(p_T, q_T) = H(p_T) + KL(p_T || q_T), row by row."""
    zs = np.random.default_rng(seed).normal(scale=5.0, size=zt.shape)
    ce = il.distillation_loss(zs, zt, t, "cross_entropy", "none")
    kl = il.distillation_loss(zs, zt, t, "kl", "none")
    assert np.allclose(ce, il.entropy(il.soft_targets(zt, t)) + kl, rtol=1e-10, atol=1e-12)


@pytest.mark.claim("eq-modern-distill-grad")
@pytest.mark.parametrize("t", [0.5, 4.0])
def test_distillation_gradient_is_q_minus_p_over_t(t, rng):
    """Central differences of H(p_T, q_T) in the student's logits agree with (q_T - p_T) / T (the
    KL's gradient is the same: the two differ by H(p_T), eq-modern-distill-split)."""
    zs, zt = rng.normal(size=(3, 4)), 2 * rng.normal(size=(3, 4))
    expected = (il.soft_targets(zs, t) - il.soft_targets(zt, t)) / t
    assert np.allclose(il.distillation_gradient(zs, zt, t), expected, rtol=1e-13, atol=1e-16)

    def loss(z):
        return il.distillation_loss(z, zt, t, "cross_entropy", "sum")

    fd = [(loss(zs + h) - loss(zs - h)) / 2e-6 for h in 1e-6 * np.eye(12).reshape(12, 3, 4)]
    assert np.allclose(np.reshape(fd, zs.shape), expected, rtol=1e-6, atol=1e-9)


@pytest.mark.claim("eq-modern-distill-high-t")
def test_t_squared_times_the_gradient_tends_to_the_centred_logit_gap_over_k(rng):
    """T^2 (q_T - p_T) / T -> [(zs - zt) - mean(zs - zt)] / K, with an O(1/T) remainder."""
    zs, zt = rng.normal(size=(2, 5)), 3 * rng.normal(size=(2, 5))
    limit = (zs - zt - (zs - zt).mean(axis=1, keepdims=True)) / 5
    scaled = [t**2 * il.distillation_gradient(zs, zt, t) for t in (1e2, 1e3)]
    errors = [np.max(np.abs(g - limit)) for g in scaled]
    assert errors[1] < 1e-2 * np.max(np.abs(limit))
    assert errors[0] / errors[1] == pytest.approx(10, rel=0.05)


# --- InfoNCE -----------------------------------------------------------------------------


@pytest.mark.claim("thm-modern-infonce-bound")
@pytest.mark.parametrize("info", [0.5, 3.0])
def test_info_nce_bound_is_below_the_mutual_information_and_log_n(info, rng):
    """For the optimal critic and a worse one: always <= log N, on average <= I(X; Y)."""
    rho = math.sqrt(-math.expm1(-2 * info))
    for n in (2, 8, 64, 256):
        x = rng.standard_normal((max(20, 2048 // n), n))  # one batch of N pairs per row
        y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(x.shape)
        f_star = il.gaussian_log_density_ratio(x[:, :, None], y[:, None, :], rho)
        for critic in (f_star, f_star / 2):
            bounds = np.array([il.info_nce_bound(scores) for scores in critic])
            assert bounds.max() <= math.log(n) + 1e-12
            assert bounds.mean() <= info + 4 * bounds.std() / math.sqrt(bounds.size)


@pytest.mark.claim("eq-modern-gauss-mi", "eq-modern-gauss-critic")
@given(st.floats(-4, 4), st.floats(-4, 4), st.floats(-0.999, 0.999))
def test_gaussian_oracles_are_the_entropy_gap_and_the_log_density_ratio(x, y, rho):
    """I = 2 H(N(0, 1)) - H(joint), and f*(x, y) = log p(x, y) / (p(x) p(y)), by scipy."""
    joint = scipy.stats.multivariate_normal(cov=[[1.0, rho], [rho, 1.0]])
    mi = 2 * scipy.stats.norm.entropy() - joint.entropy()
    assert float(il.gaussian_mutual_information(rho)) == pytest.approx(mi, rel=1e-9, abs=1e-12)
    ratio = joint.logpdf([x, y]) - scipy.stats.norm.logpdf(x) - scipy.stats.norm.logpdf(y)
    f_star = float(il.gaussian_log_density_ratio(x, y, rho))
    assert f_star == pytest.approx(ratio, rel=1e-8, abs=1e-8)


# --- imbalanced classes ------------------------------------------------------------------


@pytest.mark.claim("eq-modern-weighted-risk", "thm-modern-weighted")
@given(prob_vectors(min_size=2, max_size=6, allow_zeros=False), seeds)
def test_weighted_risk_is_a_scaled_cross_entropy_minimised_by_the_reweighted_truth(p, seed):
    """E[w_Y (-log q_Y)] = Z H(p~, q), whose excess over q = p~ is Z KL(p~ || q) >= 0."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 10, size=p.size)
    z = float(np.sum(w * p))
    p_tilde = w * p / z

    def risk(q):
        return math.fsum(p * w * -np.log(q))

    for q in rng.dirichlet(np.ones(p.size), size=5):
        assert risk(q) == pytest.approx(z * il.cross_entropy(p_tilde, q), rel=1e-12)
        excess = z * il.kl_divergence(p_tilde, q)
        assert risk(q) - risk(p_tilde) == pytest.approx(excess, rel=1e-6, abs=1e-11)


@pytest.mark.claim("eq-modern-logit-adjust")
@given(logit_arrays(scale=10.0), seeds)
def test_logit_adjustment_recovers_the_posterior(z, seed):
    """A model at the reweighted optimum has logits z + log w; subtracting log w gives p back."""
    w = np.random.default_rng(seed).uniform(0.1, 10, size=z.shape[1])
    p = il.softmax(z)
    shifted = z + np.log(w)  # its softmax is w p / sum(w p)
    assert np.allclose(il.softmax(il.logit_adjustment(shifted, w)), p, rtol=1e-9, atol=1e-300)


def _focal_risk(q, p, gamma):
    """eq-modern-focal-risk: the expected focal loss of the forecast q when Y ~ Bernoulli(p)."""
    return p * (1 - q) ** gamma * -np.log(q) + (1 - p) * q**gamma * -np.log1p(-q)


@pytest.mark.claim("eq-modern-focal-risk", "eq-modern-focal-pull")
@pytest.mark.parametrize("gamma", [0.05, 0.5, 2.0, 10.0])
def test_focal_minimiser_minimises_the_focal_risk_between_one_half_and_the_truth(gamma):
    """focal_minimizer is the grid minimum of S_gamma, and 1/2 < q*(p) < p for p in (1/2, 1)."""
    grid = np.linspace(1e-6, 1 - 1e-6, 400001)
    for p in (0.501, 0.7, 0.9, 0.99):
        best = grid[np.argmin(_focal_risk(grid, p, gamma))]
        assert float(il.focal_minimizer(p, gamma)) == pytest.approx(best, abs=1e-5)
    p = np.linspace(0.501, 1 - 1e-9, 500)
    q = il.focal_minimizer(p, gamma)
    assert np.all((0.5 < q) & (q < p)) and np.all(np.diff(q) > 0)
    assert np.allclose(il.focal_minimizer(1 - p, gamma), 1 - q, rtol=1e-9)  # and mirrored below


# --- KL penalty ----------------------------------------------------------------------------


@pytest.mark.claim("thm-modern-tilted", "eq-modern-tilted-identity")
@given(prob_vectors(min_size=2, max_size=6, allow_zeros=False), st.floats(0.05, 20.0), seeds)
def test_penalised_reward_is_beta_log_z_minus_beta_kl_to_the_tilted_reference(q_ref, beta, seed):
    """J(q) = beta log Z - beta KL(q || q*): the tilted q* is the unique maximiser."""
    rng = np.random.default_rng(seed)
    r = rng.normal(scale=2.0, size=q_ref.size)
    best = il.tilted_distribution(q_ref, r, beta)
    top = beta * math.log(math.fsum(q_ref * np.exp(r / beta)))  # beta log Z
    assert il.kl_regularized_objective(best, q_ref, r, beta) == pytest.approx(top, 1e-9, 1e-12)
    for q in rng.dirichlet(np.ones(q_ref.size), size=5):
        shortfall = top - float(il.kl_regularized_objective(q, q_ref, r, beta))
        assert shortfall == pytest.approx(beta * il.kl_divergence(q, best), rel=1e-6, abs=1e-9)


@pytest.mark.claim("thm-modern-tilted")
def test_mass_outside_the_reference_support_makes_the_objective_minus_infinity():
    """The identity above holds on the support of q_ref; off it J = -inf, whatever the reward."""
    q_ref, r = [0.5, 0.5, 0.0], [0.0, 1.0, 9.0]
    assert float(il.kl_regularized_objective([0.4, 0.4, 0.2], q_ref, r, 1.0)) == -math.inf
