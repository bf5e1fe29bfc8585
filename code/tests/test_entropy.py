"""Entropy of a distribution and of a two-way table (chapter 1's claims: test_claims_entropy)."""

import numpy as np
from hypothesis import given

from conftest import prob_vectors
from infoloss import conditional_entropy, entropy, joint_entropy, surprisal


def test_entropy_works_along_an_axis():
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    assert np.allclose(entropy(p.T, axis=0), [entropy(row) for row in p], rtol=1e-15)


def test_surprisal_of_an_impossible_event_is_infinite():
    assert surprisal(0.0) == np.inf


@given(prob_vectors(min_size=6, max_size=6))
def test_chain_rule_joint_is_margin_plus_conditional(p):
    joint = p.reshape(2, 3)
    h_x = entropy(joint.sum(axis=1) / joint.sum())
    assert np.isclose(joint_entropy(joint), h_x + conditional_entropy(joint), atol=1e-13)
    assert conditional_entropy(joint) >= 0.0
