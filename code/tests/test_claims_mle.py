"""The claims of chapter 4 (maximum likelihood is minimum cross-entropy), checked numerically."""

import itertools
import math

import mpmath
import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    cross_entropy,
    empirical_distribution,
    entropy,
    fit_normal,
    kl_divergence,
    negative_log_likelihood,
    normal_kl_divergence,
    normal_nll,
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
        lambda t: normal_nll(x, t[0], np.exp(t[1])), [0.0, 0.0], method="BFGS",
        options={"gtol": 1e-10},
    )  # fmt: skip
    assert res.x[0] == pytest.approx(x.mean(), abs=1e-5)
    assert np.exp(2 * res.x[1]) == pytest.approx(x.var(ddof=0), rel=1e-5)
    assert x.var(ddof=0) < x.var(ddof=1)  # the MLE is the biased (1/n) variance
    mu, sigma = fit_normal(x)
    assert normal_nll(x, mu, sigma) <= res.fun + 1e-12


DIE = np.array([0.3, 0.25, 0.2, 0.1, 0.1, 0.05])


def p_unseen(p, n):
    """Inclusion-exclusion {eq}`eq-mle-unseen`, summed exactly rounded as in chapter 4."""
    k = len(p)
    sets = [list(a) for r in range(1, k + 1) for a in itertools.combinations(range(k), r)]
    return math.fsum((-1) ** (len(a) + 1) * (1 - math.fsum(p[a])) ** n for a in sets)


def count_vectors(n, k):
    """Every vector of k non-negative counts that add up to n."""
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in count_vectors(n - first, k - 1):
            yield (first, *rest)


def multinomial_pmf(counts, p):
    coef = math.factorial(sum(counts))
    for c in counts:
        coef //= math.factorial(c)
    return mpmath.mpf(coef) * mpmath.fprod(
        mpmath.mpf(float(pi)) ** c for pi, c in zip(p, counts, strict=True)
    )


@pytest.mark.claim("eq-mle-unseen")
@pytest.mark.parametrize("n", [1, 3, 6, 9])
def test_probability_of_an_unseen_outcome_matches_exact_enumeration(n):
    p = np.array([0.5, 0.3, 0.15, 0.05])
    exact = math.fsum(float(multinomial_pmf(c, p)) for c in count_vectors(n, p.size) if min(c) == 0)
    assert p_unseen(p, n) == pytest.approx(exact, rel=1e-12)


@pytest.mark.claim("eq-mle-unseen", "eq-mle-kl-rate")
def test_an_unseen_face_has_positive_probability_at_every_n_so_the_mean_kl_is_infinite():
    # The unconditional mean divergence of the categorical MLE is +inf for every n: a face is
    # missed with positive probability, and then the divergence is infinite.
    for n in (10, 100, 1000, 10_000):
        assert p_unseen(DIE, n) > 0
    assert p_unseen(DIE, 10_000) == pytest.approx(0.95**10_000, rel=1e-9)  # face 6 dominates
    assert kl_divergence(DIE, np.array([0.3, 0.3, 0.2, 0.1, 0.1, 0.0])) == np.inf
    rng = np.random.default_rng(7)
    for n, runs in ((10, 20_000), (30, 20_000)):
        freq = rng.multinomial(n, DIE, size=runs) / n
        infinite = np.isinf(kl_divergence(np.broadcast_to(DIE, freq.shape), freq))
        share, prob = infinite.mean(), p_unseen(DIE, n)
        assert abs(share - prob) < 4 * math.sqrt(prob * (1 - prob) / runs)


@pytest.mark.claim("eq-mle-kl-rate")
@pytest.mark.parametrize("n", [300, 3000])
def test_divergence_to_the_fitted_model_falls_like_d_over_2n_given_every_face_seen(n):
    rng = np.random.default_rng(n)
    runs = 2000
    mu, sigma = fit_normal(rng.normal(2.0, 1.5, size=(runs, n)), axis=1)
    gauss = normal_kl_divergence(2.0, 1.5, mu, sigma).mean()
    assert gauss == pytest.approx(2 / (2 * n), rel=0.1)  # d = 2
    freq = rng.multinomial(n, DIE, size=runs) / n
    d = kl_divergence(np.broadcast_to(DIE, freq.shape), freq)
    seen = np.isfinite(d)
    assert d[seen].mean() == pytest.approx(5 / (2 * n), rel=0.1)  # d = K - 1 = 5


