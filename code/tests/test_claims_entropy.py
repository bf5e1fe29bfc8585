"""The numbered claims of chapter 1 (notebooks/01_entropy.ipynb), each checked numerically."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import prob_vectors
from infoloss import bernoulli_entropy, entropy, kl_divergence, surprisal

LOADED_DIE = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.5])  # the chapter's running example
unit_interval = st.floats(0.0, 1.0)
positive_probabilities = st.floats(1e-150, 1.0)  # a product of two stays a normal float


@pytest.mark.claim("eq-surprisal-additive")
@given(positive_probabilities, positive_probabilities)
def test_surprisal_of_independent_outcomes_adds(a, b):
    assert surprisal(a * b) == pytest.approx(surprisal(a) + surprisal(b), rel=1e-12, abs=1e-12)


@pytest.mark.claim("eq-entropy-bits")
@given(prob_vectors())
def test_entropy_in_bits_is_entropy_in_nats_over_log_2(p):
    positive = p[p > 0]
    bits_directly = -float(np.sum(positive * np.log2(positive)))
    assert entropy(p, base=2) == pytest.approx(entropy(p) / math.log(2), rel=1e-13, abs=1e-15)
    assert entropy(p, base=2) == pytest.approx(bits_directly, rel=1e-12, abs=1e-15)


@pytest.mark.claim("eq-entropy-xlogx-limit")
@given(st.floats(0.0, 1.0, exclude_min=True))
def test_minus_u_log_u_lies_between_zero_and_sqrt_u(u):
    term = -u * math.log(u)
    assert 0.0 <= term <= math.sqrt(u)


@pytest.mark.claim("eq-entropy-xlogx-limit")
def test_u_log_u_tends_to_zero_so_zero_outcomes_add_nothing():
    us = 10.0 ** -np.arange(1, 300, dtype=float)
    terms = -us * np.log(us)
    assert np.all(np.diff(terms) < 0) and terms[-1] < 1e-290
    assert entropy([0.0, 0.2, 0.2, 0.2, 0.2, 0.2]) == pytest.approx(math.log(5), rel=1e-15)


@pytest.mark.claim("eq-entropy-expected-surprisal")
@given(prob_vectors())
def test_entropy_is_the_exact_expected_surprisal(p):
    support = p > 0  # outcomes of probability 0 are never drawn
    expected = float(np.sum(p[support] * surprisal(p[support])))
    assert entropy(p) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.claim("eq-entropy-expected-surprisal")
def test_monte_carlo_average_of_surprisal_converges_to_entropy():
    rng = np.random.default_rng(0)
    n = 400_000
    s = surprisal(LOADED_DIE[rng.choice(6, size=n, p=LOADED_DIE)])
    h = entropy(LOADED_DIE)
    sigma = math.sqrt(np.sum(LOADED_DIE * (surprisal(LOADED_DIE) - h) ** 2))
    assert abs(s.mean() - h) < 4 * sigma / math.sqrt(n)  # about 0.0034 nats


def exact_coin(theta: float) -> tuple[float, float]:
    """(theta, 1 - theta) with both entries exact: 1.0 - theta is rounded when theta < 1/2
    (at theta = 2e-10 the complement's -c log c term loses ~5e-7 of its value), so theta is
    rebuilt from the rounded complement, 1 - c, which Sterbenz's lemma makes exact."""
    c = 1.0 - theta
    return 1.0 - c, c


@pytest.mark.claim("eq-entropy-binary")
@given(unit_interval)
def test_binary_entropy_is_the_entropy_of_a_coin(theta):
    theta, c = exact_coin(theta)
    assert bernoulli_entropy(theta) == pytest.approx(entropy([theta, c]), rel=1e-13, abs=0)


@pytest.mark.claim("eq-entropy-binary-max")
def test_binary_entropy_peaks_at_one_half_with_one_bit():
    assert bernoulli_entropy(0.5, base=2) == 1.0
    assert bernoulli_entropy(0.5) == pytest.approx(math.log(2), rel=1e-15)
    thetas = np.linspace(0.0, 1.0, 1001)
    assert thetas[np.argmax(bernoulli_entropy(thetas))] == 0.5


@pytest.mark.claim("eq-entropy-binary-max")
@given(unit_interval)
def test_binary_entropy_is_symmetric_and_at_most_one_bit(theta):
    theta, c = exact_coin(theta)
    h = bernoulli_entropy(theta, base=2)
    assert h <= 1.0
    assert h == pytest.approx(bernoulli_entropy(c, base=2), rel=1e-13, abs=0)


@pytest.mark.claim("eq-entropy-binary-max")
@given(unit_interval)
def test_binary_entropy_reaches_log_2_only_at_one_half(theta):
    # log 2 - H_b(t) = KL((t, 1 - t) || fair coin) >= 2 (t - 1/2)^2 (Pinsker): the maximum is
    # attained at t = 1/2 and nowhere else, by a margin that grows away from it.
    theta, c = exact_coin(theta)
    assert math.log(2) - bernoulli_entropy(theta) >= 2 * (theta - 0.5) ** 2 - 1e-15


@pytest.mark.claim("thm-entropy-bounds")
@given(prob_vectors())
def test_entropy_lies_between_zero_and_log_k(p):
    h = entropy(p)
    assert 0.0 <= h <= math.log(p.size) + 1e-12


@pytest.mark.claim("thm-entropy-bounds")
@given(prob_vectors())
def test_entropy_is_zero_only_for_a_point_mass(p):
    # H(p) >= -log max p, the surprisal of the likeliest outcome: positive unless max p = 1.
    assert entropy(p) >= -math.log(p.max()) - 1e-12
    if p.max() < 1.0:
        assert entropy(p) > 0.0


@pytest.mark.claim("thm-entropy-bounds")
@given(prob_vectors())
def test_log_k_is_reached_only_by_the_uniform_distribution(p):
    # log K - H(p) = KL(p || uniform) >= (1/2) ||p - u||_1^2 (Pinsker): zero only if p = u.
    uniform = np.full(p.size, 1.0 / p.size)
    gap = math.log(p.size) - entropy(p)
    assert gap == pytest.approx(kl_divergence(p, uniform), rel=1e-9, abs=1e-12)
    assert gap >= 0.5 * np.abs(p - uniform).sum() ** 2 - 1e-12


@pytest.mark.claim("thm-entropy-bounds")
@pytest.mark.parametrize("k", [1, 2, 6, 1000])
def test_uniform_reaches_log_k_and_point_mass_zero(k):
    assert entropy(np.full(k, 1.0 / k)) == pytest.approx(math.log(k), rel=1e-13, abs=1e-15)
    assert entropy(np.eye(k)[-1]) == 0.0


@pytest.mark.claim("eq-entropy-support-bound")
@given(prob_vectors())
def test_entropy_is_at_most_log_of_support_size(p):
    assert entropy(p) <= math.log(np.count_nonzero(p)) + 1e-12


@pytest.mark.claim("eq-entropy-support-bound")
@given(st.integers(1, 12), st.integers(0, 12), st.randoms(use_true_random=False))
def test_entropy_equals_log_support_size_when_uniform_on_the_support(m, zeros, random):
    # Jensen's equality case: 1/p(x) the same on S, whatever the zeros outside it.
    p = np.array([1.0 / m] * m + [0.0] * zeros)
    random.shuffle(p)
    assert entropy(p) == pytest.approx(math.log(m), rel=1e-13, abs=1e-15)
