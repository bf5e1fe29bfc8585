"""Estimating a distribution from data: relative frequencies, and a smoothed unigram model."""

from __future__ import annotations

import math

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation


def empirical_distribution(samples, support=None):
    r"""Relative frequencies of `samples` over `support`, in support order.

    Parameters
    ----------
    samples : array_like, 1-D
        Observed outcomes: real numbers (not NaN), booleans or strings.
    support : array_like, 1-D, optional
        The outcomes to count, without repeats; every sample must be one of them. Default: the
        sorted distinct values of `samples`.

    Returns
    -------
    numpy.ndarray
        :math:`\hat p(x) = \frac{1}{m} \#\{i : x_i = x\}` for each `x` in `support`; sums to 1.

    Examples
    --------
    >>> from infoloss import empirical_distribution
    >>> empirical_distribution([1, 3, 3, 3])
    array([0.25, 0.75])
    >>> empirical_distribution(["a", "c", "c", "a"], support=["a", "b", "c"])
    array([0.5, 0. , 0.5])
    """
    x = _outcomes(samples, "samples")
    if x.ndim != 1:
        raise ValueError(f"samples must be 1-D; got shape {x.shape}")
    if x.size == 0:
        raise ValueError("samples must not be empty")
    if support is None:
        _, counts = np.unique(x, return_counts=True)
        return counts / x.size
    s = _outcomes(support, "support")
    if s.ndim != 1 or s.size == 0:
        raise ValueError(f"support must be a non-empty 1-D array; got shape {s.shape}")
    order = np.argsort(s, kind="stable")
    sorted_s = s[order]
    if sorted_s.size > 1 and (sorted_s[1:] == sorted_s[:-1]).any():
        raise ValueError("support must not contain repeated values")
    try:
        pos = np.clip(np.searchsorted(sorted_s, x), 0, s.size - 1)
        found = sorted_s[pos] == x
    except TypeError:  # e.g. numbers against strings
        raise TypeError(f"samples ({x.dtype}) and support ({s.dtype}) are not comparable") from None
    if not np.all(found):
        missing = x[~found][0]
        raise ValueError(f"samples contain {missing!r}, which is not in support")
    counts = np.empty(s.size, dtype=np.int64)
    counts[order] = np.bincount(pos, minlength=s.size)
    return counts / x.size


def _outcomes(x, name: str) -> np.ndarray:
    """Outcomes that can be counted: real numbers (not NaN), booleans or strings."""
    arr = v.as_array(x, name)
    if not (v.is_real_dtype(arr.dtype) or arr.dtype.kind in "bUS"):
        raise TypeError(
            f"{name} must hold real numbers, booleans or strings; got dtype {arr.dtype}"
        )
    if arr.dtype.kind == "f" and np.isnan(arr).any():  # NaN is not an outcome: NaN != NaN
        raise ValueError(f"{name} must not contain NaN; got {v._describe_bad(arr, np.isnan(arr))}")
    return arr


def unigram_model(text, alphabet, pseudocount=1.0):
    r"""Character frequencies of `text` over `alphabet`, with add-`pseudocount` smoothing.

    Parameters
    ----------
    text : str
        The training text; every character must be in `alphabet`.
    alphabet : str or sequence of str
        The distinct characters the model gives probabilities to, in the order returned.
    pseudocount : float, optional
        :math:`\alpha \ge 0` added to every count (Laplace's rule for 1), so that a character
        unseen in `text` still gets probability > 0.

    Returns
    -------
    numpy.ndarray
        :math:`q(c) = (n_c + \alpha) / (n + \alpha K)` for each of the K characters `c` of
        `alphabet`, where :math:`n_c` counts `c` in `text` and `n` is its length; sums to 1.

    Examples
    --------
    >>> from infoloss import unigram_model
    >>> unigram_model("abba", alphabet="abc", pseudocount=0.0)
    array([0.5, 0.5, 0. ])
    >>> unigram_model("abba", alphabet="abc").round(4)  # (2+1)/(4+3), (2+1)/7, 1/7
    array([0.4286, 0.4286, 0.1429])
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    chars = v.alphabet(alphabet)
    alpha = v.nonnegative_scalar(pseudocount, "pseudocount")
    if not text and alpha == 0:
        raise ValueError("text must not be empty when pseudocount is 0")
    missing = sorted(set(text) - set(chars))
    if missing:
        raise ValueError(f"text contains {missing[0]!r}, which is not in alphabet")
    n, k = len(text), len(chars)
    counts = np.array([text.count(c) for c in chars], dtype=np.float64)  # exact integers
    # Scaled by a power of two (exact) at least max(n, alpha), so that a pseudocount of 1e308
    # cannot overflow n + alpha K: each quotient is then a couple of roundings from exact.
    scale = math.ldexp(1.0, math.frexp(max(float(n), float(alpha), 1.0))[1] - 1)
    return (counts / scale + alpha / scale) / (n / scale + (alpha / scale) * k)
