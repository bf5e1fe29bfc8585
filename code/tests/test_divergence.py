"""Divergences: what the claims (test_claims_kl.py, test_claims_cross_entropy.py) and the oracle
(test_accuracy.py, mutual information included) leave unsaid."""

import numpy as np

from infoloss import kl_divergence


def test_kl_takes_the_vectors_as_given_never_renormalised():
    p = np.array([0.5 + 4e-10, 0.5])  # sums to 1 + 4e-10: within the tolerance
    assert np.isclose(kl_divergence(p, [0.5, 0.5]), np.sum(p * np.log(p / 0.5)), rtol=1e-6)
