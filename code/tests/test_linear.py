"""Tests of infoloss.linear: linear logits, logistic and softmax regression, their gradients.

The gradients themselves are chapter 5's claims (test_claims_classification.py).
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import infoloss as il
from infoloss.linear import _logistic_gradient

X4, Y4 = [[0.0], [1.0], [2.0], [3.0]], [0.0, 0.0, 1.0, 1.0]


def test_logistic_regression_descends_from_w0_to_the_minimiser(blobs2):
    """Every step lowers the convex loss, and the last weights zero its gradient."""
    X, y = blobs2
    w0 = np.array([1.0, -1.0, 0.5])
    w, history = il.fit_logistic_regression(X, y, lr=1.0, steps=1000, w0=w0)
    assert history[0] == il.logistic_loss(w0, X, y)
    assert np.all(np.diff(history) <= 1e-15)
    assert np.abs(_logistic_gradient(w, X, y)).max() < 1e-12


def test_one_softmax_trainer_for_index_labels_probability_targets_and_the_path(blobs3):
    """One-hot rows train exactly as their labels; `path` adds the weights at every step."""
    X, y = blobs3
    W, history = il.fit_softmax_regression(X, y, steps=50)
    W_t, history_t, path = il.fit_softmax_regression(X, np.eye(3)[y], steps=50, path=True)
    np.testing.assert_allclose(W_t, W, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(history_t, history, rtol=1e-12)
    assert path.shape == (51, 3, 3) and not path[0].any() and np.array_equal(path[-1], W_t)
    # K comes from W0 when it is given: here a fourth class no label names
    assert il.fit_softmax_regression(X, y, steps=1, W0=np.zeros((3, 4)))[0].shape == (3, 4)


@pytest.mark.parametrize("z", [-700.0, -40.0, -1.0, -1e-8, 0.0, 3e-5, 2.0, 36.0, 700.0])
@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_logit_gradient_against_mpmath(y, z):
    """sigma(z) - y to 2.3e-16 absolute (sigma(z) is rounded first), times 2 sigma'(z) for MSE."""
    with mp.workdps(50):
        s, r = 1 / (1 + mp.exp(-z)), 1 / (1 + mp.exp(z))
        ce, se = s - mp.mpf(y), 2 * (s - mp.mpf(y)) * s * r
    assert abs(float(il.logit_gradient(y, z)) - float(ce)) <= 2.3e-16
    bound = 4.6e-16 * float(s * r) + 9e-16 * abs(float(se))
    assert abs(float(il.logit_gradient(y, z, "squared_error")) - float(se)) <= bound


def test_linear_logits_and_logistic_loss_against_mpmath(rng):
    """The logits to a few ulps of |X| |w|, their mean BCE to 1e-13."""
    X, w, y = rng.normal(size=(20, 3)) * 10, rng.normal(size=4), rng.random(20)
    with mp.workdps(50):
        z = [mp.fsum(mp.mpf(a) * b for a, b in zip(row, w[:3], strict=True)) + w[3] for row in X]
        bce = mp.fsum(mp.log1p(mp.exp(t)) - mp.mpf(t_y) * t for t, t_y in zip(z, y, strict=True))
    bound = 4e-16 * (np.abs(X) @ np.abs(w[:3]) + abs(w[3]))
    assert np.all(np.abs(il.linear_logits(w, X) - np.array(z, dtype=float)) <= bound)
    assert float(il.logistic_loss(w, X, y)) == pytest.approx(float(bce / 20), rel=1e-13)


W2 = [1.0, 0.0]
BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (il.linear_logits, {"w": [1.0, 2.0, 3.0], "X": X4}, ValueError, "w"),
    (il.linear_logits, {"w": W2, "X": [0.0, 1.0]}, ValueError, "X"),
    (il.linear_logits, {"w": [1.0, np.nan], "X": X4}, ValueError, "w"),
    (il.linear_logits, {"w": ["a", "b"], "X": X4}, TypeError, "w"),
    (il.linear_logits, {"w": [1e10, 0.0], "X": [[1e300]]}, ValueError, "X @ w"),  # the range edge
    (il.logistic_loss, {"w": W2, "X": X4, "y": [0.0, 0.0, 1.0, 2.0]}, ValueError, "y"),
    (il.logistic_loss, {"w": W2, "X": X4, "y": [0.0, 1.0]}, ValueError, "y"),
    (il.logistic_loss, {"w": W2, "X": X4, "y": Y4, "loss": "hinge"}, ValueError, "loss"),
    (il.fit_logistic_regression, {"X": X4, "y": Y4, "lr": 0.0}, ValueError, "lr"),
    (il.fit_logistic_regression, {"X": X4, "y": Y4, "steps": 0}, ValueError, "steps"),
    (il.fit_softmax_regression, {"X": X4, "labels": [0, 1, 2, 1.5]}, ValueError, "labels"),
    (il.fit_softmax_regression, {"X": X4, "labels": [[0.5, 0.6]] * 4}, ValueError, "labels"),
]


@pytest.mark.parametrize(("helper", "kwargs", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, kwargs, error, name):
    """Each bad input raises the stated error, naming the argument."""
    with pytest.raises(error, match=name.replace("@", r"\@")):
        helper(**kwargs)
