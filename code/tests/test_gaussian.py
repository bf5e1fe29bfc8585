"""Tests of infoloss.gaussian: closed forms, the Gaussian fit and NLL, Gaussians on a grid."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from conftest import layouts
from infoloss import (
    cross_entropy_gaussian,
    differential_entropy_gaussian,
    fit_gaussian,
    fit_gaussian_on_grid,
    gaussian_cross_entropy,
    gaussian_nll,
    gaussian_on_grid,
    kl_divergence,
    kl_divergence_gaussian,
)

gaussian_params = st.tuples(
    st.floats(-5, 5), st.floats(0.05, 20), st.floats(-5, 5), st.floats(0.05, 20)
)

GRID = np.linspace(-10.0, 10.0, 2001)

WIDE = np.linspace(-12.0, 12.0, 1201)

MIXTURE = 0.5 * gaussian_on_grid(-2.0, 0.5, WIDE) + 0.5 * gaussian_on_grid(2.0, 0.5, WIDE)


@given(gaussian_params)
def test_gaussian_kl_is_non_negative_and_zero_only_at_equality(params):
    mu1, s1, mu2, s2 = params
    assert kl_divergence_gaussian(mu1, s1, mu2, s2) >= 0
    assert kl_divergence_gaussian(mu1, s1, mu1, s1) == 0


def test_gaussian_helpers_broadcast():
    out = kl_divergence_gaussian(0.0, [[1.0], [2.0]], [0.0, 1.0, 2.0], 1.0)
    assert out.shape == (2, 3)
    assert cross_entropy_gaussian([0.0, 1.0], 1.0, 0.0, 1.0).shape == (2,)
    assert differential_entropy_gaussian(np.ones((2, 2))).shape == (2, 2)


def test_matches_normalised_scipy_density():
    ref = scipy.stats.norm.pdf(GRID, loc=0.7, scale=1.3)
    assert np.allclose(gaussian_on_grid(0.7, 1.3, GRID), ref / ref.sum(), rtol=1e-12, atol=0)


@given(st.floats(-2, 2), st.floats(0.2, 1))  # grid covers mu +- 8 sigma
def test_is_a_distribution_with_the_gaussian_moments(mu, sigma):
    q = gaussian_on_grid(mu, sigma, GRID)
    assert q.min() >= 0 and abs(q.sum() - 1) < 1e-12
    assert q @ GRID == pytest.approx(mu, abs=1e-9)
    assert np.sqrt(q @ (GRID - mu) ** 2) == pytest.approx(sigma, rel=1e-6)


def test_far_narrow_gaussian_does_not_underflow_to_nan():
    q = gaussian_on_grid(100.0, 0.01, GRID)  # every exp(z) would underflow without the shift
    assert np.isfinite(q).all() and q[-1] == 1.0


def test_broadcasts_mu_and_sigma_to_a_stack():
    q = gaussian_on_grid([0.0, 1.0], [[1.0], [2.0]], GRID)
    assert q.shape == (2, 2, GRID.size)
    assert np.allclose(q.sum(axis=-1), 1.0)
    assert np.allclose(q[1, 0], gaussian_on_grid(0.0, 2.0, GRID), rtol=1e-14)


def test_reverse_kl_fit_sits_on_the_mode_nearest_its_start():
    for start, mode in [((1.0, 1.0), 2.0), ((-0.5, 1.0), -2.0)]:
        mu, sigma = fit_gaussian_on_grid(MIXTURE, WIDE, "reverse", start=start)
        assert mu == pytest.approx(mode, abs=1e-3) and sigma == pytest.approx(0.5, abs=1e-3)


def test_fits_of_a_single_gaussian_recover_it_in_both_directions():
    p = gaussian_on_grid(0.3, 1.2, WIDE)
    for direction in ("forward", "reverse"):
        mu, sigma = fit_gaussian_on_grid(p, WIDE, direction)
        assert mu == pytest.approx(0.3, abs=1e-6) and sigma == pytest.approx(1.2, abs=1e-6)


def test_reverse_kl_has_a_third_local_minimum_straddling_both_peaks():
    # the chapter's exercise: p = 0.5 N(-2, 0.6) + 0.5 N(2, 0.6); a wide start ends between peaks
    p = 0.5 * gaussian_on_grid(-2.0, 0.6, WIDE) + 0.5 * gaussian_on_grid(2.0, 0.6, WIDE)
    mu, sigma = fit_gaussian_on_grid(p, WIDE, "reverse", start=(0.8, 1.8))
    assert abs(mu) < 1e-6 and sigma == pytest.approx(1.790, abs=1e-3)
    middle = kl_divergence(gaussian_on_grid(mu, sigma, WIDE), p)
    for shift in (-0.05, 0.05):
        assert kl_divergence(gaussian_on_grid(mu + shift, sigma, WIDE), p) > middle
    right = fit_gaussian_on_grid(p, WIDE, "reverse", start=(1.0, 1.0))
    one_peak = kl_divergence(gaussian_on_grid(*right, WIDE), p)
    assert one_peak < middle


def test_gaussian_cross_entropy_is_the_mean_gaussian_nll(rng):
    x = rng.normal(size=200)
    for mu, sigma in [(0.0, 1.0), (1.5, 0.3), (-2.0, 4.0)]:
        ref = gaussian_nll(x, np.full_like(x, mu), sigma=sigma)
        assert gaussian_cross_entropy(x, mu, sigma) == pytest.approx(ref, rel=1e-12)


@given(
    st.lists(st.floats(-100, 100), min_size=2, max_size=50), st.floats(-50, 50), st.floats(0.05, 20)
)
def test_gaussian_cross_entropy_is_smallest_at_the_fitted_gaussian(xs, mu, sigma):
    x = np.array(xs)
    m, s = fit_gaussian(x)
    if s < 1e-3:  # a (nearly) constant data set: no maximum to compare against
        return
    assert gaussian_cross_entropy(x, mu, sigma) >= gaussian_cross_entropy(x, m, s) - 1e-12


def test_fit_gaussian_divides_by_n_and_works_along_an_axis(rng):
    x = rng.normal(size=(4, 30))
    mu, sigma = fit_gaussian(x, axis=1)
    assert np.allclose(mu, x.mean(axis=1)) and np.allclose(sigma**2, x.var(axis=1, ddof=0))
    mu0, _ = fit_gaussian(x.T, axis=0)
    assert np.allclose(mu0, mu)


def test_gaussian_nll_values():
    assert gaussian_nll([0.0], [0.0]) == pytest.approx(0.5 * math.log(2 * math.pi), abs=1e-15)
    assert gaussian_nll([3.0], [1.0], sigma=2.0) == pytest.approx(
        0.5 + 0.5 * math.log(8 * math.pi), rel=1e-14
    )


def test_a_data_set_gives_the_same_fit_in_every_layout_and_alone():
    # the mean and deviation along axis 0 or of a Fortran-ordered array were summed in another
    # order than the data set alone (a last-bit difference)
    x = np.random.default_rng(16).normal(3.0, 2.0, size=(4, 1000))
    alone = np.array([fit_gaussian(row) for row in x])
    for label, xl, axis, back in layouts(x):
        mu, sigma = fit_gaussian(xl, axis=axis)
        np.testing.assert_array_equal(back(mu), alone[:, 0], err_msg=label)
        np.testing.assert_array_equal(back(sigma), alone[:, 1], err_msg=label)
