"""Tests of infoloss.models: data, the Gaussian MLE, logistic and softmax regression."""

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    binary_cross_entropy_with_logits,
    cross_entropy_from_logits,
    fit_gaussian,
    fit_logistic_regression,
    fit_softmax_regression,
    gaussian_cross_entropy,
    gaussian_nll,
    linear_logits,
    logistic_loss,
    logit_gradient,
    make_blobs,
)
from infoloss.linear import _logistic_gradient as logistic_gradient
from infoloss.linear import _softmax_gradient as softmax_gradient

logits = st.floats(-30.0, 30.0)
targets = st.floats(0.0, 1.0)


def central_difference(f, x, h=1e-6):
    """Numerical gradient of a scalar function of an array, by central differences."""
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


@pytest.fixture
def blobs2(rng):
    # Overlapping classes: the cross-entropy has a finite minimiser.
    return make_blobs(60, [[-1.0, -0.5], [1.0, 0.5]], rng, scale=1.2)


@pytest.fixture
def blobs3(rng):
    return make_blobs(50, [[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]], rng, scale=1.5)


# --- data -------------------------------------------------------------------------------------


def test_make_blobs_is_seeded_and_centred():
    X1, y1 = make_blobs(2000, [[0.0, 0.0], [4.0, -4.0]], np.random.default_rng(3), scale=0.5)
    X2, y2 = make_blobs(2000, [[0.0, 0.0], [4.0, -4.0]], np.random.default_rng(3), scale=0.5)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert X1.shape == (4000, 2) and np.array_equal(np.bincount(y1), [2000, 2000])
    assert np.allclose(X1[y1 == 1].mean(axis=0), [4.0, -4.0], atol=0.05)
    assert X1[y1 == 0].std(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"n": 0}, "n"),
        ({"n": 2.5}, "n"),
        ({"centers": [0.0, 1.0]}, "centers"),
        ({"rng": 0}, "rng"),
        ({"scale": 0.0}, "scale"),
    ],
)
def test_make_blobs_rejects_bad_input_by_name(kwargs, name):
    args = {"n": 3, "centers": [[0.0], [1.0]], "rng": np.random.default_rng(0), "scale": 1.0}
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=name):
        make_blobs(**args)


# --- the Gaussian -----------------------------------------------------------------------------


@pytest.mark.claim("eq-mle-gaussian-ce")
def test_gaussian_cross_entropy_is_mean_negative_logpdf(rng):
    x = rng.normal(1.0, 2.0, size=500)
    mu, sigma = np.linspace(-2, 3, 7), np.linspace(0.3, 4.0, 7)
    ref = [-scipy.stats.norm.logpdf(x, m, s).mean() for m, s in zip(mu, sigma, strict=True)]
    assert np.allclose(gaussian_cross_entropy(x, mu, sigma), ref, rtol=1e-12)
    assert gaussian_cross_entropy(x, 0.0, 1.0, base=2) == pytest.approx(
        gaussian_cross_entropy(x, 0.0, 1.0) / math.log(2), rel=1e-14
    )


def test_gaussian_cross_entropy_is_the_mean_gaussian_nll_of_chapter_7(rng):
    x = rng.normal(size=200)
    for mu, sigma in [(0.0, 1.0), (1.5, 0.3), (-2.0, 4.0)]:
        ref = gaussian_nll(x, np.full_like(x, mu), sigma=sigma)
        assert gaussian_cross_entropy(x, mu, sigma) == pytest.approx(ref, rel=1e-12)


@given(
    st.lists(st.floats(-100, 100), min_size=2, max_size=50), st.floats(-50, 50), st.floats(0.05, 20)
)
def test_gaussian_cross_entropy_is_smallest_at_the_fitted_gaussian(xs, mu, sigma):
    x = np.array(xs)
    m, s = fit_gaussian(x)
    if s < 1e-3:  # a (nearly) constant data set: no maximum to compare against
        return
    assert gaussian_cross_entropy(x, mu, sigma) >= gaussian_cross_entropy(x, m, s) - 1e-12


