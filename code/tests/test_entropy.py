"""Entropy of a distribution and of a two-way table."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from conftest import prob_vectors
from infoloss import (
    bernoulli_entropy,
    conditional_entropy,
    entropy,
    joint_entropy,
    surprisal,
)


@given(st.integers(1, 64))
def test_entropy_of_a_uniform_distribution_is_log_k(k):
    assert np.isclose(entropy(np.full(k, 1 / k), base=2), np.log2(k), rtol=1e-14, atol=1e-15)


@given(prob_vectors())
def test_entropy_lies_between_0_and_log_k(p):
    h = entropy(p)
    assert -1e-15 <= h <= np.log(len(p)) + 1e-14


def test_entropy_works_along_an_axis():
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    assert np.allclose(entropy(p.T, axis=0), [entropy(row) for row in p], rtol=1e-15)


@given(st.floats(1e-3, 1 - 1e-3))
def test_bernoulli_entropy_is_the_entropy_of_the_pair(t):
    assert np.isclose(bernoulli_entropy(t), entropy([t, 1.0 - t]), rtol=1e-13)


def test_surprisal_is_minus_log_and_infinite_for_an_impossible_event():
    assert np.array_equal(surprisal([1.0, 0.25, 0.0], base=2), [0.0, 2.0, np.inf])


@given(prob_vectors(min_size=6, max_size=6))
def test_chain_rule_joint_is_margin_plus_conditional(p):
    joint = p.reshape(2, 3)
    h_x = entropy(joint.sum(axis=1) / joint.sum())
    assert np.isclose(joint_entropy(joint), h_x + conditional_entropy(joint), atol=1e-13)
    assert conditional_entropy(joint) >= 0.0
