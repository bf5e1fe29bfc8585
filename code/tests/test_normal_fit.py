"""Tests of infoloss.normal_fit: the maximum-likelihood normal and the normal NLL."""

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import fit_normal, normal_nll

EPS, MAX = 2.0**-52, 1.7976931348623157e308
XS = st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=6)
MEANS = st.one_of(st.floats(-10, 10), st.floats(-1e300, 1e300))
SIGMAS = st.one_of(st.floats(0.01, 100.0), st.floats(1e-300, 1e300))


def test_fit_is_numpys_mean_and_1_over_n_deviation_along_an_axis(rng):
    """Each data set along `axis` gets its own mean and (ddof=0) standard deviation."""
    x = rng.normal(size=(4, 30))
    mu, sigma = fit_normal(x.T, axis=0)
    np.testing.assert_allclose(mu, x.mean(axis=1), rtol=1e-15)
    np.testing.assert_allclose(sigma, x.std(axis=1, ddof=0), rtol=1e-15)


@given(XS, MEANS, SIGMAS)
def test_nll_matches_mpmath_inside_the_range(xs, mu, sigma):
    """-log q(x) to a few ulps of its terms' magnitudes (inf beyond the float range)."""
    with mp.workdps(60):
        for x, got in zip(xs, normal_nll(xs, mu, sigma, reduction="none"), strict=True):
            z = (mp.mpf(x) - mp.mpf(mu)) / mp.mpf(sigma)
            terms = [mp.log(2 * mp.pi) / 2, mp.log(mp.mpf(sigma)), z * z / 2]  # mixed signs
            exact, allowed = sum(terms), 8 * EPS * sum(map(abs, terms))
            assert got == math.inf if exact > MAX else abs(got - exact) <= allowed


BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (fit_normal, ([1.0, 1e151],), ValueError, "samples"),  # the range's boundary
    (fit_normal, (1.0,), ValueError, "samples"),
    (fit_normal, ([1.0, 2.0], 1), ValueError, "axis"),
    (normal_nll, ([1.0, math.nan], 0.0, 1.0), ValueError, "x"),
    (normal_nll, ([1.0, 2.0], [0.0] * 3, 1.0), ValueError, "mu"),
    (normal_nll, ([1.0, 2.0], 0.0, 0.0), ValueError, "sigma"),
    (normal_nll, ([1.0], 0.0, 1.0, "max"), ValueError, "reduction"),
]


@pytest.mark.parametrize(("helper", "args", "exc", "name"), BAD)
def test_bad_input_raises_naming_the_argument(helper, args, exc, name):
    """Each bad input raises the stated error, naming the argument."""
    with pytest.raises(exc, match=name):
        helper(*args)
