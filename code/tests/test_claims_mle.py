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

import infoloss as il

DIE = np.array([0.3, 0.25, 0.2, 0.1, 0.1, 0.05])


def p_unseen(p, n):
    """Inclusion-exclusion {eq}`eq-mle-unseen`, summed exactly rounded as in chapter 4."""
    sets = [list(a) for r in range(1, len(p) + 1) for a in itertools.combinations(range(len(p)), r)]
    return math.fsum((-1) ** (len(a) + 1) * (1 - math.fsum(p[a])) ** n for a in sets)


def multinomial(n, p):
    """(counts, probability) for every vector of len(p) counts that add up to n."""
    for c in itertools.product(range(n + 1), repeat=len(p)):
        if sum(c) == n:
            coef = math.factorial(n) // math.prod(math.factorial(k) for k in c)
            yield np.array(c), coef * math.prod(a**k for a, k in zip(p, c, strict=True))


@pytest.mark.claim("eq-mle-log-likelihood", "eq-mle-argmax")
def test_log_likelihood_is_a_sum_of_logs_that_survives_underflow_and_keeps_the_argmax(rng):
    heads = rng.random(5000) < 0.3
    probs = np.where(heads, 0.3, 0.7)
    assert np.prod(probs) == 0.0  # a few thousand factors: exactly zero in float64
    exact = heads.sum() * math.log(0.3) + (5000 - heads.sum()) * math.log(0.7)
    assert -il.negative_log_likelihood(probs, reduction="sum") == pytest.approx(exact, rel=1e-12)
    thetas = np.linspace(0.001, 0.999, 999)
    q = np.where(heads[:400, None], thetas, 1 - thetas)  # 400 flips: no underflow yet
    mean_log_lik = -il.negative_log_likelihood(q, reduction="none").mean(axis=0)
    assert q.prod(axis=0).max() > 0 and np.argmax(mean_log_lik) == np.argmax(q.prod(axis=0))


@pytest.mark.claim("eq-mle-ce")
@given(st.lists(st.integers(0, 5), min_size=1, max_size=400), st.integers(0, 2**32 - 1))
def test_average_log_likelihood_is_minus_the_cross_entropy_line_by_line(samples, seed):
    q = np.random.default_rng(seed).dirichlet(np.ones(6))
    x = np.array(samples)
    p_hat = il.empirical_distribution(x, support=range(6))
    average_log_likelihood = -il.negative_log_likelihood(q[x])
    line2 = sum(np.count_nonzero(x == k) / x.size * np.log(q[k]) for k in range(6))
    for value in (np.log(q[x]).mean(), line2, p_hat @ np.log(q), -il.cross_entropy(p_hat, q)):
        assert value == pytest.approx(average_log_likelihood, rel=1e-12, abs=1e-15)


@pytest.mark.claim("thm-mle-min-ce", "eq-mle-categorical")
@pytest.mark.parametrize("seed", range(3))
def test_minimising_cross_entropy_over_the_simplex_gives_the_empirical_frequencies(seed):
    rng = np.random.default_rng(seed)
    x = np.r_[range(5), rng.choice(5, size=495, p=rng.dirichlet(np.ones(5)))]  # all 5 seen
    p_hat = il.empirical_distribution(x, support=range(5))
    loss = lambda a: il.cross_entropy(p_hat, il.softmax(a))  # noqa: E731
    res = scipy.optimize.minimize(loss, np.zeros(5), method="BFGS", options={"gtol": 1e-10})
    assert np.allclose(il.softmax(res.x), p_hat, atol=1e-5)


@pytest.mark.claim("eq-mle-gaussian-ce", "eq-mle-gaussian")
@given(
    st.lists(st.floats(-50, 50), min_size=2, max_size=40), st.floats(-10, 10), st.floats(0.1, 10)
)
def test_gaussian_training_loss_is_smallest_at_the_mean_and_the_biased_variance(xs, mu, sigma):
    """The chapter's closed form, 1/2 log(2 pi sigma^2) + (v + (xbar - mu)^2) / (2 sigma^2),
    depends on the data only through xbar and v (the 1/n variance), and is least there."""
    x, xbar = np.array(xs), math.fsum(xs) / len(xs)
    v = math.fsum((xi - xbar) ** 2 for xi in xs) / len(xs)
    closed = 0.5 * math.log(2 * math.pi * sigma**2) + (v + (xbar - mu) ** 2) / (2 * sigma**2)
    assert il.normal_nll(x, mu, sigma) == pytest.approx(closed, rel=1e-9, abs=1e-9)
    if v > 1e-6:  # (a positive variance: the minimum is finite)
        assert il.fit_normal(x) == pytest.approx((xbar, math.sqrt(v)), rel=1e-9, abs=1e-12)
        assert il.normal_nll(x, *il.fit_normal(x)) <= il.normal_nll(x, mu, sigma) + 1e-12


