"""Tests of gaussian_on_grid: a valid probability vector, the right moments, bad inputs."""

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from infoloss import fit_gaussian_on_grid, gaussian_on_grid, kl_divergence

GRID = np.linspace(-10.0, 10.0, 2001)


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


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((0.0, 0.0, GRID), "sigma must be positive"),
        ((0.0, -1.0, GRID), "sigma must be positive"),
        ((np.nan, 1.0, GRID), "mu must be finite"),
        ((0.0, 1.0, [0.0]), "grid must be 1-d with at least 2 points"),
        ((0.0, 1.0, [[0.0, 1.0]]), "grid must be 1-d"),
        ((0.0, 1.0, [0.0, 2.0, 1.0]), "grid must be strictly increasing"),
        ((0.0, 1.0, [0.0, np.inf]), "grid must be finite"),
        (([0.0, 1.0], [1.0, 2.0, 3.0], GRID), "mu, sigma must broadcast"),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_argument(args, match):
    with pytest.raises(ValueError, match=match):
        gaussian_on_grid(*args)


def test_non_numeric_sigma_raises_type_error():
    with pytest.raises(TypeError, match="sigma must contain real numbers"):
        gaussian_on_grid(0.0, "1", GRID)


WIDE = np.linspace(-12.0, 12.0, 1201)
MIXTURE = 0.5 * gaussian_on_grid(-2.0, 0.5, WIDE) + 0.5 * gaussian_on_grid(2.0, 0.5, WIDE)


@pytest.mark.claim("eq-kl-moment-matching")
@pytest.mark.parametrize("weight", [0.5, 0.3])
def test_forward_kl_fit_matches_the_mean_and_variance_of_p(weight):
    p = weight * gaussian_on_grid(-2.0, 0.5, WIDE) + (1 - weight) * gaussian_on_grid(2.0, 0.8, WIDE)
    q = gaussian_on_grid(*fit_gaussian_on_grid(p, WIDE, "forward"), WIDE)
    mean = p @ WIDE
    assert q @ WIDE == pytest.approx(mean, abs=1e-6)
    assert q @ (WIDE - mean) ** 2 == pytest.approx(p @ (WIDE - mean) ** 2, rel=1e-6)


def test_reverse_kl_fit_sits_on_the_mode_nearest_its_start():
    for start, mode in [((1.0, 1.0), 2.0), ((-0.5, 1.0), -2.0)]:
        mu, sigma = fit_gaussian_on_grid(MIXTURE, WIDE, "reverse", start=start)
        assert mu == pytest.approx(mode, abs=1e-3) and sigma == pytest.approx(0.5, abs=1e-3)


def test_fits_of_a_single_gaussian_recover_it_in_both_directions():
    p = gaussian_on_grid(0.3, 1.2, WIDE)
    for direction in ("forward", "reverse"):
        mu, sigma = fit_gaussian_on_grid(p, WIDE, direction)
        assert mu == pytest.approx(0.3, abs=1e-6) and sigma == pytest.approx(1.2, abs=1e-6)


def test_fit_rejects_bad_arguments():
    with pytest.raises(ValueError, match="direction must be one of"):
        fit_gaussian_on_grid(MIXTURE, WIDE, "sideways")
    with pytest.raises(ValueError, match="p and grid must have the same shape"):
        fit_gaussian_on_grid(MIXTURE[:-1] / MIXTURE[:-1].sum(), WIDE)
    with pytest.raises(ValueError, match="start sigma must be positive"):
        fit_gaussian_on_grid(MIXTURE, WIDE, start=(0.0, -1.0))


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
