"""Tests of infoloss.language: n-gram models, compressed sizes, bits per byte."""

import bz2
import math
import zlib
from collections import Counter
from fractions import Fraction

import mpmath
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

mp = mpmath.mp


def _exact_ngram(train, test, order, alphabet, kappa):
    """The smoothed model in exact rational arithmetic, straight from its definition."""
    kappa, text, out = Fraction(kappa), train + test, []
    for pos in range(len(train), len(text)):
        q = Fraction(1, len(alphabet))
        for j in range(min(order, pos + 1)):
            grams = Counter(train[m - j : m + 1] for m in range(j, len(train)))
            h, c = text[pos - j : pos], text[pos]
            n_h = sum(n for g, n in grams.items() if g[:-1] == h)
            if n_h:
                q = (grams[h + c] + kappa * q) / (n_h + kappa)
        out.append(q)
    return out


@given(
    st.text(alphabet="abc ", min_size=1, max_size=30),
    st.text(alphabet="abc ", min_size=1, max_size=10),
    st.integers(1, 4),
    st.sampled_from([1e-300, 1e-9, 0.5, 1.0, 4.0, 1e6, 1e300]),
)
def test_log_probs_match_the_exact_rational_model_to_1e_12(train, test, order, kappa):
    got = ngram_log_probs(train, test, order, alphabet="abc ", strength=kappa)
    with mp.workdps(60):  # log1p(q - 1) of the exact q: a q within 1e-50 of 1 is kept
        for g, q in zip(got, _exact_ngram(train, test, order, "abc ", kappa), strict=True):
            exact = mp.log1p(mp.mpf(q.numerator - q.denominator) / q.denominator)
            assert abs(g - exact) <= 1e-12 * abs(exact) + 8 * 2.0**-1074  # (below: underflow)
    h2 = ngram_cross_entropy(train, test, order, alphabet="abc ", strength=kappa, base=2)
    assert h2 == pytest.approx(-got.mean() / math.log(2), rel=1e-13)


@given(st.text(alphabet="xyz", min_size=1, max_size=40), st.integers(1, 5))
def test_next_character_probabilities_sum_to_one(train, order):
    total = sum(math.exp(ngram_log_probs(train, c, order, alphabet="xyz")[0]) for c in "xyz")
    assert total == pytest.approx(1.0, rel=1e-13)


def test_an_order_beyond_every_seen_context_changes_nothing():
    # the levels stop where no context of the test text was seen: order 10**6 is order 8 here
    train, test = "the cat sat on the mat", "the cat sat"
    assert np.array_equal(ngram_log_probs(train, test, 10**6), ngram_log_probs(train, test, 30))


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


@given(
    st.one_of(st.floats(0, 10), st.floats(1e200, 1e280)),
    st.one_of(st.integers(1, 10**6), st.just(2**53)),
    st.one_of(st.integers(1, 10**6), st.just(2**53)),
    st.sampled_from([None, 2, 10]),
)
def test_bits_per_byte_is_exact_to_1e_15(loss, tokens, nbytes, base):
    with mp.workdps(60):
        unit = 1 if base is None else mp.log(base)
        exact = mp.mpf(loss) * tokens * unit / (nbytes * mp.log(2))
        got = bits_per_byte(loss, tokens, nbytes, loss_base=base)
        assert abs(got - exact) <= 1e-15 * abs(exact)


def test_bits_per_byte_of_arrays_and_units():
    assert np.allclose(bits_per_byte([0.0, 2.0], 5, 10, loss_base=2), [0.0, 1.0])
    assert float(bits_per_byte(1.0, 1, 1, loss_base=math.e)) == pytest.approx(1 / math.log(2))


NGRAM = {"train": "abbab", "test": "ab", "order": 2}
BAD = [  # one row per class of bad input and helper family, and the range boundaries
    (ngram_log_probs, {"train": b"ab"}, TypeError, "train"),
    (ngram_log_probs, {"test": ""}, ValueError, "test"),
    (ngram_log_probs, {"order": 0}, ValueError, "order"),
    (ngram_log_probs, {"order": 2.0}, TypeError, "order"),
    (ngram_log_probs, {"strength": 1e-301}, ValueError, "strength"),
    (ngram_log_probs, {"alphabet": "a"}, ValueError, "alphabet"),
    (ngram_log_probs, {"alphabet": "aab"}, ValueError, "alphabet"),
    (ngram_log_probs, {"base": 1}, ValueError, "base"),
    (ngram_cross_entropy, {"strength": math.nan}, ValueError, "strength"),
    (compressed_bits_per_character, {"text": ""}, ValueError, "text"),
    (compressed_bits_per_character, {"text": "a", "context": None}, TypeError, "context"),
    (compressed_bits_per_character, {"text": "a", "compressor": "gzip"}, ValueError, "compressor"),
    (bits_per_byte, {"loss": -1.0}, ValueError, "loss"),
    (bits_per_byte, {"loss": math.inf}, ValueError, "loss"),
    (bits_per_byte, {"loss": 1e300, "num_tokens": 2}, ValueError, "loss"),
    (bits_per_byte, {"num_tokens": 0}, ValueError, "num_tokens"),
    (bits_per_byte, {"num_tokens": True}, TypeError, "num_tokens"),
    (bits_per_byte, {"num_bytes": 2**53 + 1}, ValueError, "num_bytes"),
    (bits_per_byte, {"loss_base": 0.5}, ValueError, "loss_base"),
]
DEFAULTS = {
    ngram_log_probs: NGRAM,
    ngram_cross_entropy: NGRAM,
    compressed_bits_per_character: {},
    bits_per_byte: {"loss": 1.0, "num_tokens": 1, "num_bytes": 1},
}


@pytest.mark.parametrize(("helper", "bad", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, bad, error, name):
    with pytest.raises(error, match=name):
        helper(**{**DEFAULTS[helper], **bad})


def test_the_range_boundaries_give_finite_results():
    for kappa in (1e-300, 1e300):
        assert np.isfinite(ngram_log_probs("a", "bab", 6, alphabet="ab", strength=kappa)).all()
    assert float(bits_per_byte(1e300, 1, 1, loss_base=2)) == 1e300
    assert float(bits_per_byte(1.0, 2**53, 2**53, loss_base=2)) == 1.0
