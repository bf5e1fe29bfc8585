"""Accuracy inside the supported range: relative error against an mpmath oracle (80 digits).

The hard regimes on purpose: zeros, tiny probabilities (down to the smallest normal float),
p close to q (where KL is tiny), confident logits. The tolerances are the ones the docstrings
state.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from infoloss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_from_logits,
    entropy,
    js_divergence,
    kl_divergence,
    log_softmax,
    mutual_information,
)

mp.mp.dps = 80
ORACLE = pytest.mark.filterwarnings("ignore")


def rel_err(got, exact) -> float:
    exact = mp.mpf(exact)
    if exact == 0:
        return abs(float(got))
    return float(abs((mp.mpf(float(got)) - exact) / exact))


@st.composite
def vectors(draw, n=None):
    """Probability vectors with entries at every scale (1e-300 .. 1) and exact zeros."""
    n = n or draw(st.integers(2, 8))
    exps = draw(st.lists(st.integers(-300, 0), min_size=n, max_size=n))
    w = np.array([draw(st.floats(0.5, 1.0)) * 10.0**e for e in exps])
    w[draw(st.lists(st.integers(0, n - 1), max_size=n - 1))] = 0.0
    return w / w.sum()


def kl_exact(p, q):
    return mp.fsum(
        mp.mpf(a) * mp.log(mp.mpf(a) / mp.mpf(b)) for a, b in zip(p, q, strict=True) if a > 0
    )


@given(vectors())
def test_entropy_and_cross_entropy_to_1e_14(p):
    exact_h = -mp.fsum(mp.mpf(a) * mp.log(mp.mpf(a)) for a in p if a > 0)
    assert rel_err(entropy(p), exact_h) < 1e-14
    q = np.roll(p, 1) * 0.5 + 0.5 / len(p)
    exact_ce = -mp.fsum(mp.mpf(a) * mp.log(mp.mpf(b)) for a, b in zip(p, q, strict=True) if a > 0)
    assert rel_err(cross_entropy(p, q), exact_ce) < 1e-14


@given(vectors(), st.integers(1, 100))
def test_kl_of_the_vectors_as_given_also_when_q_is_close_to_p(p, k):
    """The docstring's bound: 1e-12 relative, plus 4e-16 of sum |p - q| (the sums), and a
    result the inputs' sums make negative returned as 0."""
    for q in (np.roll(p, 1) * 0.5 + 0.5 / len(p), p * (1 + 2.0**-k * np.cos(np.arange(len(p))))):
        q = q / q.sum()
        if np.all((q == 0) | (q >= 1e-300)):
            exact = kl_exact(p, q)
            bound = 1e-12 * abs(exact) + 4e-16 * float(np.sum(np.abs(p - q)))
            assert abs(mp.mpf(float(kl_divergence(p, q))) - max(exact, 0)) <= bound


def test_kl_of_the_chapter_3_perturbation_to_1e_12():
    p = np.array([0.25, 0.75])
    for k in range(1, 53):  # (beyond, 0.75 - 2**-k rounds and q no longer sums to 1)
        q = p + 2.0**-k * np.array([1.0, -1.0])
        assert rel_err(kl_divergence(p, q), kl_exact(p, q)) < 1e-12, k


@given(vectors(), vectors())
def test_js_to_1e_12(p, q):
    if len(p) == len(q):
        m = [(mp.mpf(a) + mp.mpf(b)) / 2 for a, b in zip(p, q, strict=True)]
        exact = (kl_exact(p, m) + kl_exact(q, m)) / 2
        assert rel_err(js_divergence(p, q), exact) < 1e-12


@given(vectors(n=6))
def test_mutual_information_to_1e_12(p):
    joint = p.reshape(2, 3)
    m = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    assume(not np.any((joint > 0) & (m < 2.3e-308)))  # (outside the range: an error, tested)
    px, py = [mp.fsum(map(mp.mpf, r)) for r in joint], [mp.fsum(map(mp.mpf, c)) for c in joint.T]
    exact = mp.fsum(
        mp.mpf(joint[i, j]) * mp.log(mp.mpf(joint[i, j]) / (px[i] * py[j]))
        for i in range(2)
        for j in range(3)
        if joint[i, j] > 0
    )
    total = mp.fsum(map(mp.mpf, p))
    bound = 1e-12 * abs(exact) + 1e-16 * p.size  # the docstring's bound
    bound += 2 * abs(total - total**2)  # a table's sum against its margins' (both 1 to rounding)
    assert abs(mp.mpf(float(mutual_information(joint))) - max(exact, 0)) <= bound


@given(st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=6), st.data())
def test_log_softmax_and_cross_entropy_from_logits_to_1e_13(z, data):
    y = data.draw(st.integers(0, len(z) - 1))
    rest = mp.fsum(mp.exp(mp.mpf(a) - mp.mpf(z[y])) for j, a in enumerate(z) if j != y)
    exact = mp.log1p(rest)  # log sum exp(z) - z_y
    if exact > 1e-300:  # (a loss below the normal range has fewer digits)
        assert rel_err(cross_entropy_from_logits([z], [y]), exact) < 1e-13
        assert rel_err(-log_softmax(z)[y], exact) < 1e-13


@given(st.floats(-700.0, 700.0), st.sampled_from([0.0, 1.0, 0.3]))
def test_binary_losses_to_1e_13(z, y):
    # -log sigma(z) = log1p(e^-z) and -log(1 - sigma(z)) = log1p(e^z): no cancellation
    exact = y * mp.log1p(mp.exp(-mp.mpf(z))) + (1 - y) * mp.log1p(mp.exp(mp.mpf(z)))
    s = 1 / (1 + mp.exp(-mp.mpf(z)))
    if exact > 1e-300:
        assert rel_err(binary_cross_entropy_with_logits([y], [z]), exact) < 1e-13
    q = float(s)
    if 1e-300 <= q < 1.0:
        exact_q = -(y * mp.log(mp.mpf(q)) + (1 - y) * mp.log1p(-mp.mpf(q)))
        assert rel_err(binary_cross_entropy([y], [q]), exact_q) < 1e-13
