"""The claims of chapter 8 (cross-entropy in modern machine learning), checked numerically."""

import itertools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from conftest import logit_arrays, prob_vectors
from infoloss import (
    bits_per_byte,
    distillation_gradient,
    distillation_loss,
    entropy,
    focal_minimizer,
    focal_minimizer_inverse,
    gaussian_log_density_ratio,
    gaussian_mutual_information,
    info_nce_bound,
    kl_divergence,
    kl_regularized_objective,
    logit_adjustment,
    ngram_log_probs,
    soft_targets,
    softmax,
    tilted_distribution,
)

# --- distillation ------------------------------------------------------------------------


@pytest.mark.claim("eq-modern-distill-split")
@given(logit_arrays(scale=20.0), st.floats(0.5, 10.0), st.integers(0, 2**31))
def test_distillation_cross_entropy_is_teacher_entropy_plus_kl(zt, t, seed):
    zs = np.random.default_rng(seed).normal(scale=5.0, size=zt.shape)
    ce = distillation_loss(zs, zt, t, "cross_entropy", "none")
    kl = distillation_loss(zs, zt, t, "kl", "none")
    h = entropy(soft_targets(zt, t))
    assert np.allclose(ce, h + kl, rtol=1e-10, atol=1e-12)


@pytest.mark.claim("eq-modern-distill-grad")
def test_distillation_gradient_is_q_minus_p_over_t_by_finite_differences():
    rng = np.random.default_rng(11)
    zs, zt = rng.normal(size=(3, 4)), 2 * rng.normal(size=(3, 4))
    for t in (0.5, 1.0, 4.0, 10.0):
        expected = (soft_targets(zs, t) - soft_targets(zt, t)) / t
        got = distillation_gradient(zs, zt, t)
        assert np.allclose(got, expected, rtol=1e-13, atol=1e-16)
        for divergence in ("cross_entropy", "kl"):
            fd = np.zeros_like(zs)
            for idx in np.ndindex(zs.shape):
                step = np.zeros_like(zs)
                step[idx] = 1e-6
                fd[idx] = (
                    distillation_loss(zs + step, zt, t, divergence, "sum")
                    - distillation_loss(zs - step, zt, t, divergence, "sum")
                ) / 2e-6
            assert np.allclose(got, fd, rtol=1e-6, atol=1e-9)


@pytest.mark.claim("eq-modern-distill-high-t")
def test_t_squared_gradient_tends_to_centred_logit_difference_over_k():
    rng = np.random.default_rng(12)
    zs, zt = rng.normal(size=(2, 5)), 3 * rng.normal(size=(2, 5))
    delta = zs - zt
    limit = (delta - delta.mean(axis=1, keepdims=True)) / 5
    errors = []
    for t in (1e1, 1e2, 1e3):
        scaled = t**2 * distillation_gradient(zs, zt, t)
        errors.append(np.max(np.abs(scaled - limit)))
    assert errors[-1] < 1e-2 * np.max(np.abs(limit))
    assert errors[0] > errors[1] > errors[2]  # the O(1/T) remainder shrinks
    assert errors[1] / errors[2] == pytest.approx(10, rel=0.05)


# --- InfoNCE -----------------------------------------------------------------------------


@pytest.mark.claim("thm-modern-infonce-bound")
@pytest.mark.parametrize("info", [0.5, 3.0])
def test_info_nce_bound_is_below_mutual_information_and_log_n(info):
    rng = np.random.default_rng(13)
    rho = math.sqrt(-math.expm1(-2 * info))
    for n in (2, 8, 64, 256):
        critics = {
            "optimal": lambda x, y: gaussian_log_density_ratio(x[:, None], y[None, :], rho),
            "bilinear": lambda x, y: 2.0 * x[:, None] * y[None, :],
            "half": lambda x, y: 0.5 * gaussian_log_density_ratio(x[:, None], y[None, :], rho),
        }
        for critic in critics.values():
            values = []
            for _ in range(max(20, 2048 // n)):
                x = rng.standard_normal(n)
                y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(n)
                b = float(info_nce_bound(critic(x, y)))
                assert b <= math.log(n) + 1e-12
                values.append(b)
            mean, se = np.mean(values), np.std(values) / math.sqrt(len(values))
            assert mean <= info + 4 * se
    # and it is tight with the optimal critic when log N is well above I
    if info < 1:
        x = rng.standard_normal(1024)
        y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(1024)
        s = gaussian_log_density_ratio(x[:, None], y[None, :], rho)
        assert float(info_nce_bound(s)) == pytest.approx(info, abs=0.1)


def test_info_nce_is_the_cross_entropy_with_the_diagonal_as_labels():
    s = np.random.default_rng(14).normal(size=(5, 5))
    exact = [
        float(mp.log(mp.fsum(mp.e ** mp.mpf(v) for v in row)) - row[i]) for i, row in enumerate(s)
    ]
    assert math.log(5) - info_nce_bound(s) == pytest.approx(np.mean(exact), rel=1e-13)


@pytest.mark.claim("eq-modern-gauss-mi")
@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9, -0.99])
def test_gaussian_mutual_information_is_the_entropy_difference(rho):
    joint = scipy.stats.multivariate_normal(cov=[[1.0, rho], [rho, 1.0]]).entropy()
    expected = 2 * scipy.stats.norm.entropy() - joint
    assert float(gaussian_mutual_information(rho)) == pytest.approx(expected, rel=1e-12)


