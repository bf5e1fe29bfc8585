"""The claims of the conclusion (book/conclusion.md), checked numerically.

Only the claim that the conclusion states itself is here: the gradient of the log loss through a
link F, which is the prediction error exactly for the sigmoid (the canonical link) and not for
the probit. Every other label the conclusion cites is checked where it is defined.
"""

import math

import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

LINKS = {
    "logistic": lambda z: 1 / (1 + mpmath.exp(-z)),
    "probit": mpmath.ncdf,
    "cauchy": lambda z: mpmath.mpf(1) / 2 + mpmath.atan(z) / mpmath.pi,
}


def _loss(link, z, y):
    """-log q(y | z) with q(1 | z) = F(z); each link is symmetric, 1 - F(z) = F(-z)."""
    return -mpmath.log(LINKS[link](z if y == 1 else -z))


def _formula(link, z, y):
    f, one_minus_f = LINKS[link](z), LINKS[link](-z)
    df = mpmath.diff(LINKS[link], z)
    return (f - y) * df / (f * one_minus_f)


@pytest.mark.claim("eq-conclusion-link-grad")
@pytest.mark.parametrize("link", sorted(LINKS))
@given(z=st.floats(-8, 8), y=st.sampled_from([0, 1]))
def test_log_loss_gradient_through_a_link_is_error_times_weight(link, z, y):
    with mpmath.workdps(40):
        z = mpmath.mpf(z)
        numeric = mpmath.diff(lambda t: _loss(link, t, y), z)
        assert mpmath.almosteq(numeric, _formula(link, z, y), rel_eps=1e-25, abs_eps=1e-30)


@pytest.mark.claim("eq-conclusion-link-grad")
@given(z=st.floats(-30, 30), y=st.sampled_from([0, 1]))
def test_the_weight_is_one_for_the_sigmoid_so_the_gradient_is_the_error(z, y):
    with mpmath.workdps(40):
        z = mpmath.mpf(z)
        s = LINKS["logistic"](z)
        assert mpmath.almosteq(_formula("logistic", z, y), s - y, rel_eps=1e-25, abs_eps=1e-40)


@pytest.mark.claim("eq-conclusion-link-grad")
@given(z=st.floats(-20, 20), y=st.sampled_from([0, 1]), c=st.floats(-5, 5))
def test_a_shifted_sigmoid_also_has_weight_one(z, y, c):
    # "up to a shift of z": F(z) = sigma(z - c) solves F' = F (1 - F) too
    with mpmath.workdps(40):
        z, c = mpmath.mpf(z), mpmath.mpf(c)

        def f(t):
            return 1 / (1 + mpmath.exp(-(t - c)))

        weight = mpmath.diff(f, z) / (f(z) * (1 - f(z)))
        assert mpmath.almosteq(weight, 1, rel_eps=1e-25)
        numeric = mpmath.diff(lambda t: -mpmath.log(f(t) if y == 1 else 1 - f(t)), z)
        assert mpmath.almosteq(numeric, f(z) - y, rel_eps=1e-20, abs_eps=1e-30)


@pytest.mark.claim("eq-conclusion-link-grad")
def test_probit_gradient_is_not_the_error_and_grows_like_z_at_a_confident_mistake():
    with mpmath.workdps(40):
        for z in (-3, -10, -30):
            grad = _formula("probit", mpmath.mpf(z), 1)
            error = mpmath.ncdf(z) - 1  # what the sigmoid's formula would give: about -1
            assert abs(grad) > 1.5 * abs(error)
            assert float(grad / z) == pytest.approx(1.0, abs=1.5 / z**2)  # Mills ratio
        # at z = 0 the probit weight is phi(0) / (1/4) = 4 / sqrt(2 pi), not 1
        weight = mpmath.npdf(0) / (mpmath.ncdf(0) * (1 - mpmath.ncdf(0)))
        assert float(weight) == pytest.approx(4 / math.sqrt(2 * math.pi), rel=1e-15)


@pytest.mark.claim("eq-conclusion-link-grad")
def test_probit_loss_is_convex_in_z_but_a_cauchy_link_loss_is_not():
    with mpmath.workdps(30):
        for y in (0, 1):
            # from far on the wrong side to where the loss is still above the working precision
            for z in range(-30, 9) if y == 1 else range(-8, 31):
                curvature = mpmath.diff(lambda t, y=y: _loss("probit", t, y), z, 2)
                assert curvature > 0
        # far in the Cauchy link's tail -log F(z) is concave: a confident mistake is not convex
        assert mpmath.diff(lambda t: _loss("cauchy", t, 1), -10, 2) < 0
