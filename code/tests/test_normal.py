"""Tests of infoloss.normal: entropy, KL divergence and cross-entropy between normals."""

import math

import mpmath as mp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoloss import normal_cross_entropy, normal_entropy, normal_kl_divergence

EPS, MAX = 2.0**-52, 1.7976931348623157e308
SIGMAS = st.one_of(st.floats(0.01, 100.0), st.floats(1e-300, 1e300))
MEANS = st.one_of(st.floats(-10.0, 10.0), st.floats(-1e300, 1e300))


@settings(max_examples=300)
@given(
    SIGMAS, SIGMAS, MEANS, MEANS, st.sampled_from([0.0, 1e-12, -1e-6, 0.0105, -0.015, 0.06, 0.3])
)
def test_closed_forms_match_mpmath_inside_the_range(s1, s2, m1, m2, nudge):
    """All three to a few ulps of their terms; the KL to 1e-14 relative, however small it is."""
    if nudge:  # sigma_q near sigma_p, and mu_q near mu_p: a tiny KL that must keep its digits
        s2, m2 = s1 * (1 + nudge), m1 + nudge * s1
    if not (1e-300 <= s2 <= 1e300 and abs(m2) <= 1e300 and 1e-300 <= s1 / s2 <= 1e300):
        return
    with mp.workdps(60):
        S1, S2, M1, M2 = (mp.mpf(v) for v in (s1, s2, m1, m2))
        t, z = S1 / S2, (M1 - M2) / S2
        h = [mp.log(2 * mp.pi * mp.e) / 2, mp.log(S1)]  # mixed signs: eps of the terms
        ce = [mp.log(2 * mp.pi) / 2, mp.log(S2), t * t / 2, z * z / 2]
        kl = (t * t - 1 - 2 * mp.log(t)) / 2 + z * z / 2  # terms >= 0: relative error, but
        # for a few subnormals in the KL or in sigma_q (t - 1 - log t)
        for got, exact, allowed in [
            (normal_entropy(s1), sum(h), 4 * EPS * sum(map(abs, h))),
            (normal_kl_divergence(m1, s1, m2, s2), kl, 1e-14 * kl + 2.0**-1071 * (1 + 1 / s2)),
            (normal_cross_entropy(m1, s1, m2, s2), sum(ce), 8 * EPS * sum(map(abs, ce))),
        ]:  # (beyond the float range: inf)
            assert got == math.inf if exact > MAX else abs(got - exact) <= allowed


BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (normal_entropy, (0.0,), ValueError, "sigma"),
    (normal_entropy, (1e-301,), ValueError, "sigma"),  # the range's boundary
    (normal_entropy, ("1",), TypeError, "sigma"),
    (normal_entropy, (1.0, 1.0), ValueError, "base"),
    (normal_kl_divergence, (math.nan, 1, 0, 1), ValueError, "mu_p"),
    (normal_kl_divergence, (0, 1e-200, 0, 1e200), ValueError, "sigma_p / sigma_q"),
    (normal_cross_entropy, ([0, 1], [1] * 3, 0, 1), ValueError, "mu_p"),
]


@pytest.mark.parametrize(("helper", "args", "exc", "name"), BAD)
def test_bad_input_raises_naming_the_argument(helper, args, exc, name):
    """Each bad input raises the stated error, naming the argument."""
    with pytest.raises(exc, match=name):
        helper(*args)