@pytest.mark.claim("eq-mle-kl-rate")
@pytest.mark.parametrize("n", [300, 3000])
def test_divergence_to_the_fitted_model_falls_like_d_over_2n_given_every_face_seen(n):
    """An unseen face has positive probability at every n (then the divergence is infinite)."""
    assert 0 < p_unseen(DIE, 10_000) == pytest.approx(0.95**10_000, rel=1e-9)  # face 6
    freq = np.random.default_rng(n).multinomial(n, DIE, size=2000) / n
    d = il.kl_divergence(np.broadcast_to(DIE, freq.shape), freq)
    assert d[np.isfinite(d)].mean() == pytest.approx(5 / (2 * n), rel=0.1)  # d = K - 1 = 5


@pytest.mark.claim("eq-mle-density-ce")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), [(2.0, 1.5, 0.0, 1.0), (0.3, 0.2, 1.0, 3.0)])
def test_expected_nll_of_a_density_is_differential_entropy_plus_kl(mu1, s1, mu2, s2):
    def minus_p_log_q(x):
        return -mpmath.npdf(x, mu1, s1) * mpmath.log(mpmath.npdf(x, mu2, s2))

    with mpmath.workdps(30):  # integrated to 30 digits
        expected_nll = mpmath.quad(minus_p_log_q, [-mpmath.inf, mu1, mpmath.inf])
    h_p = 0.5 * math.log(2 * math.pi * math.e * s1**2)
    kl = il.normal_kl_divergence(mu1, s1, mu2, s2)
    assert float(expected_nll) == pytest.approx(h_p + kl, rel=1e-12)


