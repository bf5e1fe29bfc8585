"""Contrastive learning: the InfoNCE loss, its bound on mutual information, Gaussian oracles.

InfoNCE scores each x against N candidates y_1..y_N, one of which is its true partner, and is
the cross-entropy of picking that partner with a softmax over the scores. ``log N`` minus the
loss is a lower bound on the mutual information I(X; Y). For a correlated Gaussian pair both
the mutual information and the best critic are known in closed form, which makes it a test bed.
"""

from __future__ import annotations

import math

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.losses import cross_entropy_from_logits


def _scores(scores) -> np.ndarray:
    s = v.finite(scores, "scores", min_ndim=2)
    if s.ndim != 2 or s.shape[0] != s.shape[1]:
        raise ValueError(
            f"scores must be a square (N, N) matrix of critic values f(x_i, y_j); got shape "
            f"{s.shape}"
        )
    return s


def info_nce_loss(scores, reduction="mean"):
    r"""InfoNCE loss of a batch: the cross-entropy of finding each x's partner among N y's.

    Parameters
    ----------
    scores : array_like, shape (N, N)
        Finite critic values :math:`f(x_i, y_j)`; row i scores :math:`x_i` against every
        candidate, and its true partner is :math:`y_i` (the diagonal).
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats, per row :math:`-\log \frac{e^{f(x_i, y_i)}}{\sum_{j=1}^N e^{f(x_i, y_j)}}`:
        :func:`infoloss.cross_entropy_from_logits` with the row as logits and label i.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss.contrastive import info_nce_loss
    >>> round(float(info_nce_loss(np.zeros((4, 4)))), 6)  # a blind critic: log 4
    1.386294
    >>> round(float(info_nce_loss([[9.0, 0.0], [0.0, 9.0]])), 6)  # log(1 + e^-9)
    0.000123
    """
    s = _scores(scores)
    return cross_entropy_from_logits(s, np.arange(s.shape[0]), reduction=reduction)


def info_nce_bound(scores):
    r"""The InfoNCE lower bound :math:`\log N - \mathcal{L}_\text{InfoNCE}` on I(X; Y), in nats.

    Parameters
    ----------
    scores : array_like, shape (N, N)
        As in :func:`info_nce_loss`.

    Returns
    -------
    numpy.float64
        :math:`\log N` minus the mean loss of the batch; never above :math:`\log N`.

    Notes
    -----
    The bound holds in expectation over batches for *any* critic (van den Oord et al. 2018);
    one batch gives a noisy estimate of it.

    Examples
    --------
    >>> from infoloss.contrastive import info_nce_bound
    >>> round(float(info_nce_bound([[9.0, 0.0], [0.0, 9.0]])), 6)  # log 2 - log(1 + e^-9)
    0.693024
    """
    s = _scores(scores)
    n = s.shape[0]
    # Row i's bound is log N - loss_i = -log1p(m_i), m_i the mean over j of expm1(s_ij - s_ii).
    # When m_i is small (a nearly blind critic, bound ~ 0) log1p keeps the digits that log N -
    # loss_i cancels away (a bound of 6.7e-9 came out 1.8e-8 off); elsewhere log N - loss_i
    # loses nothing, and expm1 might overflow.
    with np.errstate(over="ignore", invalid="ignore"):
        m = np.einsum("ij->i", np.expm1(s - s.diagonal()[:, None])) / n
    near = (m >= -0.5) & (m <= 1.0)
    rows = np.where(near, -np.log1p(np.where(near, m, 0.0)), 0.0)
    if not near.all():
        rows = np.where(near, rows, math.log(n) - info_nce_loss(s, reduction="none"))
    return np.float64(math.fsum(rows.tolist()) / n)


def _rho(rho) -> np.ndarray:
    r = v.finite(rho, "rho")
    if r.min() <= -1 or r.max() >= 1:
        raise ValueError(f"rho must lie in (-1, 1); got {v._describe_bad(r, np.abs(r) >= 1)}")
    return r


