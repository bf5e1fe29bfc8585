"""The claims of chapter 6 (the wider family: densities, joint and conditional entropy, mutual
information, Jensen-Shannon), checked numerically."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

import infoloss as il
from conftest import prob_pairs, prob_vectors

GAUSSIAN_PAIRS = [(0.0, 1.0, 1.0, 1.0), (0.3, 0.5, -1.0, 2.0), (2.0, 3.0, 0.0, 0.7)]
gaussian_params = st.tuples(*[st.floats(-5, 5), st.floats(0.05, 20)] * 2)  # mu_p, s_p, mu_q, s_q
POSITIVE = prob_vectors(max_size=6, allow_zeros=False)  # (so p(x) p(y) stays normal)


def quad(f, a=-np.inf, b=np.inf):
    return integrate.quad(f, a, b, epsabs=1e-12, epsrel=1e-12, limit=200)[0]


@st.composite
def joint_tables(draw, max_side=5):
    """A table p(x, y), entries below 1e-150 set to 0 (their margins' products would underflow)."""
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    t = draw(prob_vectors(n=rows * cols))
    t[t < 1e-150] = 0.0  # (the sum moves by less than 1e-148: still a distribution)
    return t.reshape(rows, cols)


def margins(joint):
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    return px / px.sum(), py / py.sum()


# --- densities -----------------------------------------------------------------------------------


@pytest.mark.claim("eq-fam-uniform")
@pytest.mark.parametrize("a", [0.5, 1.0, 3.0])
def test_uniform_entropy_is_log_width_and_negative_below_one(a):
    """Pure maths: h(U[0, a]) = log a, by quadrature; -log 2 for a = 1/2."""
    assert quad(lambda x: -(1 / a) * np.log(1 / a), 0.0, a) == pytest.approx(np.log(a), abs=1e-12)


@pytest.mark.claim("eq-fam-gauss-entropy", "eq-fam-gauss-kl", "eq-fam-gauss-ce")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS)
def test_gaussian_closed_forms_match_their_integrals(mu1, s1, mu2, s2):
    """h(p), D(p || q) and H(p, q) of normals against quadrature of their integrals."""
    p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
    assert il.normal_entropy(s1) == pytest.approx(quad(lambda x: -p.pdf(x) * p.logpdf(x)), abs=1e-9)
    kl = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)))
    assert il.normal_kl_divergence(mu1, s1, mu2, s2) == pytest.approx(kl, abs=1e-9)
    ce = quad(lambda x: -p.pdf(x) * q.logpdf(x))
    assert il.normal_cross_entropy(mu1, s1, mu2, s2) == pytest.approx(ce, abs=1e-9)


@pytest.mark.claim("eq-fam-scaling", "eq-fam-kl-invariance")
@given(gaussian_params, st.floats(1e-3, 1e3), st.floats(-10, 10))
def test_an_affine_change_of_variable_shifts_h_by_log_scale_and_keeps_the_kl(params, a, b):
    """For a X + b: h(p) moves by log a (whatever b), D(p || q) does not move."""
    mu1, s1, mu2, s2 = params
    assert il.normal_entropy(a * s1) == pytest.approx(il.normal_entropy(s1) + np.log(a), abs=1e-12)
    moved = il.normal_kl_divergence(a * mu1 + b, a * s1, a * mu2 + b, a * s2)
    assert moved == pytest.approx(il.normal_kl_divergence(*params), rel=1e-9, abs=1e-12)


@pytest.mark.claim("eq-fam-kl-invariance", "eq-fam-scaling")
@pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), GAUSSIAN_PAIRS)
def test_kl_is_invariant_under_exp_while_entropy_is_not(mu1, s1, mu2, s2):
    """Y = exp(X) is log-normal: its KL is the Gaussians' KL, its h is h(X) + E[X]."""
    f, g = stats.lognorm(s=s1, scale=np.exp(mu1)), stats.lognorm(s=s2, scale=np.exp(mu2))
    d = quad(lambda y: f.pdf(y) * (f.logpdf(y) - g.logpdf(y)), 0.0, np.inf)
    assert d == pytest.approx(il.normal_kl_divergence(mu1, s1, mu2, s2), abs=1e-7)
    h_y = quad(lambda y: -f.pdf(y) * f.logpdf(y), 0.0, np.inf)
    assert h_y == pytest.approx(il.normal_entropy(s1) + mu1, abs=1e-7)


@pytest.mark.claim("eq-fam-quantised")
def test_quantised_entropy_plus_log_width_tends_to_differential_entropy():
    """H(p_width) + log width -> h(N(0, 1)) as the bins narrow."""
    errors = []
    for width in (0.5, 0.1, 0.01):
        p = np.diff(stats.norm.cdf(np.arange(-12.0, 12.0 + width / 2, width)))
        errors.append(abs(il.entropy(p / p.sum()) + np.log(width) - il.normal_entropy(1.0)))
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-4