@pytest.mark.claim("eq-modern-gauss-critic")
@given(st.floats(-4, 4), st.floats(-4, 4), st.floats(-0.999, 0.999))
def test_optimal_critic_is_the_log_density_ratio(x, y, rho):
    joint = scipy.stats.multivariate_normal(cov=[[1.0, rho], [rho, 1.0]]).logpdf([x, y])
    ratio = joint - scipy.stats.norm.logpdf(x) - scipy.stats.norm.logpdf(y)
    assert float(gaussian_log_density_ratio(x, y, rho)) == pytest.approx(ratio, rel=1e-8, abs=1e-8)


# --- language models as compressors ------------------------------------------------------


def _exact_conditionals(train, text, order, alphabet, beta):
    """Exact rational q(. | h) at each position of `text` (read after `train`), eq-modern-ngram."""
    beta = Fraction(beta)
    grams = [
        {g: sum(1 for m in range(j, len(train)) if train[m - j : m + 1] == g) for g in
         {train[m - j : m + 1] for m in range(j, len(train))}}
        for j in range(order)
    ]  # fmt: skip
    full = train[-(order - 1) :] + text if order > 1 else text
    start = len(full) - len(text)
    out = []
    for i in range(len(text)):
        pos = start + i
        dist = {}
        for c in alphabet:
            q = Fraction(1, len(alphabet))
            for j in range(min(order, pos + 1)):
                h = full[pos - j : pos]
                n_hc = grams[j].get(h + c, 0)
                n_h = sum(n for g, n in grams[j].items() if g[:-1] == h)
                q = (n_hc + beta * q) / (n_h + beta)
            dist[c] = q
        out.append(dist)
    return out


def _arithmetic_codeword(train, text, order, alphabet, beta):
    """The arithmetic (Shannon-Fano-Elias) codeword of `text`: its bits and P = q(text)."""
    low, width = Fraction(0), Fraction(1)
    for c, dist in zip(text, _exact_conditionals(train, text, order, alphabet, beta), strict=True):
        low += width * sum(dist[a] for a in alphabet if a < c)
        width *= dist[c]
    length = math.ceil(-math.log2(width)) + 1
    value = math.ceil(low * 2**length)  # the first dyadic point of this length at or above low
    assert Fraction(value + 1, 2**length) <= low + width  # its whole interval is inside
    return format(value, f"0{length}b"), width


@pytest.mark.claim("eq-modern-arithmetic")
@pytest.mark.parametrize("order", [1, 2, 3])
def test_arithmetic_code_is_prefix_free_and_within_two_bits(order):
    train, alphabet = "abacabcaabbc", "abc"
    codes = {}
    for letters in itertools.product(alphabet, repeat=3):
        text = "".join(letters)
        bits, p = _arithmetic_codeword(train, text, order, alphabet, 2)
        total = -math.log2(p)
        assert len(bits) < total + 2
        # the surprisal is the helper's: the sum of -log2 q(x_i | x_<i)
        logs = ngram_log_probs(train, text, order, alphabet, 2.0, base=2)
        assert -logs.sum() == pytest.approx(total, rel=1e-12)
        codes[text] = bits
    words = list(codes.values())
    for a, b in itertools.permutations(words, 2):
        assert not b.startswith(a)  # no codeword is a prefix of another
    assert sum(2.0 ** -len(w) for w in words) <= 1.0


@pytest.mark.claim("eq-modern-bits-per-byte")
def test_bits_per_byte_is_the_same_for_every_tokenisation_of_one_model():
    train = "to be, or not to be, that is the question: " * 3
    test = "whether 'tis nobler in the mind to suffer"
    logs = ngram_log_probs(train, test, 3, base=None)  # nats
    total_bits = -logs.sum() / math.log(2)
    n_bytes = len(test.encode("utf-8"))
    for size in (1, 2, 5, 7):  # fixed-width chunks of characters as tokens
        chunks = [logs[i : i + size].sum() for i in range(0, len(test), size)]
        per_token = -np.mean(chunks)
        got = float(bits_per_byte(per_token, len(chunks), n_bytes))
        assert got == pytest.approx(total_bits / n_bytes, rel=1e-12)
        assert got == pytest.approx(len(chunks) / n_bytes * per_token / math.log(2), rel=1e-13)


