"""Prefix-code lengths: Huffman's optimality, Kraft, and chapter 3's claims about codes (bad
inputs: test_bad_inputs.py)."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import prob_pairs, prob_vectors
from infoloss import cross_entropy, entropy, expected_code_length, kraft_sum
from infoloss import huffman_code_lengths as huffman
from infoloss import shannon_code_lengths as shannon

HAIR_BELOW = np.nextafter(0.125, 0.0)  # -log2 rounds to 3, but 2**-3 > it: its length is 4


def test_huffman_gives_a_lone_or_impossible_symbol_a_codeword():
    assert huffman([1.0]).tolist() == [0] and huffman([0.7, 0.3, 0.0]).tolist() == [1, 2, 2]


def test_huffman_matches_the_brute_force_optimum_on_four_symbols(rng):
    """No length vector with entries <= 4 that satisfies Kraft has a smaller expected length."""
    codes = [ls for ls in itertools.product(range(1, 5), repeat=4) if kraft_sum(ls) <= 1]
    for p in rng.dirichlet(np.ones(4), size=20):
        best = min(float(p @ np.array(ls)) for ls in codes)
        assert expected_code_length(p, huffman(p)) == pytest.approx(best, rel=1e-12)


def test_kraft_sum_is_exact_up_to_53_bits():
    assert kraft_sum(np.arange(1, 54)) == 1 - 2.0**-53


@pytest.mark.claim("eq-ce-kraft")
@given(prob_vectors(allow_zeros=False))
@example(np.array([HAIR_BELOW, 1 - HAIR_BELOW]))
def test_shannon_lengths_are_the_least_l_with_2_to_the_minus_l_at_most_q_so_satisfy_kraft(q):
    for qi, li in zip(q, shannon(q), strict=True):  # exact powers of two
        assert Fraction(1, 2 ** int(li)) <= Fraction(qi) < Fraction(2, 2 ** int(li))
    assert kraft_sum(shannon(q)) <= 1.0


@pytest.mark.claim("eq-ce-huffman-bound")
@given(prob_vectors(allow_zeros=False))
def test_huffman_code_is_full_and_within_one_bit_of_entropy(p):
    h, length = entropy(p, base=2), expected_code_length(p, huffman(p))
    assert kraft_sum(huffman(p)) == 1.0  # every internal node has two children
    assert h - 1e-12 <= length < h + 1
    assert length <= expected_code_length(p, shannon(p)) + 1e-12


@pytest.mark.claim("eq-ce-coding-bound")
@given(prob_pairs(allow_zeros=False))
def test_shannon_code_for_q_costs_cross_entropy_plus_less_than_one_bit(pq):
    p, q = pq
    hpq = cross_entropy(p, q, base=2)
    assert hpq - 1e-12 <= expected_code_length(p, shannon(q)) < hpq + 1


@pytest.mark.claim("prop-ce-code-is-model", "eq-ce-code-model")
@given(prob_pairs(min_size=2, allow_zeros=False), st.integers(0, 3))
def test_a_prefix_code_costs_the_cross_entropy_of_its_own_model_plus_log_one_over_c(pq, extra):
    """A code of Kraft sum c is the model q = 2^-l / c; no code beats the entropy."""
    p, q = pq
    for lengths in (shannon(q), huffman(q), shannon(q) + extra):
        c = kraft_sum(lengths)
        q_code = 2.0 ** -lengths.astype(float) / c
        q_code /= q_code.sum()  # the rounding of 2^-l / c, back on the simplex
        L = expected_code_length(p, lengths)
        assert L == pytest.approx(cross_entropy(p, q_code, base=2) + math.log2(1 / c), rel=1e-9)
        assert L >= cross_entropy(p, q_code, base=2) - 1e-12 >= entropy(p, base=2) - 2e-12


P = {"p": [0.5, 0.5]}
