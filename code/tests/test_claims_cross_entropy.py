"""Claims of chapter 3 (cross-entropy = entropy + KL), checked with the existing helpers."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import prob_pairs, prob_vectors
from infoloss import (
    cross_entropy,
    entropy,
    expected_code_length,
    huffman_code_lengths,
    kl_divergence,
    kraft_sum,
    shannon_code_lengths,
    softmax,
)

BETAS = np.linspace(0.0, 3.0, 301)  # the chapter's one-parameter family q_beta ∝ p**beta


@pytest.mark.claim("eq-ce-decomp")
@given(prob_pairs(allow_zeros=False))
def test_cross_entropy_is_entropy_plus_kl_term_by_term(pq):
    # the derivation's middle line: -sum p log q = -sum p log p + sum p log(p/q)
    p, q = pq
    middle = -np.sum(p * np.log(p)) + np.sum(p * np.log(p / q))
    assert cross_entropy(p, q) == pytest.approx(middle, rel=1e-9, abs=1e-12)
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl_divergence(p, q), rel=1e-9)


@pytest.mark.claim("eq-ce-decomp")
@given(prob_pairs())
def test_cross_entropy_is_entropy_plus_kl_with_zeros_in_p_and_q(pq):
    # Outcomes with p(x) = 0 add nothing to either side; q(x) = 0 < p(x) makes both infinite.
    p, q = pq
    if np.any((q == 0) & (p > 0)):
        assert cross_entropy(p, q) == np.inf and kl_divergence(p, q) == np.inf
    else:
        total = entropy(p) + kl_divergence(p, q)
        assert cross_entropy(p, q) == pytest.approx(total, rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-ce-lower-bound")
@given(prob_pairs())
def test_cross_entropy_exceeds_entropy_by_at_least_twice_squared_total_variation(pq):
    # The "only if" of the equality case, with a margin: H(p, q) - H(p) = KL >= 2 TV^2 > 0.
    p, q = pq
    tv = 0.5 * np.abs(p - q).sum()
    assert cross_entropy(p, q) - entropy(p) >= 2 * tv**2 - 1e-12


@pytest.mark.claim("eq-ce-lower-bound")
@given(prob_pairs())
def test_cross_entropy_is_at_least_entropy_with_equality_at_q_equal_p(pq):
    p, q = pq
    assert cross_entropy(p, q) >= entropy(p) - 1e-12
    assert cross_entropy(p, p) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


@pytest.mark.claim("eq-ce-lower-bound")
def test_cross_entropy_exceeds_entropy_strictly_for_q_unequal_p():
    rng = np.random.default_rng(0)
    p, q = rng.dirichlet(np.ones(6), size=(2, 1000))
    assert (cross_entropy(p, q) > entropy(p)).all()


@pytest.mark.claim("eq-ce-same-minimiser")
@given(prob_vectors(min_size=2, allow_zeros=False))
def test_cross_entropy_and_kl_have_the_same_minimiser_along_the_family(p):
    q = softmax(BETAS[:, None] * np.log(p))
    ps = np.broadcast_to(p, q.shape)
    ce, kl = cross_entropy(ps, q), kl_divergence(ps, q)
    assert np.allclose(ce - kl, entropy(p), rtol=1e-9, atol=1e-12)  # a constant offset
    if np.ptp(p) > 1e-3:  # p not (nearly) uniform: the minimum is sharp, at beta = 1
        assert BETAS[np.argmin(kl)] == pytest.approx(1.0)
        assert np.argmin(ce) == np.argmin(kl)


def test_tiny_kl_as_cross_entropy_minus_entropy_loses_every_digit():
    mpmath.mp.dps = 50
    p = np.array([0.25, 0.75])
    q = np.array([0.25 + 2.0**-30, 0.75 - 2.0**-30])
    truth = float(
        sum(
            mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))
            for a, b in zip(p, q, strict=True)
        )
    )
    naive = cross_entropy(p, q) - entropy(p)
    assert abs(naive - truth) / truth > 0.5
    assert kl_divergence(p, q) == pytest.approx(truth, rel=1e-12)


@pytest.mark.claim("eq-ce-brier")
@given(prob_pairs(min_size=2))
def test_brier_score_is_a_divergence_plus_a_constant_and_minimised_at_the_truth(pq):
    p, q = pq
    onehot = np.eye(p.size)
    expected = float(p @ np.sum((q - onehot) ** 2, axis=1))  # E_{X~p} ||q - e_X||^2
    identity = float(np.sum((q - p) ** 2) + 1 - np.sum(p**2))
    assert expected == pytest.approx(identity, rel=1e-9, abs=1e-12)
    at_truth = float(p @ np.sum((p - onehot) ** 2, axis=1))
    assert at_truth <= expected + 1e-12  # the truth minimises it, like the log loss


@pytest.mark.claim("prop-ce-code-is-model", "eq-ce-code-model")
@given(prob_pairs(min_size=2, allow_zeros=False), st.integers(0, 3))
def test_a_prefix_code_costs_the_cross_entropy_of_its_own_model_plus_log_one_over_c(pq, extra):
    p, q = pq
    for lengths in (
        shannon_code_lengths(q),
        huffman_code_lengths(q),
        shannon_code_lengths(q) + extra,
    ):
        c = kraft_sum(lengths)
        assert c <= 1.0
        q_code = 2.0 ** -lengths.astype(float) / c
        q_code /= q_code.sum()  # the rounding of 2^-l / c, back on the simplex
        L = expected_code_length(p, lengths)
        model = cross_entropy(p, q_code, base=2) + math.log2(1 / c)
        assert L == pytest.approx(model, rel=1e-9)
        assert L >= cross_entropy(p, q_code, base=2) - 1e-12 >= entropy(p, base=2) - 2e-12
