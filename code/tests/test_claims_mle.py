"""The claims of chapter 4 (maximum likelihood is minimum cross-entropy), checked numerically."""

import math

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    cross_entropy,
    empirical_distribution,
    entropy,
    fit_gaussian,
    gaussian_cross_entropy,
    kl_divergence,
    kl_divergence_gaussian,
    negative_log_likelihood,
    softmax,
)

THETAS = np.linspace(0.001, 0.999, 999)


def coin(rng, n, heads=0.3):
    return (rng.random(n) < heads).astype(int)


def per_sample(flips, thetas=THETAS):
    """q_theta(x_i) for every flip (rows) and every theta of the grid (columns)."""
    return np.where(flips[:, None] == 1, thetas, 1 - thetas)


@pytest.mark.claim("eq-mle-log-likelihood")
def test_log_likelihood_is_the_sum_of_logs_and_survives_where_the_product_underflows(rng):
    flips = coin(rng, 5000)
    probs = np.where(flips == 1, 0.3, 0.7)
    small = probs[:200]
    assert math.log(np.prod(small)) == pytest.approx(np.log(small).sum(), rel=1e-12)
    assert np.prod(probs) == 0.0  # a few thousand factors: exactly zero in float64
    log_lik = -negative_log_likelihood(probs, reduction="sum")
    heads = flips.sum()
    exact = heads * math.log(0.3) + (5000 - heads) * math.log(0.7)
    assert log_lik == pytest.approx(exact, rel=1e-12) and log_lik < -3000


@pytest.mark.claim("eq-mle-argmax")
def test_log_and_division_by_n_do_not_move_the_argmax(rng):
    flips = coin(rng, 400)
    q = per_sample(flips)
    product = q.prod(axis=0)
    assert product.max() > 0  # small enough that the product has not underflowed
    best = np.argmax(product)
    assert np.argmax(np.log(q).sum(axis=0)) == best
    assert np.argmax(-negative_log_likelihood(q, reduction="none").mean(axis=0)) == best


@pytest.mark.claim("eq-mle-ce")
@given(st.lists(st.integers(0, 5), min_size=1, max_size=400), st.integers(0, 2**32 - 1))
def test_average_log_likelihood_is_minus_the_cross_entropy_line_by_line(samples, seed):
    q = np.random.default_rng(seed).dirichlet(np.ones(6))
    x = np.array(samples)
    p_hat = empirical_distribution(x, support=range(6))
    line1 = np.log(q[x]).mean()
    line2 = sum(np.count_nonzero(x == k) / x.size * np.log(q[k]) for k in range(6))
    line3 = float(p_hat @ np.log(q))
    for value in (line2, line3, -cross_entropy(p_hat, q)):
        assert value == pytest.approx(line1, rel=1e-12, abs=1e-15)


@pytest.mark.claim("thm-mle-min-ce")
def test_max_likelihood_min_cross_entropy_and_min_kl_pick_the_same_model(rng):
    flips = coin(rng, 3000)
    p_hat = empirical_distribution(flips, support=[0, 1])
    q = np.c_[1 - THETAS, THETAS]
    p = np.broadcast_to(p_hat, q.shape)
    avg_log_lik = -negative_log_likelihood(per_sample(flips), reduction="none").mean(axis=0)
    ce, kl = cross_entropy(p, q), kl_divergence(p, q)
    assert np.argmax(avg_log_lik) == np.argmin(ce) == np.argmin(kl)
    assert np.allclose(ce - kl, entropy(p_hat), rtol=1e-12)  # they differ by a constant
    assert THETAS[np.argmin(ce)] == pytest.approx(p_hat[1], abs=1e-3)


@pytest.mark.claim("thm-mle-min-ce", "eq-mle-categorical")
@pytest.mark.parametrize("seed", range(5))
def test_minimising_cross_entropy_over_the_simplex_gives_the_empirical_frequencies(seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(5))
    p_hat = empirical_distribution(rng.choice(5, size=500, p=p), support=range(5))
    if p_hat.min() == 0:  # an unseen outcome: the optimum is on the boundary, at logit -inf
        pytest.skip("an outcome is missing from this sample")
    for objective in (cross_entropy, kl_divergence):
        res = scipy.optimize.minimize(
            lambda a, f=objective: f(p_hat, softmax(a)), np.zeros(5), method="BFGS",
            options={"gtol": 1e-10},
        )  # fmt: skip
        assert np.allclose(softmax(res.x), p_hat, atol=1e-5)
    assert kl_divergence(p_hat, p_hat) == 0.0  # the minimum divergence is 0


@pytest.mark.claim("eq-mle-gaussian")
@pytest.mark.parametrize("n", [2, 5, 20, 1000])
def test_minimising_gaussian_cross_entropy_gives_mean_and_biased_variance(rng, n):
    x = rng.normal(2.0, 1.5, size=n)
    res = scipy.optimize.minimize(
        lambda t: gaussian_cross_entropy(x, t[0], np.exp(t[1])), [0.0, 0.0], method="BFGS",
        options={"gtol": 1e-10},
    )  # fmt: skip
    assert res.x[0] == pytest.approx(x.mean(), abs=1e-5)
    assert np.exp(2 * res.x[1]) == pytest.approx(x.var(ddof=0), rel=1e-5)
    assert x.var(ddof=0) < x.var(ddof=1)  # the MLE is the biased (1/n) variance
    mu, sigma = fit_gaussian(x)
    assert gaussian_cross_entropy(x, mu, sigma) <= res.fun + 1e-12


@pytest.mark.claim("eq-mle-kl-rate")
@pytest.mark.parametrize("n", [300, 3000])
def test_divergence_to_the_fitted_model_falls_like_k_over_2n(n):
    rng = np.random.default_rng(n)
    runs = 2000
    mu, sigma = fit_gaussian(rng.normal(2.0, 1.5, size=(runs, n)), axis=1)
    gauss = kl_divergence_gaussian(2.0, 1.5, mu, sigma).mean()
    assert gauss == pytest.approx(2 / (2 * n), rel=0.1)
    p = np.array([0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
    freq = rng.multinomial(n, p, size=runs) / n
    die = kl_divergence(np.broadcast_to(p, freq.shape), freq).mean()
    assert die == pytest.approx(5 / (2 * n), rel=0.1)
