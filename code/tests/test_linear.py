"""Tests of infoloss.linear: linear logits, logistic and softmax regression, their gradients."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import scipy.optimize

from infoloss import (
    cross_entropy_from_logits,
    fit_logistic_regression,
    fit_softmax_regression,
    linear_logits,
    logistic_loss,
    logit_gradient,
)
from infoloss.linear import _logistic_gradient, _softmax_gradient

NAN = float("nan")
X4, Y4 = [[0.0], [1.0], [2.0], [3.0]], [0.0, 0.0, 1.0, 1.0]


def test_logistic_regression_reaches_the_minimiser_found_by_scipy(blobs2):
    X, y = blobs2
    w, history = fit_logistic_regression(X, y, lr=1.0, steps=3000)
    ref = scipy.optimize.minimize(
        lambda u: logistic_loss(u, X, y), np.zeros(3), method="BFGS",
        jac=lambda u: _logistic_gradient(u, X, y), options={"gtol": 1e-10},
    )  # fmt: skip
    assert np.allclose(w, ref.x, atol=1e-5)
    assert history[-1] == pytest.approx(ref.fun, rel=1e-9)
    assert np.all(np.diff(history) <= 1e-15)  # convex and smooth: every step descends


def test_softmax_regression_reaches_the_minimum_found_by_scipy(blobs3):
    X, y = blobs3
    W, history = fit_softmax_regression(X, y, lr=1.0, steps=3000)
    ref = scipy.optimize.minimize(
        lambda u: cross_entropy_from_logits(linear_logits(u.reshape(3, 3), X), y),
        np.zeros(9), method="BFGS", options={"gtol": 1e-10},
        jac=lambda u: _softmax_gradient(u.reshape(3, 3), X, y).ravel(),
    )  # fmt: skip
    assert history[-1] == pytest.approx(ref.fun, rel=1e-8)
    assert np.all(np.diff(history) <= 1e-15)


def test_one_trainer_for_index_labels_probability_targets_and_the_path(blobs3):
    X, y = blobs3
    W, history = fit_softmax_regression(X, y, steps=50)
    W_t, history_t, path = fit_softmax_regression(X, np.eye(3)[y], steps=50, path=True)
    np.testing.assert_allclose(W_t, W, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(history_t, history, rtol=1e-12)
    assert path.shape == (51, 3, 3) and not path[0].any() and np.array_equal(path[-1], W_t)


def test_fit_starts_from_w0_and_takes_k_from_w0():
    w0 = np.array([-3.0, 0.0])
    _, history = fit_logistic_regression(X4, Y4, steps=1, w0=w0)
    assert history[0] == logistic_loss(w0, X4, Y4)
    W, _ = fit_softmax_regression(X4, [0, 1, 0, 1], steps=1, W0=np.zeros((2, 4)))
    assert W.shape == (2, 4)


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    z = np.array([-5.0, -10.0, -20.0])
    ce, mse = logit_gradient(np.ones(3), z), logit_gradient(np.ones(3), z, loss="squared_error")
    assert np.all(np.abs(ce) > 0.99)
    assert np.all(np.abs(mse) < 0.014) and abs(mse[-1]) < 1e-8


@pytest.mark.parametrize("z", [-700.0, -40.0, -1.0, -1e-8, 0.0, 3e-5, 2.0, 36.0, 700.0])
@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_logit_gradient_against_mpmath(y, z):
    # sigma(z) - y is formed after rounding sigma(z): accurate to 1e-16 in absolute terms
    with mp.workdps(50):
        s, r = 1 / (1 + mp.exp(-z)), 1 / (1 + mp.exp(z))
        ce, se = s - mp.mpf(y), 2 * (s - mp.mpf(y)) * s * r
    assert abs(float(logit_gradient(y, z)) - float(ce)) <= 2.3e-16
    bound = 4.6e-16 * float(s * r) + 9e-16 * abs(float(se))  # ... times 2 sigma'(z)
    assert abs(float(logit_gradient(y, z, "squared_error")) - float(se)) <= bound


def test_linear_logits_and_logistic_loss_against_mpmath(rng):
    X, w, y = rng.normal(size=(20, 3)) * 10, rng.normal(size=4), rng.random(20)
    with mp.workdps(50):
        z = [mp.fsum(mp.mpf(a) * b for a, b in zip(row, w[:3], strict=True)) + w[3] for row in X]
        bce = mp.fsum(mp.log1p(mp.exp(t)) - mp.mpf(t_y) * t for t, t_y in zip(z, y, strict=True))
    bound = 4e-16 * (np.abs(X) @ np.abs(w[:3]) + abs(w[3]))
    assert np.all(np.abs(linear_logits(w, X) - np.array(z, dtype=float)) <= bound)
    assert float(logistic_loss(w, X, y)) == pytest.approx(float(bce / 20), rel=1e-13)


W2 = [1.0, 0.0]
BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (linear_logits, {"w": [1.0, 2.0, 3.0], "X": X4}, ValueError, "w"),
    (linear_logits, {"w": W2, "X": [0.0, 1.0]}, ValueError, "X"),
    (linear_logits, {"w": [1.0, NAN], "X": X4}, ValueError, "w"),
    (linear_logits, {"w": ["a", "b"], "X": X4}, TypeError, "w"),
    (linear_logits, {"w": [1e10, 0.0], "X": [[1e300]]}, ValueError, "X @ w"),  # the range edge
    (logistic_loss, {"w": W2, "X": X4, "y": [0.0, 0.0, 1.0, 2.0]}, ValueError, "y"),
    (logistic_loss, {"w": W2, "X": X4, "y": [0.0, 1.0]}, ValueError, "y"),
    (logistic_loss, {"w": W2, "X": X4, "y": Y4, "loss": "hinge"}, ValueError, "loss"),
    (logit_gradient, {"y": [0.0, 1.0], "z": [0.5]}, ValueError, "z"),
    (logit_gradient, {"y": [0.0], "z": [1e301]}, ValueError, "z"),
    (fit_logistic_regression, {"X": X4, "y": Y4, "lr": 0.0}, ValueError, "lr"),
    (fit_logistic_regression, {"X": X4, "y": Y4, "steps": 0}, ValueError, "steps"),
    (fit_logistic_regression, {"X": X4, "y": Y4, "steps": 2.0}, TypeError, "steps"),
    (fit_logistic_regression, {"X": X4, "y": Y4, "w0": [0.0]}, ValueError, "w0"),
    (fit_softmax_regression, {"X": X4, "labels": [0, 1, 2, 1.5]}, ValueError, "labels"),
    (fit_softmax_regression, {"X": X4, "labels": [0, 1, 2, -1]}, ValueError, "labels"),
    (fit_softmax_regression, {"X": X4, "labels": [0, 1], "num_classes": 2}, ValueError, "labels"),
    (fit_softmax_regression, {"X": X4, "labels": [[0.5, 0.6]] * 4}, ValueError, "labels"),
    (fit_softmax_regression, {"X": X4, "labels": Y4, "num_classes": 0}, ValueError, "num_classes"),
    (fit_softmax_regression, {"X": X4, "labels": [0, 1, 0, 1], "W0": [[0.0]]}, ValueError, "W0"),
]


@pytest.mark.parametrize(("helper", "kwargs", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, kwargs, error, name):
    with pytest.raises(error, match=name.replace("@", r"\@")):
        helper(**kwargs)