@pytest.mark.claim("eq-mle-unseen", "eq-mle-fresh-unbiased")
@given(st.integers(2, 4), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_exact_enumeration_of_every_sample_of_size_n(k, n, seed):
    """Over every count vector: P(some outcome unseen) is the inclusion-exclusion sum, and the
    loss of a fixed model q on fresh data has mean H(p, q) (it is unbiased)."""
    p, q = np.random.default_rng(seed).dirichlet(np.ones(k), size=2)
    samples = list(multinomial(n, p))
    unseen = math.fsum(prob for c, prob in samples if c.min() == 0)
    assert p_unseen(p, n) == pytest.approx(unseen, rel=1e-12)
    expected = math.fsum(prob * il.cross_entropy(c / n, q) for c, prob in samples)
    assert expected == pytest.approx(il.cross_entropy(p, q), rel=1e-12)


@pytest.mark.claim("eq-mle-optimism")
@pytest.mark.parametrize("n", [500, 2000])
def test_training_loss_is_optimistic_by_d_over_2n_exactly_for_a_coin(n):
    """Exact expectations over the binomial distribution of the number of heads (d = 1)."""
    h_p = il.entropy([0.3, 0.7])
    pmf = scipy.stats.binom.pmf(np.arange(n + 1), n, 0.3)
    freq = np.c_[np.arange(n + 1) / n, 1 - np.arange(n + 1) / n]
    assert h_p - math.fsum(pmf * il.entropy(freq)) == pytest.approx(1 / (2 * n), rel=0.02)
    inner = slice(1, n)  # both outcomes seen: the fresh-data loss is finite
    fresh = il.cross_entropy(np.broadcast_to([0.3, 0.7], freq[inner].shape), freq[inner])
    expected_fresh = math.fsum(pmf[inner] * fresh) / math.fsum(pmf[inner])
    assert expected_fresh - h_p == pytest.approx(1 / (2 * n), rel=0.02)


@pytest.mark.claim("eq-mle-optimism-exact")
@pytest.mark.parametrize("n", [5, 10, 100])
def test_gaussian_training_loss_and_fresh_loss_bracket_the_entropy_exactly(n):
    """v ~ sigma^2 chi2_{n-1} / n: E log v = log sigma^2 + psi((n-1)/2) + log(2/n), so
    E L_n(theta_hat) = h - 1/2 + 1/2 E log(v / sigma^2) + 1/2 lies below h, and
    E D(p || q_hat) (finite for n > 3) is positive; both against a simulation of the fit, whose
    training loss is 1/2 log(2 pi s^2) + 1/2."""
    sigma = 1.5
    h = 0.5 * math.log(2 * math.pi * math.e * sigma**2)
    e_log_ratio = float(mpmath.digamma((n - 1) / 2)) + math.log(2 / n)
    e_train = 0.5 * math.log(2 * math.pi * sigma**2) + 0.5 * e_log_ratio + 0.5
    e_kl = (n + 1) / (2 * (n - 3)) + 0.5 * e_log_ratio - 0.5
    assert e_train < h < h + e_kl
    mu, s = il.fit_normal(np.random.default_rng(n).normal(2.0, sigma, size=(40_000, n)), axis=1)
    assert np.mean(0.5 * np.log(2 * np.pi * s**2) + 0.5) == pytest.approx(e_train, abs=5e-3)
    assert il.normal_kl_divergence(2.0, sigma, mu, s).mean() == pytest.approx(e_kl, rel=0.05)


@pytest.mark.claim("eq-mle-softmax-gradient")
@given(st.lists(st.floats(-20, 20), min_size=2, max_size=8), st.integers(0, 2**32 - 1))
def test_gradient_of_the_cross_entropy_in_the_logits_is_q_minus_p_hat(z, seed):
    p_hat = np.random.default_rng(seed).dirichlet(np.ones(len(z)))
    loss = lambda w: il.cross_entropy(p_hat, il.softmax(w))  # noqa: E731
    numeric = scipy.optimize.approx_fprime(np.array(z), loss, 1e-7)
    assert np.allclose(numeric, il.softmax(z) - p_hat, atol=1e-6)


@pytest.mark.claim("thm-mle-consistent")
def test_pinsker_proof_of_consistency_on_a_finite_set(rng):
    """Binomial(4, theta) fitted by maximum likelihood (theta_hat = mean / 4): the proof's
    bound TV(q_fit, p) <= TV(p_hat, p) + sqrt(D(p_hat || p) / 2) holds sample by sample (ML puts
    q_fit closest to p_hat; then Pinsker), and the fit approaches p as n grows."""
    support = np.arange(5)
    p = scipy.stats.binom.pmf(support, 4, 0.3)
    worst = {}
    for n in (50, 50000):
        for x in rng.binomial(4, 0.3, size=(100, n)):
            p_hat = il.empirical_distribution(x, support=support)
            q_fit = scipy.stats.binom.pmf(support, 4, x.mean() / 4)
            assert il.kl_divergence(p_hat, q_fit) <= il.kl_divergence(p_hat, p) + 1e-12
            tv = 0.5 * np.abs(q_fit - p).sum()
            assert tv <= 0.5 * np.abs(p_hat - p).sum() + math.sqrt(il.kl_divergence(p_hat, p) / 2)
            worst[n] = max(worst.get(n, 0.0), tv)
    assert worst[50000] < worst[50] / 10 and worst[50000] < 0.01


@pytest.mark.claim("eq-mle-optimism-exact")
def test_plug_in_entropy_is_low_on_average_yet_below_the_truth_only_about_half_the_time():
    """Exact binomial sums for a coin with p = 0.3, n = 5000: the bias E H(p) - H(p_hat) is
    about 1/(2n), a fiftieth of the spread, and P(H(p_hat) < H(p)) is just under 1/2."""
    n, heads = 5000, np.arange(5001)
    pmf = scipy.stats.binom.pmf(heads, n, 0.3)
    h_sample = il.entropy(np.c_[heads / n, 1 - heads / n])
    h_true, mean = il.entropy([0.3, 0.7]), pmf @ h_sample
    assert h_true - mean == pytest.approx(1 / (2 * n), rel=0.05)
    assert math.sqrt(pmf @ (h_sample - mean) ** 2) > 50 * (h_true - mean)
    assert 0.48 < pmf[h_sample < h_true].sum() < 0.5


@pytest.mark.claim("thm-mle-min-ce")
def test_an_optimiser_reports_success_where_the_softmax_fit_does_not_exist():
    """With an unseen outcome the infimum H(p_hat) needs an infinite logit: BFGS stops at a
    finite point and says it succeeded."""
    p_hat = np.array([0.5, 0.3, 0.2, 0.0])
    fit = scipy.optimize.minimize(lambda w: il.cross_entropy(p_hat, il.softmax(w)), np.zeros(4))
    q = il.softmax(fit.x)
    assert fit.success and 0 < q[3] < 1e-4
    assert il.cross_entropy(p_hat, q) > il.entropy(p_hat)
