"""Accuracy inside the supported range: relative error against an mpmath oracle (80 digits).

The hard regimes on purpose: zeros, tiny probabilities (down to the smallest normal float),
p close to q (where KL is tiny), confident logits. The tolerances are the ones the docstrings
state.
"""

import mpmath as mp
import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import infoloss as il

mp.mp.dps = 80


def rel_err(got, exact) -> float:
    exact = mp.mpf(exact)
    return abs(float(got)) if exact == 0 else float(abs((mp.mpf(float(got)) - exact) / exact))


@st.composite
def vectors(draw, n=None):
    """Probability vectors with entries at every scale (1e-300 .. 1) and exact zeros."""
    n = n or draw(st.integers(2, 8))
    exps = draw(st.lists(st.integers(-300, 0), min_size=n, max_size=n))
    w = np.array([draw(st.floats(0.5, 1.0)) * 10.0**e for e in exps])
    w[draw(st.lists(st.integers(0, n - 1), max_size=n - 1))] = 0.0
    return w / w.sum()


def kl_exact(p, q):
    terms = zip(p, q, strict=True)
    return mp.fsum(mp.mpf(a) * mp.log(mp.mpf(a) / mp.mpf(b)) for a, b in terms if a > 0)


@given(vectors(), st.integers(1, 100))
def test_entropy_cross_entropy_and_kl_of_the_vectors_as_given_also_when_q_is_close_to_p(p, k):
    """The docstrings' bounds: 1e-14 relative for H(p) and H(p, q); for KL 1e-12 relative plus
    4e-16 of sum |p - q| (the sums), and a result the inputs' sums make negative returned as 0."""
    exact_h = -mp.fsum(mp.mpf(a) * mp.log(mp.mpf(a)) for a in p if a > 0)
    assert rel_err(il.entropy(p), exact_h) < 1e-14
    for q in (np.roll(p, 1) * 0.5 + 0.5 / len(p), p * (1 + 2.0**-k * np.cos(np.arange(len(p))))):
        q = q / q.sum()
        if np.all((q == 0) | (q >= 1e-300)):
            exact = kl_exact(p, q)
            assert rel_err(il.cross_entropy(p, q), exact_h + exact) < 1e-14
            bound = 1e-12 * abs(exact) + 4e-16 * float(np.sum(np.abs(p - q)))
            assert abs(mp.mpf(float(il.kl_divergence(p, q))) - max(exact, 0)) <= bound


def test_kl_keeps_the_digits_of_chapter_3s_tiny_divergence_that_ce_minus_entropy_loses():
    p = np.array([0.25, 0.75])
    q = p + 2.0**-30 * np.array([1.0, -1.0])  # exact in binary
    exact = kl_exact(p, q)
    assert rel_err(il.kl_divergence(p, q), exact) < 1e-12
    assert rel_err(il.cross_entropy(p, q) - il.entropy(p), exact) > 0.5


@given(vectors(), vectors())
def test_js_to_1e_12_plus_the_rounding_of_the_midpoint(p, q):
    if len(p) == len(q):
        m = [(mp.mpf(a) + mp.mpf(b)) / 2 for a, b in zip(p, q, strict=True)]
        exact = (kl_exact(p, m) + kl_exact(q, m)) / 2
        bound = 1e-12 * exact + 1e-16 * np.abs(p - q).sum()
        assert abs(mp.mpf(float(il.js_divergence(p, q))) - exact) <= bound


def test_js_of_vectors_one_ulp_apart_is_within_the_absolute_term():
    p = np.array([1 / 3, 2 / 3])
    q = np.array([np.nextafter(1 / 3, 1), np.nextafter(2 / 3, 0)])
    m = [(mp.mpf(a) + mp.mpf(b)) / 2 for a, b in zip(p, q, strict=True)]
    exact = (kl_exact(p, m) + kl_exact(q, m)) / 2
    error = abs(mp.mpf(float(il.js_divergence(p, q))) - exact)
    assert error > 1e-12 * exact  # the relative bound alone does not hold here
    assert error <= 1e-16 * np.abs(p - q).sum()


@given(vectors(n=6))
def test_mutual_information_to_1e_12(p):
    joint = p.reshape(2, 3)
    m = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    assume(not np.any((joint > 0) & (m < 2.3e-308)))  # (outside the range: an error, tested)
    px, py = [mp.fsum(map(mp.mpf, r)) for r in joint], [mp.fsum(map(mp.mpf, c)) for c in joint.T]
    exact = kl_exact(p, [px[i] * py[j] for i in range(2) for j in range(3)])
    total = mp.fsum(map(mp.mpf, p))
    bound = 1e-12 * abs(exact) + 1e-16 * p.size  # the docstring's bound
    bound += 2 * abs(total - total**2)  # a table's sum against its margins' (both 1 to rounding)
    assert abs(mp.mpf(float(il.mutual_information(joint))) - max(exact, 0)) <= bound


@given(st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=6), st.data())
def test_log_softmax_and_cross_entropy_from_logits_to_1e_13(z, data):
    y = data.draw(st.integers(0, len(z) - 1))
    rest = mp.fsum(mp.exp(mp.mpf(a) - mp.mpf(z[y])) for j, a in enumerate(z) if j != y)
    exact = mp.log1p(rest)  # log sum exp(z) - z_y
    assume(exact > 1e-300)  # (a loss below the normal range has fewer digits)
    assert rel_err(il.cross_entropy_from_logits([z], [y]), exact) < 1e-13
    assert rel_err(-il.log_softmax(z)[y], exact) < 1e-13


@given(st.floats(-700.0, 700.0), st.sampled_from([0.0, 1.0, 0.3]))
def test_binary_losses_to_1e_13(z, y):
    # -log sigma(z) = log1p(e^-z) and -log(1 - sigma(z)) = log1p(e^z): no cancellation
    exact = y * mp.log1p(mp.exp(-mp.mpf(z))) + (1 - y) * mp.log1p(mp.exp(mp.mpf(z)))
    if exact > 1e-300:
        assert rel_err(il.binary_cross_entropy_with_logits([y], [z]), exact) < 1e-13
    q = float(1 / (1 + mp.exp(-mp.mpf(z))))
    if 1e-300 <= q < 1.0:
        exact_q = -(y * mp.log(mp.mpf(q)) + (1 - y) * mp.log1p(-mp.mpf(q)))
        assert rel_err(il.binary_cross_entropy([y], [q]), exact_q) < 1e-13
