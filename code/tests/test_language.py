"""Tests of infoloss.language: n-gram models, compressed sizes, bits per byte."""

import bz2
import math
import zlib
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss.language import (
    bits_per_byte,
    compressed_bits_per_character,
    ngram_cross_entropy,
    ngram_log_probs,
)


def _exact_ngram(train, test, order, alphabet, beta):
    """The smoothed model in exact rational arithmetic, straight from its definition."""
    beta = Fraction(beta)
    text = train[-(order - 1) :] + test if order > 1 else test
    start = len(text) - len(test)
    out = []
    for i in range(len(test)):
        pos = start + i
        q = Fraction(1, len(alphabet))
        for j in range(min(order, pos + 1)):
            h, c = text[pos - j : pos], text[pos]
            grams = Counter(train[m - j : m + 1] for m in range(j, len(train)))
            n_hc = grams[h + c]
            n_h = sum(n for g, n in grams.items() if g[:-1] == h)
            q = (n_hc + beta * q) / (n_h + beta)
        out.append(q)
    return out


@given(
    st.text(alphabet="abc ", min_size=1, max_size=30),
    st.text(alphabet="abc ", min_size=1, max_size=10),
    st.integers(1, 4),
    st.sampled_from([0.5, 1.0, 4.0]),
)
def test_log_probs_match_the_exact_rational_model(train, test, order, beta):
    exact = _exact_ngram(train, test, order, "abc ", beta)
    got = ngram_log_probs(train, test, order, alphabet="abc ", strength=beta)
    ref = np.array([math.log(q.numerator) - math.log(q.denominator) for q in exact])
    assert np.allclose(got, ref, rtol=1e-12, atol=1e-15)


@given(st.text(alphabet="xyz", min_size=1, max_size=40), st.integers(1, 5))
def test_next_character_probabilities_sum_to_one(train, order):
    total = sum(math.exp(ngram_log_probs(train, c, order, alphabet="xyz")[0]) for c in "xyz")
    assert total == pytest.approx(1.0, rel=1e-13)


def test_unigram_with_strength_k_is_laplace():
    train = "aab"
    got = np.exp(ngram_log_probs(train, "abc", 1, alphabet="abc", strength=3.0))
    # beta q0 = 3 * 1/3 = 1 pseudo-count per character
    assert np.allclose(got, [3 / 6, 2 / 6, 1 / 6], rtol=1e-14)


def test_cross_entropy_is_mean_negative_log_prob_in_bits():
    train, test = "the cat sat on the mat " * 5, "the rat sat"
    logs = ngram_log_probs(train, test, 3)
    assert float(ngram_cross_entropy(train, test, 3, base=2)) == pytest.approx(
        -logs.mean() / math.log(2), rel=1e-13
    )


def test_higher_order_wins_on_repetitive_text():
    train, test = "abcabcabcabcabcabc", "abcabc"
    h = [float(ngram_cross_entropy(train, test, k, base=2)) for k in (1, 2, 3)]
    assert h[0] > h[1] > h[2]
    assert h[0] == pytest.approx(math.log2(3), rel=0.01)


def test_compressor_sizes_match_the_standard_library():
    text = "to be or not to be, that is the question " * 20
    assert float(compressed_bits_per_character(text, "zlib")) == pytest.approx(
        8 * len(zlib.compress(text.encode(), 9)) / len(text), rel=1e-15
    )
    ctx = "whether tis nobler in the mind to suffer " * 10
    expected = 8 * (
        len(bz2.compress((ctx + text).encode(), 9)) - len(bz2.compress(ctx.encode(), 9))
    )
    assert float(compressed_bits_per_character(text, "bz2", context=ctx)) == pytest.approx(
        expected / len(text), rel=1e-15
    )
    assert float(compressed_bits_per_character(text, "lzma")) > 0


def test_bits_per_byte_converts_units_and_scales():
    assert float(bits_per_byte(math.log(2), 10, 10)) == pytest.approx(1.0, rel=1e-15)
    assert float(bits_per_byte(3.0, 4, 12, loss_base=2)) == pytest.approx(1.0, rel=1e-15)
    assert float(bits_per_byte(1.0, 1, 1, loss_base=math.e)) == pytest.approx(1 / math.log(2))
    assert np.allclose(bits_per_byte([0.0, 2.0], 5, 10, loss_base=2), [0.0, 1.0])


def test_bits_per_byte_is_the_same_for_any_tokenisation_of_one_model():
    train = "the cat sat on the mat and the dog sat on the log " * 4
    test = "the cat sat on the log"
    logs = ngram_log_probs(train, test, 3, base=2)
    total, words = -logs.sum(), test.split(" ")
    per_char = float(bits_per_byte(total / len(test), len(test), len(test), loss_base=2))
    per_word = float(bits_per_byte(total / len(words), len(words), len(test), loss_base=2))
    assert per_char == pytest.approx(per_word, rel=1e-13)
