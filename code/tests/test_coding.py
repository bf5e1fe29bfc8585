"""Tests of the prefix-code helpers: Kraft, Huffman optimality, Shannon's bound, bad inputs."""

import itertools
import time

import numpy as np
import pytest
from hypothesis import given

from conftest import prob_pairs, prob_vectors
from infoloss import (
    cross_entropy,
    entropy,
    expected_code_length,
    huffman_code_lengths,
    kraft_sum,
    shannon_code_lengths,
)


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


def test_huffman_of_a_skewed_source_of_20000_symbols_is_fast_and_right():
    # each merge once copied the lists of symbols of both groups: K^2 / 2 copies, 10 s here
    k = 20_000
    p = 0.5 ** np.arange(1, k + 1)
    p[-1] *= 2  # 1/2, 1/4, ... (0 beyond 2**-1074): a tree of depth k - 1
    start = time.perf_counter()
    lengths = huffman_code_lengths(p)
    assert time.perf_counter() - start < 2.0
    assert lengths[:1000].tolist() == list(range(1, 1001))
    assert lengths.max() == k - 1 and kraft_sum(lengths) == 1.0


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


def test_kraft_sum_values():
    assert kraft_sum([1, 2, 3, 3]) == 1.0
    assert kraft_sum([1, 1, 2]) == 1.25
    assert kraft_sum([0]) == 1.0
