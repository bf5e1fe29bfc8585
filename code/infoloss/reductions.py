"""Reducing per-example (or per-token) losses to one number: weighted means and padding masks.

How a batch's losses are averaged changes the number a framework reports and the gradient it
follows: a class-weighted mean divides by the sum of the weights, a masked sequence loss by the
number of real tokens (or by the number of sequences, after a mean within each).
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v


def weighted_mean(values, weights, axis=None):
    r"""Weighted mean :math:`\sum_i w_i v_i / \sum_i w_i`.

    Parameters
    ----------
    values : array_like
        Finite values (losses), wherever their weight is positive; where the weight is 0 the
        value is ignored, whatever it is (padding may hold anything, even nan).
    weights : array_like
        Finite, non-negative weights, same shape as `values`.
    axis : int, optional
        Axis to reduce (default: all of them).

    Returns
    -------
    numpy.float64 or numpy.ndarray

    Raises
    ------
    ValueError
        If the shapes differ, a weight is negative or non-finite, a weighted value is not
        finite, or the weights along `axis` sum to 0.

    Notes
    -----
    This is what a framework's class-weighted ``"mean"`` returns: the sum of the weighted
    losses divided by the sum of the weights, not by their number :math:`n`. A mask is a 0/1
    weight: the mean over the kept entries.

    Examples
    --------
    >>> from infoloss import weighted_mean
    >>> float(weighted_mean([1.0, 3.0], [1.0, 3.0]))  # (1 + 9) / 4, not (1 + 9) / 2
    2.5
    >>> float(weighted_mean([1.0, float("nan")], [1, 0]))  # a weight of 0 ignores the value
    1.0
    """
    x, w = v.as_float_array(values, "values"), v.finite(weights, "weights")
    v.same_shape(x, w, "values", "weights")
    if (w < 0).any():
        raise ValueError(f"weights must be >= 0; got {v.describe_bad(w, w < 0)}")
    total = w.sum(axis=axis)
    if np.any(total == 0):
        raise ValueError("weights must not all be 0 along the reduced axis")
    kept = w > 0
    v.finite(x[kept], "values (where their weight is positive)")
    return (np.where(kept, x, 0.0) * w).sum(axis=axis) / total


def masked_mean(losses, mask, over="tokens"):
    r"""Mean of a batch of sequence losses over its real (unmasked) tokens.

    Parameters
    ----------
    losses : array_like, shape (n, T)
        Per-token losses of n sequences padded to length T; entries under a 0 of `mask` are
        ignored, whatever they hold.
    mask : array_like of bool or 0/1, shape (n, T)
        1 for a real token, 0 for padding (or for a target to ignore).
    over : {"tokens", "sequences"}, optional
        ``"tokens"``: the sum over real tokens divided by their number. ``"sequences"``: the
        mean within each sequence, then the mean of those over the n sequences.

    Returns
    -------
    numpy.float64

    Raises
    ------
    ValueError
        If the shapes differ or are not 2-D, `mask` holds anything but 0 and 1, `over` is not
        one of the two, or (for ``"sequences"``) a sequence has no real token.

    Notes
    -----
    With :math:`n_s` real tokens in sequence :math:`s` and mean loss :math:`\bar\ell_s` there,

    .. math:: \text{token mean} = \frac{\sum_s n_s \bar\ell_s}{\sum_s n_s}, \qquad
              \text{sequence mean} = \frac1n \sum_s \bar\ell_s :

    the token mean weighs each sequence by its length; the two agree when all lengths are
    equal, or all :math:`\bar\ell_s` are.

    Examples
    --------
    >>> from infoloss import masked_mean
    >>> losses = [[1.0, 1.0, 1.0, 1.0], [3.0, 0.0, 0.0, 0.0]]  # second sequence: 1 token
    >>> mask = [[1, 1, 1, 1], [1, 0, 0, 0]]
    >>> float(masked_mean(losses, mask)), float(masked_mean(losses, mask, "sequences"))
    (1.4, 2.0)
    """
    v.choice(over, "over", ("tokens", "sequences"))
    m = np.asarray(mask)
    m = v.as_float_array(m.astype(np.float64) if m.dtype == bool else m, "mask")
    if m.ndim != 2:
        raise ValueError(f"mask must be 2-D (n sequences, T positions); got shape {m.shape}")
    if not np.isin(m, (0.0, 1.0)).all():
        raise ValueError("mask must hold only 0 (padding) and 1 (a real token)")
    if over == "tokens":
        return np.float64(weighted_mean(losses, m))
    if (m.sum(axis=1) == 0).any():
        raise ValueError("mask must have a real token (a 1) in every sequence for over='sequences'")
    return np.float64(np.mean(weighted_mean(losses, m, axis=1)))
