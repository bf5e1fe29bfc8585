"""Tests of infoloss.family: Gaussian closed forms, joint/conditional entropy, MI, JS."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.spatial.distance import jensenshannon

from conftest import prob_pairs, prob_vectors
from infoloss import (
    conditional_entropy,
    cross_entropy_gaussian,
    differential_entropy_gaussian,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    kl_divergence_gaussian,
    mutual_information,
)

LOG2 = np.log(2.0)
GAUSSIAN_PAIRS = [
    (0.0, 1.0, 0.0, 1.0),
    (0.0, 1.0, 1.0, 1.0),
    (0.3, 0.5, -1.0, 2.0),
    (2.0, 3.0, 0.0, 0.7),
]


@st.composite
def joint_tables(draw, max_side=5, allow_zeros=True):
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    return draw(prob_vectors(n=rows * cols, allow_zeros=allow_zeros)).reshape(rows, cols)


@st.composite
def joint_pairs(draw, max_side=5):
    """Two tables of one shape; the second strictly positive so every divergence is finite."""
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    p = draw(prob_vectors(n=rows * cols)).reshape(rows, cols)
    q = draw(prob_vectors(n=rows * cols, allow_zeros=False)).reshape(rows, cols)
    return p, q


gaussian_params = st.tuples(
    st.floats(-5, 5), st.floats(0.05, 20), st.floats(-5, 5), st.floats(0.05, 20)
)


def quad(f, a=-np.inf, b=np.inf):
    value, _ = integrate.quad(f, a, b, epsabs=1e-12, epsrel=1e-12, limit=200)
    return value


# --- densities -------------------------------------------------------------------------------


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
    assert differential_entropy_gaussian(sigma) == pytest.approx(h, abs=1e-9)


@pytest.mark.claim("eq-fam-gauss-entropy")
def test_gaussian_entropy_matches_monte_carlo(rng):
    x = rng.normal(1.0, 2.0, size=200_000)
    s = -stats.norm(1.0, 2.0).logpdf(x)
    se = s.std() / np.sqrt(x.size)
    assert abs(s.mean() - differential_entropy_gaussian(2.0)) < 4 * se


@pytest.mark.claim("eq-fam-gauss-kl")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS)
def test_gaussian_kl_matches_quad_and_closed_form(mu1, s1, mu2, s2):
    p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
    d = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)))
    closed = np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5
    assert kl_divergence_gaussian(mu1, s1, mu2, s2) == pytest.approx(d, abs=1e-9)
    assert kl_divergence_gaussian(mu1, s1, mu2, s2) == pytest.approx(closed, abs=1e-12)


@pytest.mark.claim("eq-fam-gauss-kl")
def test_gaussian_kl_matches_monte_carlo(rng):
    mu1, s1, mu2, s2 = 0.3, 0.5, -1.0, 2.0
    x = rng.normal(mu1, s1, size=200_000)
    ratio = stats.norm(mu1, s1).logpdf(x) - stats.norm(mu2, s2).logpdf(x)
    se = ratio.std() / np.sqrt(x.size)
    assert abs(ratio.mean() - kl_divergence_gaussian(mu1, s1, mu2, s2)) < 4 * se


@pytest.mark.claim("eq-fam-gauss-ce")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS)
def test_gaussian_cross_entropy_matches_quad_and_closed_form(mu1, s1, mu2, s2):
    p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
    ce = quad(lambda x: -p.pdf(x) * q.logpdf(x))
    closed = 0.5 * np.log(2 * np.pi * s2**2) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2)
    assert cross_entropy_gaussian(mu1, s1, mu2, s2) == pytest.approx(ce, abs=1e-9)
    assert cross_entropy_gaussian(mu1, s1, mu2, s2) == pytest.approx(closed, abs=1e-12)


@pytest.mark.claim("eq-fam-gauss-ce")
@given(gaussian_params)
def test_gaussian_cross_entropy_is_entropy_plus_kl_and_minimised_at_truth(params):
    mu1, s1, mu2, s2 = params
    ce = cross_entropy_gaussian(mu1, s1, mu2, s2)
    h = differential_entropy_gaussian(s1)
    assert ce == pytest.approx(h + kl_divergence_gaussian(mu1, s1, mu2, s2), rel=1e-12, abs=1e-12)
    assert ce >= h - 1e-12


@given(gaussian_params)
def test_gaussian_kl_is_non_negative_and_zero_only_at_equality(params):
    mu1, s1, mu2, s2 = params
    assert kl_divergence_gaussian(mu1, s1, mu2, s2) >= 0
    assert kl_divergence_gaussian(mu1, s1, mu1, s1) == 0


def test_gaussian_kl_keeps_digits_when_tiny():
    for s1 in (1 + 1e-9, 1 + 3e-5, 1.0001, 0.9):
        with mpmath.workdps(50):
            s = mpmath.mpf(s1)
            exact = float(-mpmath.log(s) + s**2 / 2 - mpmath.mpf(1) / 2)
        assert kl_divergence_gaussian(0.0, s1, 0.0, 1.0) == pytest.approx(exact, rel=1e-10)


def test_gaussian_kl_stays_finite_for_extreme_scale_ratios():
    assert kl_divergence_gaussian(0.0, 1e-5, 0.0, 1e5) == pytest.approx(np.log(1e10) - 0.5)
    assert kl_divergence_gaussian(0.0, 1e-200, 0.0, 1e200) == pytest.approx(400 * np.log(10) - 0.5)


@pytest.mark.claim("eq-fam-scaling")
@given(st.floats(0.01, 100), st.floats(1e-3, 1e3), st.floats(-10, 10))
def test_rescaling_shifts_differential_entropy_by_log_scale(sigma, a, b):
    # X ~ N(mu, sigma^2) gives aX + b ~ N(a mu + b, (a sigma)^2): h moves by log a, whatever b
    shifted = differential_entropy_gaussian(a * sigma)
    assert shifted == pytest.approx(differential_entropy_gaussian(sigma) + np.log(a), abs=1e-12)


@pytest.mark.claim("eq-fam-scaling")
def test_rescaling_a_uniform_shifts_its_entropy_by_log_scale():
    h = {a: quad(lambda x, a=a: -(1 / a) * np.log(1 / a), 0.0, a) for a in (1.0, 0.5, 4.0)}
    assert h[0.5] == pytest.approx(h[1.0] + np.log(0.5), abs=1e-12)
    assert h[4.0] == pytest.approx(h[1.0] + np.log(4.0), abs=1e-12)


@pytest.mark.claim("eq-fam-kl-invariance")
@given(gaussian_params, st.floats(1e-3, 1e3), st.floats(-10, 10))
def test_kl_is_invariant_under_an_affine_reparametrisation(params, a, b):
    mu1, s1, mu2, s2 = params
    moved = kl_divergence_gaussian(a * mu1 + b, a * s1, a * mu2 + b, a * s2)
    assert moved == pytest.approx(kl_divergence_gaussian(mu1, s1, mu2, s2), rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-fam-kl-invariance")
@pytest.mark.claim("eq-fam-scaling")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS[1:])
def test_kl_is_invariant_under_exp_while_entropy_is_not(mu1, s1, mu2, s2):
    # Y = exp(X) is log-normal: the KL of the log-normals equals the Gaussians' KL, h does not
    f, g = stats.lognorm(s=s1, scale=np.exp(mu1)), stats.lognorm(s=s2, scale=np.exp(mu2))
    d = quad(lambda y: f.pdf(y) * (f.logpdf(y) - g.logpdf(y)), 0.0, np.inf)
    assert d == pytest.approx(kl_divergence_gaussian(mu1, s1, mu2, s2), abs=1e-7)
    h_y = quad(lambda y: -f.pdf(y) * f.logpdf(y), 0.0, np.inf)
    assert h_y == pytest.approx(differential_entropy_gaussian(s1) + mu1, abs=1e-7)  # + E[X]


@pytest.mark.claim("eq-fam-quantised")
def test_quantised_entropy_plus_log_width_tends_to_differential_entropy():
    errors = []
    for width in (0.5, 0.1, 0.01):
        edges = np.arange(-12.0, 12.0 + width / 2, width)
        p = np.diff(stats.norm.cdf(edges))
        errors.append(
            abs(entropy(p / p.sum()) + np.log(width) - differential_entropy_gaussian(1.0))
        )
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-4


# --- joint and conditional entropy, chain rules -----------------------------------------------


def test_conditional_entropy_has_x_on_axis_0():
    joint = np.array([[0.5, 0.0], [0.25, 0.25]])  # x = 0: y certain; x = 1: y a fair coin
    assert conditional_entropy(joint, base=2) == pytest.approx(0.5, abs=1e-15)
    h_x_given_y = 0.75 * entropy([2 / 3, 1 / 3], base=2) + 0.25 * 0.0
    assert conditional_entropy(joint.T, base=2) == pytest.approx(h_x_given_y, abs=1e-15)


def test_conditional_entropy_is_zero_when_y_is_a_function_of_x():
    assert conditional_entropy([[0.2, 0.0, 0.0], [0.0, 0.0, 0.5], [0.3, 0.0, 0.0]]) == 0.0


def test_conditional_entropy_ignores_rows_of_impossible_x():
    assert conditional_entropy([[0.0, 0.0], [0.5, 0.5]]) == pytest.approx(LOG2, abs=1e-15)


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


# --- mutual information -----------------------------------------------------------------------


def test_mutual_information_of_a_copied_fair_bit_is_one_bit():
    assert mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2) == pytest.approx(1.0, abs=1e-15)


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


# --- Jensen–Shannon ---------------------------------------------------------------------------


def test_js_matches_scipy_and_its_maximum():
    p, q = np.array([0.1, 0.4, 0.5]), np.array([0.3, 0.3, 0.4])
    assert np.sqrt(js_divergence(p, q)) == pytest.approx(jensenshannon(p, q), rel=1e-12)
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(LOG2, abs=1e-15)
    assert js_divergence([1.0, 0.0], [0.0, 1.0], base=2) == pytest.approx(1.0, abs=1e-15)


def test_js_survives_subnormal_probabilities():
    tiny = np.finfo(np.float64).smallest_subnormal
    assert js_divergence([1.0, 0.0], [1.0, tiny]) < 1e-300  # halving tiny must not give m = 0
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(LOG2, abs=1e-15)


def test_mutual_information_survives_subnormal_products():
    tiny = np.finfo(np.float64).smallest_subnormal
    joint = np.array([[0.5, tiny], [0.5 - tiny, 0.0]])  # p(x0) p(y1) = tiny / 2 rounds to 0
    assert np.isfinite(mutual_information(joint)) and mutual_information(joint) < 1e-300


def test_js_works_along_an_axis():
    p = np.array([[0.5, 0.5], [1.0, 0.0], [0.2, 0.8]])
    q = np.array([[0.25, 0.75], [0.5, 0.5], [0.2, 0.8]])
    rows = [js_divergence(a, b) for a, b in zip(p, q, strict=True)]
    np.testing.assert_allclose(js_divergence(p, q), rows, rtol=1e-14)
    np.testing.assert_allclose(js_divergence(p.T, q.T, axis=0), rows, rtol=1e-14)


@pytest.mark.claim("thm-fam-js")
@given(prob_pairs())
def test_js_is_bounded_by_log_2_and_symmetric(pair):
    p, q = pair
    js = js_divergence(p, q)
    assert 0 <= js <= LOG2
    assert 0 <= js_divergence(p, q, base=2) <= 1
    assert js == js_divergence(q, p)


@st.composite
def prob_triples(draw):
    n = draw(st.integers(1, 8))
    return tuple(draw(prob_vectors(n=n)) for _ in range(3))


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


# --- bases and bad inputs ---------------------------------------------------------------------


def test_base_two_divides_by_log_2():
    joint = [[0.1, 0.2], [0.3, 0.4]]
    for f in (joint_entropy, conditional_entropy, mutual_information):
        assert f(joint, base=2) == pytest.approx(f(joint) / LOG2, rel=1e-14)
    assert js_divergence([0.2, 0.8], [0.5, 0.5], base=2) == pytest.approx(
        js_divergence([0.2, 0.8], [0.5, 0.5]) / LOG2, rel=1e-14
    )
    assert differential_entropy_gaussian(3.0, base=2) == pytest.approx(
        np.log2(3 * np.sqrt(2 * np.pi * np.e))
    )
    assert kl_divergence_gaussian(0, 1, 1, 1, base=2) == pytest.approx(0.5 / LOG2)
    assert cross_entropy_gaussian(0, 1, 1, 1, base=2) == pytest.approx(
        (1.4189385332046727 + 0.5) / LOG2
    )


def test_gaussian_helpers_broadcast():
    out = kl_divergence_gaussian(0.0, [[1.0], [2.0]], [0.0, 1.0, 2.0], 1.0)
    assert out.shape == (2, 3)
    assert cross_entropy_gaussian([0.0, 1.0], 1.0, 0.0, 1.0).shape == (2,)
    assert differential_entropy_gaussian(np.ones((2, 2))).shape == (2, 2)


TABLE_FUNCS = [joint_entropy, conditional_entropy, mutual_information]


@pytest.mark.parametrize("f", TABLE_FUNCS)
@pytest.mark.parametrize(
    ("joint", "match"),
    [
        ([0.5, 0.5], "joint must have at least 2"),
        (np.full((2, 2, 2), 0.125), "joint must be a 2-d table"),
        ([[0.6, -0.1], [0.25, 0.25]], "joint must be non-negative"),
        ([[np.nan, 0.5], [0.25, 0.25]], "joint must be finite"),
        ([[np.inf, 0.5], [0.25, 0.25]], "joint must be finite"),
        ([[0.5, 0.5], [0.25, 0.25]], "joint must sum to 1"),
        (np.zeros((0, 2)), "joint must not be empty"),
    ],
)
def test_bad_joint_tables_raise_naming_joint(f, joint, match):
    with pytest.raises(ValueError, match=match):
        f(joint)


@pytest.mark.parametrize("f", TABLE_FUNCS)
def test_non_numeric_joint_tables_raise_type_error(f):
    with pytest.raises(TypeError, match="joint"):
        f([["a", "b"], ["c", "d"]])
    with pytest.raises(TypeError, match="joint"):
        f([[True, False], [False, False]])
    with pytest.raises(ValueError, match="base"):
        f([[0.5, 0.0], [0.0, 0.5]], base=1)


@pytest.mark.parametrize("sigma", [0.0, -1.0, [1.0, 0.0]])
def test_non_positive_sigma_raises(sigma):
    with pytest.raises(ValueError, match="sigma must be positive"):
        differential_entropy_gaussian(sigma)
    with pytest.raises(ValueError, match="sigma1 must be positive"):
        kl_divergence_gaussian(0.0, sigma, 0.0, 1.0)
    with pytest.raises(ValueError, match="sigma2 must be positive"):
        cross_entropy_gaussian(0.0, 1.0, 0.0, sigma)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_gaussian_parameters_raise(bad):
    with pytest.raises(ValueError, match="sigma must be finite"):
        differential_entropy_gaussian(bad)
    with pytest.raises(ValueError, match="mu1 must be finite"):
        kl_divergence_gaussian(bad, 1.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="mu2 must be finite"):
        cross_entropy_gaussian(0.0, 1.0, bad, 1.0)


def test_gaussian_parameters_that_do_not_broadcast_or_are_not_numbers_raise():
    with pytest.raises(ValueError, match="must broadcast together; got mu1 \\(2,\\)"):
        kl_divergence_gaussian([0.0, 1.0], 1.0, [0.0, 1.0, 2.0], 1.0)
    with pytest.raises(TypeError, match="sigma"):
        differential_entropy_gaussian("1.0")
    with pytest.raises(ValueError, match="base"):
        kl_divergence_gaussian(0.0, 1.0, 0.0, 1.0, base=-2)


def test_bad_js_inputs_raise_naming_the_argument():
    with pytest.raises(ValueError, match="p must sum to 1"):
        js_divergence([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="q must be non-negative"):
        js_divergence([0.5, 0.5], [1.5, -0.5])
    with pytest.raises(ValueError, match="p and q must have the same shape"):
        js_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="axis=2 is out of range"):
        js_divergence([0.5, 0.5], [0.5, 0.5], axis=2)
    with pytest.raises(ValueError, match="q must be finite"):
        js_divergence([0.5, 0.5], [np.nan, 0.5])
