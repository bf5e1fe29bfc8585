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

import numpy as np

from infoloss import _validation as v

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


def _smooth(log_q: float, n_hx: int, n_h: int, kappa: float) -> float:
    r"""One step of eq-modern-ngram in logs: :math:`\log q(x \mid h)` from
    ``log_q`` :math:`= \log q(x \mid h')`, ``n_hx`` :math:`= \#(hx)` and
    ``n_h`` :math:`= \sum_{x'} \#(hx')`.

    For an unseen character (:math:`\#(hx) = 0`) it is :math:`q(x \mid h')\,\kappa / (n_h +
    \kappa)`, added in logs so that :math:`\kappa q` cannot underflow. Above 1/2, as ``log1p``
    of :math:`q - 1 = (\#(hx) - n_h + \kappa (q(x \mid h') - 1)) / (n_h + \kappa)`, whose terms
    share one sign (the log of a rounded ratio near 1 would lose digits).
    """
    if n_hx == 0:
        return log_q - math.log1p(n_h / kappa)
    q = (n_hx + kappa * math.exp(log_q)) / (n_h + kappa)
    if q <= 0.5:
        return math.log(q)
    return math.log1p((n_hx - n_h + kappa * math.expm1(log_q)) / (n_h + kappa))


def ngram_log_probs(train, test, order, alphabet=None, strength=1.0, base=None):
    r"""Log-probability of each character of `test` under a character n-gram model fitted on
    `train`.

    Parameters
    ----------
    train : str
        The text the counts come from, at most 1e8 characters.
    test : str
        The text scored, read as the continuation of `train`: its first characters are
        predicted from the last ``order - 1`` characters of `train`.
    order : int
        :math:`k \ge 1`: 1 is a unigram model (no context), 2 a bigram model (one character of
        context), 3 a trigram model, and so on.
    alphabet : str or sequence of str, optional
        The K characters that get probabilities; default: every character of `train` or `test`.
    strength : float, optional
        :math:`\kappa`, the weight of the lower-order model in the smoothing (below), in
        [1e-300, 1e300].
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.ndarray, shape (len(test),)
        :math:`\log q(c_i \mid h_i)` for each character :math:`c_i` of `test`, all finite, to
        a relative 1e-12.

    Notes
    -----
    Interpolated Dirichlet (additive) smoothing, the chapter's eq-modern-ngram: with
    :math:`\#(hx)` the number of times the context :math:`h` is followed by :math:`x` in
    `train`, and :math:`h'` the context :math:`h` without its oldest character,

    .. math:: q(x \mid h) = \frac{\#(hx) + \kappa\, q(x \mid h')}{\sum_{x'} \#(hx') + \kappa},

    applied from the empty context up (its shorter model is the uniform :math:`1/K`), to the
    ``order - 1`` characters before :math:`x`; a context never seen in `train` keeps the
    shorter context's :math:`q`. The steps stop at the first context length where no context of
    `test` was seen: the longer ones are unseen too, so a large `order` costs no more than the
    useful one. Each step is taken in logs, so that :math:`\kappa q` cannot underflow.

    Examples
    --------
    >>> from infoloss.language import ngram_log_probs
    >>> ngram_log_probs("abab", "a", order=1, strength=2.0).round(6)  # (2 + 2/2)/(4 + 2)
    array([-0.693147])
    >>> ngram_log_probs("abab", "a", order=2, strength=1e-9).round(6)  # 'a' always follows 'b'
    array([-0.])
    """
    train, test = _text(train, "train"), _text(test, "test")
    if len(train) > 10**8:  # n(h) / kappa must stay below the float range
        raise ValueError(f"train must be at most 1e8 characters; got {len(train):.3g}")
    order = v.count(order, "order", 1)
    kappa = v.positive_scalar(strength, "strength")
    chars = _alphabet(alphabet, train, test)
    v.log_base(base)
    text, start = train + test, len(train)  # test[i] is text[start + i]
    log_q = np.full(len(test), -math.log(len(chars)))
    for j in range(order):  # contexts of j characters, from the empty one up
        grams = Counter(train[m - j : m + 1] for m in range(j, len(train)))
        contexts = Counter(train[m - j : m] for m in range(j, len(train)))
        seen = False
        for i, pos in enumerate(range(start, start + len(test))):
            h = text[pos - j : pos]
            if pos >= j and contexts[h]:
                log_q[i] = _smooth(log_q[i], grams[h + text[pos]], contexts[h], kappa)
                seen = True
        if not seen:  # every longer context is unseen too: q stops changing
            break
    return v.in_base(log_q, base)


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
    return np.float64(-np.mean(logs))


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
    squeeze = _COMPRESSORS[v.choice(compressor, "compressor", tuple(_COMPRESSORS))]
    size = len(squeeze((context + text).encode("utf-8")))
    if context:
        size -= len(squeeze(context.encode("utf-8")))
    return np.float64(8.0 * size / len(text))


def bits_per_byte(loss, num_tokens, num_bytes, loss_base=None):
    r"""Convert an average loss per token into bits per byte of the underlying text.

    Parameters
    ----------
    loss : float or array_like
        Average negative log-likelihood per token, >= 0, in units of `loss_base`.
    num_tokens : int
        How many tokens the text was split into, in [1, 2**53].
    num_bytes : int
        Length of the same text in bytes (e.g. ``len(text.encode("utf-8"))``), in [1, 2**53].
    loss_base : float, optional
        The logarithm base `loss` was measured in: None for nats, 2 for bits. (It names the
        unit of the input; the result is always in bits.)

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\mathcal{L}\, n_\text{tokens} \log b / (n_\text{bytes} \log 2)` (:math:`b = e`
        for nats): the total code length in bits, divided by the bytes it encodes, to a few
        ulps; at most 1e300 (a larger result is refused). Two models with different tokenisers
        (words, subwords, characters, bytes) are compared on this scale, not on loss per token.

    Examples
    --------
    >>> from infoloss.language import bits_per_byte
    >>> float(bits_per_byte(1.0, num_tokens=4, num_bytes=16, loss_base=2))  # 4 bits, 16 bytes
    0.25
    >>> round(float(bits_per_byte(2.0, num_tokens=10, num_bytes=40)), 6)  # 2 nats = 2.885 bits
    0.721348
    """
    try:
        unit = v.log_base(loss_base) or 1.0  # log b: the loss in nats is loss * log b
    except (TypeError, ValueError) as exc:  # the shared check names "base"
        raise type(exc)(str(exc).replace("base", "loss_base", 1)) from None
    h = v.finite(loss, "loss")
    if h.min() < 0:
        raise ValueError(f"loss must be >= 0; got {v.describe_bad(h, h < 0)}")
    for name, n in (("num_tokens", num_tokens), ("num_bytes", num_bytes)):
        if v.count(n, name) > 2**53:
            raise ValueError(f"{name} must be at most 2**53; got {n}")
    factor = num_tokens * unit / (num_bytes * math.log(2))
    if float(h.max()) * factor > 1e300:
        worst = float(h.max()) * factor
        raise ValueError(f"loss must give at most 1e300 bits per byte; got {worst:.3g}")
    return v.scalar(h * factor)
