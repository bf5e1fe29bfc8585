"""Claims of chapter 3 (cross-entropy = entropy + KL), checked with the existing helpers (its
claims about codes are in test_coding.py)."""

import numpy as np
import pytest
from hypothesis import given

from conftest import prob_pairs, prob_vectors
from infoloss import cross_entropy, entropy, kl_divergence, softmax

BETAS = np.linspace(0.0, 3.0, 301)  # the chapter's one-parameter family q_beta ∝ p**beta


@pytest.mark.claim("eq-ce-decomp")
@given(prob_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    """Outcomes with p(x) = 0 add nothing to either side; q(x) = 0 < p(x) makes both infinite."""
    p, q = pq
    if np.any((q == 0) & (p > 0)):
        assert cross_entropy(p, q) == np.inf and kl_divergence(p, q) == np.inf
    else:
        total = entropy(p) + kl_divergence(p, q)
        assert cross_entropy(p, q) == pytest.approx(total, rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-ce-lower-bound")
@given(prob_pairs())
def test_cross_entropy_exceeds_entropy_by_at_least_twice_squared_total_variation(pq):
    """H(p, q) - H(p) = KL >= 2 TV^2: equality at q = p, and only there."""
    p, q = pq
    assert cross_entropy(p, p) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)
    assert cross_entropy(p, q) - entropy(p) >= 2 * (0.5 * np.abs(p - q).sum()) ** 2 - 1e-12


@pytest.mark.claim("eq-ce-same-minimiser")
@given(prob_vectors(min_size=2, allow_zeros=False))
def test_cross_entropy_and_kl_have_the_same_minimiser_along_the_family(p):
    q = softmax(BETAS[:, None] * np.log(p))
    ps = np.broadcast_to(p, q.shape)
    ce, kl = cross_entropy(ps, q), kl_divergence(ps, q)
    if np.ptp(p) > 1e-3:  # p not (nearly) uniform: the minimum is sharp, at beta = 1
        assert BETAS[np.argmin(kl)] == pytest.approx(1.0)
        assert np.argmin(ce) == np.argmin(kl)


# --- Pure maths: the chapter states the Brier identity without code ---


@pytest.mark.claim("eq-ce-brier")
@given(prob_pairs(min_size=2))
def test_brier_score_is_a_divergence_plus_a_constant_so_minimised_at_the_truth(pq):
    p, q = pq
    onehot = np.eye(p.size)
    expected = float(p @ np.sum((q - onehot) ** 2, axis=1))  # E_{X~p} ||q - e_X||^2
    identity = float(np.sum((q - p) ** 2) + 1 - np.sum(p**2))
    assert expected == pytest.approx(identity, rel=1e-9, abs=1e-12)
