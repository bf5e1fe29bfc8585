"""Continuous densities discretised on a fixed grid, as probability vectors."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from infoloss import _validation as v
from infoloss.divergence import kl_divergence


def _grid(grid) -> np.ndarray:
    """A finite, strictly increasing 1-d grid of at least two points."""
    x = v.check_finite(v.as_float_array(grid, "grid", min_ndim=1), "grid")
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"grid must be 1-d with at least 2 points; got shape {x.shape}")
    if not (np.diff(x) > 0).all():
        raise ValueError("grid must be strictly increasing")
    return x


def gaussian_on_grid(mu, sigma, grid):
    r"""A Gaussian N(`mu`, `sigma`²) discretised on `grid`: a probability vector.

    Parameters
    ----------
    mu : float or array_like
        Mean(s); finite.
    sigma : float or array_like
        Standard deviation(s), > 0; broadcast against `mu`.
    grid : array_like
        Finite, strictly increasing 1-d points :math:`x_1 < \dots < x_n`.

    Returns
    -------
    numpy.ndarray
        Shape ``broadcast(mu, sigma).shape + (n,)``; each slice along the last axis sums to 1.

    Notes
    -----
    .. math::

        q(x_i) = \frac{e^{-(x_i - \mu)^2 / 2\sigma^2}}{\sum_j e^{-(x_j - \mu)^2 / 2\sigma^2}}.

    The exponents are shifted by their maximum before ``exp`` (as in a softmax), so a narrow
    Gaussian far from the grid still gives a valid vector instead of ``0/0``; the shifted
    exponent is written :math:`-2\,\frac{h - h_0}{\sigma}\,\frac{h + h_0}{\sigma}` with
    :math:`h = |x - \mu|/2` and :math:`h_0` its minimum, which neither overflows nor cancels,
    so a Gaussian far narrower than the grid's spacing puts all its mass on the nearest point.
    Mass outside the grid is not lost but renormalised onto it: choose a grid that covers the
    density.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss.grid import gaussian_on_grid
    >>> gaussian_on_grid(0.0, 1.0, [-1.0, 0.0, 1.0]).round(4)
    array([0.2741, 0.4519, 0.2741])
    >>> x = np.linspace(-6, 6, 1201)  # covers mu +- 10 sigma: the moments survive
    >>> q = gaussian_on_grid(1.0, 0.5, x)
    >>> mean = np.einsum("i,i", q, x)
    >>> round(float(mean), 6), round(float(np.sqrt(np.einsum("i,i", q, (x - mean) ** 2))), 6)
    (1.0, 0.5)
    >>> gaussian_on_grid(1e8, 1e-300, [-1.0, 0.0, 1.0])  # far narrower than the spacing
    array([0., 0., 1.])
    """
    x = _grid(grid)
    mu = v.check_finite(v.as_float_array(mu, "mu"), "mu")
    sigma = v.positive(sigma, "sigma")
    mu, sigma = v.broadcast(mu=mu, sigma=sigma)
    h = np.abs(0.5 * x - 0.5 * mu[..., None])  # halves: |x - mu| itself may overflow
    h0 = h.min(axis=-1, keepdims=True)
    s = sigma[..., None]
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = -2.0 * ((h - h0) / s) * ((h + h0) / s)  # -(d^2 - d0^2) / (2 sigma^2)
    w = np.exp(np.where(h == h0, 0.0, shifted))  # (0 * inf at the nearest point is 0)
    return w / w.sum(axis=-1, keepdims=True)


def fit_gaussian_on_grid(p, grid, direction="forward", start=(0.0, 1.0)):
    r"""Fit one Gaussian to `p` on `grid` by minimising a KL divergence; return ``(mu, sigma)``.

    Parameters
    ----------
    p : array_like
        The target: a probability vector over the points of `grid`.
    grid : array_like
        Finite, strictly increasing 1-d points, as in :func:`gaussian_on_grid`.
    direction : {"forward", "reverse"}, optional
        ``"forward"`` minimises :math:`D_{\mathrm{KL}}(p \,\|\, q_\theta)` (mode-covering),
        ``"reverse"`` minimises :math:`D_{\mathrm{KL}}(q_\theta \,\|\, p)` (mode-seeking).
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
    tolerances; deterministic for a given start. The forward fit is moment matching: on the
    grid, :math:`q_\theta` is an exponential family with statistics :math:`(x, x^2)`, so at the
    optimum its grid mean and variance equal those of `p`.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss.grid import fit_gaussian_on_grid, gaussian_on_grid
    >>> x = np.linspace(-12, 12, 1201)
    >>> p = 0.5 * gaussian_on_grid(-2, 0.5, x) + 0.5 * gaussian_on_grid(2, 0.5, x)
    >>> [round(t, 3) + 0.0 for t in fit_gaussian_on_grid(p, x, "forward")]
    [0.0, 2.062]
    >>> [round(t, 3) for t in fit_gaussian_on_grid(p, x, "reverse", start=(1.0, 1.0))]
    [2.0, 0.5]
    """
    x = _grid(grid)
    p, _ = v.distribution(p, "p", -1)
    v.check_same_shape(p, x, "p", "grid")
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse'; got {direction!r}")
    start = v.check_finite(v.as_float_array(start, "start"), "start")
    if start.shape != (2,):
        raise ValueError(f"start must be a pair (mu, sigma); got shape {start.shape}")
    mu0, sigma0 = float(start[0]), float(start[1])
    v.positive(sigma0, "start sigma")

    def loss(theta):
        q = gaussian_on_grid(theta[0], np.exp(theta[1]), x)
        return kl_divergence(p, q) if direction == "forward" else kl_divergence(q, p)

    opts = {"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000}
    res = minimize(loss, [mu0, np.log(sigma0)], method="Nelder-Mead", options=opts)
    return float(res.x[0]) + 0.0, float(np.exp(res.x[1]))  # + 0.0: no "-0.0" in outputs