def gaussian_mutual_information(rho, base=None):
    r"""Mutual information of a bivariate Gaussian pair with correlation `rho`.

    Parameters
    ----------
    rho : float or array_like
        Correlation coefficient, in (-1, 1).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`I(X; Y) = -\tfrac{1}{2}\log(1 - \rho^2)`, computed as
        ``-0.5 * log1p(-rho**2)`` (accurate for tiny `rho`); it grows without bound as
        :math:`|\rho| \to 1`.

    Examples
    --------
    >>> from infoloss.contrastive import gaussian_mutual_information
    >>> round(float(gaussian_mutual_information(0.8)), 6)  # -log(0.36)/2 = log(5/3)
    0.510826
    >>> print(f"{gaussian_mutual_information(1e-10):.6e}")  # rho**2 / 2
    5.000000e-21
    """
    r = _rho(rho)
    # 1 - rho^2 = (1 - |rho|)(1 + |rho|) keeps its digits near |rho| = 1
    a = np.abs(r)
    out = v.in_base(-0.5 * np.where(a < 0.5, np.log1p(-(r * r)), np.log1p(-a) + np.log1p(a)), base)
    return v.unwrap(out)


def _form(x, ys, a):
    """The quadratic form over 2(1 - rho^2), rewritten so nothing cancels as |rho| -> 1:
    (a (x - y'))^2 / (2 (1 - a)(1 + a)) - a (x y') / (1 + a), with a = |rho|, y' = sign(rho) y.

    Each product is formed from the factors' mantissas, with their exponents added apart (which
    is exact): the same bits as the direct products wherever those stay in the float range, but
    no x y' of 1e200 * 1e199 overflowing to inf - inf = nan, nor a rho of 1e-300 times a
    scaled-down x y' falling into the subnormals. The result is +-inf only beyond the range.
    """
    with np.errstate(over="ignore"):
        d = x - ys
    spilled = ~np.isfinite(d)  # |x - y'| beyond 1.8e308: its halves, and one more in the exponent
    md, ed = np.frexp(np.where(spilled, 0.5 * x - 0.5 * ys, d))
    ma, ea = np.frexp(a)
    (mx, ex), (my, ey) = np.frexp(x), np.frexp(ys)
    m1, e1 = (ma * md) ** 2 / (2.0 * (1.0 - a) * (1.0 + a)), 2 * (ea + ed + spilled)
    m2, e2 = ma * (mx * my) / (1.0 + a), ea + ex + ey
    e1, e2 = np.where(m1 == 0, -(10**6), e1), np.where(m2 == 0, -(10**6), e2)
    top = np.maximum(e1, e2)
    with np.errstate(over="ignore", under="ignore"):
        return np.ldexp(np.ldexp(m1, e1 - top) - np.ldexp(m2, e2 - top), top)


def gaussian_log_density_ratio(x, y, rho):
    r"""The optimal critic for a standard bivariate Gaussian: :math:`\log p(x, y) / (p(x) p(y))`.

    Parameters
    ----------
    x, y : array_like
        Finite values of the two standard-normal coordinates; broadcast together.
    rho : float
        Their correlation, in (-1, 1).

    Returns
    -------
    numpy.ndarray or numpy.float64
        :math:`-\tfrac{1}{2}\log(1-\rho^2) - \frac{\rho^2 x^2 - 2\rho x y + \rho^2 y^2}
        {2(1-\rho^2)}`; its mean under the joint distribution is the mutual information.

    Examples
    --------
    >>> from infoloss.contrastive import gaussian_log_density_ratio
    >>> round(float(gaussian_log_density_ratio(1.0, 1.0, 0.5)), 6)  # log(4/3)/2 + 1/3
    0.477174
    >>> float(gaussian_log_density_ratio(2.0, -3.0, 0.0))  # independent: the ratio is 1
    0.0
    """
    r = _rho(rho)
    if r.ndim != 0:
        raise ValueError(f"rho must be a scalar; got shape {r.shape}")
    x = v.finite(x, "x")
    y = v.finite(y, "y")
    x, y = v.broadcast(x=x, y=y)
    a = abs(float(r))
    ys = np.copysign(1.0, float(r)) * y
    out = gaussian_mutual_information(r) - _form(x, ys, a) + 0.0
    return v.unwrap(out)