# --- imbalanced classes ------------------------------------------------------------------


@pytest.mark.claim("eq-modern-weighted-risk")
@given(prob_vectors(min_size=2, max_size=6), st.integers(0, 2**31))
def test_weighted_risk_is_a_scaled_cross_entropy(p, seed):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 10, size=p.size)
    q = rng.dirichlet(np.ones(p.size))
    z = float(np.sum(w * p))
    p_tilde = w * p / z
    lhs = float(np.sum(p * w * -np.log(q)))
    rhs = z * float(-np.sum(p_tilde * np.log(q)))
    assert lhs == pytest.approx(rhs, rel=1e-12)


@pytest.mark.claim("thm-modern-weighted")
@given(prob_vectors(min_size=2, max_size=6, allow_zeros=False), st.integers(0, 2**31))
def test_weighted_cross_entropy_is_minimised_by_the_reweighted_posterior(p, seed):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 10, size=p.size)
    best = w * p / np.sum(w * p)  # the theorem's q*

    def risk(q):
        return float(np.sum(p * w * -np.log(q)))

    for _ in range(20):
        other = rng.dirichlet(np.ones(p.size))
        assert risk(best) <= risk(other) + 1e-12
        # small perturbations around the optimum cost more too (a strict minimum)
        near = best + 1e-3 * (other - best)
        assert risk(best) < risk(near) or np.allclose(near, best)


@pytest.mark.claim("eq-modern-logit-adjust")
@given(logit_arrays(scale=10.0), st.integers(0, 2**31))
def test_logit_adjustment_recovers_the_posterior(z, seed):
    w = np.random.default_rng(seed).uniform(0.1, 10, size=z.shape[1])
    p = softmax(z)
    shifted_logits = z + np.log(w)  # a model that reached the reweighted posterior
    reweighted = w * p / np.sum(w * p, axis=-1, keepdims=True)
    assert np.allclose(softmax(shifted_logits), reweighted, rtol=1e-9, atol=1e-300)
    assert np.allclose(softmax(logit_adjustment(shifted_logits, w)), p, rtol=1e-9, atol=1e-300)


@pytest.mark.claim("eq-modern-focal-risk")
@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0])
def test_focal_risk_is_the_expected_focal_loss_and_focal_minimizer_minimises_it(gamma):
    for p in (0.2, 0.6, 0.95):
        q = np.linspace(0.001, 0.999, 9981)
        s = p * (1 - q) ** gamma * -np.log(q) + (1 - p) * q**gamma * -np.log(1 - q)
        # eq-modern-focal: the loss -(1 - q_y)^gamma log q_y of each outcome
        y1, y0 = -((1 - q) ** gamma) * np.log(q), -(q**gamma) * np.log1p(-q)
        assert np.allclose(s, p * y1 + (1 - p) * y0, rtol=1e-13)
        assert float(focal_minimizer(p, gamma)) == pytest.approx(q[np.argmin(s)], abs=2e-4)


@pytest.mark.claim("eq-modern-focal-pull")
@pytest.mark.parametrize("gamma", [0.25, 0.5, 1.0, 2.0, 3.0, 5.0])
def test_focal_minimiser_lies_between_one_half_and_the_truth(gamma):
    p = np.concatenate([np.linspace(0.501, 0.999, 250), [1 - 1e-6, 1 - 1e-9]])
    q = focal_minimizer(p, gamma)
    assert np.all(q > 0.5) and np.all(q < p)
    assert np.all(np.diff(q) > 0)  # and increasing: a monotone distortion of the truth
    low = focal_minimizer(1 - p, gamma)
    assert np.allclose(low, 1 - q, rtol=1e-9)
    assert np.array_equal(focal_minimizer(p, 0.0), p)  # gamma = 0: cross-entropy is proper


@pytest.mark.claim("eq-modern-focal-pull")
@pytest.mark.parametrize("gamma", [0.05, 0.1, 10.0, 20.0])
def test_focal_minimiser_is_pulled_towards_one_half_for_small_and_large_gamma(gamma):
    # the claim is for every gamma > 0; checked against a direct grid search of eq-modern-focal-risk
    q_grid = np.linspace(1e-6, 1 - 1e-6, 400001)
    for p in (0.501, 0.55, 0.7, 0.9, 0.99):
        risk = p * (1 - q_grid) ** gamma * -np.log(q_grid) + (1 - p) * q_grid**gamma * -np.log1p(
            -q_grid
        )
        best = q_grid[np.argmin(risk)]
        q = float(focal_minimizer(p, gamma))
        assert q == pytest.approx(best, abs=1e-5)
        assert 0.5 < q < p


