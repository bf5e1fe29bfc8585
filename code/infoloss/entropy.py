"""Entropy of discrete distributions: surprisal, Shannon and binary entropy, and the joint and
conditional entropy of a two-way table."""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy

from infoloss import _validation as v
from infoloss.losses import binary_cross_entropy


def entropy(p, base=None, axis=-1):
    r"""Shannon entropy of a discrete distribution.

    Parameters
    ----------
    p : array_like
        Probabilities; every slice along `axis` is non-negative and sums to 1 (within
        ``2**-30 + K * eps`` of the input's dtype; never renormalised).
    base : float, optional
        Logarithm base: None for nats (natural log), 2 for bits.
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`H(p)`, one value per slice along `axis`.

    Notes
    -----
    .. math:: H(p) = -\sum_x p(x) \log p(x),

    a dot product of :math:`p` with :math:`\log p`. The convention :math:`0 \log 0 = 0` comes
    from taking the log of :math:`\max(p, 2.2 \times 10^{-308})`: an outcome with
    :math:`p = 0` gets a finite log (about -708), multiplied by 0. Every term is
    :math:`\ge 0`, so nothing cancels: the result's relative error is a few ulps plus the
    dot product's (BLAS adds the terms in a few running sums: at most about
    :math:`K \times 10^{-16}`, and in practice about :math:`\sqrt{K} \times 10^{-16}`). Those
    sums depend on the CPU and, for long vectors, on the number of threads: the last bits of
    a result may differ between machines.

    Examples
    --------
    >>> from infoloss import entropy
    >>> float(entropy([0.5, 0.5], base=2))
    1.0
    >>> float(entropy([1.0, 0.0]))
    0.0
    >>> entropy([[0.25, 0.25, 0.25, 0.25], [0.5, 0.5, 0.0, 0.0]], base=2)
    array([2., 1.])
    """
    p, ax = v.distribution(p, "p", axis)
    log_p = np.log(np.maximum(p, v.TINY))  # finite at p = 0, where it is multiplied by 0
    return v.in_base(v.scalar(-np.vecdot(p, log_p, axis=ax)), base)


def surprisal(p, base=None):
    r"""Surprisal (self-information) :math:`-\log p` of events with probability `p`.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1], element-wise (they need not sum to 1).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`-\log p`, element-wise; ``inf`` where ``p == 0`` (an impossible event).

    Examples
    --------
    >>> from infoloss import surprisal
    >>> surprisal([1.0, 0.5, 0.25], base=2)
    array([0., 1., 2.])
    """
    p = v.probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return v.in_base(v.scalar(-np.log(p) + 0.0), base)


def bernoulli_entropy(p, base=None):
    r"""Entropy of a Bernoulli(`p`) variable (the binary entropy function), element-wise.

    Parameters
    ----------
    p : array_like
        Success probabilities in [0, 1].
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray

    Notes
    -----
    .. math:: H_b(p) = -p \log p - (1 - p) \log (1 - p) = H(p, p),

    the binary cross-entropy of `p` with itself (whose ``log1p`` keeps tiny `p` accurate).

    Examples
    --------
    >>> from infoloss import bernoulli_entropy
    >>> bernoulli_entropy([0.0, 0.5, 1.0], base=2)
    array([0., 1., 0.])
    """
    p = v.probabilities(p, "p")
    return v.in_base(binary_cross_entropy(p, p, reduction="none"), base)


def joint_entropy(joint, base=None):
    r"""Joint entropy :math:`H(X, Y)` of a 2-d table of probabilities :math:`p(x, y)`.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)` with `x` on axis 0 and `y` on axis 1; all entries sum to 1.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64

    Notes
    -----
    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y),

    the entropy of the table read as one distribution over pairs.

    Examples
    --------
    >>> from infoloss import joint_entropy
    >>> float(joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2))
    2.0
    """
    v.joint_table(joint)  # a 2-d table, in its own dtype (which sets the sum's tolerance)
    return entropy(np.ravel(joint), base=base)


def conditional_entropy(joint, base=None):
    r"""Conditional entropy :math:`H(Y \mid X)` of a 2-d table :math:`p(x, y)`, `x` on axis 0.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)`: **rows are x, columns are y**; all entries sum to 1.
        For :math:`H(X \mid Y)` pass ``joint.T``.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64
        :math:`\ge 0`; 0 when `y` is a function of `x`.

    Notes
    -----
    .. math:: H(Y \mid X) = -\sum_{x, y} p(x, y) \log p(y \mid x),
              \qquad p(y \mid x) = p(x, y) / p(x),

    term by term, never as :math:`H(X, Y) - H(X)` (a difference that rounding can push
    below 0): every term is :math:`\ge 0`. Accurate to a relative error of a few ulps plus an
    absolute error of about 1e-16 nats per cell of the table (the rounding of :math:`p(x)`:
    a tiny entry beside a dominant one in its row loses its term).

    Examples
    --------
    >>> from infoloss import conditional_entropy
    >>> joint = [[0.5, 0.0], [0.25, 0.25]]  # x = 0: y certain; x = 1: y a fair coin
    >>> float(conditional_entropy(joint, base=2))  # 0.5 * 0 + 0.5 * 1
    0.5
    """
    joint = v.joint_table(joint)
    px = joint.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty row: its terms are 0
        cond = np.where(px > 0, joint / px, 0.0)
    return v.in_base(np.float64(-np.sum(xlogy(joint, cond))) + 0.0, base)
