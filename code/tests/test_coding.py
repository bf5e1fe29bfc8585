"""Tests of the prefix-code helpers: Kraft, Huffman optimality, Shannon's bound, bad inputs."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    cross_entropy,
    entropy,
    expected_code_length,
    huffman_code_lengths,
    kraft_sum,
    shannon_code_lengths,
)


@st.composite
def prob_vectors(draw, n=None, allow_zeros=True):
    """Probability vectors inside the supported range: entries 0 or at least 1e-101."""
    size = n or draw(st.integers(1, 12))
    w = np.array(
        draw(st.lists(st.floats(0.0 if allow_zeros else 1e-6, 1.0), min_size=size, max_size=size))
    )
    w[w < 1e-100] = 0.0
    w[0] += w.sum() == 0
    return w / w.sum()


def prob_pairs(allow_zeros=True):
    """Two probability vectors of one length."""
    return st.integers(1, 12).flatmap(lambda n: st.tuples(*[prob_vectors(n, allow_zeros)] * 2))


def test_dyadic_distribution_gets_lengths_equal_to_surprisal():
    p = [0.5, 0.25, 0.125, 0.125]
    assert huffman_code_lengths(p).tolist() == [1, 2, 3, 3]
    assert shannon_code_lengths(p).tolist() == [1, 2, 3, 3]
    assert expected_code_length(p, [1, 2, 3, 3]) == entropy(p, base=2) == 1.75


def test_huffman_known_example_and_one_symbol_source():
    assert huffman_code_lengths([0.4, 0.3, 0.2, 0.1]).tolist() == [1, 2, 3, 3]
    assert huffman_code_lengths([0.25] * 4).tolist() == [2, 2, 2, 2]
    assert huffman_code_lengths([1.0]).tolist() == [0]
    assert huffman_code_lengths([0.7, 0.3, 0.0]).tolist() == [1, 2, 2]


def test_huffman_of_a_skewed_source_is_a_tree_of_depth_k_minus_1():
    k = 60
    p = 0.5 ** np.arange(1, k + 1)
    p[-1] *= 2  # 1/2, 1/4, ..., 2**-59, 2**-59
    assert huffman_code_lengths(p).tolist() == [*range(1, k), k - 1]


def test_huffman_matches_brute_force_optimum_on_small_alphabets(rng):
    # every length vector with entries <= 4 that satisfies Kraft: Huffman's expected length is
    # the smallest of them
    for _ in range(20):
        p = rng.dirichlet(np.ones(4))
        best = min(
            float(p @ np.array(ls))
            for ls in itertools.product(range(1, 5), repeat=4)
            if kraft_sum(ls) <= 1
        )
        assert expected_code_length(p, huffman_code_lengths(p)) == pytest.approx(best, rel=1e-12)


@given(prob_vectors())
def test_huffman_lengths_satisfy_kraft_with_equality(p):
    # a Huffman tree is full: every internal node has two children
    lengths = huffman_code_lengths(p)
    assert kraft_sum(lengths) == 1.0


@pytest.mark.claim("eq-ce-kraft")
@given(prob_vectors(allow_zeros=False))
def test_shannon_lengths_satisfy_kraft(q):
    assert kraft_sum(shannon_code_lengths(q)) <= 1.0


@pytest.mark.claim("eq-ce-huffman-bound")
@given(prob_vectors(allow_zeros=False))
def test_huffman_expected_length_is_within_one_bit_of_entropy(p):
    h = entropy(p, base=2)
    length = expected_code_length(p, huffman_code_lengths(p))
    assert h - 1e-12 <= length < h + 1
    assert length <= expected_code_length(p, shannon_code_lengths(p)) + 1e-12


@pytest.mark.claim("eq-ce-coding-bound")
@given(prob_pairs(allow_zeros=False))
def test_shannon_code_for_q_costs_cross_entropy_plus_less_than_one_bit(pq):
    p, q = pq
    hpq = cross_entropy(p, q, base=2)
    length = expected_code_length(p, shannon_code_lengths(q))
    assert hpq - 1e-12 <= length < hpq + 1


@given(prob_pairs(allow_zeros=False))
def test_no_code_beats_entropy(pq):
    # Kraft + Gibbs: any prefix code, built for any q, costs at least H(p) bits under p
    p, q = pq
    for lengths in (huffman_code_lengths(q), shannon_code_lengths(q)):
        assert expected_code_length(p, lengths) >= entropy(p, base=2) - 1e-12


@given(prob_vectors(allow_zeros=False))
def test_shannon_lengths_are_the_least_l_with_2_to_the_minus_l_at_most_q(q):
    for qi, li in zip(q, shannon_code_lengths(q), strict=True):  # exact powers of two
        assert Fraction(1, 2 ** int(li)) <= Fraction(qi) < Fraction(2, 2 ** int(li))


def test_shannon_length_of_a_probability_a_hair_below_a_power_of_two():
    q = np.nextafter(0.125, 0.0)  # -log2 q rounds to 3, but 2**-3 > q
    assert shannon_code_lengths([q, 1 - q]).tolist() == [4, 1]


def test_kraft_sum_and_expected_length_are_exact_on_short_codes():
    assert kraft_sum([0]) == 1.0 and kraft_sum([1, 1, 2]) == 1.25
    assert kraft_sum(np.arange(1, 54)) == 1 - 2.0**-53
    p = [0.1, 0.2, 0.7]
    assert expected_code_length(p, [3, 2, 1]) == pytest.approx(0.3 + 0.4 + 0.7, rel=1e-15)


P = {"p": [0.5, 0.5]}
BAD = [  # one row per class of bad input and helper family
    (huffman_code_lengths, {"p": [0.5, 0.6]}, ValueError, "p"),
    (huffman_code_lengths, {"p": [[0.5, 0.5]]}, ValueError, "p"),
    (huffman_code_lengths, {"p": ["a"]}, TypeError, "p"),
    (shannon_code_lengths, {"q": [1.0, 0.0]}, ValueError, "q"),
    (shannon_code_lengths, {"q": [1.0, 5e-324]}, ValueError, "q"),
    (expected_code_length, {**P, "lengths": [1, 2, 3]}, ValueError, "lengths"),
    (expected_code_length, {**P, "lengths": [1, 1.5]}, ValueError, "lengths"),
    (expected_code_length, {**P, "lengths": [1, -1]}, ValueError, "lengths"),
    (kraft_sum, {"lengths": [1, np.inf]}, ValueError, "lengths"),
    (kraft_sum, {"lengths": 1}, ValueError, "lengths"),
]


@pytest.mark.parametrize(("helper", "bad", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, bad, error, name):
    with pytest.raises(error, match=name):
        helper(**bad)