@pytest.mark.claim("eq-mle-density-ce")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), [(2.0, 1.5, 0.0, 1.0), (0.3, 0.2, 1.0, 3.0)])
def test_expected_nll_of_a_density_is_differential_entropy_plus_kl(mu1, s1, mu2, s2):
    def integrand(x):  # -p(x) log q(x), to 30 digits
        log_q = -mpmath.log(s2 * mpmath.sqrt(2 * mpmath.pi)) - (x - mu2) ** 2 / (2 * s2**2)
        return -mpmath.npdf(x, mu1, s1) * log_q

    with mpmath.workdps(30):
        expected_nll = mpmath.quad(integrand, [-mpmath.inf, mu1, mpmath.inf])
    h_p = 0.5 * math.log(2 * math.pi * math.e * s1**2)
    kl = normal_kl_divergence(mu1, s1, mu2, s2)
    assert float(expected_nll) == pytest.approx(h_p + kl, rel=1e-12)
    # The average NLL of a sample is an unbiased estimate of it: its mean over many samples.
    rng = np.random.default_rng(3)
    x = rng.normal(mu1, s1, size=(4000, 25))
    nll = -scipy.stats.norm.logpdf(x, mu2, s2).mean(axis=1)
    se = nll.std() / math.sqrt(nll.size)
    assert abs(nll.mean() - (h_p + kl)) < 4 * se


