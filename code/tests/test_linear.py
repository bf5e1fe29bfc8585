"""Tests of infoloss.linear: linear logits, logistic and softmax regression, their gradients."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize
import scipy.stats

from infoloss import (
    cross_entropy_from_logits,
    fit_logistic_regression,
    fit_softmax_regression,
    linear_logits,
    logistic_loss,
    logit_gradient,
    smooth_labels,
)
from infoloss.linear import _logistic_gradient as logistic_gradient
from infoloss.linear import _softmax_gradient as softmax_gradient


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    z = np.array([-5.0, -10.0, -20.0])
    ce, mse = logit_gradient(np.ones(3), z), logit_gradient(np.ones(3), z, loss="squared_error")
    assert np.all(np.abs(ce) > 0.99)
    assert np.all(np.abs(mse) < 0.014) and abs(mse[-1]) < 1e-8


def test_logistic_regression_reaches_the_minimiser_found_by_scipy(blobs2):
    X, y = blobs2
    w, history = fit_logistic_regression(X, y, lr=1.0, steps=3000)
    ref = scipy.optimize.minimize(
        lambda u: logistic_loss(u, X, y),
        np.zeros(3),
        jac=lambda u: logistic_gradient(u, X, y),
        method="BFGS",
        options={"gtol": 1e-10},
    )
    assert np.allclose(w, ref.x, atol=1e-5)
    assert history[-1] == pytest.approx(ref.fun, rel=1e-9)
    assert np.all(np.diff(history) <= 1e-15)  # convex and smooth: every step descends


def test_softmax_regression_reaches_the_minimum_found_by_scipy(blobs3):
    X, y = blobs3
    W, history = fit_softmax_regression(X, y, lr=1.0, steps=3000)

    def loss(u):
        return cross_entropy_from_logits(linear_logits(u.reshape(3, 3), X), y)

    ref = scipy.optimize.minimize(
        loss,
        np.zeros(9),
        jac=lambda u: softmax_gradient(u.reshape(3, 3), X, y).ravel(),
        method="BFGS",
        options={"gtol": 1e-10},
    )
    assert history[-1] == pytest.approx(ref.fun, rel=1e-8)
    p, p_ref = (
        scipy.special.softmax(linear_logits(u, X), axis=1) for u in (W, ref.x.reshape(3, 3))
    )
    assert np.allclose(p, p_ref, atol=1e-5)
    assert np.all(np.diff(history) <= 1e-15)


def test_fit_starts_from_w0_and_records_the_starting_loss(blobs2):
    X, y = blobs2
    w0 = np.array([-3.0, -3.0, 0.0])
    _, history = fit_logistic_regression(X, y, steps=1, w0=w0)
    assert history[0] == logistic_loss(w0, X, y)
    W, _ = fit_softmax_regression(X, y, steps=1, W0=np.zeros((3, 4)))
    assert W.shape == (3, 4)  # K comes from W0, not from the labels


def test_the_softmax_path_descends_the_loss(rng):
    x = np.r_[rng.normal(-2, 0.5, size=(20, 2)), rng.normal(2, 0.5, size=(20, 2))]
    t = smooth_labels(np.repeat([0, 1], 20), 2, 0.1)
    *_, path = fit_softmax_regression(x, t, steps=200, lr=0.5, path=True)
    x1 = np.c_[x, np.ones(40)]
    losses = [cross_entropy_from_logits(x1 @ w, t) for w in path]
    assert np.all(np.diff(losses) <= 1e-12) and losses[-1] < 0.5 * losses[0]


def test_hard_labels_grow_logits_smoothed_labels_cap_them(rng):
    x = np.r_[rng.normal(-2, 0.5, size=(20, 1)), rng.normal(2, 0.5, size=(20, 1))]
    y = np.repeat([0, 1], 20)
    sizes = {}
    for eps in (0.0, 0.1):
        *_, path = fit_softmax_regression(x, smooth_labels(y, 2, eps), steps=4000, path=True)
        sizes[eps] = np.abs(path[[1000, 4000]]).max(axis=(1, 2))
    assert sizes[0.0][1] > 1.2 * sizes[0.0][0]  # still growing (like log t)
    assert sizes[0.1][1] == pytest.approx(sizes[0.1][0], rel=1e-3)  # converged


def test_one_trainer_for_index_labels_probability_targets_and_the_path(blobs3):
    X, y = blobs3
    onehot = np.eye(3)[y]
    W, history = fit_softmax_regression(X, y, steps=50)
    W_t, history_t, path = fit_softmax_regression(X, onehot, steps=50, path=True)
    np.testing.assert_allclose(W_t, W, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(history_t, history, rtol=1e-12)
    assert path.shape == (51, 3, 3) and not path[0].any() and np.array_equal(path[-1], W_t)
