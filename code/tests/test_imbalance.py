"""Tests of infoloss.imbalance: class weights, logit adjustment, focal loss."""

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar
from scipy.special import expit

from conftest import prob_vectors
from infoloss import softmax
from infoloss.imbalance import (
    fit_logistic_regression_weighted,
    focal_loss,
    focal_minimizer,
    logit_adjustment,
    reweighted_posterior,
)


@given(prob_vectors(min_size=2, max_size=6, allow_zeros=False), st.integers(0, 2**31))
def test_reweighted_posterior_minimises_weighted_cross_entropy(p, seed):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 10.0, size=p.size)
    best = reweighted_posterior(p, w)

    def risk(q):
        return float(np.sum(p * w * -np.log(q)))

    for _ in range(5):
        other = rng.dirichlet(np.ones(p.size))
        assert risk(best) <= risk(other) + 1e-12
    # and logit adjustment takes its logits back to p
    assert np.allclose(softmax(logit_adjustment(np.log(best), w)), p, rtol=1e-10)


def test_reweighted_posterior_along_an_axis():
    p = np.array([[0.9, 0.2], [0.1, 0.8]])  # distributions in columns
    out = reweighted_posterior(p, [1.0, 9.0], axis=0)
    assert np.allclose(out[:, 0], [0.5, 0.5])


def test_focal_loss_with_gamma_zero_is_binary_cross_entropy():
    y, p = np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 1e-300, 0.0])
    expected = -np.log(np.where(y == 1, p, 1 - p))
    assert np.allclose(focal_loss(y, p, gamma=0.0, reduction="none"), expected, rtol=1e-14)
    assert focal_loss([1], [0.0], gamma=2.0) == math.inf


@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0, 5.0])
@pytest.mark.parametrize("p", [1e-9, 0.05, 0.3, 0.5, 0.8, 0.99, 1 - 1e-9])
def test_focal_minimizer_matches_mpmath(p, gamma):
    with mp.workdps(40):
        P, G = mp.mpf(p), mp.mpf(gamma)

        def slope(u):
            q, r = 1 / (1 + mp.e ** (-u)), 1 / (1 + mp.e**u)
            return P * (G * q * r**G * mp.log(q) - r ** (G + 1)) + (1 - P) * (
                -G * r * q**G * mp.log(r) + q ** (G + 1)
            )

        lo, hi = mp.mpf(-60), mp.mpf(60)  # slope < 0 at -60, > 0 at 60: bisect
        for _ in range(120):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
        u = (lo + hi) / 2
        exact_q, exact_r = float(1 / (1 + mp.e ** (-u))), float(1 / (1 + mp.e**u))
    got = float(focal_minimizer(p, gamma))
    assert got == pytest.approx(exact_q, rel=1e-10)
    assert 1.0 - got == pytest.approx(exact_r, rel=1e-6 if exact_r < 1e-6 else 1e-10)


def test_focal_minimizer_minimises_the_expected_focal_loss():
    for p in (0.6, 0.9):

        def risk(q, p=p):
            return p * focal_loss([1], [q], 2.0) + (1 - p) * focal_loss([0], [q], 2.0)

        res = minimize_scalar(risk, bounds=(0.01, 0.99), method="bounded", options={"xatol": 1e-10})
        assert float(focal_minimizer(p, 2.0)) == pytest.approx(res.x, abs=1e-6)


def test_focal_minimizer_edge_values_and_symmetry():
    assert focal_minimizer([0.0, 0.5, 1.0], 2.0).tolist() == [0.0, 0.5, 1.0]
    a, b = focal_minimizer([0.2, 0.8], 3.0)
    assert a == pytest.approx(1 - b, rel=1e-12)


def test_weighted_fit_shifts_the_bias_by_log_weight_ratio():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4000, 1))
    y = (rng.random(4000) < expit(1.5 * x[:, 0] - 1.0)).astype(float)
    w1, _ = fit_logistic_regression_weighted(x, y, steps=400, lr=2.0)
    w9, _ = fit_logistic_regression_weighted(x, y, class_weights=(1.0, 9.0), steps=400, lr=2.0)
    # with one feature and a bias the model family is closed under the shift: exactly log 9
    # in the population; on a sample of 4000 within a few hundredths
    assert w9[-1] - w1[-1] == pytest.approx(math.log(9), abs=0.1)


def test_weighted_fit_gradient_matches_finite_differences():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(50, 2))
    y = (rng.random(50) < 0.3).astype(float)
    for gamma in (0.0, 2.0):
        w, hist = fit_logistic_regression_weighted(X, y, (2.0, 5.0), gamma, lr=0.1, steps=1)
        # one step from zero: w = -lr * gradient at 0; compare with central differences of
        # the loss that history[0] reports at w = 0
        h = 1e-6
        grad = np.zeros(3)
        for k in range(3):
            e = np.zeros(3)
            e[k] = h

            def loss(wt, gamma=gamma):
                m = (2 * y - 1) * (np.einsum("ij,j->i", X, wt[:2]) + wt[2])
                wy = np.where(y == 1, 5.0, 2.0) / 50
                q = expit(m)
                return np.sum(wy * (1 - q) ** gamma * -np.log(q))

            grad[k] = (loss(e) - loss(-e)) / (2 * h)
        assert np.allclose(w, -0.1 * grad, rtol=1e-6, atol=1e-10)
        assert hist[-1] < hist[0]
