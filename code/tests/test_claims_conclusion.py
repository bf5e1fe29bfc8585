"""The claim of the conclusion (book/conclusion.md), checked numerically: the gradient of the
log loss through a link F is the prediction error times a weight, exactly the error for the
sigmoid (the canonical link) and not for the probit. Every other label the conclusion cites is
checked where it is defined.

Pure maths throughout (mpmath at 40 digits): the conclusion computes nothing with infoloss.
"""

import mpmath as mp
import pytest
from hypothesis import given
from hypothesis import strategies as st

LINKS = {
    "logistic": lambda z: 1 / (1 + mp.exp(-z)),
    "probit": mp.ncdf,
    "cauchy": lambda z: mp.mpf(1) / 2 + mp.atan(z) / mp.pi,
}


def _loss(link, z, y):
    """-log q(y | z) with q(1 | z) = F(z); each link is symmetric, 1 - F(z) = F(-z)."""
    return -mp.log(LINKS[link](z if y == 1 else -z))


def _weight(f, z):
    """F'(z) / (F(z) (1 - F(z))): the factor the error F(z) - y is multiplied by."""
    return mp.diff(f, z) / (f(z) * (1 - f(z)))


@pytest.mark.claim("eq-conclusion-link-grad")
@pytest.mark.parametrize("link", sorted(LINKS))
@given(z=st.floats(-8, 8), y=st.sampled_from([0, 1]))
def test_log_loss_gradient_through_a_link_is_error_times_weight(link, z, y):
    """The weight is 1 at every z for the sigmoid (so for any shift of it too: a bias absorbs
    the shift), so its gradient is the error itself."""
    with mp.workdps(40):
        z, f = mp.mpf(z), LINKS[link]
        numeric = mp.diff(lambda t: _loss(link, t, y), z)
        assert mp.almosteq(numeric, (f(z) - y) * _weight(f, z), rel_eps=1e-25, abs_eps=1e-30)
        assert link != "logistic" or mp.almosteq(_weight(f, z), 1, rel_eps=1e-25)


@pytest.mark.claim("eq-conclusion-link-grad")
def test_probit_gradient_grows_like_z_at_a_confident_mistake_and_stays_convex():
    """Not the error (about -1) but about z (Mills ratio); convex in z, unlike a Cauchy link."""
    with mp.workdps(40):
        for z in (-3, -10, -30):
            grad = (mp.ncdf(z) - 1) * _weight(mp.ncdf, mp.mpf(z))
            assert float(grad / z) == pytest.approx(1.0, abs=1.5 / z**2)
        for z in range(-30, 9):  # from far on the wrong side to where the loss is still > 0
            assert mp.diff(lambda t: _loss("probit", t, 1), z, 2) > 0  # (y = 0: mirrored)
        # far in the Cauchy link's tail -log F(z) is concave: a confident mistake is not convex
        assert mp.diff(lambda t: _loss("cauchy", t, 1), -10, 2) < 0
