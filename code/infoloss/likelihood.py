"""Binary cross-entropy on probabilities, empirical distributions and negative log-likelihood."""

from __future__ import annotations

import numpy as np
from scipy.special import xlog1py, xlogy

from infoloss import _validation as v


def binary_cross_entropy(y, p, reduction="mean"):
    r"""Binary cross-entropy of targets `y` against predicted probabilities `p`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    p : array_like
        Predicted probabilities of the positive class, in [0, 1], same shape as `y`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats: :math:`-[y \log p + (1 - y) \log(1 - p)]`, ``inf`` for a confident miss
        (``p == 0`` where ``y > 0``); :math:`0 \log 0 = 0`. The second log is
        ``log1p(-p)``: ``log(1 - p)`` would round a confident ``p = 1e-20`` to a loss of 0.
        Prefer
        :func:`binary_cross_entropy_with_logits` when the model produces logits.

    Examples
    --------
    >>> from infoloss import binary_cross_entropy
    >>> round(float(binary_cross_entropy([1.0, 0.0], [0.5, 0.5])), 6)
    0.693147
    >>> binary_cross_entropy([1.0, 1.0], [1.0, 0.0], reduction="none")
    array([ 0., inf])
    >>> float(binary_cross_entropy([0.0], [1e-20]))  # -log(1 - 1e-20)
    1e-20
    """
    reduction = v.check_reduction(reduction)
    y = v.check_unit_interval(v.as_float_array(y, "y"), "y")
    p = v.check_unit_interval(v.as_float_array(p, "p"), "p")
    v.check_same_shape(y, p, "y", "p")
    with np.errstate(divide="ignore"):
        losses = -(xlogy(y, p) + xlog1py(1.0 - y, -p)) + 0.0
    return v.reduce(losses, reduction)


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


def negative_log_likelihood(probabilities, reduction="mean"):
    r"""Negative log-likelihood of the probabilities a model gave to the observed data.

    Parameters
    ----------
    probabilities : array_like
        :math:`q(x_i)` for each observation, in [0, 1].
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` gives :math:`-\frac{1}{m}\sum_i \log q(x_i)`, the cross-entropy between the
        empirical distribution and the model.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats; ``inf`` if the model gave probability 0 to an observation. Computed as a sum of
        logs, never as the log of a product (which underflows to 0 after a few thousand terms).

    Examples
    --------
    >>> from infoloss import negative_log_likelihood
    >>> round(float(negative_log_likelihood([0.5, 0.25], reduction="sum")), 6)  # log 8
    2.079442
    >>> float(negative_log_likelihood([0.5] * 5000, reduction="sum")) > 3000  # no underflow
    True
    """
    reduction = v.check_reduction(reduction)
    q = v.check_unit_interval(v.as_float_array(probabilities, "probabilities"), "probabilities")
    with np.errstate(divide="ignore"):
        losses = -np.log(q) + 0.0
    return v.reduce(losses, reduction)