# --- tables: chain rules and mutual information --------------------------------------------------


@pytest.mark.claim("eq-fam-chain-entropy")
@given(joint_tables())
def test_chain_rule_for_entropy(joint):
    """H(X, Y) = H(X) + H(Y | X), with H(Y | X) >= 0."""
    rhs = il.entropy(margins(joint)[0]) + il.conditional_entropy(joint)
    assert il.joint_entropy(joint) == pytest.approx(rhs, abs=1e-9)
    assert il.conditional_entropy(joint) >= 0


@pytest.mark.claim("eq-fam-chain-kl")
@given(joint_tables(), st.data())
def test_chain_rule_for_kl(p, data):
    """D(p(x, y) || q(x, y)) = D(p(x) || q(x)) + E_p(x) D(p(y | x) || q(y | x))."""
    q = data.draw(prob_vectors(n=p.size, allow_zeros=False)).reshape(p.shape)
    px, qx = p.sum(axis=1), q.sum(axis=1)
    q_cond = q / qx[:, None]
    # rows with p(x) = 0 carry no weight; give them q's row so their divergence is a finite 0
    p_cond = np.where(px[:, None] > 0, p / np.where(px > 0, px, 1.0)[:, None], q_cond)
    rhs = il.kl_divergence(px / px.sum(), qx / qx.sum()) + px @ il.kl_divergence(p_cond, q_cond)
    assert il.kl_divergence(p.ravel(), q.ravel()) == pytest.approx(rhs, rel=1e-9, abs=1e-9)


@pytest.mark.claim("thm-fam-mi-nonneg")
@given(joint_tables(max_side=4), POSITIVE, POSITIVE)
def test_mutual_information_is_zero_only_for_an_independent_table(joint, px, py):
    """I = 0 for p(x) p(y); otherwise I >= Pinsker's bound ||p(x, y) - p(x) p(y)||_1^2 / 2 > 0."""
    assert il.mutual_information(np.outer(px, py)) < 1e-14
    gap = np.abs(joint - np.outer(*margins(joint))).sum()
    assert il.mutual_information(joint) >= max(0.5 * gap**2 - 1e-12, 0.0)


@pytest.mark.claim("eq-fam-mi-entropies")
@given(joint_tables())
def test_mutual_information_is_a_difference_of_entropies(joint):
    """I = H(X) - H(X | Y) = H(Y) - H(Y | X) = H(X) + H(Y) - H(X, Y)."""
    hx, hy = (il.entropy(m) for m in margins(joint))
    i = il.mutual_information(joint)
    assert i == pytest.approx(hx - il.conditional_entropy(joint.T), abs=1e-9)
    assert i == pytest.approx(hy - il.conditional_entropy(joint), abs=1e-9)
    assert i == pytest.approx(hx + hy - il.joint_entropy(joint), abs=1e-9)


@pytest.mark.claim("eq-fam-mi-bias")
def test_plug_in_mutual_information_is_biased_upward_by_about_dof_over_2n(rng):
    """For independent data of n = 400 the plug-in estimate averages (3 - 1)(4 - 1) / 2n."""
    px, py = np.array([0.2, 0.3, 0.5]), np.array([0.1, 0.2, 0.3, 0.4])
    counts = rng.multinomial(400, np.outer(px, py).ravel(), size=1000)
    estimates = np.array([il.mutual_information(c.reshape(3, 4) / 400) for c in counts])
    assert estimates.mean() == pytest.approx((3 - 1) * (4 - 1) / (2 * 400), rel=0.1)


# --- Jensen-Shannon ------------------------------------------------------------------------------


@pytest.mark.claim("thm-fam-js-metric")
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(*[prob_vectors(n=n)] * 3)))
def test_sqrt_js_satisfies_the_triangle_inequality(triple):
    """sqrt JS is a metric: sqrt JS(p, r) <= sqrt JS(p, q) + sqrt JS(q, r)."""
    p, q, r = triple
    d = lambda a, b: np.sqrt(il.js_divergence(a, b))  # noqa: E731
    assert d(p, r) <= d(p, q) + d(q, r) + 1e-12


@pytest.mark.claim("thm-fam-js", "eq-fam-js-mi")
@given(prob_pairs())
def test_js_is_the_mutual_information_of_a_fair_coin_and_the_sample(pair):
    """JS(p, q) = I(Z; X), Z a fair coin choosing p or q for X: symmetric, and <= H(Z) = log 2."""
    p, q = pair
    js = il.js_divergence(p, q)
    assert js == pytest.approx(il.mutual_information(0.5 * np.vstack([p, q])), abs=1e-12)
    assert js == il.js_divergence(q, p)
    assert 0 <= js <= math.log(2)
