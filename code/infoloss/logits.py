"""Logits to probabilities: softmax and log-softmax, with the log-sum-exp shift."""

from __future__ import annotations

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation


def _logits(logits, axis):
    z = v.finite(logits, "logits", min_ndim=1)
    return z, v.check_axis(axis, z.ndim, "logits")


def _shifted(z: np.ndarray, ax: int):
    """(z - max, e = exp(z - max), S) along ``ax`` (keepdims), with S the sum of e over every
    entry but one largest: log sum exp(z) = max + log1p(S).

    log1p(S), not log(1 + S): for confident logits such as (40, 0), S = 4e-18 vanishes in
    1 + S, and log-softmax of the top class would be exactly 0. A difference beyond the
    float range (logits 1e308 and -1e308) is -inf, whose exp is an exact 0: no warning.
    The sum runs over a C-contiguous copy with the classes last, so a row gives the same
    answer alone, in a batch, along ``axis=0`` or in a Fortran-ordered array.
    """
    z = v.along_last(z, ax)  # the same sums whatever the axis and the memory layout
    top = np.argmax(z, axis=-1)[..., None]
    with np.errstate(over="ignore"):
        d = z - np.take_along_axis(z, top, axis=-1)
    e = np.exp(d)
    np.put_along_axis(e, top, 0.0, axis=-1)  # (in place: no copy of e)
    s = e.sum(axis=-1, keepdims=True)
    np.put_along_axis(e, top, 1.0, axis=-1)  # exp(0), exactly
    return tuple(np.moveaxis(x, -1, ax) for x in (d, e, s))


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
    return _log_softmax(z, ax)


def _log_softmax(z: np.ndarray, ax: int) -> np.ndarray:
    """log_softmax on validated logits; an entry of -inf (a weight of exactly 0) is allowed."""
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
