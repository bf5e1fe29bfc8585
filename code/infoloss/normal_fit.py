r"""A normal model of data: the maximum-likelihood fit and the negative log-likelihood.

Chapter 4 fits :math:`\mathcal{N}(\mu, \sigma^2)` to observations by minimising their mean
negative log-likelihood; chapter 7 reads the same loss, with a mean per example, as least
squares.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v


def fit_normal(samples, axis=-1):
    r"""Maximum-likelihood normal distribution of `samples`: their mean and (1/n) deviation.

    Parameters
    ----------
    samples : array_like
        Observations along `axis`, finite with :math:`|x| \le 10^{150}` (so that their
        squares are); several data sets at once if more than 1-D.
    axis : int, optional
        Axis holding the observations of one data set.

    Returns
    -------
    mu, sigma : numpy.float64 or numpy.ndarray
        :math:`\hat\mu` and :math:`\hat\sigma`, numpy's ``mean`` and ``std`` (``ddof=0``):
        accurate to about :math:`n\epsilon` of the data's magnitude.

    Notes
    -----
    .. math:: \hat\mu = \frac1n \sum_i x_i, \qquad
              \hat\sigma^2 = \frac1n \sum_i (x_i - \hat\mu)^2 ,

    the minimisers of :func:`normal_nll` over :math:`(\mu, \sigma)`. The variance divides by
    :math:`n`, not :math:`n - 1`: maximum likelihood gives the *biased* estimate. A constant
    data set has :math:`\hat\sigma = 0` (up to rounding): its likelihood has no maximum.

    Examples
    --------
    >>> from infoloss import fit_normal
    >>> mu, sigma = fit_normal([1.0, 2.0, 3.0, 6.0])
    >>> float(mu), float(sigma**2)  # the variance is 14 / 4, not 14 / 3
    (3.0, 3.5)
    """
    x = v.finite(samples, "samples", min_ndim=1)
    ax = v.check_axis(axis, x.ndim, "samples")
    big = np.abs(x) > 1e150
    if big.any():
        raise ValueError(
            f"samples must be at most 1e150 in size (their squares must be finite); got "
            f"{v.describe_bad(x, big)}"
        )
    return v.scalar(x.mean(axis=ax)), v.scalar(x.std(axis=ax))


def normal_nll(x, mu, sigma, reduction="mean"):
    r"""Negative log-likelihood of observations `x` under normal models :math:`\mathcal{N}(\mu,
    \sigma^2)`.

    Parameters
    ----------
    x : array_like
        Finite observations (or regression targets), :math:`|x| \le 10^{300}`.
    mu : array_like
        The model's mean: one for all of `x` (a sample under one normal), or one per
        observation (a regression's predictions); broadcast to `x`'s shape.
    sigma : array_like
        Standard deviation(s) in :math:`[10^{-300}, 10^{300}]`, broadcast to `x`'s shape.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats, per observation :math:`-\log q(x) = \tfrac12 \log(2\pi\sigma^2) +
        \frac{(x - \mu)^2}{2\sigma^2}`, to a few ulps of the terms' magnitudes (``inf`` beyond
        the float range).

    Notes
    -----
    The mean over a sample is the chapter-4 loss
    :math:`\mathcal{L}_n(\mu, \sigma) = \tfrac12 \log(2\pi\sigma^2) + \frac{v + (\bar x -
    \mu)^2}{2\sigma^2}`, which depends on the data only through their mean :math:`\bar x` and
    (1/n) variance :math:`v`; :func:`fit_normal` gives its minimiser. With per-example means
    and a fixed `sigma`, the second term is the squared error over :math:`2\sigma^2` and the
    first a constant: least squares is maximum likelihood.

    Examples
    --------
    >>> from infoloss import normal_nll
    >>> round(float(normal_nll([-1.0, 1.0], 0.0, 1.0)), 6)  # log(2 pi)/2 + 1/2
    1.418939
    >>> normal_nll([1.0, 3.0], [0.0, 0.0], 2.0, reduction="none").round(6)
    array([1.737086, 2.737086])
    """
    x = v.finite(x, "x")
    mu = v.broadcast_to(v.finite(mu, "mu"), x.shape, "mu", "x")
    sigma = v.broadcast_to(v.positive(sigma, "sigma"), x.shape, "sigma", "x")
    with np.errstate(over="ignore"):  # beyond the float range: inf
        z = (x - mu) / sigma
        nll = 0.5 * np.log(2 * np.pi) + np.log(sigma) + 0.5 * z * z
    return v.reduce(nll, reduction)
