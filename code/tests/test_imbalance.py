"""Tests of infoloss.imbalance: logit adjustment, the focal minimiser and its inverse, the
class-weighted (focal) logistic regression."""

import math

import mpmath as mp
import numpy as np
import pytest
from scipy.special import expit

from infoloss import softmax
from infoloss.imbalance import (
    fit_logistic_regression_weighted,
    focal_minimizer,
    focal_minimizer_inverse,
    logit_adjustment,
)

X4, Y4 = [[0.0], [1.0], [2.0], [3.0]], [0.0, 0.0, 1.0, 1.0]


def _mp_focal_minimizer(p, g):
    """The root of d/du S_gamma(sigma(u); p), by bisection in the logit u, in mpmath."""
    P, G = mp.mpf(p), mp.mpf(g)

    def slope(u):  # (the derivative of eq-modern-focal-risk, times dq/du = q r)
        q, r = 1 / (1 + mp.exp(-u)), 1 / (1 + mp.exp(u))
        return P * (G * q * r**G * mp.log(q) - r ** (G + 1)) + (1 - P) * (
            -G * r * q**G * mp.log(r) + q ** (G + 1)
        )

    lo, hi = mp.mpf(-60), mp.mpf(60)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
    return 1 / (1 + mp.exp(-lo))


@pytest.mark.parametrize("gamma", [0.5, 2.0, 5.0])
@pytest.mark.parametrize("p", [1e-9, 0.05, 0.3, 0.8, 0.99, 1 - 1e-9])
def test_focal_minimizer_and_its_inverse_against_mpmath(p, gamma):
    with mp.workdps(50):
        q = _mp_focal_minimizer(p, gamma)
        exact_q, exact_r = float(q), float(1 - q)
    got = float(focal_minimizer(p, gamma))
    assert got == pytest.approx(exact_q, rel=1e-13)
    assert 1.0 - got == pytest.approx(exact_r, rel=1e-13, abs=1.2e-16)  # (q is stored, not 1 - q)
    assert float(focal_minimizer_inverse(got, gamma)) == pytest.approx(p, rel=1e-11)


def test_focal_minimizer_edges_and_gamma_zero():
    assert focal_minimizer([0.0, 0.5, 1.0], 2.0).tolist() == [0.0, 0.5, 1.0]
    assert focal_minimizer_inverse([0.0, 0.5, 1.0], 2.0).tolist() == [0.0, 0.5, 1.0]
    p = np.array([1e-300, 0.2, 0.9])
    assert np.array_equal(focal_minimizer(p, 0.0), p)
    assert np.allclose(focal_minimizer_inverse(p, 0.0), p, rtol=1e-15)
    assert 0.0 < float(focal_minimizer(1e-300, 2.0)) < 1e-99  # about (p / 3)^(1/3)


def test_logit_adjustment_undoes_the_reweighting():
    p, w = np.array([0.7, 0.2, 0.1]), np.array([1.0, 3.0, 9.0])
    z = np.log(w * p / np.sum(w * p))  # a model that reached the weighted minimiser
    assert np.allclose(softmax(logit_adjustment(z, w)), p, rtol=1e-14)


def test_weighted_fit_gradient_matches_finite_differences(rng):
    X = rng.normal(size=(50, 2))
    y = (rng.random(50) < 0.3).astype(float)
    wy = np.where(y == 1, 5.0, 2.0) / 50

    def loss(w, gamma):
        q = expit((2 * y - 1) * (X @ w[:2] + w[2]))
        return np.sum(wy * (1 - q) ** gamma * -np.log(q))

    for gamma in (0.0, 2.0):
        w, history = fit_logistic_regression_weighted(X, y, (2.0, 5.0), gamma, lr=0.1, steps=1)
        # one step from zero is -lr times the gradient at zero
        grad = [(loss(e, gamma) - loss(-e, gamma)) / 2e-6 for e in 1e-6 * np.eye(3)]
        assert np.allclose(w, -0.1 * np.array(grad), rtol=1e-6, atol=1e-10)
        assert history[0] == pytest.approx(loss(np.zeros(3), gamma), rel=1e-14)
        assert history[1] < history[0]


def test_weighted_fit_shifts_the_bias_by_the_log_weight_ratio():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4000, 1))
    y = (rng.random(4000) < expit(1.5 * x[:, 0] - 1.0)).astype(float)
    w1, _ = fit_logistic_regression_weighted(x, y, steps=400, lr=2.0)
    w9, _ = fit_logistic_regression_weighted(x, y, class_weights=(1.0, 9.0), steps=400, lr=2.0)
    assert w9[-1] - w1[-1] == pytest.approx(math.log(9), abs=0.1)  # exactly log 9 in population


BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (logit_adjustment, {"logits": [0.0, 1.0], "class_weights": [1.0, 2.0, 3.0]}, ValueError,
     "class_weights"),
    (logit_adjustment, {"logits": [0.0, 1.0], "class_weights": [1.0, 0.0]}, ValueError,
     "class_weights"),
    (logit_adjustment, {"logits": [0.0, float("inf")], "class_weights": [1.0, 2.0]}, ValueError,
     "logits"),
    (focal_minimizer, {"p": [0.3, 1.2], "gamma": 2.0}, ValueError, "p"),
    (focal_minimizer, {"p": [0.3, 5e-324], "gamma": 2.0}, ValueError, "p"),  # the range edge
    (focal_minimizer, {"p": 0.3, "gamma": -1.0}, ValueError, "gamma"),
    (focal_minimizer, {"p": 0.3, "gamma": 101.0}, ValueError, "gamma"),  # the range edge
    (focal_minimizer_inverse, {"q": "a", "gamma": 2.0}, TypeError, "q"),
    (focal_minimizer_inverse, {"q": 0.3, "gamma": [1.0, 2.0]}, ValueError, "gamma"),
    (fit_logistic_regression_weighted, {"X": X4, "y": [0.0, 0.5, 1.0, 1.0]}, ValueError, "y"),
    (fit_logistic_regression_weighted, {"X": X4, "y": [0.0, 1.0]}, ValueError, "y"),
    (fit_logistic_regression_weighted, {"X": X4, "y": Y4, "class_weights": [1.0]}, ValueError,
     "class_weights"),
    (fit_logistic_regression_weighted, {"X": [0.0, 1.0], "y": [0.0, 1.0]}, ValueError, "X"),
    (fit_logistic_regression_weighted, {"X": X4, "y": Y4, "lr": -1.0}, ValueError, "lr"),
    (fit_logistic_regression_weighted, {"X": X4, "y": Y4, "steps": 0}, ValueError, "steps"),
]  # fmt: skip


@pytest.mark.parametrize(("helper", "kwargs", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, kwargs, error, name):
    with pytest.raises(error, match=name):
        helper(**kwargs)