def test_fit_gaussian_divides_by_n_and_works_along_an_axis(rng):
    x = rng.normal(size=(4, 30))
    mu, sigma = fit_gaussian(x, axis=1)
    assert np.allclose(mu, x.mean(axis=1)) and np.allclose(sigma**2, x.var(axis=1, ddof=0))
    mu0, _ = fit_gaussian(x.T, axis=0)
    assert np.allclose(mu0, mu)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: gaussian_cross_entropy([1.0, 2.0], 0.0, 0.0), "sigma"),
        (lambda: gaussian_cross_entropy([[1.0, 2.0]], 0.0, 1.0), "samples"),
        (lambda: gaussian_cross_entropy([1.0, np.nan], 0.0, 1.0), "samples"),
        (lambda: gaussian_cross_entropy([1.0], np.inf, 1.0), "mu"),
        (lambda: gaussian_cross_entropy([1.0], [0.0, 1.0], [1.0, 2.0, 3.0]), "mu, sigma"),
        (lambda: fit_gaussian([]), "samples"),
        (lambda: fit_gaussian([1.0, 2.0], axis=1), "axis"),
    ],
)
def test_gaussian_helpers_reject_bad_input_by_name(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


# --- gradients against finite differences -----------------------------------------------------


@pytest.mark.claim("eq-clf-ce-logit-grad")
@given(targets, logits)
def test_cross_entropy_logit_gradient_matches_finite_differences(y, z):
    def bce(t):
        return float(binary_cross_entropy_with_logits([y], [float(t)]))

    assert logit_gradient(y, z) == pytest.approx(central_difference(bce, z), abs=1e-6)


@pytest.mark.claim("eq-clf-mse-logit-grad")
@given(targets, logits)
def test_squared_error_logit_gradient_matches_finite_differences(y, z):
    def mse(t):
        return (scipy.special.expit(float(t)) - y) ** 2

    got = logit_gradient(y, z, loss="squared_error")
    assert got == pytest.approx(central_difference(mse, z), abs=1e-7)


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    z = np.array([-5.0, -10.0, -20.0])
    ce, mse = logit_gradient(np.ones(3), z), logit_gradient(np.ones(3), z, loss="squared_error")
    assert np.all(np.abs(ce) > 0.99)
    assert np.all(np.abs(mse) < 0.014) and abs(mse[-1]) < 1e-8


@pytest.mark.claim("eq-clf-logistic-grad")
@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_logistic_gradient_matches_finite_differences(blobs2, rng, loss):
    X, y = blobs2
    w = rng.normal(size=3)
    numeric = central_difference(lambda u: float(logistic_loss(u, X, y, loss=loss)), w)
    assert np.allclose(logistic_gradient(w, X, y, loss=loss), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.claim("eq-clf-softmax-grad")
def test_softmax_gradient_matches_finite_differences(blobs3, rng):
    X, y = blobs3
    W = rng.normal(size=(3, 3))
    numeric = central_difference(
        lambda U: float(cross_entropy_from_logits(linear_logits(U, X), y)), W
    )
    assert np.allclose(softmax_gradient(W, X, y), numeric, rtol=1e-6, atol=1e-9)


# --- training converges to the known optimum --------------------------------------------------


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


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": [0.1, 0.2]}, "lr"),
        ({"steps": 0}, "steps"),
        ({"steps": True}, "steps"),
        ({"loss": "mse"}, "loss"),
        ({"w0": [0.0, 0.0, 0.0]}, "w0"),
        ({"X": [1.0, 2.0, 3.0]}, "X"),
        ({"X": [[1.0], [np.nan], [0.0]]}, "X"),
        ({"y": [0, 1]}, "y"),
        ({"y": [0, 1, 2]}, "y"),
    ],
)
def test_fit_logistic_regression_rejects_bad_input_by_name(kwargs, name):
    args = {"X": [[1.0], [2.0], [3.0]], "y": [0, 1, 1]}
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=name):
        fit_logistic_regression(**args)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"labels": [0, 1, 3]}, "labels"),
        ({"labels": [0.5, 1, 0]}, "labels"),
        ({"labels": ["a", "b", "c"]}, "labels"),
        ({"labels": [0, 1]}, "labels"),
        ({"W0": np.zeros((3, 2))}, "W0"),
        ({"num_classes": 0}, "num_classes"),
        ({"lr": -1.0}, "lr"),
    ],
)
def test_fit_softmax_regression_rejects_bad_input_by_name(kwargs, name):
    args = {"X": [[1.0], [2.0], [3.0]], "labels": [0, 1, 1], "num_classes": 2}
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=name):
        fit_softmax_regression(**args)


def test_gradient_helpers_reject_bad_input_by_name():
    with pytest.raises(ValueError, match="loss"):
        logit_gradient(1.0, 0.0, loss="hinge")
    with pytest.raises(ValueError, match="y"):
        logit_gradient(2.0, 0.0)
    with pytest.raises(ValueError, match="z"):
        logit_gradient(1.0, np.inf)
    with pytest.raises(ValueError, match="w"):
        logistic_gradient([0.0], [[1.0]], [1])
    with pytest.raises(ValueError, match="W"):
        softmax_gradient(np.zeros(2), [[1.0]], [0])
