r"""Language models as compressors: character n-gram models, code lengths, bits per byte.

A model that gives the next character probability :math:`q(c \mid h)` can be turned into a code
(an arithmetic coder) that spends :math:`-\log_2 q(c \mid h)` bits on it, to within two bits
for the whole text. So the model's cross-entropy on a text *is* a compressed size, and it can be
put next to what general-purpose compressors achieve on the same text.
"""

from __future__ import annotations

import bz2
import lzma
import math
import zlib
from collections import Counter
from fractions import Fraction

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation

_COMPRESSORS = {
    "zlib": lambda b: zlib.compress(b, 9),
    "bz2": lambda b: bz2.compress(b, 9),
    "lzma": lambda b: lzma.compress(b, preset=9 | lzma.PRESET_EXTREME),
}


def _text(x, name: str, *, allow_empty: bool = False) -> str:
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a str; got {type(x).__name__}")
    if not x and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    return x


def _alphabet(alphabet, train: str, test: str) -> list[str]:
    if alphabet is None:
        return sorted(set(train) | set(test))
    chars = v.alphabet(alphabet)
    missing = sorted((set(train) | set(test)) - set(chars))
    if missing:
        raise ValueError(f"the texts contain {missing[0]!r}, which is not in alphabet")
    return chars


def _log_mix(n_hc: int, n_h: int, kappa: float, log_q: float) -> float:
    """log((n_hc + kappa q) / (n_h + kappa)) for q = exp(log_q) and 0 < n_hc <= n_h.

    Near 1 (above 1/2) as log1p of the ratio minus 1, (n_hc - n_h - kappa (1 - q)) / (n_h +
    kappa), whose two terms have one sign: a character that always follows its context under a
    tiny kappa has log q ~ -kappa (1 - q) / n_h, which the log of the rounded ratio gets wrong
    in the seventh digit (kappa = 1e-9).
    """
    den = n_h + kappa
    ratio = (n_hc + kappa * math.exp(log_q)) / den
    if ratio <= 0.5:
        return math.log(ratio)
    return math.log1p(((n_hc - n_h) + kappa * math.expm1(log_q)) / den)


def _log_share(n_h: int, kappa: float, log_kappa: float) -> float:
    """log(kappa / (n_h + kappa)): -log1p(n_h / kappa) for kappa >= n_h, where log kappa - log(n_h
    + kappa) would cancel (to a relative 2e-13 at kappa = 1e300); the difference of logs below.
    """
    if kappa >= n_h:
        return -math.log1p(n_h / kappa)
    return log_kappa - math.log(n_h + kappa)


def ngram_log_probs(train, test, order, alphabet=None, strength=1.0, base=None):
    r"""Log-probability of each character of `test` under a character n-gram model fitted on
    `train`.

    Parameters
    ----------
    train : str
        The text the counts come from.
    test : str
        The text scored, read as the continuation of `train`: its first characters are
        predicted from the last ``order - 1`` characters of `train`.
    order : int
        :math:`k \ge 1`: 1 is a unigram model (no context), 2 a bigram model (one character of
        context), 3 a trigram model, and so on.
    alphabet : str or sequence of str, optional
        The K characters that get probabilities; default: every character of `train` or `test`.
    strength : float, optional
        :math:`\kappa > 0`, the weight of the lower-order model in the smoothing (below).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.ndarray, shape (len(test),)
        :math:`\log q(c_i \mid h_i)` for each character :math:`c_i` of `test`, all finite.

    Notes
    -----
    Interpolated (Dirichlet) smoothing: with :math:`n(hc)` the number of times the context
    :math:`h` (the previous :math:`j-1` characters) is followed by :math:`c` in `train`,

    .. math:: q_j(c \mid h) = \frac{n(hc) + \kappa\, q_{j-1}(c \mid h')}{\sum_{c'} n(hc') + \kappa},
              \qquad q_0(c) = 1/K,

    where :math:`h'` drops the oldest character of :math:`h`. Each :math:`q_j(\cdot \mid h)` sums
    to 1, and a character never seen after :math:`h` keeps the probability that the shorter
    context gives it, scaled down.

    Examples
    --------
    >>> from infoloss.language import ngram_log_probs
    >>> ngram_log_probs("abab", "a", order=1, strength=2.0).round(6)  # (2 + 2/2)/(4 + 2)
    array([-0.693147])
    >>> ngram_log_probs("abab", "a", order=2, strength=1e-9).round(6)  # 'a' always follows 'b'
    array([-0.])
    """
    train, test = _text(train, "train"), _text(test, "test")
    order = v.count(order, "order", 1)
    kappa = v.positive_scalar(strength, "strength")
    chars = _alphabet(alphabet, train, test)
    counts, totals = [], []
    for j in range(order):  # j characters of context
        grams = Counter(train[i - j : i + 1] for i in range(j, len(train)))
        ctx = Counter()
        for gram, n in grams.items():
            ctx[gram[:-1]] += n
        counts.append(grams)
        totals.append(ctx)
    text = train[-(order - 1) :] + test if order > 1 else test
    start = len(text) - len(test)
    out = np.empty(len(test))
    log_kappa = math.log(kappa)
    for i in range(len(test)):
        pos = start + i
        log_q = -math.log(len(chars))
        for j in range(min(order, pos + 1)):
            h, c = text[pos - j : pos], text[pos]
            n_hc, n_h = counts[j][h + c], totals[j][h]
            if n_hc:
                log_q = _log_mix(n_hc, n_h, kappa, log_q)
            elif n_h:  # in logs: kappa * q can underflow when kappa and q are both tiny
                log_q += _log_share(n_h, kappa, log_kappa)
        out[i] = log_q
    return v.in_base(out, base)


