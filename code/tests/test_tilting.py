"""Tests of infoloss.tilting: the KL-penalised optimum and its objective."""

import math

import mpmath as mp
import numpy as np
import pytest

from infoloss.tilting import kl_regularized_objective, tilted_distribution


def test_tilted_distribution_matches_mpmath_at_extreme_beta():
    q_ref = np.array([0.7, 0.2, 0.1])
    r = np.array([0.0, 1.0, 3.0])
    for beta in (1e-3, 0.05, 1.0, 1e3):
        with mp.workdps(60):
            w = [
                mp.mpf(float(a)) * mp.e ** (mp.mpf(float(b)) / mp.mpf(beta))
                for a, b in zip(q_ref, r, strict=True)
            ]
            z = mp.fsum(w)
            exact = [float(x / z) for x in w]
        got = tilted_distribution(q_ref, r, beta)
        for g, e in zip(got, exact, strict=True):
            assert g == pytest.approx(e, rel=1e-12) if e > 1e-300 else g == 0.0


def test_zero_reference_mass_stays_zero():
    q = tilted_distribution([0.5, 0.5, 0.0], [0.0, 0.0, 100.0], beta=0.01)
    assert q[2] == 0.0 and q.sum() == pytest.approx(1.0)
    obj = kl_regularized_objective([0.0, 0.0, 1.0], [0.5, 0.5, 0.0], [0.0, 0.0, 100.0], 1.0)
    assert obj == -math.inf


def test_limits_of_beta():
    q_ref, r = np.array([0.6, 0.3, 0.1]), np.array([1.0, 2.0, 0.5])
    assert np.allclose(tilted_distribution(q_ref, r, 1e8), q_ref, rtol=1e-7)
    assert np.allclose(tilted_distribution(q_ref, r, 1e-4), [0.0, 1.0, 0.0], atol=1e-300)


def test_axis_and_broadcast_reward():
    q_ref = np.array([[0.5, 0.5], [0.9, 0.1]])
    out = tilted_distribution(q_ref.T, [[0.0], [1.0]], 1.0, axis=0)
    assert np.allclose(out.T, [tilted_distribution(q, [0.0, 1.0], 1.0) for q in q_ref])
