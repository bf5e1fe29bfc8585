"""Estimating a distribution from data: relative frequencies, and a smoothed unigram model."""

from __future__ import annotations

from collections import Counter

import numpy as np

from infoloss import _validation as v


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
        :math:`\hat p(x) = \frac{1}{m} \#\{i : x_i = x\}` for each `x` in `support`, each
        correctly rounded; sums to 1.

    Examples
    --------
    >>> from infoloss import empirical_distribution
    >>> empirical_distribution([1, 3, 3, 3])
    array([0.25, 0.75])
    >>> empirical_distribution(["a", "c", "c", "a"], support=["a", "b", "c"])
    array([0.5, 0. , 0.5])
    """
    x = v.outcomes(samples, "samples")
    values, counts = np.unique(x, return_counts=True)
    if support is None:
        return counts / x.size
    s = v.outcomes(support, "support").tolist()
    index = {outcome: i for i, outcome in enumerate(s)}
    if len(index) != len(s):
        raise ValueError("support must not contain repeated values")
    missing = [outcome for outcome in values.tolist() if outcome not in index]
    if missing:
        raise ValueError(f"samples contain {missing[0]!r}, which is not in support")
    freq = np.zeros(len(s))
    freq[[index[outcome] for outcome in values.tolist()]] = counts / x.size
    return freq


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
        unseen in `text` still gets probability > 0; finite, at most 1e300, and large
        enough that :math:`\alpha / (n + \alpha K)` is 0 or at least 2.2e-308.

    Returns
    -------
    numpy.ndarray
        :math:`q(c) = (n_c + \alpha) / (n + \alpha K)` for each of the K characters `c` of
        `alphabet`, where :math:`n_c` counts `c` in `text` and `n` is its length; sums to 1.
        Each entry is a few roundings from exact (relative 1e-15).

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
    n_c = Counter(text)  # one pass over the text
    counts = np.array([n_c[c] for c in chars], dtype=np.float64)
    q = (counts + alpha) / (len(text) + alpha * len(chars))
    # An unseen character's probability must be 0 or a normal float (the supported range).
    return v.probabilities(q, "pseudocount / (len(text) + K * pseudocount)")
