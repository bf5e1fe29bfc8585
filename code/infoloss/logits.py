"""Softmax, log-softmax and the cross-entropy losses computed from logits."""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v


def _logits(logits, axis):
    z = v.check_finite(v.as_float_array(logits, "logits", min_ndim=1), "logits")
    return z, v.check_axis(axis, z.ndim, "logits")


def _shifted(z: np.ndarray, ax: int):
    """(z - max, e = exp(z - max), S) along ``ax`` (keepdims), with S the sum of e over every
    entry but one largest: log sum exp(z) = max + log1p(S).

    log1p(S), not log(1 + S): for confident logits such as (40, 0), S = 4e-18 vanishes in
    1 + S, and log-softmax of the top class would be exactly 0. A difference beyond the
    float range (logits 1e308 and -1e308) is -inf, whose exp is an exact 0: no warning.
    """
    top = np.expand_dims(np.argmax(z, axis=ax), ax)
    with np.errstate(over="ignore"):
        d = z - np.take_along_axis(z, top, axis=ax)
    e = np.exp(d)
    np.put_along_axis(e, top, 0.0, axis=ax)  # (in place: no copy of e)
    s = e.sum(axis=ax, keepdims=True)
    np.put_along_axis(e, top, 1.0, axis=ax)  # exp(0), exactly
    return d, e, s


def log_softmax(logits, axis=-1):
    r"""Logarithm of the softmax, computed with the log-sum-exp shift.

    Parameters
    ----------
    logits : array_like
        Finite real scores; the classes lie along `axis`.
    axis : int, optional
        Axis holding the classes (default: the last).

    Returns
    -------
    numpy.ndarray
        :math:`z_k - \log \sum_j e^{z_j}`, computed as
        :math:`(z_k - m) - \operatorname{log1p}(S)` with :math:`m = \max_j z_j` and
        :math:`S` the sum of :math:`e^{z_j - m}` over every class but one largest, so
        logits of :math:`\pm 10^4` give finite answers, and confident ones (40, 0) keep the
        top class's tiny :math:`-e^{-40}` instead of rounding it to 0.

    Examples
    --------
    >>> from infoloss import log_softmax
    >>> log_softmax([0.0, 0.0])
    array([-0.69314718, -0.69314718])
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    >>> float(log_softmax([40.0, 0.0])[0])  # -log(1 + e**-40)
    -4.248354255291589e-18
    """
    z, ax = _logits(logits, axis)
    d, _, s = _shifted(z, ax)
    return d - np.log1p(s)  # both <= 0: nothing cancels


def softmax(logits, axis=-1):
    r"""Softmax :math:`e^{z_k} / \sum_j e^{z_j}`, shifted by the maximum so it never overflows.

    Parameters
    ----------
    logits : array_like
        Finite real scores; the classes lie along `axis`.
    axis : int, optional
        Axis holding the classes (default: the last).

    Returns
    -------
    numpy.ndarray
        Probabilities along `axis`, summing to 1.

    Examples
    --------
    >>> from infoloss import softmax
    >>> softmax([0.0, 0.0, 0.0])
    array([0.33333333, 0.33333333, 0.33333333])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    """
    z, ax = _logits(logits, axis)
    _, e, s = _shifted(z, ax)
    return e / (1.0 + s)


