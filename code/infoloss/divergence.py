"""Divergences between discrete distributions: cross-entropy, Kullback–Leibler, Jensen–Shannon,
and mutual information (the KL divergence of a joint table from the product of its margins)."""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy

from infoloss import _validation as v
from infoloss.kernels import kl_terms


def _pair(p, q, axis):
    """Validated p and q of one shape, and the axis of the outcomes."""
    p, ax = v.distribution(p, "p", axis)
    q, _ = v.distribution(q, "q", axis)
    v.same_shape(p, q, "p", "q")
    return p, q, ax


def cross_entropy(p, q, base=None, axis=-1):
    r"""Cross-entropy :math:`H(p, q)` of a model `q` under the true distribution `p`.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1 (within
        ``2**-30 + K * eps`` of the input's dtype; never renormalised).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``inf`` where `q` gives probability 0 to an outcome that `p` can produce. Every term is
        :math:`\ge 0`, so the result is accurate to a few ulps plus the dot product's rounding
        (as in :func:`infoloss.entropy`).

    Notes
    -----
    .. math:: H(p, q) = -\sum_x p(x) \log q(x) = H(p) + D_{\mathrm{KL}}(p \,\|\, q),

    a dot product of :math:`p` with :math:`\log q` (``inf`` where :math:`p > 0 = q`), with
    :math:`0 \log q = 0` for every :math:`q`: an outcome with :math:`p = q = 0`, whose
    :math:`0 \times (-\infty)` is nan, adds 0 (``xlogy``, called only then).

    Examples
    --------
    >>> from infoloss import cross_entropy
    >>> float(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2))  # 0.5*2 + 0.5*0.415
    1.207518749639422
    >>> float(cross_entropy([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    p, q, ax = _pair(p, q, axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.vecdot(p, np.log(q), axis=ax)
    if np.isnan(h).any():  # p = q = 0 somewhere: 0 log 0 = 0 (xlogy), not nan
        h = -np.sum(xlogy(p, q), axis=ax)
    return v.in_base(v.scalar(h), base)


def kl_divergence(p, q, base=None, axis=-1):
    r"""Kullback–Leibler divergence :math:`D_{\mathrm{KL}}(p \,\|\, q)`.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1 (within
        ``2**-30 + K * eps`` of the input's dtype; never renormalised).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\ge 0` (to rounding); ``inf`` where `q` gives probability 0 to an outcome `p`
        can produce.

    Notes
    -----
    .. math:: D_{\mathrm{KL}}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}
              = \sum_x \big[p \log (p/q) - p + q\big] + \Big(\sum_x p - \sum_x q\Big),

    the first sum in the cancellation-free terms of :func:`infoloss.kernels.kl_terms`, each
    :math:`\ge 0`, and the second the vectors' own sums as given (0 when both sum to 1
    exactly). Never ``cross_entropy - entropy``, which cancels catastrophically when the
    divergence is tiny. Accurate to a relative error of about 1e-13 plus an absolute error of
    about 1e-16 times :math:`\sum |p - q|` (the second sum's rounding); a result that the
    inputs' own sums make negative (by at most :math:`|\sum p - \sum q|`) is returned as 0.

    Examples
    --------
    >>> from infoloss import kl_divergence
    >>> float(kl_divergence([0.5, 0.5], [0.25, 0.75], base=2))
    0.20751874963942193
    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> float(kl_divergence([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    p, q, ax = _pair(p, q, axis)
    d = np.sum(kl_terms(p, q), axis=ax) + np.sum(p - q, axis=ax)
    return v.in_base(v.scalar(np.maximum(d, 0.0)), base)


def js_divergence(p, q, base=None, axis=-1):
    r"""Jensen–Shannon divergence between two discrete distributions.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1.
    base : float, optional
        Logarithm base: None for nats, 2 for bits (then the result lies in [0, 1]).
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In :math:`[0, \log 2]`, symmetric in `p` and `q`, always finite; its square root is a
        metric.

    Notes
    -----
    .. math::

        \mathrm{JS}(p, q) = \tfrac12 D_{\mathrm{KL}}(p \,\|\, m)
        + \tfrac12 D_{\mathrm{KL}}(q \,\|\, m), \qquad m = \tfrac12 (p + q),

    both finite because :math:`m \ge p/2` and :math:`m \ge q/2`. Summed in the terms of
    :func:`infoloss.kernels.kl_terms` (the two divergences' sum terms cancel exactly), so every
    term is :math:`\ge 0` and the result is accurate to a relative error of about 1e-13 plus
    an absolute error of about :math:`10^{-16} \sum |p - q|` (the rounding of :math:`m`, as
    large as the distance from :math:`p` to :math:`m` when the two differ in the last bits).

    Examples
    --------
    >>> from infoloss import js_divergence
    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))  # disjoint supports: the maximum
    1.0
    >>> js_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]], base=2).round(6)
    array([0.048795, 0.311278])
    """
    p, q, ax = _pair(p, q, axis)
    m = 0.5 * (p + q)  # the sums' terms of the two divergences cancel: terms alone
    js = 0.5 * np.sum(kl_terms(p, m) + kl_terms(q, m), axis=ax)
    return v.in_base(v.scalar(np.minimum(js, np.log(2.0))), base)


def mutual_information(joint, base=None):
    r"""Mutual information :math:`I(X; Y)` of a 2-d table :math:`p(x, y)`.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)` with `x` on axis 0 and `y` on axis 1; all entries sum to 1.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64
        :math:`\ge 0`; 0 (to rounding) when the table is the product of its margins.

    Raises
    ------
    ValueError
        If `joint` is not a probability table, or if a product :math:`p(x)\,p(y)` falls below
        2.2e-308 (outside the supported range) where :math:`p(x, y) > 0`, as for
        ``[[1e-200, 0], [0, 1 - 1e-200]]``.

    Notes
    -----
    .. math:: I(X; Y) = D_{\mathrm{KL}}\big(p(x, y) \,\|\, p(x)\,p(y)\big)
              = H(X) - H(X \mid Y),

    computed as the divergence on the left, in the terms of :func:`infoloss.kernels.kl_terms`
    (each :math:`\ge 0`), never as a difference of entropies. Accurate to a relative error of
    about 1e-13 plus an absolute error of about 1e-16 nats per cell of the table (the rounding
    of the margins' products).

    Examples
    --------
    >>> from infoloss import mutual_information
    >>> round(float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2)), 12)  # Y = X
    1.0
    >>> float(mutual_information([[0.125, 0.375], [0.125, 0.375]]))  # independent
    0.0
    """
    joint = v.joint_table(joint)
    m = np.outer(joint.sum(axis=1), joint.sum(axis=0))  # p(x) p(y)
    if np.any((joint > 0) & (m < v.TINY)):
        raise ValueError(
            "joint: the products p(x) p(y) of its margins must be normal floats (at least "
            "2.2e-308) wherever p(x, y) > 0; they underflow for this table"
        )
    mi = np.sum(kl_terms(joint, m)) + (np.sum(joint) - np.sum(m))  # (as kl_divergence)
    return v.in_base(v.scalar(max(mi, 0.0)), base)
