"""Cross-entropy, KL and JS divergence, mutual information."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from conftest import prob_pairs, prob_vectors
from infoloss import (
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
)


@given(prob_pairs(allow_zeros=False))
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    assert np.isclose(cross_entropy(p, q), entropy(p) + kl_divergence(p, q), rtol=1e-12)


@given(prob_pairs())
def test_kl_is_non_negative_and_zero_only_at_p_equals_q(pq):
    p, q = pq
    assert kl_divergence(p, q) >= 0.0
    assert kl_divergence(p, p) == 0.0


def test_kl_and_cross_entropy_are_infinite_where_q_misses_the_support():
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert kl_divergence(p, q) == np.inf and cross_entropy(p, q) == np.inf
    assert kl_divergence(q, p) == np.log(2.0)  # 0 log 0 = 0


def test_kl_takes_the_vectors_as_given_never_renormalised():
    p = np.array([0.5 + 4e-10, 0.5])  # sums to 1 + 4e-10: within the tolerance
    q = np.array([0.5, 0.5])
    assert np.isclose(kl_divergence(p, q), np.sum(p * np.log(p / q)), rtol=1e-6)


def test_kl_is_continuous_and_monotone_as_q_approaches_p():
    p = np.array([0.25, 0.75])
    eps = 2.0 ** -np.arange(1, 51)
    d = [kl_divergence(p, p + e * np.array([1.0, -1.0])) for e in eps]
    assert np.all(np.diff(d) < 0)


@given(prob_pairs())
def test_js_is_symmetric_and_at_most_one_bit(pq):
    p, q = pq
    js = js_divergence(p, q, base=2)
    assert js == js_divergence(q, p, base=2) and 0.0 <= js <= 1.0


@given(prob_vectors(min_size=6, max_size=6))
def test_mutual_information_is_the_sum_of_margins_minus_joint(p):
    joint = p.reshape(3, 2)
    hx, hy = entropy(joint.sum(axis=1) / p.sum()), entropy(joint.sum(axis=0) / p.sum())
    assert np.isclose(mutual_information(joint), hx + hy - joint_entropy(joint), atol=1e-13)


def test_mutual_information_of_an_independent_table_is_zero():
    assert mutual_information(np.outer([0.25, 0.75], [0.5, 0.5])) == 0.0
