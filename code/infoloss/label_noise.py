"""Symmetric label noise: each label, with probability `rate`, replaced by a uniform draw.

Under this noise the label of an input with true class distribution p has the distribution
(1 - rate) p + rate / K, and that mixture, not p, is what a cross-entropy fit learns.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v


def _rate(rate) -> float:
    r = v.nonnegative_scalar(rate, "rate")
    if r >= 1.0:
        raise ValueError(f"rate must lie in [0, 1); got {rate!r}")
    return r


def noisy_label_distribution(p, rate):
    r"""Distribution of a label under symmetric noise: :math:`(1 - \varepsilon)\,p + \varepsilon/K`.

    Parameters
    ----------
    p : array_like, shape (..., K)
        The clean label distribution(s), each row summing to 1.
    rate : float
        The noise rate :math:`\varepsilon \in [0, 1)`: the probability that a label is
        replaced by a class drawn uniformly from all K (possibly the same one).

    Returns
    -------
    numpy.ndarray, shape (..., K)

    Raises
    ------
    ValueError
        If a row of `p` has a negative or non-finite entry or does not sum to 1 (within
        1e-9), or `rate` is outside [0, 1).

    Notes
    -----
    The noisy label is the clean one with probability :math:`1 - \varepsilon` and class
    :math:`k` with probability :math:`\varepsilon/K` otherwise, so
    :math:`\tilde p_k = (1 - \varepsilon) p_k + \varepsilon/K`. The map keeps the order of the
    entries (so the most probable class) and is inverted by
    :math:`p = (\tilde p - \varepsilon/K) / (1 - \varepsilon)`.

    Examples
    --------
    >>> from infoloss import noisy_label_distribution
    >>> noisy_label_distribution([0.7, 0.2, 0.1], 0.3).round(6)
    array([0.59, 0.24, 0.17])
    """
    arr, _ = v.distribution(p, "p")
    r = _rate(rate)
    return (1.0 - r) * arr + r / arr.shape[-1]


def corrupt_labels(labels, num_classes, rate, rng):
    r"""Apply symmetric label noise: each label, with probability `rate`, becomes a uniform draw.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        Class indices in ``[0, num_classes)``.
    num_classes : int
        K, >= 1.
    rate : float
        Noise rate in [0, 1).
    rng : numpy.random.Generator
        The source of randomness (seed it for a reproducible draw).

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        The noisy labels; a replaced label may come out equal to the original one.

    Raises
    ------
    TypeError
        If `labels` are not integers or `rng` is not a numpy Generator.
    ValueError
        If a label is outside ``[0, num_classes)``, `num_classes` < 1 or `rate` outside [0, 1).

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import corrupt_labels
    >>> noisy = corrupt_labels(np.zeros(10_000, dtype=int), 4, 0.4, np.random.default_rng(0))
    >>> round(float(np.mean(noisy == 0)), 2)  # 1 - 0.4 + 0.4 / 4
    0.7
    """
    k = v.count(num_classes, "num_classes")
    y = v.class_indices(labels, k, (np.size(labels),))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
    r = _rate(rate)
    replace = rng.random(y.size) < r
    return np.where(replace, rng.integers(0, k, size=y.size), y)
