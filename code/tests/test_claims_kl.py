"""Claims of chapter 2 (KL divergence), checked with the existing helpers."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import prob_pairs, prob_vectors
from infoloss import entropy, fit_normal_on_grid, kl_divergence, normal_on_grid

# The chapter's triple: three Bernoulli distributions on a line.
P, Q, R = np.array([0.1, 0.9]), np.array([0.5, 0.5]), np.array([0.9, 0.1])
WIDE = np.linspace(-12.0, 12.0, 1201)


@pytest.mark.claim("eq-kl-neg-entropy")
@given(prob_vectors(allow_zeros=False))
def test_sum_p_log_p_is_minus_the_entropy(p):
    assert float(np.sum(p * np.log(p))) == pytest.approx(-entropy(p), rel=1e-12, abs=1e-15)


@pytest.mark.claim("eq-kl-triangle-violation")
def test_kl_is_not_a_metric_on_the_chapters_coins():
    """Not symmetric, and the direct divergence is twice the detour through the fair coin."""
    assert kl_divergence(Q, P) - kl_divergence(P, Q) > 0.1
    assert kl_divergence(P, R) == pytest.approx(0.8 * math.log(9), rel=1e-14)
    assert kl_divergence(P, Q) + kl_divergence(Q, R) == pytest.approx(0.4 * math.log(9), rel=1e-14)


@pytest.mark.claim("thm-gibbs", "eq-kl-pinsker")
@given(prob_pairs(min_size=2))
def test_gibbs_kl_is_at_least_twice_squared_total_variation_so_zero_only_at_p_equals_q(pq):
    # zeros allowed in p and q: the theorem's "only if" holds on any supports
    p, q = pq
    assert kl_divergence(p, p) == 0.0
    assert kl_divergence(p, q) >= 2 * (0.5 * np.abs(p - q).sum()) ** 2 - 1e-12
    if np.abs(p - q).max() > 1e-6:
        assert kl_divergence(p, q) > 0.0


@pytest.mark.claim("eq-kl-gibbs-steps")
@given(prob_pairs())
def test_each_step_of_the_gibbs_proof_holds(pq):
    """-KL = sum_S p log(q/p) <= sum_S p (q/p - 1) = q(S) - 1 <= 0, S the support of p: the
    last step is strict when q puts mass outside S."""
    p, q = pq
    s = p > 0
    middle = float(np.sum(p[s] * (q[s] / p[s] - 1)))
    assert -kl_divergence(p, q) <= middle + 1e-12
    assert middle == pytest.approx(q[s].sum() - 1, abs=1e-12)


@pytest.mark.claim("eq-kl-infinite")
@given(prob_pairs(min_size=2), st.data())
def test_kl_is_infinite_when_q_misses_an_outcome_p_can_produce(pq, data):
    p, q = pq
    i = data.draw(st.integers(0, p.size - 1))
    assume(p[i] > 0 and q[i] < 1)
    q = np.where(np.arange(q.size) == i, 0.0, q)
    assert kl_divergence(p, q / q.sum()) == np.inf


@pytest.mark.claim("eq-kl-moment-matching")
@pytest.mark.parametrize("weight", [0.5, 0.3])
def test_forward_kl_fit_matches_the_mean_and_variance_of_p(weight):
    p = weight * normal_on_grid(-2.0, 0.5, WIDE) + (1 - weight) * normal_on_grid(2.0, 0.8, WIDE)
    q = normal_on_grid(*fit_normal_on_grid(p, WIDE, "forward"), WIDE)
    mean = p @ WIDE
    assert q @ WIDE == pytest.approx(mean, abs=1e-6)
    assert q @ (WIDE - mean) ** 2 == pytest.approx(p @ (WIDE - mean) ** 2, rel=1e-6)


@pytest.mark.claim("eq-kl-local-quadratic")
@given(prob_vectors(min_size=2, allow_zeros=False), st.integers(0, 2**32 - 1))
def test_kl_is_half_the_chi_square_divergence_to_second_order(p, seed):
    """Along a zero-sum direction v, q = p + t v: KL / (chi^2 / 2) = 1 + O(t); t = 1e-3."""
    assume(p.min() >= 1e-3)  # (KL of 1e-13 would show the rounding of the vectors' sums)
    v = np.random.default_rng(seed).normal(size=p.size)
    v = (v - v.mean()) * p.min() / np.abs(v - v.mean()).max()  # q stays a distribution
    q = (p + 1e-3 * v) / (p + 1e-3 * v).sum()  # the rounding of p + t v, back on the simplex
    assert kl_divergence(p, q) / (0.5 * np.sum((q - p) ** 2 / p)) == pytest.approx(1, abs=3e-3)


# --- Pure maths: the inequality behind Gibbs's proof, checked with numpy only ---


@pytest.mark.claim("eq-kl-log-bound")
def test_log_x_is_at_most_x_minus_one_with_equality_only_at_one():
    x = np.geomspace(1e-300, 1e300, 601)  # 10**k for k = -300 .. 300, 1 included
    gap = x - 1 - np.log(x)
    assert gap[x == 1] == 0.0 and (gap[x != 1] > 0).all()
