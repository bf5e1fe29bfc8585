"""Tests of infoloss.imbalance: the focal minimiser and its closed-form inverse against mpmath,
their edges, the class-weighted (focal) logistic regression, bad input."""

import mpmath as mp
import numpy as np
import pytest
from scipy.special import expit

from infoloss.imbalance import fit_logistic_regression_weighted as fit_weighted
from infoloss.imbalance import focal_minimizer, focal_minimizer_inverse, logit_adjustment


def _mp_focal_minimizer(p, g):
    """The root of d/du S_gamma(sigma(u); p), by bisection in the logit u, in mpmath."""
    P, G = mp.mpf(p), mp.mpf(g)

    def slope(u):  # (the derivative of eq-modern-focal-risk, times dq/du = q r)
        q, r = 1 / (1 + mp.exp(-u)), 1 / (1 + mp.exp(u))
        hit = G * q * r**G * mp.log(q) - r ** (G + 1)
        return P * hit + (1 - P) * (q ** (G + 1) - G * r * q**G * mp.log(r))

    lo, hi = mp.mpf(-60), mp.mpf(60)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
    return 1 / (1 + mp.exp(-lo))


@pytest.mark.claim("eq-modern-focal-inverse")
@pytest.mark.parametrize("gamma", [0.5, 2.0, 5.0])
@pytest.mark.parametrize("p", [1e-9, 0.05, 0.3, 0.8, 0.99, 1 - 1e-9])
def test_focal_minimizer_and_its_closed_form_inverse_against_mpmath(p, gamma):
    """q*(p) to 1e-13 (and 1 - q* too), and the closed form b / (a + b) maps it back to p."""
    with mp.workdps(50):
        q = _mp_focal_minimizer(p, gamma)
        exact_q, exact_r = float(q), float(1 - q)
    got = float(focal_minimizer(p, gamma))
    assert got == pytest.approx(exact_q, rel=1e-13)
    assert 1.0 - got == pytest.approx(exact_r, rel=1e-13, abs=1.2e-16)  # (q is stored, not 1 - q)
    assert float(focal_minimizer_inverse(got, gamma)) == pytest.approx(p, rel=1e-11)


def test_focal_minimizer_and_inverse_fix_0_one_half_and_1_and_reach_tiny_p():
    assert focal_minimizer([0.0, 0.5, 1.0], 2.0).tolist() == [0.0, 0.5, 1.0]
    assert focal_minimizer_inverse([0.0, 0.5, 1.0], 2.0).tolist() == [0.0, 0.5, 1.0]
    assert 0.0 < float(focal_minimizer(1e-300, 2.0)) < 1e-99  # about (p / 3)^(1/3)


@pytest.mark.parametrize("gamma", [0.0, 2.0])
def test_weighted_fit_steps_down_the_gradient_of_its_loss(rng, gamma):
    """One step from zero is -lr times the loss's gradient there (by central differences)."""
    X, y = rng.normal(size=(50, 2)), (rng.random(50) < 0.3).astype(float)
    wy = np.where(y == 1, 5.0, 2.0) / 50

    def loss(w):
        q = expit((2 * y - 1) * (X @ w[:2] + w[2]))
        return np.sum(wy * (1 - q) ** gamma * -np.log(q))

    w, history = fit_weighted(X, y, (2.0, 5.0), gamma, lr=0.1, steps=1)
    grad = [(loss(e) - loss(-e)) / 2e-6 for e in 1e-6 * np.eye(3)]
    assert np.allclose(w, -0.1 * np.array(grad), rtol=1e-6, atol=1e-10)
    assert history[0] == pytest.approx(loss(np.zeros(3)), rel=1e-14)
    assert history[1] < history[0]


BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (logit_adjustment, ([0.0, 1.0], [1.0, 2.0, 3.0]), ValueError, "class_weights"),
    (focal_minimizer, ([0.3, 1.2], 2.0), ValueError, r"\bp\b"),
    (focal_minimizer, ([0.3, 5e-324], 2.0), ValueError, r"\bp\b"),  # the range's edge
    (focal_minimizer, (0.3, 101.0), ValueError, "gamma"),  # the range's edge
    (focal_minimizer_inverse, ("a", 2.0), TypeError, r"\bq\b"),
    (fit_weighted, ([[0.0], [1.0]], [0.0, 0.5]), ValueError, r"\by\b"),
    (fit_weighted, ([0.0, 1.0], [0.0, 1.0]), ValueError, r"\bX\b"),
]


@pytest.mark.parametrize(("helper", "args", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, args, error, name):
    with pytest.raises(error, match=name):
        helper(*args)
