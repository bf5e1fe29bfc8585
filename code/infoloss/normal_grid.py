r"""A normal density discretised on a grid, and the normal that best fits a distribution on
it by forward or reverse KL (chapter 2's mode-covering and mode-seeking fits).

On a grid :math:`x_1 < \dots < x_n` the normal :math:`\mathcal{N}(\mu, \sigma^2)` becomes the
probability vector :math:`q_i \propto e^{-z_i^2/2}`, :math:`z_i = (x_i - \mu)/\sigma`: the
softmax of :math:`-z^2/2`, so chapter 5's shift by the largest logit keeps it finite.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax

from infoloss import _validation as v
from infoloss.logits import softmax


def _grid(grid) -> np.ndarray:
    """A finite, strictly increasing 1-d grid of at least two points."""
    x = v.finite(grid, "grid", min_ndim=1)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"grid must be 1-d with at least 2 points; got shape {x.shape}")
    if not (x[1:] > x[:-1]).all():
        raise ValueError("grid must be strictly increasing")
    return x


def normal_on_grid(mu, sigma, grid):
    r"""The normal :math:`\mathcal{N}(\mu, \sigma^2)` discretised on `grid`: a probability vector.

    Parameters
    ----------
    mu : array_like
        Mean(s), finite with :math:`|\mu| \le 10^{300}`.
    sigma : array_like
        Standard deviation(s), broadcast against `mu`; at least :math:`|x_i - \mu| / 10^{150}`
        on the grid (a narrower normal is outside the supported range).
    grid : array_like
        Finite, strictly increasing 1-d points :math:`x_1 < \dots < x_n`.

    Returns
    -------
    numpy.ndarray
        Shape ``broadcast(mu, sigma).shape + (n,)``; each slice along the last axis sums to 1.
        Each entry has a relative error of about :math:`\epsilon z_i^2`: below
        :math:`10^{-12}` wherever :math:`z_i^2/2 \le 1000`, which holds for every entry above
        the underflow when `mu` lies within the grid.

    Notes
    -----
    .. math::

        q(x_i) = \frac{e^{-z_i^2 / 2}}{\sum_j e^{-z_j^2 / 2}},
        \qquad z_i = \frac{x_i - \mu}{\sigma},

    :func:`infoloss.softmax` of :math:`-z^2/2`. Mass outside the grid is not lost but
    spread over it: choose a grid that covers the density.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import normal_on_grid
    >>> normal_on_grid(0.0, 1.0, [-1.0, 0.0, 1.0]).round(4)
    array([0.2741, 0.4519, 0.2741])
    >>> x = np.linspace(-6, 6, 1201)  # covers mu +- 10 sigma: the moments survive
    >>> q = normal_on_grid(1.0, 0.5, x)
    >>> round(float(q @ x), 6), round(float(np.sqrt(q @ (x - 1.0) ** 2)), 6)
    (1.0, 0.5)
    """
    x = _grid(grid)
    mu, sigma = v.broadcast(mu=v.finite(mu, "mu"), sigma=v.positive(sigma, "sigma"))
    with np.errstate(over="ignore"):
        z = (x - mu[..., None]) / sigma[..., None]
    if not (np.abs(z) <= 1e150).all():
        raise ValueError(
            "sigma must be at least |grid - mu| / 1e150 (a normal far narrower than its "
            "distance to the grid is outside the supported range)"
        )
    return softmax(-0.5 * z * z, axis=-1)


def fit_normal_on_grid(p, grid, direction="forward", start=(0.0, 1.0)):
    r"""Fit one normal to `p` on `grid` by minimising a KL divergence; return ``(mu, sigma)``.

    Parameters
    ----------
    p : array_like
        The target: a probability vector over the points of `grid`.
    grid : array_like
        Finite, strictly increasing 1-d points, as in :func:`normal_on_grid`.
    direction : {"forward", "reverse"}, optional
        ``"forward"`` minimises :math:`D_{\mathrm{KL}}(p \,\|\, q_\theta)` (mode-covering),
        ``"reverse"`` minimises :math:`D_{\mathrm{KL}}(q_\theta \,\|\, p)` (mode-seeking); the
        reverse fit needs :math:`p > 0` on the whole grid, since :math:`q_\theta` is, and
        :math:`D_{\mathrm{KL}}(q_\theta \,\|\, p)` is infinite wherever :math:`p = 0`.
    start : (float, float), optional
        Starting ``(mu, sigma)``. The reverse fit of a multi-modal `p` has several local
        minima (one per mode, and possibly a wide one straddling them); the start decides which
        one it finds.

    Returns
    -------
    (float, float)
        The fitted mean and standard deviation.

    Notes
    -----
    Nelder–Mead over :math:`(\mu, \log\sigma)` (so that :math:`\sigma > 0`), with tight
    tolerances; deterministic for a given start. The divergence is computed from
    :math:`\log q_\theta` (a log-softmax), so it stays finite where :math:`q_\theta` underflows
    to 0, even for a start far narrower than `p`. The forward fit is moment matching: on the
    grid, :math:`q_\theta` is an exponential family with statistics :math:`(x, x^2)`, so at
    the optimum its grid mean and variance equal those of `p`.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import fit_normal_on_grid, normal_on_grid
    >>> x = np.linspace(-12, 12, 1201)
    >>> p = 0.5 * normal_on_grid(-2, 0.5, x) + 0.5 * normal_on_grid(2, 0.5, x)
    >>> [round(t, 3) + 0.0 for t in fit_normal_on_grid(p, x, "forward")]
    [0.0, 2.062]
    >>> [round(t, 3) for t in fit_normal_on_grid(p, x, "reverse", start=(1.0, 1.0))]
    [2.0, 0.5]
    """
    x = _grid(grid)
    p, _ = v.distribution(p, "p", -1)
    v.same_shape(p, x, "p", "grid")
    forward = v.choice(direction, "direction", ("forward", "reverse")) == "forward"
    start = v.finite(start, "start")
    if start.shape != (2,):
        raise ValueError(f"start must be a pair (mu, sigma); got shape {start.shape}")
    v.positive(start[1], "start sigma")
    if not forward and not (p > 0).all():
        raise ValueError("p must be > 0 at every grid point for the reverse fit")
    log_p = np.log(np.where(p > 0, p, 1.0))  # (p = 0 contributes 0 to the forward fit)

    def kl(theta):  # D(a || b) = sum a (log a - log b), from the logs: q may underflow
        with np.errstate(all="ignore"):  # sigma = exp(theta[1]) under/overflowing: no fit
            log_q = log_softmax(-0.5 * ((x - theta[0]) / np.exp(theta[1])) ** 2)
            a, log_a, log_b = (p, log_p, log_q) if forward else (np.exp(log_q), log_q, log_p)
            d = np.sum(a * (log_a - log_b))
        return d if np.isfinite(d) else np.inf

    opts = {"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000}
    res = minimize(kl, [start[0], np.log(start[1])], method="Nelder-Mead", options=opts)
    return float(res.x[0]) + 0.0, float(np.exp(res.x[1]))  # + 0.0: no "-0.0" in outputs
