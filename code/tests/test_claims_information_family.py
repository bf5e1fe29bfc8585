"""The claims of chapter 6 (the wider family: densities, joint and conditional entropy, mutual
information, Jensen-Shannon), and statements corrected in its text, checked numerically."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

from conftest import prob_pairs, prob_vectors
from infoloss import (
    conditional_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
    normal_cross_entropy,
    normal_entropy,
    normal_kl_divergence,
)

WEATHER = np.array([[0.40, 0.05, 0.25], [0.05, 0.20, 0.05]])


def test_mutual_information_is_the_divergence_from_the_joint_to_the_product():
    # "the KL divergence from the real table to that independent one": D(p(x, y) || p(x) p(y)).
    product = np.outer(WEATHER.sum(axis=1), WEATHER.sum(axis=0))
    forward = kl_divergence(WEATHER.ravel(), product.ravel())
    reverse = kl_divergence(product.ravel(), WEATHER.ravel())
    assert mutual_information(WEATHER) == pytest.approx(forward, rel=1e-12)
    assert abs(reverse - forward) > 0.01  # the other direction is a different number


def test_equal_entropy_uniform_and_gaussian_compared_by_standard_deviation():
    # Exercise ex-fam-uniform-bits: at h = -3 bits the uniform on [0, 1/8] and the Gaussian with
    # sigma = (1/8) / sqrt(2 pi e); by standard deviation the uniform is sqrt(2 pi e / 12) ~ 1.19
    # times wider (its full width is sqrt(2 pi e) ~ 4.13 times sigma).
    a = 2.0**-3
    sigma = a / math.sqrt(2 * math.pi * math.e)
    assert normal_entropy(sigma, base=2) == pytest.approx(-3.0, rel=1e-12)
    ratio = (a / math.sqrt(12)) / sigma
    assert ratio == pytest.approx(math.sqrt(2 * math.pi * math.e / 12), rel=1e-12)
    assert round(ratio, 2) == 1.19 and round(a / sigma, 2) == 4.13


LOG2 = np.log(2.0)


def quad(f, a=-np.inf, b=np.inf):
    value, _ = integrate.quad(f, a, b, epsabs=1e-12, epsrel=1e-12, limit=200)
    return value


GAUSSIAN_PAIRS = [
    (0.0, 1.0, 0.0, 1.0),
    (0.0, 1.0, 1.0, 1.0),
    (0.3, 0.5, -1.0, 2.0),
    (2.0, 3.0, 0.0, 0.7),
]

gaussian_params = st.tuples(
    st.floats(-5, 5), st.floats(0.05, 20), st.floats(-5, 5), st.floats(0.05, 20)
)


@st.composite
def joint_tables(draw, max_side=5, allow_zeros=True):
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    t = draw(prob_vectors(n=rows * cols, allow_zeros=allow_zeros))
    if allow_zeros:  # (entries below 1e-150: their margins' products would underflow)
        t[t < 1e-150] = 0.0
        t = t / t.sum() if t.sum() > 0 else np.eye(1, rows * cols).ravel()
    return t.reshape(rows, cols)


@st.composite
def joint_pairs(draw, max_side=5):
    """Two tables of one shape; the second strictly positive so every divergence is finite."""
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    p = draw(prob_vectors(n=rows * cols)).reshape(rows, cols)
    q = draw(prob_vectors(n=rows * cols, allow_zeros=False)).reshape(rows, cols)
    return p, q


@st.composite
def prob_triples(draw):
    n = draw(st.integers(1, 8))
    return tuple(draw(prob_vectors(n=n)) for _ in range(3))


@pytest.mark.claim("eq-fam-uniform")
@pytest.mark.parametrize("a", [0.5, 1.0, 3.0])
def test_uniform_entropy_is_log_width_and_negative_below_one(a):
    h = quad(lambda x: -(1 / a) * np.log(1 / a), 0.0, a)
    assert h == pytest.approx(np.log(a), abs=1e-12)
    assert h == pytest.approx(stats.uniform(0, a).entropy(), abs=1e-12)
    if a == 0.5:
        assert h == pytest.approx(-LOG2, abs=1e-12) and h < 0


@pytest.mark.claim("eq-fam-gauss-entropy")
@pytest.mark.parametrize("sigma", [0.1, 1 / np.sqrt(2 * np.pi * np.e), 1.0, 7.5])
def test_gaussian_entropy_matches_quad(sigma):
    f = stats.norm(0.0, sigma)
    h = quad(lambda x: -f.pdf(x) * f.logpdf(x))
    assert normal_entropy(sigma) == pytest.approx(h, abs=1e-9)


@pytest.mark.claim("eq-fam-gauss-entropy")
def test_gaussian_entropy_matches_monte_carlo(rng):
    x = rng.normal(1.0, 2.0, size=200_000)
    s = -stats.norm(1.0, 2.0).logpdf(x)
    se = s.std() / np.sqrt(x.size)
    assert abs(s.mean() - normal_entropy(2.0)) < 4 * se


@pytest.mark.claim("eq-fam-gauss-kl")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS)
def test_gaussian_kl_matches_quad_and_closed_form(mu1, s1, mu2, s2):
    p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
    d = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)))
    closed = np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5
    assert normal_kl_divergence(mu1, s1, mu2, s2) == pytest.approx(d, abs=1e-9)
    assert normal_kl_divergence(mu1, s1, mu2, s2) == pytest.approx(closed, abs=1e-12)


@pytest.mark.claim("eq-fam-gauss-kl")
def test_gaussian_kl_matches_monte_carlo(rng):
    mu1, s1, mu2, s2 = 0.3, 0.5, -1.0, 2.0
    x = rng.normal(mu1, s1, size=200_000)
    ratio = stats.norm(mu1, s1).logpdf(x) - stats.norm(mu2, s2).logpdf(x)
    se = ratio.std() / np.sqrt(x.size)
    assert abs(ratio.mean() - normal_kl_divergence(mu1, s1, mu2, s2)) < 4 * se


@pytest.mark.claim("eq-fam-gauss-ce")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS)
def test_gaussian_cross_entropy_matches_quad_and_closed_form(mu1, s1, mu2, s2):
    p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
    ce = quad(lambda x: -p.pdf(x) * q.logpdf(x))
    closed = 0.5 * np.log(2 * np.pi * s2**2) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2)
    assert normal_cross_entropy(mu1, s1, mu2, s2) == pytest.approx(ce, abs=1e-9)
    assert normal_cross_entropy(mu1, s1, mu2, s2) == pytest.approx(closed, abs=1e-12)


@pytest.mark.claim("eq-fam-gauss-ce")
@given(gaussian_params)
def test_gaussian_cross_entropy_is_entropy_plus_kl_and_minimised_at_truth(params):
    mu1, s1, mu2, s2 = params
    ce = normal_cross_entropy(mu1, s1, mu2, s2)
    h = normal_entropy(s1)
    assert ce == pytest.approx(h + normal_kl_divergence(mu1, s1, mu2, s2), rel=1e-12, abs=1e-12)
    assert ce >= h - 1e-12


@pytest.mark.claim("eq-fam-scaling")
@given(st.floats(0.01, 100), st.floats(1e-3, 1e3), st.floats(-10, 10))
def test_rescaling_shifts_differential_entropy_by_log_scale(sigma, a, b):
    # X ~ N(mu, sigma^2) gives aX + b ~ N(a mu + b, (a sigma)^2): h moves by log a, whatever b
    shifted = normal_entropy(a * sigma)
    assert shifted == pytest.approx(normal_entropy(sigma) + np.log(a), abs=1e-12)


@pytest.mark.claim("eq-fam-scaling")
def test_rescaling_a_uniform_shifts_its_entropy_by_log_scale():
    h = {a: quad(lambda x, a=a: -(1 / a) * np.log(1 / a), 0.0, a) for a in (1.0, 0.5, 4.0)}
    assert h[0.5] == pytest.approx(h[1.0] + np.log(0.5), abs=1e-12)
    assert h[4.0] == pytest.approx(h[1.0] + np.log(4.0), abs=1e-12)


@pytest.mark.claim("eq-fam-kl-invariance")
@given(gaussian_params, st.floats(1e-3, 1e3), st.floats(-10, 10))
def test_kl_is_invariant_under_an_affine_reparametrisation(params, a, b):
    mu1, s1, mu2, s2 = params
    moved = normal_kl_divergence(a * mu1 + b, a * s1, a * mu2 + b, a * s2)
    assert moved == pytest.approx(normal_kl_divergence(mu1, s1, mu2, s2), rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-fam-kl-invariance")
@pytest.mark.claim("eq-fam-scaling")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS[1:])
def test_kl_is_invariant_under_exp_while_entropy_is_not(mu1, s1, mu2, s2):
    # Y = exp(X) is log-normal: the KL of the log-normals equals the Gaussians' KL, h does not
    f, g = stats.lognorm(s=s1, scale=np.exp(mu1)), stats.lognorm(s=s2, scale=np.exp(mu2))
    d = quad(lambda y: f.pdf(y) * (f.logpdf(y) - g.logpdf(y)), 0.0, np.inf)
    assert d == pytest.approx(normal_kl_divergence(mu1, s1, mu2, s2), abs=1e-7)
    h_y = quad(lambda y: -f.pdf(y) * f.logpdf(y), 0.0, np.inf)
    assert h_y == pytest.approx(normal_entropy(s1) + mu1, abs=1e-7)  # + E[X]


@pytest.mark.claim("eq-fam-quantised")
def test_quantised_entropy_plus_log_width_tends_to_differential_entropy():
    errors = []
    for width in (0.5, 0.1, 0.01):
        edges = np.arange(-12.0, 12.0 + width / 2, width)
        p = np.diff(stats.norm.cdf(edges))
        errors.append(abs(entropy(p / p.sum()) + np.log(width) - normal_entropy(1.0)))
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-4


@pytest.mark.claim("eq-fam-chain-entropy")
@given(joint_tables())
def test_chain_rule_for_entropy(joint):
    px = joint.sum(axis=1)
    rhs = entropy(px / px.sum()) + conditional_entropy(joint)
    assert joint_entropy(joint) == pytest.approx(rhs, abs=1e-9)
    assert conditional_entropy(joint) >= 0


@pytest.mark.claim("eq-fam-chain-kl")
@given(joint_pairs())
def test_chain_rule_for_kl(tables):
    p, q = tables
    px, qx = p.sum(axis=1), q.sum(axis=1)
    q_cond = q / qx[:, None]
    # rows with p(x) = 0 carry no weight; give them q's row so their divergence is a finite 0
    p_cond = np.where(px[:, None] > 0, p / np.where(px > 0, px, 1.0)[:, None], q_cond)
    rhs = kl_divergence(px / px.sum(), qx / qx.sum()) + px @ kl_divergence(p_cond, q_cond, axis=1)
    assert kl_divergence(p.ravel(), q.ravel()) == pytest.approx(rhs, rel=1e-9, abs=1e-9)


@pytest.mark.claim("thm-fam-mi-nonneg")
@given(joint_tables())
def test_mutual_information_is_non_negative(joint):
    assert mutual_information(joint) >= 0


@pytest.mark.claim("thm-fam-mi-nonneg")
@given(prob_vectors(max_size=6), prob_vectors(max_size=6))
def test_mutual_information_is_zero_for_an_independent_table(px, py):
    assert mutual_information(np.outer(px, py)) < 1e-14


@pytest.mark.claim("eq-fam-mi-entropies")
@given(joint_tables())
def test_mutual_information_is_kl_to_product_and_a_difference_of_entropies(joint):
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    hx, hy = entropy(px / px.sum()), entropy(py / py.sum())
    independent = np.outer(px, py)
    i = mutual_information(joint)
    if np.all(independent[joint > 0] > 0):  # else p(x)p(y) underflowed (the helper guards that)
        assert i == pytest.approx(kl_divergence(joint.ravel(), independent.ravel()), abs=1e-12)
    assert i == pytest.approx(hx - conditional_entropy(joint.T), abs=1e-9)
    assert i == pytest.approx(hy - conditional_entropy(joint), abs=1e-9)
    assert i == pytest.approx(hx + hy - joint_entropy(joint), abs=1e-9)


@pytest.mark.claim("eq-fam-mi-bias")
def test_plug_in_mutual_information_is_biased_upward_by_about_dof_over_2n(rng):
    px, py = np.array([0.2, 0.3, 0.5]), np.array([0.1, 0.2, 0.3, 0.4])
    n, reps = 400, 1000
    counts = rng.multinomial(n, np.outer(px, py).ravel(), size=reps)
    estimates = np.array([mutual_information(c.reshape(3, 4) / n) for c in counts])
    assert estimates.min() >= 0  # every estimate is above the true value 0
    assert estimates.mean() == pytest.approx((3 - 1) * (4 - 1) / (2 * n), rel=0.1)


@pytest.mark.claim("thm-fam-js")
@given(prob_pairs())
def test_js_is_bounded_by_log_2_and_symmetric(pair):
    p, q = pair
    js = js_divergence(p, q)
    assert 0 <= js <= LOG2
    assert 0 <= js_divergence(p, q, base=2) <= 1
    assert js == js_divergence(q, p)


@pytest.mark.claim("thm-fam-js-metric")
@given(prob_triples())
def test_sqrt_js_satisfies_the_triangle_inequality(triple):
    p, q, r = triple
    d = lambda a, b: np.sqrt(js_divergence(a, b))  # noqa: E731
    assert d(p, r) <= d(p, q) + d(q, r) + 1e-12


@pytest.mark.claim("thm-fam-js-metric")
@pytest.mark.parametrize(
    "triple",
    [
        ([0.1, 0.9], [0.5, 0.5], [0.9, 0.1]),  # chapter 2's coins, eq-kl-triangle-violation
        ([0.5, 0.5, 0.0], [0.25, 0.5, 0.25], [0.1, 0.1, 0.8]),
    ],
)
def test_sqrt_js_triangle_holds_on_a_triple_where_kl_fails(triple):
    p, q, r = triple
    assert kl_divergence(p, r) > kl_divergence(p, q) + kl_divergence(q, r)
    d = lambda a, b: np.sqrt(js_divergence(a, b))  # noqa: E731
    assert d(p, r) < d(p, q) + d(q, r)


@pytest.mark.claim("eq-fam-js-mi")
@given(prob_pairs())
def test_js_is_the_mutual_information_of_a_fair_coin_and_the_sample(pair):
    p, q = pair
    joint = 0.5 * np.vstack([p, q])  # row: which source the coin picked; column: the sample
    assert js_divergence(p, q) == pytest.approx(mutual_information(joint), abs=1e-12)


@pytest.mark.claim("thm-fam-mi-nonneg")
@given(joint_tables(max_side=4, allow_zeros=False))
def test_mutual_information_is_positive_for_every_dependent_table(joint):
    # the "only if" of the equality case: a table that is not the product of its margins has I > 0
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    gap = np.abs(joint - product).sum()  # total variation between p(x, y) and p(x) p(y), doubled
    if gap > 1e-3:
        # Pinsker: I = D(p(x, y) || p(x) p(y)) >= gap^2 / 2
        assert mutual_information(joint) >= 0.5 * gap**2 * (1 - 1e-9)
