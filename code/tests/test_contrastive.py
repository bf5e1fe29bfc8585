"""Tests of infoloss.contrastive: the InfoNCE bound and the bivariate-normal oracles."""

import math

import mpmath as mp
import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st

from infoloss import gaussian_log_density_ratio, gaussian_mutual_information, info_nce_bound

EPS = 2.0**-52
RHOS = st.one_of(
    st.floats(-0.999, 0.999), st.sampled_from([1e-300, 1e-9, 1 - 1e-9, -(1 - 2.0**-53)])
)


@given(st.integers(1, 8), st.floats(-50, 50), st.integers(0, 2**32 - 1))
def test_bound_is_log_n_minus_the_mean_cross_entropy_of_the_diagonal(n, c, seed):
    """InfoNCE is the cross-entropy of the softmax of each row with its diagonal as the label."""
    s = np.random.default_rng(seed).normal(size=(n, n)) * 10 + c
    loss = np.mean(scipy.special.logsumexp(s, axis=1) - np.diag(s))
    assert info_nce_bound(s) == pytest.approx(math.log(n) - loss, rel=0, abs=1e-13)


@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), max_size=4), RHOS)
def test_mutual_information_and_log_density_ratio_match_mpmath(xy, rho):
    """To a few ulps of their terms, down to rho = 1e-300 and up to |rho| = 1 - 2^-53."""
    with mp.workdps(60):
        r = mp.mpf(rho)
        mi = -mp.log1p(-r * r) / 2
        cond = 1 + r * r / ((1 - r * r) * mi) if rho else 1  # I's conditioning in rho
        mi_error = 4 * EPS * cond * mi + 2.0**-1067  # (and a few subnormals)
        assert abs(gaussian_mutual_information(rho) - mi) <= mi_error
        for x, y in xy:
            terms = [mi, -(r * r) * (x * x + y * y) / (2 * (1 - r * r)), r * x * y / (1 - r * r)]
            allowed = 8 * EPS * sum(map(abs, terms)) + mi_error
            assert abs(gaussian_log_density_ratio(x, y, rho) - sum(terms)) <= allowed


BAD = [  # (helper, arguments, exception, the argument named): one row per kind of bad input
    (info_nce_bound, ([[1.0, 0.0]],), ValueError, "scores"),
    (gaussian_mutual_information, ([0.5, 1.0],), ValueError, "rho"),  # the range's boundary
    (gaussian_mutual_information, (0.5, 0.5), ValueError, "base"),
    (gaussian_log_density_ratio, (1e151, 0.0, 0.5), ValueError, "x"),  # the range's boundary
]


@pytest.mark.parametrize(("helper", "args", "exc", "name"), BAD)
def test_bad_input_raises_naming_the_argument(helper, args, exc, name):
    with pytest.raises(exc, match=name):
        helper(*args)
