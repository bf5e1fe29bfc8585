"""The claims of chapter 7 (cross-entropy in practice), checked numerically.

The Gaussian NLL, least squares and the unit of y; strict propriety of the log score and the
Brier decomposition; label smoothing, its minimiser and its finite logit gap; perplexity. At the
end, pure maths: the Savage construction of proper scores, with an unbounded one.
"""

import math

import mpmath as mp
import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il
from conftest import logit_arrays, prob_pairs

finite = st.floats(-1e3, 1e3)
regression_data = st.lists(st.tuples(finite, finite), min_size=1, max_size=20)
# A probability inside infoloss's range: subnormals (below 1e-300) become 0.
probs = st.floats(0.0, 1.0).map(lambda x: 0.0 if x < 1e-300 else x)


@pytest.mark.claim("eq-practice-gaussian-nll", "eq-practice-mse-nll", "eq-practice-nll-units")
@given(regression_data, st.floats(1e-2, 1e2), st.floats(1e-3, 1e3))
def test_gaussian_nll_is_minus_the_log_density_a_scaled_mse_and_unit_dependent(pairs, sigma, c):
    """-log N(y; y_hat, sigma^2) per example; mean MSE / 2 sigma^2 + const; + log c in a unit
    c times smaller."""
    y, y_hat = np.array(pairs).T
    ref = -scipy.stats.norm.logpdf(y, loc=y_hat, scale=sigma)
    assert np.allclose(il.normal_nll(y, y_hat, sigma=sigma, reduction="none"), ref, 1e-12, 1e-12)
    nll = il.normal_nll(y, y_hat, sigma=sigma)
    mse = np.mean((y - y_hat) ** 2)
    expected = mse / (2 * sigma**2) + 0.5 * math.log(2 * math.pi * sigma**2)
    assert nll == pytest.approx(expected, rel=1e-12, abs=1e-12)
    rescaled = il.normal_nll(c * y, c * y_hat, sigma=c * sigma)
    assert rescaled == pytest.approx(nll + math.log(c), rel=1e-9, abs=1e-9)


@pytest.mark.claim("eq-practice-proper", "thm-practice-proper")
@given(prob_pairs(min_size=2, max_size=8, allow_zeros=True))
def test_expected_log_score_is_entropy_plus_kl_and_minimised_only_at_the_truth(pq):
    """E[-log q(Y)] = H(p, q) = H(p) + KL(p || q) >= H(p), with Pinsker's margin for q != p."""
    p, q = pq
    if np.any(q[p > 0] == 0):  # q calls an outcome of p impossible: both sides are infinite
        assert il.cross_entropy(p, q) == math.inf == il.kl_divergence(p, q)
        return
    excess = il.cross_entropy(p, q) - il.entropy(p)
    assert excess == pytest.approx(il.kl_divergence(p, q), rel=1e-9, abs=1e-12)
    assert excess >= 0.5 * np.sum(np.abs(p - q)) ** 2 - 1e-12  # positive for every q != p


@pytest.mark.claim("eq-practice-brier")
@given(probs, st.floats(1e-9, 1 - 1e-9))
def test_expected_brier_score_is_a_distance_to_the_truth_plus_a_floor(p, q):
    """Brier: E[(q - Y)^2] = (q - p)^2 + p (1 - p), the average of the two outcomes' scores."""
    brier = p * il.brier_score([1.0], [q]) + (1 - p) * il.brier_score([0.0], [q])
    assert il.expected_score(p, q, rule="brier") == pytest.approx(brier, abs=1e-14)
    assert brier == pytest.approx((q - p) ** 2 + p * (1 - p), abs=1e-14)


@pytest.mark.claim("eq-practice-smoothing")
@given(logit_arrays(), probs, st.data())
def test_label_smoothing_mixes_one_hot_and_uniform_cross_entropy(z, eps, data):
    """H(smoothed e_y, q) = (1 - eps) H(e_y, q) + eps H(u, q), example by example."""
    n, k = z.shape
    y = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    smoothed = il.cross_entropy_from_logits(z, il.smooth_labels(y, k, eps), reduction="none")
    hard = il.cross_entropy_from_logits(z, y, reduction="none")
    uniform = il.cross_entropy_from_logits(z, np.full((n, k), 1.0 / k), reduction="none")
    assert np.allclose(smoothed, (1 - eps) * hard + eps * uniform, rtol=1e-9, atol=1e-9)


