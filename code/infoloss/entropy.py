"""Entropy of discrete distributions: surprisal, Shannon and binary entropy, and the joint and
conditional entropy of a two-way table."""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy

from infoloss import _validation_old as v  # TRANSITION: convert to _validation


def entropy(p, base=None, axis=-1):
    r"""Shannon entropy of a discrete distribution.

    Parameters
    ----------
    p : array_like
        Probabilities; every slice along `axis` must be non-negative and sum to 1
        (to ``2**-30 + K * 2**-52`` in float64: the rule of the notation page).
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

    with the convention :math:`0 \log 0 = 0` (the limit of :math:`x \log x` as :math:`x \to 0`).
    Every term is :math:`\ge 0`, so the sum is accurate to a few units of rounding whatever
    :math:`p`. It is computed in blocks of 262,144 entries (a log into a reused buffer, a dot
    product, the block's sum for validation), whose partial sums are added exactly; only a
    block that meets a zero probability (``0 * -inf = nan``) is redone with zeros dropped.

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
    arr, ax = _probabilities(p, "p", axis)
    rows, shape = v.rows(arr, ax)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # bad p: refused below
        sums, h = v.blockwise(_entropy_block, rows)
    if not v.sums_ok(sums, rows.shape[1]) or np.isnan(h).any():  # a NaN: a negative entry
        v.check_distribution(arr, "p", ax)  # raises, naming what is wrong
    return v.in_base(v.shaped(h, shape), base)


def _probabilities(p, name, axis):
    arr = v.as_float_array(p, name, min_ndim=1)
    return arr, v.check_axis(axis, arr.ndim, name)


def _entropy_block(p, buf):
    """(row sums of p, row sums of -p log p) of one block; 0 log 0 = 0."""
    np.log(p, out=buf)
    np.multiply(p, buf, out=buf)
    h = np.add.reduce(buf, axis=1)
    if np.isnan(h).any():  # a zero probability: 0 * log 0 is 0 by convention
        np.copyto(buf, 0.0, where=p == 0)  # (a negative one stays nan, for validation)
        h = np.add.reduce(buf, axis=1)
    return np.einsum("ij->i", p), -h


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
        s = -np.log(p) + 0.0
    return v.in_base(v.unwrap(s), base)


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
    .. math:: H_b(p) = -p \log p - (1 - p) \log (1 - p).

    The second term uses ``log1p(-p)`` so that it stays accurate for tiny `p`.

    Examples
    --------
    >>> from infoloss import bernoulli_entropy
    >>> bernoulli_entropy([0.0, 0.5, 1.0], base=2)
    array([0., 1., 0.])
    """
    p = v.probabilities(p, "p")
    return v.in_base(v.unwrap(v.bernoulli_cross_entropy(p, p)), base)


def joint_entropy(joint, base=None):
    r"""Joint entropy :math:`H(X, Y)` of a 2-d table of probabilities :math:`p(x, y)`.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)` with `x` on axis 0 and `y` on axis 1: finite, non-negative, and all
        entries summing to 1.
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
    >>> float(joint_entropy([[0.5, 0.0], [0.0, 0.5]], base=2))
    1.0
    """
    joint = v.joint_table(joint)
    return entropy(joint.ravel(), base=base)


def conditional_entropy(joint, base=None):
    r"""Conditional entropy :math:`H(Y \mid X)` of a 2-d table :math:`p(x, y)`, `x` on axis 0.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)`: **rows are x, columns are y**; finite, non-negative, summing to 1
        (to ``2**-30 + K * 2**-52`` over its K entries, in float64).
        For :math:`H(X \mid Y)` pass ``joint.T``.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64
        :math:`\ge 0`; 0 when `y` is a function of `x`.

    Notes
    -----
    .. math:: H(Y \mid X) = \sum_x p(x)\, H\big(p(\cdot \mid x)\big)
              = -\sum_{x, y} p(x, y) \log p(y \mid x).

    Computed term by term, never as :math:`H(X, Y) - H(X)` (a difference that rounding can
    push below 0): every term :math:`-p(x, y) \log p(y \mid x)` is :math:`\ge 0`. The
    largest entry of a row can make :math:`p(y \mid x)` close to 1, so its log is taken as
    :math:`-\operatorname{log1p}(r / p(x, y))` with :math:`r` the sum of the row's other
    entries, which keeps its digits when :math:`y` is nearly a function of :math:`x`.

    Examples
    --------
    >>> from infoloss import conditional_entropy
    >>> joint = [[0.5, 0.0], [0.25, 0.25]]  # x = 0: y certain; x = 1: y a fair coin
    >>> float(conditional_entropy(joint, base=2))  # 0.5 * 0 + 0.5 * 1
    0.5
    >>> round(float(conditional_entropy(list(zip(*joint)), base=2)), 6)  # H(X | Y): transpose
    0.688722
    """
    joint = v.joint_table(joint)
    top = np.argmax(joint, axis=1)[:, None]
    others = joint.copy()
    np.put_along_axis(others, top, 0.0, axis=1)
    rest = others.sum(axis=1)  # the mass of x off its likeliest y
    px = np.take_along_axis(joint, top, axis=1)[:, 0] + rest
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = others / np.where(px > 0, px, 1.0)[:, None]  # p(y | x) <= 1/2 off the top
        terms = -xlogy(others, cond)
        top_p = np.take_along_axis(joint, top, axis=1)[:, 0]
        top_terms = np.where(top_p > 0, top_p * np.log1p(rest / top_p), 0.0)
    return v.in_base(np.float64(np.add.reduce(terms, axis=None) + top_terms.sum()) + 0.0, base)
