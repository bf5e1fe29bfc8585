"""Entropy of a distribution and of a two-way table (chapter 1's claims: test_claims_entropy)."""

import numpy as np

from infoloss import entropy, surprisal


def test_entropy_works_along_an_axis():
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    assert np.allclose(entropy(p.T, axis=0), [entropy(row) for row in p], rtol=1e-15)


def test_surprisal_of_an_impossible_event_is_infinite():
    assert surprisal(0.0) == np.inf
