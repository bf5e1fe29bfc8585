"""Divergences: what the claims (test_claims_kl.py, test_claims_cross_entropy.py) and the oracle
(test_accuracy.py, mutual information included) leave unsaid."""

import mpmath as mp
import numpy as np

from infoloss import cross_entropy, kl_divergence
from infoloss.kernels import kl_terms


def test_kl_takes_the_vectors_as_given_never_renormalised():
    p = np.array([0.5 + 4e-10, 0.5])  # sums to 1 + 4e-10: within the tolerance
    assert np.isclose(kl_divergence(p, [0.5, 0.5]), np.sum(p * np.log(p / 0.5)), rtol=1e-6)


def test_kl_terms_where_p_is_below_1e_16_of_q_and_1_plus_d_rounds_to_0():
    p, q = 1e-17, 0.75  # d = (p - q)/q rounds to -1: log1p(d) would be -inf
    exact = mp.mpf(p) * mp.log(mp.mpf(p) / mp.mpf(q)) - mp.mpf(p) + mp.mpf(q)
    assert abs(kl_terms(p, q) - exact) <= 1e-15 * exact
    assert kl_terms(0.0, 0.0) == 0.0 and kl_terms(0.0, 0.25) == 0.25


def test_cross_entropy_outcomes_neither_allows_add_0_row_by_row():
    p = np.array([[0.5, 0.5, 0.0], [0.5, 0.25, 0.25]])
    q = np.array([[0.5, 0.5, 0.0], [0.5, 0.5, 0.0]])  # row 0: p = q = 0 (0 log 0 = 0)
    assert np.array_equal(cross_entropy(p, q), [np.log(2.0), np.inf])
    assert np.allclose(cross_entropy(p.T, q.T, axis=0), [np.log(2.0), np.inf])