@pytest.mark.claim("eq-mle-fresh-unbiased")
@given(st.integers(2, 4), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_loss_of_a_fixed_model_on_fresh_data_is_unbiased_for_the_cross_entropy(k, n, seed):
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
    with mpmath.workdps(30):
        expected = mpmath.fsum(
            multinomial_pmf(c, p) * mpmath.mpf(float(cross_entropy(np.array(c) / n, q)))
            for c in count_vectors(n, k)
        )
    assert float(expected) == pytest.approx(cross_entropy(p, q), rel=1e-12)


@pytest.mark.claim("eq-mle-optimism")
@pytest.mark.parametrize("n", [500, 2000])
def test_training_loss_is_optimistic_by_d_over_2n_exactly_for_a_coin(n):
    # Exact expectations over the binomial distribution of the number of heads (d = 1).
    p = 0.3
    h_p = entropy([p, 1 - p])
    heads = np.arange(n + 1)
    pmf = scipy.stats.binom.pmf(heads, n, p)
    freq = np.c_[heads / n, 1 - heads / n]
    train = math.fsum(pmf * entropy(freq))
    inner = slice(1, n)  # both outcomes seen: the fresh-data loss is finite
    fresh_ce = cross_entropy(np.broadcast_to([p, 1 - p], freq[inner].shape), freq[inner])
    fresh = math.fsum(pmf[inner] * fresh_ce) / math.fsum(pmf[inner])
    assert h_p - train == pytest.approx(1 / (2 * n), rel=0.02)
    assert fresh - h_p == pytest.approx(1 / (2 * n), rel=0.02)


@pytest.mark.claim("eq-mle-optimism")
def test_training_loss_is_optimistic_by_d_over_2n_for_a_die_and_a_gaussian():
    rng = np.random.default_rng(11)
    n, runs = 300, 20_000
    freq = rng.multinomial(n, DIE, size=runs) / n
    gap = entropy(DIE) - entropy(freq).mean()
    assert gap == pytest.approx(5 / (2 * n), rel=0.1)
    x = rng.normal(2.0, 1.5, size=(runs, n))
    mu, sigma = fit_normal(x, axis=1)
    train = 0.5 * np.log(2 * np.pi * np.e * sigma**2)  # L_n at the MLE
    h_p = 0.5 * math.log(2 * math.pi * math.e * 1.5**2)
    assert h_p - train.mean() == pytest.approx(2 / (2 * n), rel=0.1)
    fresh = h_p + normal_kl_divergence(2.0, 1.5, mu, sigma)
    assert fresh.mean() - h_p == pytest.approx(2 / (2 * n), rel=0.1)


@pytest.mark.claim("eq-mle-gaussian-ce")
def test_gaussian_cross_entropy_is_mean_negative_logpdf(rng):
    x = rng.normal(1.0, 2.0, size=500)
    for mu, sigma in zip(np.linspace(-2, 3, 7), np.linspace(0.3, 4.0, 7), strict=True):
        ref = -scipy.stats.norm.logpdf(x, mu, sigma).mean()
        assert normal_nll(x, mu, sigma) == pytest.approx(ref, rel=1e-12)


@pytest.mark.claim("eq-mle-ce")
@given(st.lists(st.integers(0, 3), min_size=1, max_size=300))
def test_mean_nll_is_cross_entropy_of_empirical_distribution(samples):
    q = np.array([0.1, 0.2, 0.3, 0.4])
    nll = negative_log_likelihood(q[np.array(samples)])
    ce = cross_entropy(empirical_distribution(samples, support=range(4)), q)
    assert nll == pytest.approx(ce, rel=1e-12)


@pytest.mark.claim("eq-mle-gaussian-ce")
@given(
    st.lists(st.floats(-50, 50), min_size=1, max_size=40),
    st.floats(-10, 10),
    st.floats(0.1, 10),
)
def test_gaussian_training_loss_depends_on_the_data_only_through_mean_and_variance(xs, mu, sigma):
    # the chapter's closed form: 1/2 log(2 pi sigma^2) + (v + (xbar - mu)^2) / (2 sigma^2)
    x = np.array(xs)
    xbar = math.fsum(xs) / len(xs)
    v = math.fsum((xi - xbar) ** 2 for xi in xs) / len(xs)
    closed = 0.5 * math.log(2 * math.pi * sigma**2) + (v + (xbar - mu) ** 2) / (2 * sigma**2)
    direct = -math.fsum(scipy.stats.norm.logpdf(x, mu, sigma).tolist()) / len(xs)
    assert direct == pytest.approx(closed, rel=1e-9, abs=1e-9)


@pytest.mark.claim("eq-mle-softmax-gradient")
@given(st.lists(st.floats(-20, 20), min_size=2, max_size=8), st.integers(0, 2**32 - 1))
def test_gradient_of_the_cross_entropy_in_the_logits_is_q_minus_p_hat(z, seed):
    z = np.array(z)
    p_hat = np.random.default_rng(seed).dirichlet(np.ones(z.size))
    h = 1e-6
    numeric = [
        (cross_entropy(p_hat, softmax(z + h * e)) - cross_entropy(p_hat, softmax(z - h * e)))
        / (2 * h)
        for e in np.eye(z.size)
    ]
    assert np.allclose(numeric, softmax(z) - p_hat, atol=1e-6)


@pytest.mark.claim("thm-mle-min-ce")
def test_softmax_fit_is_unique_only_as_a_distribution_and_may_not_exist():
    p_hat = np.array([0.5, 0.3, 0.2, 0.0])
    z = np.array([0.3, -1.0, 2.0, 0.5])
    assert np.allclose(softmax(z + 7.0), softmax(z), rtol=1e-12)  # a line of minimisers
    fit = scipy.optimize.minimize(lambda w: cross_entropy(p_hat, softmax(w)), np.zeros(4))
    q = softmax(fit.x)
    assert fit.success  # reported success ...
    assert 0 < q[3] < 1e-4  # ... at a point that is not the infimum q = p_hat
    assert cross_entropy(p_hat, q) > entropy(p_hat)
    # and the infimum, H(p_hat), is approached but not attained by finite logits
    # (the excess divergence is log(1 + e^-depth) > 0, for every finite depth)
    for depth in (10.0, 20.0):  # (deeper, e^-depth is below the rounding of q's other entries)
        w = np.log(np.where(p_hat > 0, p_hat, 1.0))
        w[3] = -depth
        excess = kl_divergence(p_hat, softmax(w))
        assert excess > 0
        assert excess == pytest.approx(math.log1p(math.exp(-depth)), rel=1e-6)


@pytest.mark.claim("thm-mle-consistent")
def test_pinsker_proof_of_consistency_on_a_finite_set(rng):
    # A one-parameter family containing p: Binomial(4, theta), fitted by maximum likelihood
    # (theta_hat = mean / 4). Each step of the proof holds sample by sample, and the fit
    # approaches p as n grows.
    support = np.arange(5)
    family = lambda t: scipy.stats.binom.pmf(support, 4, t)  # noqa: E731
    p = family(0.3)
    worst = []
    for n in (50, 500, 5000, 50000):
        tv_fit = []
        for _ in range(200):
            x = rng.binomial(4, 0.3, size=n)
            p_hat = empirical_distribution(x, support=support)
            q_fit = family(x.mean() / 4)
            d_fit, d_true = kl_divergence(p_hat, q_fit), kl_divergence(p_hat, p)
            assert d_fit <= d_true + 1e-12  # ML: q_fit is closest to p_hat
            tv_hat_fit = 0.5 * np.abs(p_hat - q_fit).sum()
            assert tv_hat_fit <= math.sqrt(d_fit / 2) + 1e-12  # Pinsker
            tv = 0.5 * np.abs(q_fit - p).sum()
            assert tv <= 0.5 * np.abs(p_hat - p).sum() + math.sqrt(d_true / 2) + 1e-12
            tv_fit.append(tv)
        worst.append(max(tv_fit))
    assert worst[-1] < worst[0] / 10 and worst[-1] < 0.01


@pytest.mark.claim("eq-mle-optimism-exact")
@pytest.mark.parametrize("n", [5, 10, 100])
def test_gaussian_training_loss_and_fresh_loss_bracket_the_entropy_exactly(n):
    # v ~ sigma^2 chi2_{n-1} / n: E log v = log sigma^2 + psi((n-1)/2) + log(2/n), so
    # E L_n(theta_hat) = h - 1/2 + 1/2 E log(v / sigma^2) + 1/2, below h; and E D(p || q_hat)
    # (finite for n > 3) is positive.
    sigma = 1.5
    h = 0.5 * math.log(2 * math.pi * math.e * sigma**2)
    e_log_ratio = float(mpmath.digamma((n - 1) / 2)) + math.log(2 / n)
    e_train = 0.5 * math.log(2 * math.pi * sigma**2) + 0.5 * e_log_ratio + 0.5
    e_kl = (n + 1) / (2 * (n - 3)) + 0.5 * e_log_ratio - 0.5
    assert e_train < h < h + e_kl
    # the closed forms against a simulation of the fit
    rng = np.random.default_rng(n)
    x = rng.normal(2.0, sigma, size=(40_000, n))
    mu, s = fit_normal(x, axis=1)
    # at its own fit the Gaussian's training loss is 1/2 log(2 pi s^2) + 1/2
    assert np.mean(0.5 * np.log(2 * np.pi * s**2) + 0.5) == pytest.approx(e_train, abs=5e-3)
    assert normal_kl_divergence(2.0, sigma, mu, s).mean() == pytest.approx(e_kl, rel=0.05)


@pytest.mark.claim("eq-mle-optimism-exact")
@pytest.mark.parametrize("n", [10, 100, 5000])
def test_plug_in_entropy_is_low_on_average_yet_below_the_truth_only_about_half_the_time(n):
    # Exact binomial sums for a coin with p = 0.3: E H(p_hat) <= H(p), by about 1/(2n), while
    # at n = 5000 the spread (about 5.5e-3) dwarfs the bias and P(H(p_hat) < H(p)) is below 1/2.
    heads = np.arange(n + 1)
    pmf = scipy.stats.binom.pmf(heads, n, 0.3)
    h_sample = np.array([entropy([k / n, 1 - k / n]) for k in heads])
    h_true = entropy([0.3, 0.7])
    bias = h_true - pmf @ h_sample
    assert bias > 0
    if n == 5000:
        assert bias == pytest.approx(1 / (2 * n), rel=0.05)
        spread = math.sqrt(pmf @ (h_sample - pmf @ h_sample) ** 2)
        assert spread > 50 * bias
        below = pmf[h_sample < h_true].sum()
        assert 0.48 < below < 0.5
