"""Tests of cross_entropy and kl_divergence: conventions, accuracy, the book's identities."""

import math

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given

from conftest import prob_pairs, prob_vectors
from infoloss import cross_entropy, entropy, kl_divergence


def _mp_kl(p, q):
    mpmath.mp.dps = 60
    return float(
        sum(
            mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))
            for a, b in zip(p, q, strict=True)
            if a
        )
    )


def test_kl_of_identical_distributions_is_exactly_zero(rng):
    p = rng.dirichlet(np.ones(7))
    assert kl_divergence(p, p) == 0.0


def test_kl_is_infinite_where_q_misses_support():
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf


def test_zero_p_terms_contribute_nothing():
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_kl_agrees_with_scipy_rel_entr_on_random_inputs(rng):
    p = rng.dirichlet(np.ones(30), size=10)
    q = rng.dirichlet(np.ones(30), size=10)
    ref = scipy.special.rel_entr(p, q).sum(axis=1)
    assert np.allclose(kl_divergence(p, q), ref, rtol=1e-12, atol=0)
    assert np.allclose(kl_divergence(p, q, base=2), scipy.stats.entropy(p, q, base=2, axis=1))


def test_cross_entropy_agrees_with_scipy(rng):
    p = rng.dirichlet(np.ones(30), size=10)
    q = rng.dirichlet(np.ones(30), size=10)
    ref = -scipy.special.xlogy(p, q).sum(axis=1)
    assert np.allclose(cross_entropy(p, q), ref, rtol=1e-12, atol=0)


@pytest.mark.parametrize("k", [8, 12, 20, 30, 40, 50])
def test_tiny_kl_keeps_its_digits(k):
    # q differs from p by 2**-k in two entries; both sum to exactly 1, so mpmath gives the truth.
    eps = 2.0**-k
    p = np.array([0.25, 0.75])
    q = np.array([0.25 + eps, 0.75 - eps])
    assert kl_divergence(p, q) == pytest.approx(_mp_kl(p, q), rel=1e-11)


def test_tiny_kl_is_not_computed_as_cross_entropy_minus_entropy():
    eps = 2.0**-30
    p, q = np.array([0.25, 0.75]), np.array([0.25 + eps, 0.75 - eps])
    truth = _mp_kl(p, q)  # about 2.3e-18
    naive = cross_entropy(p, q) - entropy(p)
    assert abs(naive - truth) > 0.5 * truth  # the cancellation the book warns about: no digit left
    assert kl_divergence(p, q) == pytest.approx(truth, rel=1e-12)


def test_kl_with_extreme_ratios_matches_mpmath():
    p = np.array([1e-300, 0.5, 0.5 - 1e-300])
    q = np.array([0.5, 1e-300, 0.5 - 1e-300])
    assert kl_divergence(p, q) == pytest.approx(_mp_kl(p, q), rel=1e-13)
    p2 = np.array([1.0 - 5e-324, 5e-324])  # subnormal q: p/q would overflow
    q2 = np.array([5e-324, 1.0 - 5e-324])
    assert kl_divergence(p2, q2) == pytest.approx(_mp_kl(p2, q2), rel=1e-12)


@pytest.mark.claim("thm-gibbs")
@given(prob_pairs())
def test_gibbs_inequality_kl_is_nonnegative(pq):
    p, q = pq
    assert kl_divergence(p, q) >= 0.0


@pytest.mark.claim("thm-gibbs")
@given(prob_vectors())
def test_gibbs_equality_when_p_equals_q(p):
    assert kl_divergence(p, p) == 0.0


@pytest.mark.claim("eq-ce-decomp")
@given(prob_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    h, d, ce = entropy(p), kl_divergence(p, q), cross_entropy(p, q)
    if np.isinf(d):
        assert np.isinf(ce)
    else:
        assert ce == pytest.approx(h + d, rel=1e-9, abs=1e-12)


@given(prob_pairs(allow_zeros=False))
def test_cross_entropy_is_at_least_entropy(pq):
    p, q = pq
    assert cross_entropy(p, q) >= entropy(p) - 1e-12


def test_kl_is_not_symmetric():
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert kl_divergence(p, q) == pytest.approx(0.9 * math.log(1.8) + 0.1 * math.log(0.2))
    assert kl_divergence(q, p) == pytest.approx(0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(5))
    assert abs(kl_divergence(p, q) - kl_divergence(q, p)) > 0.1


def test_axis_and_stacks(rng):
    p = rng.dirichlet(np.ones(5), size=(2, 3))
    q = rng.dirichlet(np.ones(5), size=(2, 3))
    out = kl_divergence(np.moveaxis(p, -1, 0), np.moveaxis(q, -1, 0), axis=0)
    assert out.shape == (2, 3)
    assert np.allclose(out, kl_divergence(p, q), rtol=1e-13)