def ngram_cross_entropy(train, test, order, alphabet=None, strength=1.0, base=None):
    r"""Cross-entropy per character of an n-gram model fitted on `train`, measured on `test`.

    Parameters
    ----------
    train, test, order, alphabet, strength, base
        As in :func:`ngram_log_probs`.

    Returns
    -------
    numpy.float64
        :math:`-\frac{1}{n}\sum_{i=1}^n \log q(c_i \mid h_i)` over the n characters of `test`:
        bits per character with ``base=2``.

    Examples
    --------
    >>> from infoloss.language import ngram_cross_entropy
    >>> float(ngram_cross_entropy("abab", "abab", order=1, base=2))  # (2 + 1/2)/(4 + 1) = 1/2
    1.0
    """
    logs = ngram_log_probs(train, test, order, alphabet=alphabet, strength=strength, base=base)
    return np.float64(-math.fsum(logs) / len(logs))


def compressed_bits_per_character(text, compressor="zlib", context=""):
    r"""Bits per character that a standard-library compressor spends on `text`.

    Parameters
    ----------
    text : str
        The text to compress, encoded as UTF-8.
    compressor : {"zlib", "bz2", "lzma"}, optional
        Each at its strongest setting (zlib and bz2 level 9, lzma preset 9 extreme).
    context : str, optional
        Text the compressor may read first, for free: the result is
        :math:`8\,(C(\text{context} + \text{text}) - C(\text{context}))/n` with :math:`C` the
        compressed size in bytes and n the number of characters of `text`. The default, no
        context, compresses `text` on its own.

    Returns
    -------
    numpy.float64
        Compressed bits per character of `text` (headers included). With a `context`, a short
        text can come out negative: a compressor's output size is not monotone in its input
        (zlib can give -8 bits for a one-character text after a short context), so the difference
        means something only for a text long enough to dwarf that jitter.

    Examples
    --------
    >>> from infoloss.language import compressed_bits_per_character
    >>> text = "abc" * 1000
    >>> float(compressed_bits_per_character(text, "zlib")) < 0.2  # a repeat costs almost nothing
    True
    """
    text = _text(text, "text")
    context = _text(context, "context", allow_empty=True)
    compressor = v.choice(compressor, "compressor", tuple(_COMPRESSORS))
    squeeze = _COMPRESSORS[compressor]
    size = len(squeeze((context + text).encode("utf-8")))
    if context:
        size -= len(squeeze(context.encode("utf-8")))
    return np.float64(8.0 * size / len(text))


def bits_per_byte(loss, num_tokens, num_bytes, loss_base=None):
    r"""Convert an average loss per token into bits per byte of the underlying text.

    Parameters
    ----------
    loss : float or array_like
        Average negative log-likelihood per token, >= 0, in units of `base`.
    num_tokens : int
        How many tokens the text was split into.
    num_bytes : int
        Length of the same text in bytes (e.g. ``len(text.encode("utf-8"))``).
    loss_base : float, optional
        The logarithm base `loss` was measured in: None for nats, 2 for bits. (It names the
        unit of the input; the result is always in bits.)

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\mathcal{L}\, n_\text{tokens} / (n_\text{bytes} \log_b 2)`: the total code length
        in bits, divided by the bytes it encodes. Two models with different tokenisers (words,
        subwords, characters, bytes) are compared on this scale, not on loss per token.

    Examples
    --------
    >>> from infoloss.language import bits_per_byte
    >>> float(bits_per_byte(1.0, num_tokens=4, num_bytes=16, loss_base=2))  # 4 bits, 16 bytes
    0.25
    >>> round(float(bits_per_byte(2.0, num_tokens=10, num_bytes=40)), 6)  # 2 nats = 2.885 bits
    0.721348
    """
    try:
        lb = v.log_base(loss_base)
    except (TypeError, ValueError) as exc:  # the shared check names "base"
        raise type(exc)(str(exc).replace("base", "loss_base", 1)) from None
    h = v.finite(loss, "loss")
    if h.min() < 0:
        raise ValueError(f"loss must be >= 0; got {v._describe_bad(h, h < 0)}")
    tokens = v.count(num_tokens, "num_tokens", 1)
    nbytes = v.count(num_bytes, "num_bytes", 1)
    to_bits = (math.log(2) if lb is None else math.log(2) / lb) ** -1
    try:
        factor = tokens * to_bits / nbytes
    except OverflowError:  # a count beyond the float range (10**400)
        factor = math.nan
    if 2.0**-1000 < factor < 2.0**1000:
        with np.errstate(over="ignore"):  # beyond 1.8e308 bits per byte: inf
            out = h * factor
    else:  # tokens / bytes as m 2**e (m near 1, exactly rounded), so that neither it nor the
        e = tokens.bit_length() - nbytes.bit_length()  # product over- or underflows early
        m = float(Fraction(tokens, nbytes) / Fraction(2) ** e) * to_bits
        hm, he = np.frexp(h)
        with np.errstate(over="ignore", under="ignore"):
            out = np.ldexp(hm * m, he + e)
    return v.unwrap(out)
