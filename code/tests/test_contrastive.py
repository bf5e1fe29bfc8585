"""Tests of infoloss.contrastive: InfoNCE and the Gaussian oracles."""

import math

import mpmath as mp
import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from infoloss.contrastive import (
    gaussian_log_density_ratio,
    gaussian_mutual_information,
    info_nce_bound,
    info_nce_loss,
)


def test_info_nce_is_cross_entropy_of_the_diagonal():
    rng = np.random.default_rng(0)
    s = rng.normal(size=(6, 6)) * 3
    expected = scipy.special.logsumexp(s, axis=1) - np.diag(s)
    assert np.allclose(info_nce_loss(s, reduction="none"), expected, rtol=1e-13)
    assert float(info_nce_bound(s)) == pytest.approx(math.log(6) - expected.mean(), rel=1e-13)


def test_confident_critic_loss_keeps_its_digits():
    # loss = log(1 + (N-1) e^-gap): tiny, and computed without 1 - (something near 1)
    for gap in (40.0, 300.0, 700.0):
        s = np.where(np.eye(3) == 1, gap, 0.0)
        with mp.workdps(50):
            exact = float(mp.log1p(2 * mp.e ** (-mp.mpf(gap))))
        assert float(info_nce_loss(s)) == pytest.approx(exact, rel=1e-12)


@given(st.integers(1, 8), st.floats(-50, 50))
def test_bound_never_exceeds_log_n(n, c):
    rng = np.random.default_rng(n)
    s = rng.normal(size=(n, n)) * 10 + c
    assert float(info_nce_bound(s)) <= math.log(n) + 1e-12


@pytest.mark.parametrize("rho", [1e-12, 1e-5, 0.3, -0.7, 0.99, 1 - 1e-9, -(1 - 1e-13)])
def test_gaussian_mutual_information_has_relative_accuracy(rho):
    with mp.workdps(60):
        r = mp.mpf(rho)
        exact = float(-mp.log(1 - r * r) / 2)
    assert float(gaussian_mutual_information(rho)) == pytest.approx(exact, rel=1e-13)
    assert float(gaussian_mutual_information(rho, base=2)) == pytest.approx(
        exact / math.log(2), rel=1e-13
    )


def test_gaussian_mutual_information_agrees_with_scipy_entropies():
    rho = 0.6
    cov = [[1.0, rho], [rho, 1.0]]
    h_xy = scipy.stats.multivariate_normal(cov=cov).entropy()
    h_x = scipy.stats.norm.entropy()
    assert float(gaussian_mutual_information(rho)) == pytest.approx(2 * h_x - h_xy, rel=1e-12)


@pytest.mark.parametrize(
    ("x", "y", "rho"),
    [
        (0.3, -1.2, 0.5),
        (2.0, 1.9, 0.999),
        (1.0, 1.0, 1 - 1e-12),
        (1.5, -1.5, -(1 - 1e-10)),
        (0.5, 0.7, 1e-9),
        (-3.0, 2.0, -0.3),
    ],
)
def test_log_density_ratio_matches_mpmath_densities(x, y, rho):
    with mp.workdps(60):
        X, Y, R = mp.mpf(x), mp.mpf(y), mp.mpf(rho)
        one = 1 - R * R
        joint = mp.e ** (-(X * X - 2 * R * X * Y + Y * Y) / (2 * one)) / (2 * mp.pi * mp.sqrt(one))
        marg = mp.e ** (-(X * X + Y * Y) / 2) / (2 * mp.pi)
        exact = float(mp.log(joint / marg))
    assert float(gaussian_log_density_ratio(x, y, rho)) == pytest.approx(exact, rel=1e-12)


def test_log_density_ratio_averages_to_the_mutual_information():
    rng = np.random.default_rng(1)
    rho = 0.8
    x = rng.standard_normal(200_000)
    y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(200_000)
    mean = float(np.mean(gaussian_log_density_ratio(x, y, rho)))
    assert mean == pytest.approx(float(gaussian_mutual_information(rho)), abs=0.01)


def test_log_density_ratio_broadcasts():
    out = gaussian_log_density_ratio(np.zeros((3, 1)), np.zeros((1, 4)), 0.5)
    assert out.shape == (3, 4)
