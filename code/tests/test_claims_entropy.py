"""The numbered claims of chapter 1 (notebooks/01_entropy.ipynb), each checked numerically."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import prob_vectors
from infoloss import bernoulli_entropy, entropy, kl_divergence, surprisal

positive_probabilities = st.floats(1e-150, 1.0)  # a product of two stays a normal float


def exact_coin(theta: float) -> tuple[float, float]:
    """(theta, 1 - theta) with both entries exact: 1.0 - theta is rounded when theta < 1/2
    (at theta = 2e-10 the complement's -c log c term loses ~5e-7 of its value), so theta is
    rebuilt from the rounded complement, 1 - c, which Sterbenz's lemma makes exact."""
    c = 1.0 - theta
    return 1.0 - c, c


@pytest.mark.claim("eq-surprisal-additive")
@given(positive_probabilities, positive_probabilities)
def test_surprisal_of_independent_outcomes_adds(a, b):
    assert surprisal(a * b) == pytest.approx(surprisal(a) + surprisal(b), rel=1e-12, abs=1e-12)


@pytest.mark.claim("eq-entropy-xlogx-limit")
@given(st.floats(1e-300, 1.0))
def test_u_log_u_tends_to_zero_so_an_impossible_outcome_adds_nothing(u):
    """0 <= -u log u <= sqrt(u) squeezes the term to 0 (pure maths); entropy drops it exactly."""
    assert 0.0 <= -u * math.log(u) <= math.sqrt(u)
    u, c = exact_coin(u)
    assert entropy([0.0, u, c]) == entropy([u, c])


@pytest.mark.claim("eq-entropy-expected-surprisal", "eq-entropy-bits")
@given(prob_vectors())
def test_entropy_is_the_exact_expected_surprisal_in_nats_or_bits(p):
    support = p > 0  # outcomes of probability 0 are never drawn
    expected = float(np.sum(p[support] * surprisal(p[support])))
    assert entropy(p) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert entropy(p, base=2) == pytest.approx(entropy(p) / math.log(2), rel=1e-13, abs=1e-15)


@pytest.mark.claim("eq-entropy-binary", "eq-entropy-binary-max")
@given(st.floats(0.0, 1.0))
def test_binary_entropy_is_the_entropy_of_a_coin_largest_at_one_half_only(theta):
    """log 2 - H_b(t) = KL((t, 1 - t) || fair coin) >= 2 (t - 1/2)^2 (Pinsker): at most one
    bit, reached at t = 1/2 and nowhere else."""
    theta, c = exact_coin(theta)
    h = bernoulli_entropy(theta)
    assert h == pytest.approx(entropy([theta, c]), rel=1e-13, abs=0)
    assert math.log(2) - h >= 2 * (theta - 0.5) ** 2 - 1e-15


@pytest.mark.claim("thm-entropy-bounds", "eq-entropy-support-bound")
@given(prob_vectors())
def test_entropy_lies_between_0_and_log_support_size_and_log_k(p):
    """H(p) >= -log max p, positive unless p is a point mass; H(p) <= log |S| <= log K, and
    log K - H(p) = KL(p || uniform) >= (1/2) ||p - u||_1^2 (Pinsker), zero only at p = u. (The
    equality cases, a point mass, uniform on S, run in entropy's doctest.)"""
    assert -math.log(p.max()) * (1 - 1e-12) <= entropy(p) <= math.log(np.count_nonzero(p)) + 1e-12
    uniform = np.full(p.size, 1.0 / p.size)
    gap = math.log(p.size) - entropy(p)
    assert gap == pytest.approx(kl_divergence(p, uniform), rel=1e-9, abs=1e-12)
    assert gap >= 0.5 * np.abs(p - uniform).sum() ** 2 - 1e-12