def cross_entropy_from_logits(logits, labels, reduction="mean"):
    r"""Cross-entropy loss of a classifier, from its logits (the softmax is applied here).

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Finite scores for K classes, classes on the last axis.
    labels : array_like
        Either integer class indices in ``[0, K)`` with shape ``logits.shape[:-1]``, or
        probability targets with the same shape as `logits` (each row summing to 1).
    reduction : {"mean", "sum", "none"}, optional
        Average over examples, add them, or return one loss per example.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats. Per example, :math:`-\sum_k t_k \log \mathrm{softmax}(z)_k`; for an index
        label :math:`y` that is :math:`\log \sum_j e^{z_j} - z_y`.

    Examples
    --------
    >>> from infoloss import cross_entropy_from_logits
    >>> round(float(cross_entropy_from_logits([[0.0, 0.0]], [1])), 6)  # log 2
    0.693147
    >>> cross_entropy_from_logits([[2.0, 0.0], [0.0, 2.0]], [0, 0], reduction="none")
    array([0.12692801, 2.12692801])
    >>> round(float(cross_entropy_from_logits([[0.0, 0.0]], [[0.5, 0.5]])), 6)
    0.693147
    """
    reduction = v.check_reduction(reduction)
    z, _ = _logits(logits, -1)
    d, _, s = _shifted(z, -1)
    log1p_s = np.log1p(s[..., 0])
    y = v.as_array(labels, "labels")
    # -log softmax(z)_k = (max - z_k) + log1p(S): two terms >= 0, so nothing cancels
    if y.shape == z.shape:  # probability targets
        t, _ = v.distribution(y, "labels", -1)
        with np.errstate(invalid="ignore"):
            dot = v.vecdot(t, d, -1)
        if not np.isfinite(dot).all():  # a logit 1e308 below the max: z - max overflowed
            half = 0.5 * z - 0.5 * z.max(axis=-1, keepdims=True)  # never overflows
            with np.errstate(over="ignore"):  # (2 x beyond the range is +-inf, exactly)
                dot = 2.0 * v.vecdot(t, half, -1)
        losses = t.sum(axis=-1) * log1p_s - dot
    else:
        idx = _class_indices(y, z.shape)
        losses = log1p_s - np.take_along_axis(d, idx[..., None], axis=-1)[..., 0]
    return v.reduce(np.asarray(losses, dtype=np.float64), reduction)


def _class_indices(y: np.ndarray, shape: tuple) -> np.ndarray:
    if not v.is_real_dtype(y.dtype):  # not bool, complex, timedelta, object, strings
        raise TypeError(f"labels must be integer class indices; got dtype {y.dtype}")
    if y.shape != shape[:-1]:
        raise ValueError(
            f"labels must be class indices of shape {shape[:-1]} or probability targets of "
            f"shape {shape}, matching logits of shape {shape}; got shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        if not (np.isfinite(y).all() and (y == np.round(y)).all()):
            raise ValueError("labels must be integer class indices; got non-integer values")
    k = shape[-1]
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"labels must lie in [0, {k}) for {k} classes; got [{y.min()}, {y.max()}]")
    return y.astype(np.intp)


def binary_cross_entropy_with_logits(y, z, reduction="mean"):
    r"""Binary cross-entropy of targets `y` against a sigmoid model with logits `z`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    z : array_like
        Finite logits, same shape as `y`; the model's probability is :math:`\sigma(z)`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats: :math:`-[y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))]`, computed as
        :math:`z (1 - y) + \log(1 + e^{-z})` for :math:`z > 0` and
        :math:`-z y + \log(1 + e^{z})` otherwise: every term is :math:`\ge 0` and one
        rounding away from exact (``max(z, 0) - z * y`` would cancel for confident
        predictions), nothing overflows, and no log of 0 is taken.

    Examples
    --------
    >>> from infoloss import binary_cross_entropy_with_logits
    >>> round(float(binary_cross_entropy_with_logits([1.0], [0.0])), 6)  # log 2
    0.693147
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [-800.0, -800.0], reduction="none")
    array([800.,   0.])
    """
    reduction = v.check_reduction(reduction)
    y = v.check_unit_interval(v.as_float_array(y, "y"), "y")
    z = v.check_finite(v.as_float_array(z, "z"), "z")
    v.check_same_shape(y, z, "y", "z")
    losses = np.where(z > 0, z * (1.0 - y), -z * y) + np.log1p(np.exp(-np.abs(z)))
    return v.reduce(losses, reduction)
