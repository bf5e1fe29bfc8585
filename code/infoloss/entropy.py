"""Entropy and surprisal of discrete distributions."""

from __future__ import annotations

import numpy as np
from scipy.special import xlog1py, xlogy

from infoloss import _validation as v


def entropy(p, base=None, axis=-1):
    r"""Shannon entropy of a discrete distribution.

    Parameters
    ----------
    p : array_like
        Probabilities; every slice along `axis` must be non-negative and sum to 1.
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
    The fast path is one ``np.log`` pass and one dot product; only when that meets a zero
    probability (``0 * -inf = nan``) is the sum recomputed with zeros dropped.

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
    with np.errstate(divide="ignore", invalid="ignore"):
        logp = np.log(p)
        h = -v.vecdot(p, logp, ax)
        if not np.isfinite(h).all():  # a zero probability: 0 * log 0 is 0 by convention
            h = -v.vecdot(p, np.where(p > 0, logp, 0.0), ax)
    return v.in_base(h + 0.0, base)  # + 0.0 turns -0.0 into 0.0


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
    p = v.check_unit_interval(v.as_float_array(p, "p"), "p")
    with np.errstate(divide="ignore"):
        s = -np.log(p) + 0.0
    return v.in_base(s[()] if s.ndim == 0 else s, base)


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
    p = v.check_unit_interval(v.as_float_array(p, "p"), "p")
    h = -(xlogy(p, p) + xlog1py(1.0 - p, -p)) + 0.0
    return v.in_base(h[()] if h.ndim == 0 else h, base)
