"""Logits to probabilities: softmax and log-softmax, with the log-sum-exp shift."""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v


def log_softmax(logits, axis=-1):
    r"""Logarithm of the softmax, computed with the log-sum-exp shift.

    Parameters
    ----------
    logits : array_like
        Real scores of magnitude at most 1e300; the classes lie along `axis`.
    axis : int, optional
        Axis holding the classes (default: the last).

    Returns
    -------
    numpy.ndarray
        :math:`\log q_k = z_k - \log \sum_j e^{z_j}`, computed as
        :math:`(z_k - m) - \operatorname{log1p}(S)` with :math:`m = \max_j z_j` and :math:`S`
        the sum of :math:`e^{z_j - m}` over every class but one largest: nothing overflows, and
        a confident top class keeps its tiny :math:`-e^{-40}` (``log(1 + S)`` would round it to
        0). Accurate to a few ulps of :math:`|z_k - m| + S`.

    Examples
    --------
    >>> from infoloss import log_softmax
    >>> log_softmax([0.0, 0.0])
    array([-0.69314718, -0.69314718])
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    >>> print(f"{log_softmax([40.0, 0.0])[0]:.6e}")  # -log(1 + e**-40)
    -4.248354e-18
    """
    z = v.finite(logits, "logits", min_ndim=1)
    ax = v.check_axis(axis, z.ndim, "logits")
    top = np.argmax(z, axis=ax, keepdims=True)
    d = z - np.take_along_axis(z, top, axis=ax)  # <= 0, and exactly 0 at one top class
    e = np.exp(d)
    np.put_along_axis(e, top, 0.0, axis=ax)  # the rest: S = sum of e**d without the top's 1
    d -= np.log1p(e.sum(axis=ax, keepdims=True))  # log q = d - log(1 + S), in place
    return d


def softmax(logits, axis=-1):
    r"""Softmax :math:`q_k = e^{z_k} / \sum_j e^{z_j}`, shifted by the maximum so it never
    overflows.

    Parameters
    ----------
    logits : array_like
        Real scores of magnitude at most 1e300; the classes lie along `axis`.
    axis : int, optional
        Axis holding the classes (default: the last).

    Returns
    -------
    numpy.ndarray
        Probabilities along `axis`, summing to 1; ``exp`` of :func:`log_softmax`, so each has
        the relative error of :math:`\log q_k` times :math:`|\log q_k|` (``exp`` turns an
        absolute error into a relative one): a few ulps for the large ones, up to a few hundred
        for a :math:`q_k` near 1e-300. One below 2.2e-308 (the normal floats, the supported
        range of a probability) is returned as 0.

    Examples
    --------
    >>> from infoloss import softmax
    >>> softmax([0.0, 0.0, 0.0])
    array([0.33333333, 0.33333333, 0.33333333])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    """
    q = np.exp(log_softmax(logits, axis=axis))
    return np.where(q < v.TINY, 0.0, q)  # below the normal floats: outside the supported range
