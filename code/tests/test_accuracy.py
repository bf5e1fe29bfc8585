"""The accuracy oracle: every numeric helper against mpmath, in the regimes where floats fail.

Each test draws inputs aimed at a helper's hard regime (probabilities near 0 and 1, subnormals,
p ~ q, nearly independent tables, large and confident logits, huge K) and compares the helper's
float64 answer with the exact value of the same float inputs, computed by mpmath at 60 digits,
by RELATIVE error. The bound is 1e-12 wherever the problem is well-conditioned (a sum of terms
of one sign, each a few roundings from exact). Where it is not, the test states the bound that
conditioning allows, in a comment: a few units of rounding of the terms that cancel,
``TOL * sum(|terms|)``, never an ``atol`` on a value that can be tiny. The one absolute
allowance is :data:`FLOOR`: an exact answer in the subnormal range cannot be represented to
1e-12 relative (a subnormal has fewer digits), so it may be off by a few of the smallest
subnormals.

Helpers without an oracle here: the fits by iterative optimisation (``fit_gaussian_on_grid``,
``fit_logistic_regression``, ``fit_softmax_regression``, ``fit_logistic_regression_weighted``,
``fit_temperature``: their steps are checked through the gradients and losses below),
``huffman_code_lengths`` (integers, tested in test_coding.py), ``compressed_bits_per_character``
(a compressor's byte count), ``make_blobs`` (random data), ``load_text`` and ``zen_of_python``
(texts).

Hypothesis runs derandomized (conftest.py), so this suite is the same on every run.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import infoloss as il
from conftest import TINIEST, hard_prob_vectors, hard_probabilities, tiny_floats
from infoloss.linear import _logistic_gradient, _softmax_gradient

mp = mpmath.mp
TOL = 1e-12
EPS = 2.0**-52
FLOOR = 8 * TINIEST  # a few subnormal ulps: the representable floor of a tiny exact answer
ORACLE = settings(max_examples=150)  # 60-digit references are slow: 150 aimed examples each


def mpf(x) -> mpmath.mpf:
    return mp.mpf(float(x))


def assert_close(got, exact, bound=None, what=""):
    """|got - exact| <= bound (default TOL * |exact|) + FLOOR, element by element."""
    got = np.atleast_1d(np.asarray(got, dtype=np.float64))
    exact = list(np.atleast_1d(np.asarray(exact, dtype=object)))
    bounds = [None] * len(exact) if bound is None else list(np.atleast_1d(bound))
    assert got.shape[0] == len(exact), what
    for g, e, b in zip(got, exact, bounds, strict=True):
        if abs(e) > np.finfo(np.float64).max * (1 + EPS / 2):  # beyond the float range
            e = mp.inf if e > 0 else -mp.inf
        if mpmath.isinf(e) or math.isinf(g):
            assert g == e, f"{what}: got {g!r}, exact {e}"
            continue
        limit = (TOL * abs(e) if b is None else mpf(b)) + FLOOR
        err = abs(mpf(g) - e)
        assert err <= limit, (
            f"{what}: got {g!r}, exact {mpmath.nstr(e, 17)}, relative error "
            f"{mpmath.nstr(err / abs(e), 3) if e else 'inf'} (allowed {mpmath.nstr(limit, 3)})"
        )


def xlogy(x, y):
    return mp.mpf(0) if x == 0 else x * mp.log(y)


def xlog1py(x, y):
    return mp.mpf(0) if x == 0 else x * mp.log1p(y)


def log_fraction(r: Fraction) -> mpmath.mpf:
    """log r of an exact rational, as log1p(r - 1) near 1 (where log(mpf(r)) would lose it)."""
    if Fraction(1, 2) < r < 2:
        d = r - 1
        return mp.log1p(mp.mpf(d.numerator) / d.denominator)
    return mp.log(mp.mpf(r.numerator) / r.denominator)


def f_exact(r: Fraction) -> mpmath.mpf:
    """(1 + r) log(1 + r) - r for an exact r >= -1, to 60 digits after its cancellation (which
    loses about -log10|r| digits: they are added to the working precision)."""
    if r == 0:
        return mp.mpf(0)
    a = 1 + r  # exact, even when r is -1 + 1e-62
    if a == 0:
        return mp.mpf(1)
    lost = max(0, -int(mp.log10(abs(mp.mpf(r.numerator) / r.denominator))))
    with mp.workdps(60 + lost):
        return +(
            mp.mpf(a.numerator) / a.denominator * log_fraction(a)
            - mp.mpf(r.numerator) / r.denominator
        )


# --- strategies aimed at the hard regimes -------------------------------------------------------


@st.composite
def near_pairs(draw, max_size=10):
    """(p, q) with q a perturbation of p by a relative 1e-15 ... 1e-1, or the same vector."""
    p = draw(hard_prob_vectors(min_size=2, max_size=max_size, allow_zeros=False))
    scale = draw(st.sampled_from([0.0, 1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1]))
    signs = np.array(draw(st.lists(st.floats(-1, 1), min_size=p.size, max_size=p.size)))
    q = p * (1 + scale * signs)
    return p, q / q.sum()


@st.composite
def far_pairs(draw, max_size=10):
    size = draw(st.integers(1, max_size))
    p = draw(hard_prob_vectors(min_size=size, max_size=size))
    q = draw(hard_prob_vectors(min_size=size, max_size=size))
    return p, q


pairs = st.one_of(near_pairs(), far_pairs())


@st.composite
def nearly_independent_tables(draw):
    """A table p(x)p(y) whose 2x2 corner is shifted by +-eta: margins kept, MI ~ eta**2."""
    nx, ny = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    px = draw(hard_prob_vectors(min_size=nx, max_size=nx, allow_zeros=False))
    py = draw(hard_prob_vectors(min_size=ny, max_size=ny, allow_zeros=False))
    joint = np.einsum("i,j->ij", px, py)
    eta = draw(st.sampled_from([0.0, 1e-14, 1e-11, 1e-8, 1e-5])) * joint[:2, :2].min()
    joint[:2, :2] += eta * np.array([[1.0, -1.0], [-1.0, 1.0]])
    return joint


@st.composite
def any_tables(draw):
    nx, ny = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    return draw(hard_prob_vectors(min_size=nx * ny, max_size=nx * ny)).reshape(nx, ny)


tables = st.one_of(nearly_independent_tables(), any_tables())


@st.composite
def hard_logits(draw, max_rows=4, max_classes=6):
    """Rows of logits: small, large (+-1e4), confident (one class 30-800 above the rest), and
    extreme (+-1e308, differences beyond the float range)."""
    rows, k = draw(st.integers(1, max_rows)), draw(st.integers(2, max_classes))
    scale = draw(st.sampled_from([1.0, 50.0, 1e4, 1e308]))
    z = np.array(draw(st.lists(st.floats(-1, 1), min_size=rows * k, max_size=rows * k)))
    z = (z * scale).reshape(rows, k)
    if draw(st.booleans()):  # a confident prediction
        z[:, 0] += draw(st.sampled_from([30.0, 40.0, 300.0, 800.0]))
    return z


def mp_log_softmax(row) -> list:
    zs = [x if isinstance(x, mpmath.mpf) else mpf(x) for x in row]  # (z / T may pass 1e308)
    top = max(zs)
    others = list(zs)
    others.remove(top)
    log1p_s = mp.log1p(mp.fsum(mp.exp(z - top) for z in others))  # log(1 + tiny) keeps it
    return [(z - top) - log1p_s for z in zs]  # z - top first: 0 for the top class


# --- distributions ----------------------------------------------------------------------------


@ORACLE
@given(hard_prob_vectors(max_size=16))
def test_entropy_is_exact_to_1e_12(p):
    with mp.workdps(60):  # -p log p >= 0: well-conditioned
        exact = -mp.fsum(xlogy(mpf(x), mpf(x)) for x in p)
        assert_close(il.entropy(p), exact, what="entropy")
        assert_close(il.entropy(p, base=2), exact / mp.log(2), what="entropy in bits")


@ORACLE
@given(pairs)
def test_cross_entropy_is_exact_to_1e_12(pq):
    p, q = pq
    with mp.workdps(60):  # -p log q >= 0: well-conditioned
        exact = -mp.fsum(
            0 if x == 0 else (-mp.inf if y == 0 else xlogy(mpf(x), mpf(y)))
            for x, y in zip(p, q, strict=True)
        )
        assert_close(il.cross_entropy(p, q), exact, what="cross_entropy")


def kl_exact(p, q):
    """(KL, slack): the divergence of the distributions p/Sp and q/Sq (Sp, Sq the exact sums
    of the stored vectors, 1 up to their rounding), as (1/Sp) sum m f((p - m)/m) with
    m = q Sp/Sq (all terms >= 0, from exact rationals); and (fast, careful), the slack each
    path may take beyond TOL * KL. The fast path (KL above 1e-3) sums p log(p/q) of the vectors
    as given: |Sp - Sq| + |Sp - 1| KL. The careful one forms p - m as (p - q) - q e with
    e = (Sp - Sq)/Sq from a pairwise sum Sq (K eps relative at most): p - m is off by up to
    K eps |e| q, worth (K eps e)^2 q / 2 in a term (3e-64 for two vectors each other's
    multiple, whose KL is 0)."""
    sp, sq = sum(map(Fraction, p)), sum(map(Fraction, q))
    terms = []
    for x, y in zip(p, q, strict=True):
        if y == 0:
            if x > 0:
                return mp.inf, 0
            continue
        m = Fraction(y) * sp / sq
        terms.append(mp.mpf(m.numerator) / m.denominator * f_exact(Fraction(x) / m - 1))
    kl = mp.fsum(terms) * sp.denominator / sp.numerator
    fast = abs(mp.mpf(sp - sq)) + abs(mp.mpf(sp - 1)) * kl
    return kl, (fast, (len(p) * EPS * mp.mpf(sp / sq - 1)) ** 2)


def kl_bound(kl, slack):
    """TOL * KL below 1e-3 (the careful path, a sum of terms >= 0); above it, the fast path's
    sum of terms of both signs (~1e-13 relative at 1e-3, within TOL) plus its slack."""
    fast, careful = slack
    return TOL * kl + (careful if kl < 0.999e-3 else fast)


@ORACLE
@given(pairs)
def test_kl_divergence_is_exact_to_1e_12_below_1e_3(pq):
    p, q = pq
    with mp.workdps(60):
        kl, slack = kl_exact(p, q)
        got = il.kl_divergence(p, q)
        if mpmath.isinf(kl):
            assert got == math.inf
            return
        assert_close(got, kl, kl_bound(kl, slack), what="kl_divergence")


def test_kl_divergence_does_not_depend_on_the_last_bits_of_the_sums():
    # p ~ q to 1e-9, each normalised in float: their sums are 1 give or take 1e-16, and the
    # divergence of the vectors as given, sum p log(p/q), is off by Sp - Sq ~ 1e-16 from the
    # divergence ~1e-19 of the distributions they stand for (it returned 1.5e-16 or 0)
    rng = np.random.default_rng(4)
    for _ in range(5):
        p = rng.dirichlet(np.ones(10))
        q = p * (1 + 1e-9 * rng.uniform(-1, 1, 10))
        q /= q.sum()
        with mp.workdps(60):
            kl, _ = kl_exact(p, q)
            assert kl < 1e-18
            assert_close(il.kl_divergence(p, q), kl, what="kl_divergence")


@ORACLE
@given(pairs)
def test_js_divergence_is_exact_to_1e_12(pq):
    p, q = pq
    with mp.workdps(60):  # a sum of (s/4) g(delta) >= 0: well-conditioned
        terms = []
        for x, y in zip(p, q, strict=True):
            x, y = mpf(x), mpf(y)
            m = (x + y) / 2
            terms.append((xlogy(x, x / m) + xlogy(y, y / m)) / 2 if m else 0)
        exact = min(mp.fsum(terms), mp.log(2))
        assert_close(il.js_divergence(p, q), exact, what="js_divergence")


def test_js_divergence_of_the_issue_example_is_exact():
    p, q = [0.2, 0.3, 0.5], [0.20000001, 0.29999999, 0.5]
    with mp.workdps(60):
        exact = mp.fsum(
            (
                xlogy(mpf(x), mpf(x) / ((mpf(x) + mpf(y)) / 2))
                + xlogy(mpf(y), mpf(y) / ((mpf(x) + mpf(y)) / 2))
            )
            / 2
            for x, y in zip(p, q, strict=True)
        )
        assert_close(il.js_divergence(p, q), exact, what="js_divergence")


def table_parts(joint):
    """(I, rows, px): the mutual information of the table read as the distribution
    p(x, y) / S, S its exact sum, from exact rationals: I = (1/S) sum m f(p/m - 1) with
    m = px py / S, whose cells add up to S like p(x, y); every term is >= 0."""
    rows = [[Fraction(x) for x in row] for row in joint]
    px = [sum(r) for r in rows]
    py = [sum(col) for col in zip(*rows, strict=True)]
    s = sum(px)
    terms = []
    for i, row in enumerate(rows):
        for j, x in enumerate(row):
            m = px[i] * py[j] / s
            if m:
                terms.append(mp.mpf(m.numerator) / m.denominator * f_exact(x / m - 1))
    return mp.fsum(terms) * s.denominator / s.numerator, rows, px


def h_terms(rows, px):
    """-p(x, y) log p(y | x) for every cell, from exact rationals."""
    return [
        -mp.mpf(x.numerator) / x.denominator * log_fraction(x / px[i])
        for i, row in enumerate(rows)
        for x in row
        if x
    ]


@ORACLE
@given(tables)
def test_mutual_information_is_exact_to_1e_12(joint):
    with mp.workdps(60):  # a sum of terms >= 0, whatever the last bit of the table's sum
        exact, _, _ = table_parts(joint)
        # The margins, carried to eps**2, leave p - m off by up to ~eps**2 m in a cell: in a
        # term m (r + d)^2 / 2 that is at most m d^2 / 2 beyond TOL, an absolute eps**4 for an
        # exactly independent table (whose information is 0: 3e-64 is returned for one)
        bound = TOL * exact + EPS**4
        assert_close(il.mutual_information(joint), exact, bound, what="MI")


def test_mutual_information_of_the_issue_example_is_exact():
    joint = np.array([[0.25 + 2**-40, 0.25 - 2**-40], [0.25 - 2**-40, 0.25 + 2**-40]])
    with mp.workdps(60):
        exact, _, _ = table_parts(joint)
        assert_close(il.mutual_information(joint), exact, what="MI")  # ~1e-24, not ~1e-17


def test_mutual_information_does_not_depend_on_the_last_bit_of_the_sum():
    # A nearly independent table whose float sum is 1 - 2**-53 exactly: the information of the
    # table as given, sum p log(p / (p(x) p(y))), would include -S log S ~ 1.1e-16, a thousand
    # trillion times the information (it was returned, 1.1e-16 for 1.2e-31)
    rng = np.random.default_rng(17)
    joint = np.einsum("i,j->ij", rng.dirichlet(np.ones(20)), rng.dirichlet(np.ones(30)))
    joint[:2, :2] += 1e-14 * joint[:2, :2].min() * np.array([[1.0, -1.0], [-1.0, 1.0]])
    joint[0, 0] += 1.0 - math.fsum(joint.ravel())  # the sum is now 1 to a last bit or so
    with mp.workdps(60):
        exact, _, _ = table_parts(joint)
        assert exact < 1e-28
        assert_close(il.mutual_information(joint), exact, what="MI")
        assert il.mutual_information(joint[:1] / joint[:1].sum()) == 0.0  # one row: exactly 0


@ORACLE
@given(tables)
def test_joint_and_conditional_entropy_are_exact_to_1e_12(joint):
    with mp.workdps(60):  # both sums of terms >= 0: well-conditioned
        _, rows, px = table_parts(joint)
        h_joint = -mp.fsum(xlogy(mpf(x), mpf(x)) for row in rows for x in row)
        h_cond = mp.fsum(h_terms(rows, px))
        assert_close(il.joint_entropy(joint), h_joint, what="joint_entropy")
        assert_close(il.conditional_entropy(joint), h_cond, what="conditional_entropy")


def test_conditional_entropy_when_y_is_nearly_a_function_of_x():
    joint = np.array([[0.5 - 1e-12, 1e-12], [1e-13, 0.5 - 1e-13]])
    with mp.workdps(60):
        _, rows, px = table_parts(joint)
        exact = mp.fsum(h_terms(rows, px))
        assert_close(il.conditional_entropy(joint), exact, what="conditional_entropy")


# --- huge K --------------------------------------------------------------------------------------


def test_entropy_of_a_uniform_distribution_over_16_million_outcomes():
    k = 16_000_000
    p = np.full(k, 1.0 / k)
    with mp.workdps(60):
        exact = -k * xlogy(mpf(p[0]), mpf(p[0]))
        assert_close(il.entropy(p), exact, what="entropy, k = 1.6e7")


@settings(max_examples=8)
@given(
    st.integers(1, 3_000_000),
    st.integers(1, 3_000_000),
    st.floats(0.01, 0.99),
    st.floats(0.01, 0.99),
)
def test_entropy_kl_and_cross_entropy_of_huge_two_valued_vectors(a, b, share_p, share_q):
    # a entries of one value and b of another: the exact sums are two products
    p = np.concatenate([np.full(a, share_p / a), np.full(b, (1 - share_p) / b)])
    q = np.concatenate([np.full(a, share_q / a), np.full(b, (1 - share_q) / b)])
    p1, p2, q1, q2 = (mpf(x) for x in (p[0], p[-1], q[0], q[-1]))
    with mp.workdps(60):
        assert_close(il.entropy(p), -a * xlogy(p1, p1) - b * xlogy(p2, p2), what="entropy")
        assert_close(il.cross_entropy(p, q), -a * xlogy(p1, q1) - b * xlogy(p2, q2), what="CE")
    with mp.workdps(100):  # the distributions p/Sp, q/Sq: m = q Sp/Sq, terms m f(p/m - 1)
        sp, sq = a * p1 + b * p2, a * q1 + b * q2
        m1, m2 = q1 * sp / sq, q2 * sp / sq
        t = a * (p1 * mp.log(p1 / m1) - p1 + m1) + b * (p2 * mp.log(p2 / m2) - p2 + m2)
        careful = ((a + b) * EPS * (sp / sq - 1)) ** 2  # (see kl_exact)
        kl, slack = t / sp, (abs(sp - sq) + abs(sp - 1) * t / sp, careful)
        assert_close(il.kl_divergence(p, q), kl, kl_bound(kl, slack), what="KL")


# --- element-wise probabilities ---------------------------------------------------------------


@ORACLE
@given(st.lists(st.tuples(hard_probabilities(), hard_probabilities()), min_size=1, max_size=6))
def test_binary_losses_are_exact_to_1e_12(pairs_):
    y = np.array([a for a, _ in pairs_])
    p = np.array([b for _, b in pairs_])
    with mp.workdps(60):  # every loss below is a sum of terms >= 0: well-conditioned
        bce, score, brier, bern, surp = [], [], [], [], []
        for yi, pi in zip(y, p, strict=True):
            yy, pp = mpf(yi), mpf(pi)
            miss = (pp == 0 and yy > 0) or (pp == 1 and yy < 1)
            bce.append(mp.inf if miss else -xlogy(yy, pp) - xlog1py(1 - yy, -pp))
            brier.append((pp - yy) ** 2)
            score.append(yy * (1 - pp) ** 2 + (1 - yy) * pp**2)
            bern.append(-xlogy(pp, pp) - xlog1py(1 - pp, -pp))
            surp.append(mp.inf if pp == 0 else -mp.log(pp))
        assert_close(il.binary_cross_entropy(y, p, reduction="none"), bce, what="BCE")
        assert_close(il.expected_score(y, p, rule="log"), bce, what="expected log score")
        assert_close(il.expected_score(y, p, rule="brier"), score, what="expected Brier")
        assert_close(il.brier_score(y, p, reduction="none"), brier, what="brier_score")
        assert_close(il.bernoulli_entropy(p), bern, what="bernoulli_entropy")
        assert_close(il.surprisal(p), surp, what="surprisal")
        assert_close(il.negative_log_likelihood(p, reduction="none"), surp, what="NLL")


def test_binary_cross_entropy_of_a_confident_correct_prediction():
    assert il.binary_cross_entropy([0.0], [1e-20]) == 1e-20
    with mp.workdps(60):
        assert_close(il.binary_cross_entropy([0.0], [1e-10]), -mp.log1p(-mpf(1e-10)))


# --- logits -----------------------------------------------------------------------------------


@ORACLE
@given(hard_logits())
def test_softmax_and_log_softmax_are_exact_to_1e_12(z):
    # The one rounding that is not relative to the output is z_j - max: an absolute error of
    # eps |z_j - max| / 2 in the exponent. It matters only while exp(z_j - max) is above the
    # subnormal range, |z_j - max| < 745, so it stays below 745 eps = 1.7e-13 relative.
    with mp.workdps(60):
        for row, ls, s in zip(z, il.log_softmax(z), il.softmax(z), strict=True):
            exact = mp_log_softmax(row)
            assert_close(ls, exact, what=f"log_softmax({row})")
            assert_close(s, [mp.exp(e) for e in exact], what=f"softmax({row})")


@ORACLE
@given(hard_logits(), st.data())
def test_cross_entropy_from_logits_is_exact_to_1e_12(z, data):
    rows, k = z.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=rows, max_size=rows)))
    targets = data.draw(hard_prob_vectors(min_size=k, max_size=k)) * np.ones((rows, 1))
    with mp.workdps(60):  # -log softmax >= 0 per class: sums of terms of one sign
        exact = [mp_log_softmax(row) for row in z]
        hard = [-e[y] for e, y in zip(exact, labels, strict=True)]
        soft = [
            -mp.fsum(mpf(t) * e for t, e in zip(targets[0], ex, strict=True) if t) for ex in exact
        ]
        got = il.cross_entropy_from_logits(z, labels, reduction="none")
        assert_close(got, hard, what="cross_entropy_from_logits, labels")
        mean = mp.fsum(hard) / rows
        if max(hard) > np.finfo(np.float64).max:  # one loss beyond the float range: inf
            mean = mp.inf  # (the mean of the losses, not a mean computed without them)
        assert_close(il.cross_entropy_from_logits(z, labels), mean, what="mean")
        got = il.cross_entropy_from_logits(z, targets, reduction="none")
        assert_close(got, soft, what="cross_entropy_from_logits, targets")


def test_log_softmax_of_confident_logits_keeps_the_top_class_tiny():
    with mp.workdps(60):
        assert_close(il.log_softmax([40.0, 0.0]), mp_log_softmax([40.0, 0.0]))
        assert_close(il.cross_entropy_from_logits([[40.0, 0.0]], [0]), -mp_log_softmax([40, 0])[0])


@ORACLE
@given(
    st.lists(
        st.tuples(
            hard_probabilities(),
            st.one_of(
                st.floats(-50, 50),
                st.floats(-1e308, 1e308),
                # below -708 scipy's expit flushes sigma(z) to 0; its e^z is subnormal
                st.sampled_from([40.0, -40.0, 745.0, 800.0, -720.0, -740.0, 720.0]),
            ),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_binary_cross_entropy_with_logits_and_its_gradient(pairs_):
    y = np.array([a for a, _ in pairs_])
    z = np.array([b for _, b in pairs_])
    with mp.workdps(60):
        loss, grad = [], []
        for yi, zi in zip(y, z, strict=True):
            yy, zz = mpf(yi), mpf(zi)
            sp = mp.log1p(mp.exp(-abs(zz)))  # softplus(z) = max(z, 0) + sp
            loss.append(yy * (max(-zz, 0) + sp) + (1 - yy) * (max(zz, 0) + sp))
            grad.append((1 - yy) / (1 + mp.exp(-zz)) - yy / (1 + mp.exp(zz)))
        # the loss: two terms >= 0. The gradient sigma(z) - y = (1-y) sigma(z) - y sigma(-z)
        # subtracts two products, each a few roundings from exact: TOL of their sum.
        bounds = [
            TOL * ((1 - mpf(a)) / (1 + mp.exp(-mpf(b))) + mpf(a) / (1 + mp.exp(mpf(b))))
            for a, b in zip(y, z, strict=True)
        ]
        assert_close(il.binary_cross_entropy_with_logits(y, z, reduction="none"), loss, what="BCE")
        assert_close(il.logit_gradient(y, z), grad, bounds, what="logit_gradient")


def test_binary_cross_entropy_with_logits_of_the_issue_example():
    with mp.workdps(60):
        y, z = mpf(1 - 2.0**-53), mpf(40.0)
        exact = y * mp.log1p(mp.exp(-z)) + (1 - y) * (z + mp.log1p(mp.exp(-z)))
        assert_close(il.binary_cross_entropy_with_logits([1 - 2.0**-53], [40.0]), exact)


@ORACLE
@given(st.integers(1, 4), st.integers(2, 4), st.sampled_from([1.0, 5.0, 30.0]), st.data())
def test_linear_models_losses_and_gradients(n, k, scale, data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    X = rng.normal(size=(n, 2)) * scale
    w, W = rng.normal(size=3) * scale, rng.normal(size=(3, k)) * scale
    y = (rng.random(n) < 0.5).astype(float)
    labels = rng.integers(0, k, size=n)
    x1 = [[mpf(v) for v in row] + [mp.mpf(1)] for row in X]
    with mp.workdps(60):
        z = [mp.fsum(a * mpf(b) for a, b in zip(row, w, strict=True)) for row in x1]
        # z_i is a dot product of mixed signs: TOL of the sum of its terms' magnitudes
        zb = [TOL * mp.fsum(abs(a * mpf(b)) for a, b in zip(row, w, strict=True)) for row in x1]
        assert_close(il.linear_logits(w, X), z, zb, what="linear_logits")
        # The loss is a mean of terms >= 0; its sensitivity to an error dz in z_i is
        # |sigma(z_i) - y_i| dz <= loss_i dz (softplus(u) >= sigma(u)), so it inherits z's
        # absolute error as a relative one: 4 eps * sum|x w| + TOL.
        losses = [
            mp.log1p(mp.exp(-zi)) if yi else mp.log1p(mp.exp(zi))
            for zi, yi in zip(z, y, strict=True)
        ]
        slack = max(4 * EPS * float(b / TOL) for b in zb)
        exact = mp.fsum(losses) / n
        got = il.logistic_loss(w, X, y)
        assert_close(got, exact, (TOL + slack) * exact, what="logistic_loss")
        # The gradient X^T g / n mixes signs: TOL + the logits' slack, of its terms' magnitudes
        g = [
            -1 / (1 + mp.exp(zi)) if yi else 1 / (1 + mp.exp(-zi))
            for zi, yi in zip(z, y, strict=True)
        ]
        exact = [mp.fsum(row[j] * gi for row, gi in zip(x1, g, strict=True)) / n for j in range(3)]
        mags = [
            (TOL + slack) * mp.fsum(abs(row[j] * gi) for row, gi in zip(x1, g, strict=True)) / n
            for j in range(3)
        ]
        assert_close(_logistic_gradient(w, X, y), exact, mags, what="logistic_gradient")
        # Softmax regression: the gradient X^T (softmax - onehot) / n, the same bound
        zz = [
            [mp.fsum(a * mpf(b) for a, b in zip(row, W[:, c], strict=True)) for c in range(k)]
            for row in x1
        ]
        slack = max(
            4 * EPS * float(mp.fsum(abs(a * mpf(b)) for a, b in zip(row, W[:, c], strict=True)))
            for row in x1
            for c in range(k)
        )
        probs = [[mp.exp(e) for e in mp_log_softmax(row)] for row in zz]
        g = [
            [-mp.fsum(pr[:lab] + pr[lab + 1 :]) if c == lab else p for c, p in enumerate(pr)]
            for pr, lab in zip(probs, labels, strict=True)
        ]  # p - 1 at the label, exactly
        exact = [
            [mp.fsum(x1[i][j] * g[i][c] for i in range(n)) / n for c in range(k)] for j in range(3)
        ]
        mags = [
            [
                (TOL + slack) * mp.fsum(abs(x1[i][j] * g[i][c]) for i in range(n)) / n
                for c in range(k)
            ]
            for j in range(3)
        ]
        got = _softmax_gradient(W, X, labels)
        for j in range(3):
            assert_close(got[j], exact[j], mags[j], what="softmax_gradient")


@ORACLE
@given(
    st.lists(st.sampled_from([1e10, -1e10, 1.5, -3.0, 1e300, -1e300]), min_size=2, max_size=2),
    st.lists(st.sampled_from([1e308, -1e308, 1.7e308, 1.0, -2.0]), min_size=3, max_size=3),
)
def test_linear_logits_whose_products_overflow_are_exact(x, w):
    # 1e10 * 1e308 - 1e10 * 1e308 was inf - inf = nan; the exact sum may well be representable.
    # A sum of mixed signs that does not overflow carries the usual 4 eps of its terms' sizes.
    terms = [Fraction(a) * Fraction(b) for a, b in zip([*x, 1.0], w, strict=True)]
    with mp.workdps(60):
        exact = mp.mpf(sum(terms).numerator) / sum(terms).denominator
        size = mp.fsum(mp.mpf(abs(t).numerator) / abs(t).denominator for t in terms)
        assert_close(il.linear_logits(w, [x]), [exact], [TOL * abs(exact) + 4 * EPS * size])


# --- Gaussians and continuous fits -------------------------------------------------------------

sigmas = st.one_of(
    st.floats(1e-3, 1e3),
    tiny_floats(max_exponent=-10),
    st.floats(1e100, 1e300),
    st.just(1 / math.sqrt(2 * math.pi * math.e)),
)
means = st.one_of(
    st.floats(-10, 10), st.floats(-1e300, 1e300), st.sampled_from([1.7e308, -1.7e308])
)


@ORACLE
@given(sigmas, sigmas, means, means, st.floats(-1e-6, 1e-6))
def test_gaussian_divergences_and_entropies(s1, s2, m1, m2, nudge):
    if nudge and s1 < 1e300:
        s2 = s1 * (1 + nudge)  # s2 ~ s1: a tiny KL that must keep its digits
    with mp.workdps(60):
        S1, S2, M1, M2 = (mpf(x) for x in (s1, s2, m1, m2))
        log_term = mp.log(2 * mp.pi * mp.e) / 2
        # h = log(2 pi e)/2 + log sigma mixes signs: TOL of the terms' magnitudes
        h = log_term + mp.log(S1)
        assert_close(il.differential_entropy_gaussian(s1), h, TOL * (log_term + abs(mp.log(S1))))
        # KL = (x - log1p x)/2 + ((m1 - m2)/s2)^2/2, two terms >= 0: well-conditioned
        x = S1**2 / S2**2 - 1  # (log1p(x) as 2 log(S1/S2): x may round to -1)
        kl = (x - 2 * mp.log(S1 / S2)) / 2 + ((M1 - M2) / S2) ** 2 / 2
        got = il.kl_divergence_gaussian(m1, s1, m2, s2)
        if kl > 1e300:
            assert got > 1e300 or got == math.inf
            return
        assert_close(got, kl, what="kl_divergence_gaussian")
        ce = h + kl  # h may be negative: TOL of |h| + KL
        got = il.cross_entropy_gaussian(m1, s1, m2, s2)
        assert_close(got, ce, TOL * (abs(h) + kl) + 2 * EPS * (log_term + abs(mp.log(S1))))


@ORACLE
@given(
    st.one_of(tiny_floats(max_exponent=-2), st.floats(3.0, 1e300)),
    st.one_of(st.floats(0.3, 1.5), st.just(0.4), st.just(1 / math.sqrt(2 * math.pi))),
    st.floats(-10, 10),
)
def test_cross_entropy_gaussian_far_from_q_equals_p_does_not_cancel(s1, s2, dmu):
    # With sigma1 far below (or above) sigma2, h(p) = log(2 pi e)/2 + log sigma1 and the KL
    # are large and of opposite signs (sigma1 = 1e-300: -689 + 689), but H(p, q) is not: it is
    # log(2 pi)/2 + log sigma2 + (sigma1/sigma2)^2/2 + (dmu/sigma2)^2/2, whose terms can be
    # rounded a few times each: 16 eps of their magnitudes, however large |log sigma1| is.
    # (h + KL lost 1.9e-11 relative at sigma1 = 1e-300, sigma2 = 0.4: 200 times more.)
    with mp.workdps(60):
        S1, S2, D = mpf(s1), mpf(s2), mpf(dmu)
        terms = [mp.log(2 * mp.pi) / 2, mp.log(S2), (S1 / S2) ** 2 / 2, (D / S2) ** 2 / 2]
        bound = 16 * EPS * mp.fsum(abs(t) for t in terms)
        got = il.cross_entropy_gaussian(0.0, s1, dmu, s2)
        assert_close(got, mp.fsum(terms), bound, what=f"cross_entropy_gaussian({s1}, {s2})")


def test_cross_entropy_gaussian_of_a_needle_under_a_wide_model():
    with mp.workdps(60):
        exact = mp.log(2 * mp.pi * mpf(0.4) ** 2) / 2 + (mpf(1e-300) / mpf(0.4)) ** 2 / 2
        got = il.cross_entropy_gaussian(0.0, 1e-300, 0.0, 0.4)
        assert_close(got, exact, 1e-13 * exact)  # (h + KL: 1.9e-11 relative)


@ORACLE
@given(
    st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=8),
    st.sampled_from([1.0, 1e-200, 1e150, 1e300]),
    st.floats(1e-3, 1e3),
)
def test_gaussian_fits_and_nll(xs, scale, sigma):
    x = np.array(xs) / 1e300 * scale
    with mp.workdps(60):
        X = [mpf(v) for v in x]
        n = len(X)
        mu = mp.fsum(X) / n
        var = mp.fsum((v - mu) ** 2 for v in X) / n
        got_mu, got_sigma = il.fit_gaussian(x)
        # The mean adds terms of mixed signs: n eps of sum|x|. The deviation then carries the
        # mean's error, relative to it: n eps (sum|x|/n) / sigma, and its own n eps.
        mag = mp.fsum(abs(v) for v in X)
        assert_close(got_mu, mu, 4 * n * EPS * mag / n + TOL * abs(mu), what="fit_gaussian mu")
        sd = mp.sqrt(var)
        assert_close(got_sigma, sd, 4 * n * EPS * (sd + mag / n) + TOL * sd, what="sigma")
        # Gaussian NLL per example: r^2/2 + log sigma + log(2 pi)/2 mixes signs (log sigma < 0)
        y_pred = np.zeros_like(x)
        s = mpf(sigma)
        terms = [((v / s) ** 2 / 2, mp.log(s), mp.log(2 * mp.pi) / 2) for v in X]
        exact = [mp.fsum(t) for t in terms]
        bounds = [TOL * mp.fsum(abs(u) for u in t) for t in terms]
        got = il.gaussian_nll(x, y_pred, sigma=sigma, reduction="none")
        assert_close(got, exact, bounds, what="gaussian_nll")
        # The Gaussian's cross-entropy on the data, from their mean and variance: the same terms
        # averaged; s^2 + xbar^2 = mean(x^2) carries 8 n eps of it through the mean and variance.
        quad = mp.fsum((v / s) ** 2 for v in X) / (2 * n)
        exact = quad + mp.log(s) + mp.log(2 * mp.pi) / 2
        bound = TOL * (quad + abs(mp.log(s)) + mp.log(2 * mp.pi) / 2) + 8 * n * EPS * quad
        assert_close(il.gaussian_cross_entropy(x, 0.0, sigma), exact, bound, what="gaussian CE")


@ORACLE
@given(
    st.one_of(st.floats(-3, 3), st.floats(-1e8, 1e8)),
    st.one_of(st.floats(0.05, 5), tiny_floats(max_exponent=-20), st.floats(1e3, 1e6)),
)
def test_gaussian_on_grid_is_exact_to_1e_12(mu, sigma):
    grid = np.linspace(-5.0, 5.0, 11)
    with mp.workdps(60):
        a = [-((mpf(x) - mpf(mu)) ** 2) / (2 * mpf(sigma) ** 2) for x in grid]
        top = max(a)
        w = [mp.exp(e - top) for e in a]
        total = mp.fsum(w)
        # the shifted exponents (h - h0)(h + h0)/sigma^2 carry ~3 eps relative: at most
        # 745 * 3 eps = 5e-13 in an output above the subnormal range
        assert_close(il.gaussian_on_grid(mu, sigma, grid), [e / total for e in w])


@settings(max_examples=60)
@given(
    st.sampled_from([1e17, -3.3e20 + 2**20, 1e300, -1.7e308]),
    st.sampled_from([1e-300, 0.3, 1e8, 3e149, 1e300]),
)
def test_gaussian_on_grid_far_from_its_mean_is_exact(mu, sigma):
    # every |x - mu| on the grid rounded to one number: a uniform vector came out for a needle
    grid = np.linspace(-5.0, 5.0, 11)
    with mp.workdps(800):  # (x - mu)^2 keeps its last digits only with ~2 * 308 of them
        a = [-((mpf(x) - mpf(mu)) ** 2) / (2 * mpf(sigma) ** 2) for x in grid]
        top = max(a)
        # e^-1000 < 1e-434 rounds to 0 in float64; mpmath's exp of -1e600 takes a second
        w = [mp.exp(e - top) if e - top > -1000 else mpf(0) for e in a]
        exact = [e / mp.fsum(w) for e in w]
        # the exponents carry eps of |x - x0| |(x + x0)/2 - mu| / sigma^2: mu's own conditioning
        bounds = [(TOL + 40 * EPS * abs(mpf(mu)) / mpf(sigma) ** 2) * e for e in exact]
    got = il.gaussian_on_grid(mu, sigma, grid)
    assert_close(got, exact, bounds, what=f"gaussian_on_grid({mu}, {sigma})")


def test_gaussian_on_grid_puts_a_needle_on_the_nearest_point():
    q = il.gaussian_on_grid(1e8, 1e-300, [-2.0, -1.0, 0.0, 1.0, 2.0])
    assert q.tolist() == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert il.gaussian_on_grid(1e17, 1e-300, [-1.0, 0.0, 1.0]).tolist() == [0.0, 0.0, 1.0]


# --- counts, smoothing, perplexity, codes --------------------------------------------------------


@ORACLE
@given(
    st.text(alphabet="abcd", max_size=30),
    st.one_of(st.floats(0, 10), st.floats(1e300, 1e308), tiny_floats()),
)
def test_unigram_model_is_exact_to_1e_12(text, alpha):
    if not text and alpha == 0:
        return
    with mp.workdps(60):  # a ratio of sums of terms >= 0
        a = mpf(alpha)
        exact = [(text.count(c) + a) / (len(text) + 4 * a) for c in "abcd"]
        assert_close(il.unigram_model(text, "abcd", pseudocount=alpha), exact)


@ORACLE
@given(st.lists(st.integers(0, 4), min_size=1, max_size=40))
def test_empirical_distribution_is_correctly_rounded(samples):
    exact = [Fraction(samples.count(c), len(samples)) for c in range(5)]
    got = il.empirical_distribution(samples, support=range(5))
    assert got.tolist() == [float(f) for f in exact]


@ORACLE
@given(st.integers(0, 9), st.integers(2, 10), hard_probabilities())
def test_smooth_labels_is_exact_to_1e_12(label, k, eps):
    label = label % k
    with mp.workdps(60):
        e = mpf(eps)
        exact = [(1 - e) * (c == label) + e / k for c in range(k)]
        assert_close(il.smooth_labels([label], k, eps)[0], exact)


@ORACLE
@given(st.one_of(st.floats(0, 700), tiny_floats()), st.sampled_from([None, 2, 10, 1.5]))
def test_perplexity_is_exact_to_1e_12(h, base):
    with mp.workdps(60):  # exp and pow are accurate to an ulp of the exact power
        exact = mp.exp(mpf(h)) if base is None else mpf(base) ** mpf(h)
        assert_close(il.perplexity(h, base=base), exact)


@ORACLE
@given(hard_prob_vectors(allow_zeros=False, max_size=10))
def test_shannon_code_lengths_and_kraft_sums_are_exact(q):
    q = q[q > 0]  # (a subnormal weight can round to 0 when normalised)
    lengths = il.shannon_code_lengths(q)
    for qi, li in zip(q, lengths, strict=True):  # the least l with 2**-l <= q, exactly
        assert Fraction(1, 2 ** int(li)) <= Fraction(qi) < Fraction(2, 2 ** int(li))
    assert il.kraft_sum(lengths) == float(sum(Fraction(1, 2 ** int(li)) for li in lengths))
    with mp.workdps(60):  # p * l >= 0
        exact = mp.fsum(mpf(a) * int(b) for a, b in zip(q, lengths, strict=True))
        assert_close(il.expected_code_length(q, lengths), exact)


def test_shannon_code_length_of_a_probability_a_hair_below_a_power_of_two():
    q = np.nextafter(0.125, 0.0)  # -log2 q rounds to 3, but 2**-3 > q
    assert il.shannon_code_lengths([q, 1 - q]).tolist() == [4, 1]


# --- imbalance, contrastive, distillation, tilting, language, calibration -----------------------

gammas = st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0])


@ORACLE
@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0]), hard_probabilities()), min_size=1,
                max_size=6), gammas)  # fmt: skip
def test_focal_loss_is_exact_to_1e_12(pairs_, gamma):
    y = np.array([a for a, _ in pairs_])
    p = np.array([b for _, b in pairs_])
    with mp.workdps(60):  # one product of powers and a log per example: well-conditioned
        g, exact = mpf(gamma), []
        for yi, pi in zip(y, p, strict=True):
            pp = mpf(pi)
            if yi == 1:  # -(1 - p)^g log p
                exact.append(mp.inf if pp == 0 else -((1 - pp) ** g) * mp.log(pp))
            else:  # -p^g log(1 - p): p = 1e-20 must not round to a loss of 0
                exact.append(mp.inf if pp == 1 else -(pp**g) * mp.log1p(-pp))
        assert_close(il.focal_loss(y, p, gamma, reduction="none"), exact, what="focal_loss")


def mp_focal_minimizer(p, g):
    """The root in u = logit(q) of the expected focal loss's derivative, by bisection on the
    sign of log((1 - p) q^g B) - log(p r^g A) (see imbalance._focal_slope), at 60 digits."""
    p, g = mpf(p), mpf(g)

    def c(u):  # -log(1 - sigma(u)) / sigma(u)
        return mp.log1p(mp.exp(u)) * (1 + mp.exp(-u))

    def sign(u):
        q, r = 1 / (1 + mp.exp(-u)), 1 / (1 + mp.exp(u))
        return (
            mp.log1p(-p)
            - mp.log(p)
            + (g + 1) * u
            + mp.log1p(g * r * c(u))
            - mp.log1p(g * q * c(-u))
        )

    lo, hi = mp.mpf(-800), mp.mpf(800)
    for _ in range(120):  # 1600 / 2**120: far below the float's resolution of u
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sign(mid) < 0 else (lo, mid)
    return 1 / (1 + mp.exp(-lo))


@settings(max_examples=40)
@given(
    st.one_of(st.floats(0.01, 0.99), tiny_floats(), st.sampled_from([5e-324, 1e-320, 1e-300])),
    st.sampled_from([0.5, 1.0, 2.0, 5.0, 50.0, 2000.0, 1e-3]),
)
def test_focal_minimizer_is_exact_to_1e_12(p, gamma):
    # (at p = 5e-324 the root was 17% off: the two terms of the derivative underflowed; at
    # gamma = 2000 both were 0 around q = 1/2)
    with mp.workdps(60):
        exact = mp_focal_minimizer(p, gamma)
        assert_close(il.focal_minimizer(p, gamma), exact, what=f"focal_minimizer({p}, {gamma})")


weights = st.one_of(st.floats(1e-3, 1e3), tiny_floats(), st.floats(1e300, 1e308))


@ORACLE
@given(hard_prob_vectors(max_size=6), st.data())
def test_reweighted_posterior_and_logit_adjustment(p, data):
    w = np.array(data.draw(st.lists(weights, min_size=p.size, max_size=p.size)))
    with mp.workdps(60):  # a ratio of sums of terms >= 0: well-conditioned
        wp = [mpf(a) * mpf(b) for a, b in zip(w, p, strict=True)]
        total = mp.fsum(wp)
        got = il.reweighted_posterior(p, w)
        assert_close(got, [x / total for x in wp], what=f"reweighted_posterior({p}, {w})")
        z = p * 100.0 - 50.0  # z - log w mixes signs: TOL of the two magnitudes
        exact = [mpf(a) - mp.log(mpf(b)) for a, b in zip(z, w, strict=True)]
        bounds = [TOL * (abs(mpf(a)) + abs(mp.log(mpf(b)))) for a, b in zip(z, w, strict=True)]
        assert_close(il.logit_adjustment(z, w), exact, bounds, what="logit_adjustment")


def test_reweighted_posterior_with_subnormal_weights():
    assert il.reweighted_posterior([0.3, 0.7], [5e-324, 5e-324]).tolist() == [0.3, 0.7]


coordinates = st.one_of(
    st.floats(-10, 10), st.floats(-1e300, 1e300), st.sampled_from([1e200, -1e199, 1e154, 0.0])
)
correlations = st.one_of(
    st.floats(-0.999, 0.999),
    st.sampled_from([1 - 2.0**-53, -(1 - 2.0**-53), 1 - 1e-10, 1e-300, 0.0, 0.5, -0.5]),
)


@ORACLE
@given(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=4), correlations)
def test_gaussian_mutual_information_and_log_density_ratio(xy, rho):
    x = np.array([a for a, _ in xy])
    y = np.array([b for _, b in xy])
    with mp.workdps(60):
        r = mpf(rho)
        mi = -mp.log1p(-r * r) / 2  # well-conditioned
        assert_close(il.gaussian_mutual_information(rho), mi, what="gaussian_mutual_information")
        # MI minus the quadratic form mixes signs: TOL of the terms' magnitudes. (x, y of 1e200
        # and 1e199 once gave inf - inf = nan; beyond the float range the answer is +-inf)
        exact, bounds = [], []
        for a, b in zip(x, y, strict=True):
            a, b = mpf(a), mpf(b)
            quad = [r * r * a * a, -2 * r * a * b, r * r * b * b]
            exact.append(mi - mp.fsum(quad) / (2 * (1 - r * r)))
            bounds.append(TOL * (mi + mp.fsum(abs(t) for t in quad) / (2 * (1 - r * r))))
        got = il.gaussian_log_density_ratio(x, y, rho)
        assert_close(got, exact, bounds, what=f"gaussian_log_density_ratio(rho={rho})")


def test_gaussian_log_density_ratio_of_a_tiny_rho_at_huge_coordinates():
    # x y' overflows, and a rescaled x y' times rho = 1e-300 fell into the subnormals
    for x, y, rho in [(1.797693134862316e108, 1e200, 2.225073858507203e-309),
                      (9.999999999999999e153, 3.703714853017074e165, 1e-300)]:  # fmt: skip
        with mp.workdps(60):
            r, a, b = mpf(rho), mpf(x), mpf(y)
            exact = -mp.log1p(-r * r) / 2 - (r * r * (a * a + b * b) - 2 * r * a * b) / (
                2 * (1 - r * r)
            )
            assert_close(il.gaussian_log_density_ratio(x, y, rho), exact)


@ORACLE
@given(st.integers(1, 6), st.sampled_from([1e-12, 1e-8, 1e-4, 1.0, 30.0, 1e4, 1e300]), st.data())
def test_info_nce_loss_and_bound(n, scale, data):
    s = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n)))
    s = (s * scale).reshape(n, n)
    with mp.workdps(80):
        losses = [-mp_log_softmax(row)[i] for i, row in enumerate(s)]  # >= 0
        assert_close(il.info_nce_loss(s, reduction="none"), losses, what="info_nce_loss")
        # log N - mean loss: ~ 0 for a nearly blind critic, where it must not cancel (a bound of
        # 6.7e-9 was 1.8e-8 off). The rounding of the scores themselves moves the exact bound
        # by at most 2 eps max|s| (its derivatives sum to <= 2 in absolute value).
        # (the reference per row as -log1p(mean_j expm1(s_ij - s_ii)), with digits to spare for
        # the cancellation of expm1's of both signs: twice the decades of the smallest score)
        small = min([abs(float(v)) for v in s.ravel() if v] or [1.0])
        with mp.workdps(80 + 2 * max(0, -int(math.log10(small)))):
            rows = [[mpf(v) for v in row] for row in s]
            bound = (
                mp.fsum(
                    -mp.log1p(mp.fsum(mp.expm1(v - row[i]) for v in row) / n)
                    for i, row in enumerate(rows)
                )
                / n
            )
        allowed = TOL * abs(bound) + 8 * EPS * float(np.abs(s).max())
        assert_close(il.info_nce_bound(s), bound, allowed, what=f"info_nce_bound({s})")


temperatures = st.sampled_from([1e-300, 1e-3, 0.5, 1.0, 4.0, 1e300])


@ORACLE
@given(hard_logits(max_rows=2), hard_logits(max_rows=2), temperatures)
def test_soft_targets_and_distillation_are_exact(zs, zt, temp):
    zs = np.resize(zs, zt.shape)
    t = mpf(temp)
    with mp.workdps(60):
        exact_p, exact_ce, exact_grad, bounds = [], [], [], []
        for a, b in zip(zs, zt, strict=True):
            log_q = mp_log_softmax([mpf(v) / t for v in a])
            log_p = mp_log_softmax([mpf(v) / t for v in b])
            p = [mp.exp(v) for v in log_p]
            exact_p.append(p)
            exact_ce.append(-mp.fsum(x * v for x, v in zip(p, log_q, strict=True) if x))
            exact_grad.append([(mp.exp(u) - x) / t for u, x in zip(log_q, p, strict=True)])
            # z / T rounds to a relative eps/2: an absolute error of eps |z / T| in the exponent
            bounds.append(4 * EPS * min(float(np.abs(np.concatenate([a, b])).max()) / temp, 1e300))
        for row, p, slack in zip(il.soft_targets(zt, temp), exact_p, bounds, strict=True):
            assert_close(row, p, [(TOL + slack) * x for x in p], what=f"soft_targets T={temp}")
        got = il.distillation_loss(zs, zt, temp, reduction="none")
        assert_close(got, exact_ce, [(TOL + s) * c for s, c in zip(bounds, exact_ce, strict=True)])
        # q - p mixes signs: the slack of both, relative to their sum
        for row, g, slack, a, b in zip(
            il.distillation_gradient(zs, zt, temp), exact_grad, bounds, zs, zt, strict=True
        ):
            mags = [
                (TOL + slack) * (mp.exp(u) + mp.exp(v)) / t
                for u, v in zip(mp_log_softmax([mpf(x) / t for x in a]),
                                mp_log_softmax([mpf(x) / t for x in b]), strict=True)
            ]  # fmt: skip
            assert_close(row, g, mags, what=f"distillation_gradient T={temp}")


def test_distillation_of_logits_1e308_apart_is_exact():
    # log q = -inf where p = 0: 0 log 0 = 0, not nan
    for divergence in ("cross_entropy", "kl"):
        assert il.distillation_loss([[1e308, -1e308]], [[1e308, -1e308]], 1.0, divergence) == 0.0
    assert il.soft_targets([[1e10, 0.0]], 1e-300).tolist() == [[1.0, 0.0]]


def test_distillation_where_the_teacher_or_student_probability_is_subnormal():
    # p = e^-725 keeps 29 bits: p * 1600 was 1.5e-9 off; (q - p) / T at T = 1e-3, 2e-5 off
    cases = [([800.0, 0.0], [325.0, -37.5], 0.5), ([0.609375, 0.0], [0.0, 1.0], 1e-3)]
    for zs, zt, temp in cases:
        with mp.workdps(60):
            t = mpf(temp)
            log_q = mp_log_softmax([mpf(v) / t for v in zs])
            log_p = mp_log_softmax([mpf(v) / t for v in zt])
            ce = -mp.fsum(mp.exp(a) * b for a, b in zip(log_p, log_q, strict=True))
            grad = [(mp.exp(b) - mp.exp(a)) / t for a, b in zip(log_p, log_q, strict=True)]
            assert_close(il.distillation_loss([zs], [zt], temp), ce, what="distillation_loss")
            assert_close(il.distillation_gradient([zs], [zt], temp)[0], grad, what="gradient")


@ORACLE
@given(hard_prob_vectors(min_size=2, max_size=5), st.data())
def test_tilted_distribution_and_kl_regularized_objective(q_ref, data):
    k = q_ref.size
    r = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=k, max_size=k)))
    beta = data.draw(st.sampled_from([1e-3, 0.1, 1.0, 10.0, 1e6]))
    with mp.workdps(60):
        b = mpf(beta)
        w = [mpf(p) * mp.exp(mpf(x) / b) for p, x in zip(q_ref, r, strict=True)]
        total = mp.fsum(w)
        exact = [x / total for x in w]
        # log q_ref + (r - max r) / beta is rounded to eps of its magnitude before exp
        support = q_ref > 0
        mag = float(np.abs(np.log(q_ref[support])).max() + np.ptp(r[support]) / beta)
        got = il.tilted_distribution(q_ref, r, beta)
        assert_close(got, exact, [(TOL + 4 * EPS * mag) * x for x in exact], what="tilted")
        # E_q[r] - beta KL mixes signs: TOL of both magnitudes (KL's own bound: 16 eps)
        q = got
        kl = mp.fsum(mpf(a) * mp.log(mpf(a) / mpf(c)) for a, c in zip(q, q_ref, strict=True) if a)
        gain = [mpf(a) * mpf(x) for a, x in zip(q, r, strict=True)]
        exact = mp.fsum(gain) - b * kl
        bound = TOL * (mp.fsum(abs(g) for g in gain) + b * abs(kl)) + b * 16 * EPS
        assert_close(il.kl_regularized_objective(q, q_ref, r, beta), exact, bound, what="J")


@settings(max_examples=60)
@given(
    st.text(alphabet="abc", min_size=1, max_size=25),
    st.text(alphabet="abc", min_size=1, max_size=8),
    st.integers(1, 4),
    st.one_of(st.sampled_from([1e-12, 1e-9, 1e-3, 1.0, 4.0, 1e6, 1e300]), tiny_floats()),
)
def test_ngram_log_probs_and_cross_entropy_are_exact_to_1e_12(train, test, order, strength):
    chars = "abc"
    k = mpf(strength)
    with mp.workdps(60):  # each log q < 0: well-conditioned; no cancellation allowed inside
        text = train[-(order - 1) :] + test if order > 1 else test
        start, exact = len(text) - len(test), []
        for i in range(len(test)):  # q and q - 1: log1p(q - 1) keeps a q within 1e-50 of 1
            pos, q, qm1 = start + i, mp.mpf(1) / len(chars), mp.mpf(1) / len(chars) - 1
            for j in range(min(order, pos + 1)):
                h, c = text[pos - j : pos], text[pos]
                grams = [train[m - j : m + 1] for m in range(j, len(train))]
                n_h = sum(g[:-1] == h for g in grams)
                n_hc = sum(g == h + c for g in grams)
                if n_h:
                    q, qm1 = (n_hc + k * q) / (n_h + k), (n_hc - n_h + k * qm1) / (n_h + k)
            exact.append(mp.log(q) if q < 0.5 else mp.log1p(qm1))
        got = il.ngram_log_probs(train, test, order, chars, strength)
        assert_close(got, exact, what=f"ngram_log_probs({train!r}, {test!r}, {order}, {strength})")
        got = il.ngram_cross_entropy(train, test, order, chars, strength, base=2)
        assert_close(got, -mp.fsum(exact) / len(exact) / mp.log(2), what="ngram_cross_entropy")


def test_ngram_log_prob_of_a_character_that_always_follows_its_context():
    # log((1 + 1e-9 q) / (1 + 1e-9)) ~ -5e-10: the log of the rounded ratio was 8e-8 off
    with mp.workdps(60):
        k = mpf(1e-9)
        q1 = (2 + k / 2) / (4 + k)
        exact = mp.log((1 + k * q1) / (1 + k))
        assert_close(il.ngram_log_probs("abab", "a", order=2, strength=1e-9), [exact])


@ORACLE
@given(
    st.one_of(st.floats(0, 10), st.floats(1e300, 1e308), tiny_floats()),
    st.one_of(st.integers(1, 10**6), st.sampled_from([10**400, 2**53 + 1])),
    st.one_of(st.integers(1, 10**6), st.sampled_from([10**400, 10**9])),
    st.sampled_from([None, 2, 10]),
)
def test_bits_per_byte_is_exact_to_1e_12(loss, tokens, nbytes, base):
    # (10**400 tokens once raised a bare OverflowError naming no argument)
    with mp.workdps(60):
        unit = mp.log(2) if base is None else mp.log(2) / mp.log(base)
        exact = mpf(loss) * tokens / (nbytes * unit)
        assert_close(il.bits_per_byte(loss, tokens, nbytes, loss_base=base), exact)


@ORACLE
@given(st.integers(1, 8), st.integers(2, 4), st.integers(1, 5), st.data())
def test_reliability_table_and_ece_are_exact(n, k, n_bins, data):
    probs = np.array([data.draw(hard_prob_vectors(min_size=k, max_size=k)) for _ in range(n)])
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    table = il.reliability_table(probs, labels, n_bins)
    conf = probs.max(axis=1)
    bins = np.minimum(np.searchsorted(table.edges, conf, side="right") - 1, n_bins - 1)
    correct = probs.argmax(axis=1) == labels
    with mp.workdps(60):  # means of terms >= 0; ECE's gaps mix signs: TOL of their parts
        ece, parts = [], []
        for b in range(n_bins):
            inside = bins == b
            m = int(inside.sum())
            assert table.count[b] == m
            c = mp.fsum(mpf(x) for x in conf[inside]) / m if m else mp.mpf(0)
            a = mp.mpf(int(correct[inside].sum())) / m if m else mp.mpf(0)
            assert_close(table.confidence[b], c, what="reliability_table confidence")
            assert_close(table.accuracy[b], a, what="reliability_table accuracy")
            ece.append(m * abs(a - c))
            parts.append(m * (a + c))
        exact = mp.fsum(ece) / n
        bound = TOL * mp.fsum(parts) / n
        got = il.expected_calibration_error(probs, labels, n_bins)
        assert_close(got, exact, bound, what="expected_calibration_error")


EXEMPT = {  # see the module docstring
    "compressed_bits_per_character",
    "fit_gaussian_on_grid",
    "fit_logistic_regression",
    "fit_logistic_regression_weighted",
    "fit_softmax_regression",
    "fit_temperature",
    "huffman_code_lengths",
    "load_text",
    "make_blobs",
    "zen_of_python",
}
MODULES = {"coding", "datasets", "divergence", "entropy", "estimation", "gaussian", "linear"}
MODULES |= {"logits", "losses", "calibration", "contrastive", "distillation", "imbalance"}
MODULES |= {"language", "tilting"}


def test_every_numeric_helper_has_an_oracle():
    here = Path(__file__).read_text()
    ours = {n for n in il.__all__ if getattr(il, n).__module__.split(".")[-1] in MODULES}
    missing = sorted(n for n in ours - EXEMPT if not re.search(rf"\bil\.{n}\(", here))
    assert not missing, f"no mpmath oracle for {missing}"
