"""Tests of infoloss.normal_grid: a normal on a grid, and its forward and reverse KL fits."""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import fit_normal_on_grid, normal_on_grid

GRID = np.linspace(-5.0, 5.0, 11)
WIDE = np.linspace(-12.0, 12.0, 1201)


@given(st.floats(-5, 5), st.one_of(st.floats(0.05, 5), st.floats(1e-3, 1e6)))
def test_normal_on_grid_matches_mpmath_where_mu_lies_on_the_grid(mu, sigma):
    """Every entry to 1e-12 relative (an entry below the normal floats is 0)."""
    with mp.workdps(60):
        w = [mp.exp(-(((mp.mpf(x) - mp.mpf(mu)) / mp.mpf(sigma)) ** 2) / 2) for x in GRID]
        exact = [e / sum(w) for e in w]
    for got, e in zip(normal_on_grid(mu, sigma, GRID), exact, strict=True):
        assert abs(got - e) <= 1e-12 * e + 2.3e-308


def test_normal_on_grid_broadcasts_mu_and_sigma_to_a_stack_of_distributions():
    """mu of shape (2,) and sigma of shape (2, 1) give a (2, 2) stack of grid distributions."""
    q = normal_on_grid([0.0, 1.0], [[1.0], [2.0]], GRID)
    assert q.shape == (2, 2, GRID.size)
    np.testing.assert_array_equal(q[1, 0], normal_on_grid(0.0, 2.0, GRID))


@pytest.mark.parametrize("start", [(0.0, 0.1), (10.0, 0.05)])
def test_forward_fit_from_a_start_far_narrower_than_p_still_finds_the_moments(start):
    """q underflowing to 0 where p > 0 made the KL inf and the fit return its start."""
    p = 0.5 * normal_on_grid(-2.0, 0.5, WIDE) + 0.5 * normal_on_grid(2.0, 0.5, WIDE)
    mu, sigma = fit_normal_on_grid(p, WIDE, "forward", start=start)
    assert (mu, sigma) == pytest.approx((0.0, np.sqrt(4.25)), abs=1e-6)


P, X = [0.1, 0.2, 0.4, 0.2, 0.1], GRID[:5]
BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (normal_on_grid, (np.nan, 1.0, GRID), ValueError, "mu"),
    (normal_on_grid, (0.0, 0.0, GRID), ValueError, "sigma"),
    (normal_on_grid, (1e8, 1e-143, GRID), ValueError, "sigma"),  # the range's boundary
    (normal_on_grid, (0.0, 1.0, [0.0, 0.0]), ValueError, "grid"),
    (fit_normal_on_grid, ([0.5, 0.6, 0.0, 0.0, 0.0], X), ValueError, "p"),
    (fit_normal_on_grid, (P, GRID), ValueError, "p and grid"),
    (fit_normal_on_grid, (P, X, "up"), ValueError, "direction"),
    (fit_normal_on_grid, (P, X, "forward", 1.0), ValueError, "start"),
    (fit_normal_on_grid, ([0.0, 0.2, 0.6, 0.2, 0.0], X, "reverse"), ValueError, "p must be > 0"),
]


@pytest.mark.parametrize(("helper", "args", "exc", "name"), BAD)
def test_bad_input_raises_naming_the_argument(helper, args, exc, name):
    """Each bad input raises the stated error, naming the argument."""
    with pytest.raises(exc, match=name):
        helper(*args)
