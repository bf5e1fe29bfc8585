"""Claims of chapter 2 (KL divergence), checked with the existing helpers."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import prob_pairs, prob_vectors
from infoloss import (
    entropy,
    fit_normal_on_grid,
    kl_divergence,
    normal_on_grid,
    softmax,
)

# The chapter's triple: three Bernoulli distributions on a line.
P, Q, R = np.array([0.1, 0.9]), np.array([0.5, 0.5]), np.array([0.9, 0.1])


@pytest.mark.claim("eq-kl-neg-entropy")
@given(prob_vectors(allow_zeros=False))
def test_sum_p_log_p_is_minus_the_entropy(p):
    assert float(np.sum(p * np.log(p))) == pytest.approx(-entropy(p), rel=1e-12, abs=1e-15)


def test_kl_is_not_symmetric_on_the_chapters_pair():
    assert kl_divergence(P, Q) == pytest.approx(0.1 * math.log(0.2) + 0.9 * math.log(1.8))
    assert kl_divergence(Q, P) == pytest.approx(0.5 * math.log(5) + 0.5 * math.log(5 / 9))
    assert kl_divergence(Q, P) - kl_divergence(P, Q) > 0.1


@pytest.mark.claim("eq-kl-triangle-violation")
def test_triangle_inequality_fails_for_the_chapters_triple():
    direct, via = kl_divergence(P, R), kl_divergence(P, Q) + kl_divergence(Q, R)
    assert direct == pytest.approx(0.8 * math.log(9), rel=1e-14)
    assert via == pytest.approx(0.4 * math.log(9), rel=1e-14)  # the detour is exactly half
    assert direct > 1.9 * via


def test_triangle_inequality_can_fail_by_more_than_a_factor_of_two():
    # Chapter 2's pitfall: a factor of two on the chapter's coins, and more on other triples.
    p, q = np.array([0.25, 0.75]), np.array([0.9, 0.1])
    ratios = []
    for c in [0.999, 0.9999, 0.999999]:
        r = np.array([c, 1.0 - c])
        via = kl_divergence(p, q) + kl_divergence(q, r)
        ratios.append(kl_divergence(p, r) / via)
    assert ratios[0] > 2.9 and np.all(np.diff(ratios) > 0)


@pytest.mark.claim("eq-kl-log-bound")
@given(st.floats(1e-300, 1e300))
def test_log_x_is_at_most_x_minus_one(x):
    assert math.log(x) <= x - 1


@pytest.mark.claim("eq-kl-log-bound")
def test_log_bound_is_tight_only_at_one():
    x = np.array([0.5, 0.999, 1.0, 1.001, 2.0])
    gap = x - 1 - np.log(x)
    assert gap[2] == 0.0 and (np.delete(gap, 2) > 0).all()


@pytest.mark.claim("thm-gibbs")
@given(prob_pairs(min_size=2))
def test_gibbs_kl_is_positive_when_p_differs_from_q(pq):
    # zeros allowed in p and q: the theorem's "only if" holds on any supports
    p, q = pq
    if np.abs(p - q).max() > 1e-6:
        assert kl_divergence(p, q) > 0.0


@pytest.mark.claim("thm-gibbs")
def test_gibbs_over_many_random_pairs_as_in_the_chapter():
    rng = np.random.default_rng(0)
    p, q = rng.dirichlet(np.ones(5), size=(2, 10_000))
    d = kl_divergence(p, q)
    assert d.min() > 0.0 and np.isfinite(d).all()


@pytest.mark.claim("eq-kl-gibbs-steps")
@given(prob_pairs(allow_zeros=False))
def test_each_step_of_the_gibbs_proof_holds(pq):
    # strictly positive p and q, so S is every outcome and no ratio overflows
    p, q = pq
    middle = float(np.sum(p * (q / p - 1)))
    assert -kl_divergence(p, q) <= middle + 1e-12
    assert middle == pytest.approx(q.sum() - 1, abs=1e-12)
    assert q.sum() - 1 <= 1e-12


@pytest.mark.claim("eq-kl-gibbs-steps")
def test_gibbs_last_step_is_strict_when_q_puts_mass_outside_the_support_of_p():
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.4, 0.2])
    s = p > 0
    assert -kl_divergence(p, q) <= np.sum(p[s] * (q[s] / p[s] - 1)) == pytest.approx(-0.2)


@pytest.mark.claim("eq-kl-pinsker")
@given(prob_pairs())
def test_pinsker_kl_is_at_least_twice_squared_total_variation(pq):
    p, q = pq
    tv = 0.5 * np.abs(p - q).sum()
    assert kl_divergence(p, q) >= 2 * tv**2 - 1e-12


@pytest.mark.claim("eq-kl-infinite")
@given(prob_pairs(min_size=2), st.data())
def test_kl_is_infinite_when_q_misses_an_outcome_p_can_produce(pq, data):
    p, q = pq
    i = data.draw(st.integers(0, p.size - 1))
    if p[i] == 0 or q[i] == 1:
        return
    q = q.copy()
    q[i] = 0.0
    q /= q.sum()
    assert kl_divergence(p, q) == np.inf


@pytest.mark.claim("eq-kl-infinite")
def test_kl_grows_like_log_one_over_eps_as_q_starves_an_outcome():
    p = np.array([0.5, 0.3, 0.2])
    for eps in [1e-3, 1e-6, 1e-12]:
        q = np.array([0.6 - eps, 0.4, eps])
        assert kl_divergence(p, q) == pytest.approx(
            0.5 * math.log(0.5 / (0.6 - eps)) + 0.3 * math.log(0.75) + 0.2 * math.log(0.2 / eps)
        )


def test_softmax_is_positive_in_exact_arithmetic_but_can_underflow_in_float64():
    # Chapter 2: "a softmax, which in exact arithmetic is never zero ... in floating point it can
    # underflow to exactly 0.0 when one logit is hundreds below another".
    z = [0.0, -800.0]
    with mpmath.workdps(30):
        exact = mpmath.exp(z[1]) / (mpmath.exp(z[0]) + mpmath.exp(z[1]))
        assert exact > 0 and mpmath.log(exact) == pytest.approx(-800, rel=1e-12)
    assert softmax(np.array(z))[1] == 0.0


WIDE = np.linspace(-12.0, 12.0, 1201)


@pytest.mark.claim("thm-gibbs")
@given(prob_pairs())
def test_gibbs_inequality_kl_is_nonnegative(pq):
    p, q = pq
    assert kl_divergence(p, q) >= 0.0


@pytest.mark.claim("thm-gibbs")
@given(prob_vectors())
def test_gibbs_equality_when_p_equals_q(p):
    assert kl_divergence(p, p) == 0.0


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
    # A zero-sum direction v and q = p + t v: the ratio KL / (chi^2 / 2) tends to 1 like t.
    assume(p.min() >= 1e-3)  # (KL of 1e-13 would show the rounding of the vectors' sums)
    v = np.random.default_rng(seed).normal(size=p.size)
    v -= v.mean()
    v *= p.min() / np.abs(v).max()  # q stays a distribution for |t| <= 1/2
    ratios = []
    for t in (1e-1, 1e-2, 1e-3):
        q = p + t * v
        q /= q.sum()  # the rounding of p + t v, back on the simplex
        half_chi2 = 0.5 * float(np.sum((q - p) ** 2 / p))
        ratios.append(kl_divergence(p, q) / half_chi2)
    errors = np.abs(np.array(ratios) - 1)
    assert errors[-1] < 3e-3
    assert errors[-1] <= errors[0] + 1e-9


def test_grid_kl_tends_to_the_density_kl_while_grid_entropy_grows_like_minus_log_spacing():
    # Two Gaussians discretised on grids of spacing delta: KL converges, H + log(delta) -> h.
    exact_kl = math.log(2.0 / 1.0) + (1.0 + 1.0**2) / (2 * 2.0**2) - 0.5  # D(N(0,1) || N(1,4))
    h = 0.5 * math.log(2 * math.pi * math.e)  # differential entropy of N(0, 1)
    for m in (241, 2401):
        grid = np.linspace(-12, 12, m)
        delta = grid[1] - grid[0]
        p, q = normal_on_grid(0.0, 1.0, grid), normal_on_grid(1.0, 2.0, grid)
        assert kl_divergence(p, q) == pytest.approx(exact_kl, rel=1e-6)
        assert entropy(p) + math.log(delta) == pytest.approx(h, rel=1e-6)
    assert entropy(normal_on_grid(0.0, 1.0, np.linspace(-12, 12, 24001))) > entropy(p) + 2