# --- KL penalty ----------------------------------------------------------------------------


@pytest.mark.claim("thm-modern-tilted")
@given(
    prob_vectors(min_size=2, max_size=6, allow_zeros=False),
    st.floats(0.05, 20.0),
    st.integers(0, 2**31),
)
def test_tilted_reference_maximises_the_penalised_reward(q_ref, beta, seed):
    rng = np.random.default_rng(seed)
    r = rng.normal(scale=2.0, size=q_ref.size)
    best = tilted_distribution(q_ref, r, beta)
    top = float(kl_regularized_objective(best, q_ref, r, beta))
    with mp.workdps(40):
        log_z = mp.log(
            mp.fsum(mp.mpf(a) * mp.e ** (mp.mpf(b) / beta) for a, b in zip(q_ref, r, strict=True))
        )
    assert top == pytest.approx(beta * float(log_z), rel=1e-9, abs=1e-12)
    for _ in range(20):
        other = rng.dirichlet(np.ones(q_ref.size))
        value = float(kl_regularized_objective(other, q_ref, r, beta))
        assert value < top + 1e-12
        # unique: every other q falls short by beta KL(q || q*), strictly positive for q != q*
        shortfall = beta * float(kl_divergence(other, best))
        assert top - value == pytest.approx(shortfall, rel=1e-6, abs=1e-9)
        assert shortfall > 0


@pytest.mark.claim("thm-modern-tilted")
def test_mass_outside_the_reference_support_makes_the_objective_minus_infinity():
    q_ref = np.array([0.4, 0.25, 0.15, 0.12, 0.08, 0.0])
    r = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 5.0])
    leaky = np.array([0.2, 0.2, 0.2, 0.2, 0.1, 0.1])  # puts mass on the sixth, top-reward answer
    for beta in (10.0, 1.0, 0.1):
        assert float(kl_regularized_objective(leaky, q_ref, r, beta)) == -math.inf
        best = tilted_distribution(q_ref, r, beta)
        top = float(kl_regularized_objective(best, q_ref, r, beta))
        log_z = math.log(math.fsum(q_ref * np.exp(r / beta)))
        assert top == pytest.approx(beta * log_z, rel=1e-12)


def test_tilted_reference_never_leaves_the_reference_support():
    q_ref = np.array([0.4, 0.25, 0.15, 0.12, 0.08, 0.0])
    r = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 5.0])
    for beta in (10.0, 1.0, 0.1, 0.01):
        assert tilted_distribution(q_ref, r, beta)[-1] == 0.0


@pytest.mark.claim("eq-modern-tilted-identity")
@given(
    prob_vectors(min_size=2, max_size=6, allow_zeros=False),
    st.floats(0.1, 10.0),
    st.integers(0, 2**31),
)
def test_penalised_reward_is_log_partition_minus_kl_to_the_optimum(q_ref, beta, seed):
    rng = np.random.default_rng(seed)
    r = rng.normal(size=q_ref.size)
    q = rng.dirichlet(np.ones(q_ref.size))
    best = tilted_distribution(q_ref, r, beta)
    log_z = float(np.log(np.sum(q_ref * np.exp(r / beta))))
    lhs = float(kl_regularized_objective(q, q_ref, r, beta))
    rhs = beta * log_z - beta * float(kl_divergence(q, best))
    assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-10)


@pytest.mark.claim("eq-modern-focal-inverse")
@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0, 5.0])
def test_the_closed_form_inverse_maps_the_focal_minimiser_back_to_the_truth(gamma):
    for p in (0.05, 0.3, 0.6, 0.7, 0.9, 0.99):
        q = float(focal_minimizer(p, gamma))
        assert abs(q - p) > 1e-3  # the minimiser is distorted ...
        assert float(focal_minimizer_inverse(q, gamma)) == pytest.approx(p, rel=1e-8)  # exactly


@pytest.mark.claim("eq-modern-focal-inverse")
@given(st.floats(0.01, 0.99), st.floats(0.1, 6.0))
def test_the_focal_inverse_is_the_stationarity_condition_of_the_focal_risk(q, gamma):
    # at p = b / (a + b) the derivative of eq-modern-focal-risk in q vanishes (to the rounding
    # of p: the derivative is p d1 + (1 - p) d0, d1 and d0 those of the two outcomes' losses)
    with mp.workdps(40):
        p, qm, g = mp.mpf(float(focal_minimizer_inverse(q, gamma))), mp.mpf(q), mp.mpf(gamma)
        d1 = mp.diff(lambda x: (1 - x) ** g * -mp.log(x), qm)
        d0 = mp.diff(lambda x: x**g * -mp.log(1 - x), qm)
        assert abs(p * d1 + (1 - p) * d0) <= 1e-13 * (abs(d1) + abs(d0))