@pytest.mark.claim("eq-practice-smoothing-minimiser", "eq-practice-smoothing-gap")
@pytest.mark.parametrize(
    ("p", "eps"), [([0.6, 0.3, 0.1], 0.1), ([0.5, 0.5], 0.2), ([1.0, 0, 0, 0, 0], 0.01)]
)
def test_minimising_the_expected_smoothed_loss_lands_on_the_mix_which_inverts(p, eps):
    """The minimiser over softmax outputs is (1 - eps) p + eps / K, and it inverts back to p;
    for one label the best logits stand a finite log(1 + K (1 - eps) / eps) apart."""
    p, k = np.array(p), len(p)
    targets = il.smooth_labels(np.arange(k), k, eps)  # row y: the smoothed target of label y

    def expected_loss(z):
        return p @ il.cross_entropy_from_logits(np.tile(z, (k, 1)), targets, reduction="none")

    z = scipy.optimize.minimize(expected_loss, np.zeros(k), tol=1e-14).x
    q = il.softmax(z)
    assert np.allclose(q, (1 - eps) * p + eps / k, atol=1e-6)
    assert np.allclose((q - eps / k) / (1 - eps), p, atol=1e-6)
    if p[0] == 1:
        assert np.allclose(z[0] - z[1:], math.log(1 + k * (1 - eps) / eps), atol=1e-4)


@pytest.mark.claim("eq-practice-perplexity", "eq-practice-perplexity-uniform")
@given(prob_pairs(min_size=2, allow_zeros=False))
def test_perplexity_is_the_same_in_nats_and_bits_and_k_for_the_uniform_model(pq):
    """PP = e^H = 2^(H in bits); the uniform model over K symbols has PP = K."""
    p, q = pq
    h, bits = il.cross_entropy(p, q), il.cross_entropy(p, q, base=2)
    assert il.perplexity(h) == pytest.approx(math.exp(h), rel=1e-12)
    assert il.perplexity(bits, base=2) == pytest.approx(math.exp(h), rel=1e-12)
    k = p.size
    assert il.perplexity(il.cross_entropy(p, np.full(k, 1.0 / k))) == pytest.approx(k, rel=1e-12)


# --- pure maths (mpmath only): the Savage construction of a binary proper score ---------------

log = mp.log
SAVAGE = {  # a convex G and the scores S_G(q, 1), S_G(q, 0) it generates
    "log": (lambda q: q * log(q) + (1 - q) * log(1 - q), lambda q: -log(q), lambda q: -log(1 - q)),
    "brier": (lambda q: -q * (1 - q), lambda q: (1 - q) ** 2, lambda q: q**2),
    "inverse": (  # unbounded like 1/q: proper, but not the log score
        lambda q: -log(q) - log(1 - q),
        lambda q: 1 / q + log(q) + log(1 - q) - 2,
        lambda q: 1 / (1 - q) + log(q) + log(1 - q) - 2,
    ),
}


@pytest.mark.claim("eq-practice-savage", "eq-practice-inverse-score")
@pytest.mark.parametrize("name", sorted(SAVAGE))
@given(p=st.floats(1e-4, 1 - 1e-4), q=st.floats(1e-4, 1 - 1e-4))
def test_savage_scores_have_their_closed_forms_and_excess_the_positive_bregman_gap(name, p, q):
    """S_G(q, y) = -[G(q) + G'(q)(y - q)]; its expected excess over q = p is G's Bregman gap."""
    g, hit, miss = SAVAGE[name]
    with mp.workdps(50):
        p, q = mp.mpf(p), mp.mpf(q)

        def dg(f):
            return mp.diff(g, f)

        def expected(f):
            return -p * (g(f) + dg(f) * (1 - f)) - (1 - p) * (g(f) - dg(f) * f)

        assert mp.almosteq(-(g(q) + dg(q) * (1 - q)), hit(q), rel_eps=1e-40)
        assert mp.almosteq(-(g(q) - dg(q) * q), miss(q), rel_eps=1e-40, abs_eps=1e-45)
        bregman = g(p) - g(q) - dg(q) * (p - q)
        assert mp.almosteq(expected(q) - expected(p), bregman, rel_eps=1e-20, abs_eps=1e-40)
        assert bregman > 0 or p == q
