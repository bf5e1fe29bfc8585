"""Tests of infoloss.language: n-gram models against an exact rational model (and the arithmetic
code it defines, eq-modern-arithmetic), compressed sizes, bits per byte
(eq-modern-bits-per-byte)."""

import bz2
import itertools
import math
from collections import Counter
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss.language import bits_per_byte, ngram_cross_entropy, ngram_log_probs
from infoloss.language import compressed_bits_per_character as compressed_bpc


def _exact_conditionals(train, test, order, alphabet, kappa):
    """q(. | history) at each position of `test` read after `train`, in exact rationals, straight
    from eq-modern-ngram (a level whose context was never seen keeps the shorter one's q)."""
    kappa, text, out = Fraction(kappa), train + test, []
    grams = [Counter(train[m - j : m + 1] for m in range(j, len(train))) for j in range(order)]
    for pos in range(len(train), len(text)):
        dist = dict.fromkeys(alphabet, Fraction(1, len(alphabet)))
        for j in range(min(order, pos + 1)):
            h = text[pos - j : pos]
            n_h = sum(n for g, n in grams[j].items() if g[:-1] == h)
            if n_h:
                dist = {c: (grams[j][h + c] + kappa * q) / (n_h + kappa) for c, q in dist.items()}
        out.append(dist)
    return out


texts = st.text(alphabet="abc ", min_size=1, max_size=30)
strengths = st.sampled_from([1e-300, 1e-9, 0.5, 1.0, 4.0, 1e6, 1e300])


@given(texts, texts, st.integers(1, 4), strengths)
def test_log_probs_match_the_exact_rational_model_to_1e_12(train, test, order, kappa):
    """Every log q(x_i | x_<i), and the cross-entropy in bits that averages them."""
    got = ngram_log_probs(train, test, order, alphabet="abc ", strength=kappa)
    exact = _exact_conditionals(train, test, order, "abc ", kappa)
    with mp.workdps(60):  # log1p(q - 1) of the exact q: a q within 1e-50 of 1 is kept
        for g, c, dist in zip(got, test, exact, strict=True):
            want = mp.log1p(mp.mpf(dist[c].numerator - dist[c].denominator) / dist[c].denominator)
            assert abs(g - want) <= 1e-12 * abs(want) + 8 * 2.0**-1074  # (below: underflow)
    h2 = ngram_cross_entropy(train, test, order, alphabet="abc ", strength=kappa, base=2)
    assert h2 == pytest.approx(-got.mean() / math.log(2), rel=1e-13)


@pytest.mark.claim("eq-modern-arithmetic")
@pytest.mark.parametrize("order", [1, 3])
def test_arithmetic_code_is_prefix_free_and_within_two_bits_of_the_surprisal(order):
    """The Shannon-Fano-Elias codeword of each 3-letter text under the model: < -log2 q + 2 bits."""
    train, codes = "abacabcaabbc", []
    for text in map("".join, itertools.product("abc", repeat=3)):
        low, width = Fraction(0), Fraction(1)  # the text's interval [low, low + width)
        for c, dist in zip(text, _exact_conditionals(train, text, order, "abc", 2), strict=True):
            low += width * sum(q for a, q in dist.items() if a < c)
            width *= dist[c]
        surprisal = -ngram_log_probs(train, text, order, "abc", 2.0, base=2).sum()
        assert surprisal == pytest.approx(-math.log2(width), rel=1e-12)
        length = math.ceil(-math.log2(width)) + 1
        value = math.ceil(low * 2**length)  # the first dyadic point of this length from low
        assert length < surprisal + 2
        codes.append(format(value, f"0{length}b"))
    assert not any(b.startswith(a) for a, b in itertools.permutations(codes, 2))


def test_an_order_beyond_every_seen_context_changes_nothing():
    """Levels stop where no context was seen: order 10**6 is order 30 (and 8) here."""
    train, test = "the cat sat on the mat", "the cat sat"
    assert np.array_equal(ngram_log_probs(train, test, 10**6), ngram_log_probs(train, test, 30))


def test_compressed_size_after_a_context_matches_the_standard_library():
    """Bits per character of the bytes that compressing `text` after `context` adds."""
    text, ctx = "to be or not to be, that is the question " * 20, "whether tis nobler " * 20
    extra = len(bz2.compress((ctx + text).encode(), 9)) - len(bz2.compress(ctx.encode(), 9))
    got = float(compressed_bpc(text, "bz2", context=ctx))
    assert got == pytest.approx(8 * extra / len(text), rel=1e-15)


losses = st.one_of(st.floats(0, 10), st.floats(1e200, 1e280))
counts = st.one_of(st.integers(1, 10**6), st.just(2**53))


@pytest.mark.claim("eq-modern-bits-per-byte")
@given(
    st.one_of(st.floats(0, 10), st.floats(1e200, 1e280)),
    counts,
    counts,
    st.sampled_from([None, 2, 10]),
)
def test_bits_per_byte_is_exact_to_1e_15(loss, tokens, nbytes, base):
    """n_tokens / n_bytes times the loss per token (in any unit) in bits, against mpmath."""
    with mp.workdps(60):
        unit = 1 if base is None else mp.log(base)
        exact = mp.mpf(loss) * tokens * unit / (nbytes * mp.log(2))
        got = bits_per_byte(loss, tokens, nbytes, loss_base=base)
        assert abs(got - exact) <= 1e-15 * exact + 2.0**-1074  # (a subnormal: its last bit)


BAD = [  # one row per class of bad input and helper family, and the range boundaries
    (ngram_log_probs, (b"ab", "ab", 2), TypeError, "train"),
    (ngram_log_probs, ("abbab", "ab", 0), ValueError, "order"),
    (ngram_log_probs, ("abbab", "ab", 2, None, 1e-301), ValueError, "strength"),
    (compressed_bpc, ("",), ValueError, "text"),
    (compressed_bpc, ("a", "zlib", None), TypeError, "context"),
    (compressed_bpc, ("a", "gzip"), ValueError, "compressor"),
    (bits_per_byte, (-1.0, 1, 1), ValueError, "loss"),
    (bits_per_byte, (1e300, 2, 1), ValueError, "loss"),  # the range's boundary: overflow
    (bits_per_byte, (1.0, True, 1), TypeError, "num_tokens"),
    (bits_per_byte, (1.0, 1, 2**53 + 1), ValueError, "num_bytes"),  # no longer an exact count
]


@pytest.mark.parametrize(("helper", "args", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, args, error, name):
    with pytest.raises(error, match=name):
        helper(*args)
