r"""Gaussian densities: one closed form for their entropy, cross-entropy and likelihood, their
KL divergence, the maximum-likelihood fit, and Gaussians discretised on a grid.

Every cross-entropy below is one formula, :func:`_cross_entropy_nats`: the cross-entropy of
:math:`\mathcal{N}(\mu, \sigma^2)` under data (or a density) of mean :math:`m` and standard
deviation :math:`s`,

.. math:: H = \tfrac12 \log(2\pi) + \log\sigma + \frac{s^2 + (m - \mu)^2}{2\sigma^2},

with :math:`s = 0` for one observation (the negative log-likelihood), the data's mean and
(1/n) deviation for a sample, and :math:`s = \sigma`, :math:`m = \mu` for the differential
entropy (:func:`_entropy_nats`: the same formula, its constant folded). Between two densities
the cross-entropy is :math:`h(p) + D_{\mathrm{KL}}(p \,\|\, q)`, the KL term in its
cancellation-free form, so that it is smallest exactly at :math:`q = p`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.divergence import kl_divergence

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)
_HALF_LOG_2PIE = _HALF_LOG_2PI + 0.5  # h = H(p, p): the closed form at s = sigma, m = mu


def _cross_entropy_nats(m, sd, mu, s):
    """H(N(m, sd^2), N(mu, s^2)) in nats on validated inputs (sd = 0: the NLL of the point m).

    Divides by s, never by s*s (that underflows to 0 below 1e-154, a nan when sd == 0), and
    halves before squaring's second factor, (0.5 r) r, so that r**2 alone cannot overflow.
    """
    with np.errstate(over="ignore"):  # data 1.8e308 sigmas from mu: the loss is +inf
        r, d = sd / s, v.scaled_difference(m, mu, s)
        return _HALF_LOG_2PI + np.log(s) + (0.5 * r * r + 0.5 * d * d)


def _entropy_nats(s):
    """h(N(mu, s^2)) in nats: :func:`_cross_entropy_nats` (mu, s, mu, s), 1/2 folded in."""
    return _HALF_LOG_2PIE + np.log(s)


def _gaussians(mu1, sigma1, mu2, sigma2):
    """Validate two (broadcastable) Gaussians N(mu1, sigma1^2) and N(mu2, sigma2^2)."""
    mu1 = v.finite(mu1, "mu1")
    mu2 = v.finite(mu2, "mu2")
    s1, s2 = v.positive(sigma1, "sigma1"), v.positive(sigma2, "sigma2")
    return v.broadcast(mu1=mu1, sigma1=s1, mu2=mu2, sigma2=s2)


def _kl_gaussian_nats(mu1, s1, mu2, s2):
    # KL = (x - log(1 + x))/2 + (dmu/s2)^2/2 with x = (s1/s2)^2 - 1, x written as a product of
    # two ratios so that it keeps its digits when s1 ~ s2 (s1 - s2 is exact there). log(1 + x) is
    # log1p(x) near 0 but 2 log(s1/s2) far from it, where 1 + x may round to 0 (s1 << s2).
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        x = ((s1 - s2) / s2) * ((s1 + s2) / s2)
        near = v.x_minus_log1p(x)  # a series near 0
        ratio = s1 / s2  # its log has one rounding; log s1 - log s2 only if it under/overflows
        ok = np.isfinite(ratio) & (ratio >= np.finfo(np.float64).tiny)
        log_ratio = np.where(ok, np.log(np.where(ok, ratio, 1.0)), np.log(s1) - np.log(s2))
        scale = np.where(np.abs(x) < 0.5, near, x - 2.0 * log_ratio)
        d = v.scaled_difference(mu1, mu2, s2)
        return 0.5 * scale + 0.5 * d * d  # (0.5 d) d: d**2 may overflow where d**2/2 does not


def differential_entropy_gaussian(sigma, base=None):
    r"""Differential entropy of a normal distribution :math:`\mathcal{N}(\mu, \sigma^2)`.

    Parameters
    ----------
    sigma : array_like
        Standard deviation(s), finite and > 0 (the mean does not matter).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`h`, element-wise. Negative when :math:`\sigma < 1/\sqrt{2\pi e} \approx 0.242`:
        a density's entropy is not a count of questions and has no floor at 0.

    Notes
    -----
    .. math:: h(f) = -\int f(x) \log f(x)\,dx = \tfrac12 \log(2\pi e \sigma^2).

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import differential_entropy_gaussian
    >>> float(differential_entropy_gaussian(1.0))  # 0.5 * log(2 pi e)
    1.4189385332046727
    >>> differential_entropy_gaussian([0.1, 1 / np.sqrt(2 * np.pi * np.e), 10.0]).round(4)
    array([-0.8836,  0.    ,  3.7215])
    """
    s = v.positive(sigma, "sigma")
    return v.in_base(v.scalar(_entropy_nats(s)), base)


def kl_divergence_gaussian(mu1, sigma1, mu2, sigma2, base=None):
    r"""KL divergence :math:`D_{\mathrm{KL}}(\mathcal{N}(\mu_1,\sigma_1^2) \,\|\,
    \mathcal{N}(\mu_2,\sigma_2^2))` between two normal densities.

    Parameters
    ----------
    mu1, sigma1 : array_like
        Mean and standard deviation (> 0) of the true density `p`.
    mu2, sigma2 : array_like
        Mean and standard deviation (> 0) of the model `q`. All four broadcast together.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\ge 0`, and 0 exactly when the two Gaussians are equal.

    Notes
    -----
    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \log\frac{\sigma_2}{\sigma_1}
        + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac12 .

    It is computed as :math:`\tfrac12[x - \log(1 + x)] + (\mu_1 - \mu_2)^2 / (2\sigma_2^2)` with
    :math:`x = \sigma_1^2/\sigma_2^2 - 1`, using a short series for :math:`|x| < 0.01`, so a
    tiny divergence keeps its relative precision instead of cancelling to 0.

    Examples
    --------
    >>> from infoloss import kl_divergence_gaussian
    >>> float(kl_divergence_gaussian(0.0, 1.0, 1.0, 1.0))  # (mu1 - mu2)^2 / 2
    0.5
    >>> float(kl_divergence_gaussian(0.0, 1.0, 0.0, 2.0))  # log 2 + 1/8 - 1/2
    0.3181471805599453
    >>> kl_divergence_gaussian(0.0, 1.0, [0.0, 1.0, 2.0], 1.0, base=2)
    array([0.        , 0.72134752, 2.88539008])
    """
    mu1, s1, mu2, s2 = _gaussians(mu1, sigma1, mu2, sigma2)
    return v.in_base(v.scalar(_kl_gaussian_nats(mu1, s1, mu2, s2)), base)


def cross_entropy_gaussian(mu1, sigma1, mu2, sigma2, base=None):
    r"""Cross-entropy :math:`H(p, q) = -\int p \log q` of a normal model `q` under a normal `p`.

    Parameters
    ----------
    mu1, sigma1 : array_like
        Mean and standard deviation (> 0) of the true density `p`.
    mu2, sigma2 : array_like
        Mean and standard deviation (> 0) of the model `q`. All four broadcast together.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray

    Notes
    -----
    .. math::

        H(p, q) = h(p) + D_{\mathrm{KL}}(p \,\|\, q)
        = \tfrac12 \log(2\pi\sigma_2^2) + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2},

    computed as the sum on the left (the two helpers above) while
    :math:`\sigma_2/2 < \sigma_1 < 2\sigma_2`, so it is smallest, equal to :math:`h(p)`,
    exactly at :math:`\mu_2 = \mu_1, \sigma_2 = \sigma_1`: the Gaussian maximum likelihood
    estimate in the limit of many samples. Beyond, where :math:`h(p)` and the divergence are
    large and of opposite signs, as the closed form on the right.

    Examples
    --------
    >>> from infoloss import cross_entropy_gaussian, differential_entropy_gaussian
    >>> h = differential_entropy_gaussian(1.0)
    >>> bool(cross_entropy_gaussian(0.0, 1.0, 0.0, 1.0) == h)  # KL(p || p) = 0
    True
    >>> float(cross_entropy_gaussian(0.0, 1.0, 1.0, 1.0))  # h + 1/2
    1.9189385332046727
    """
    mu1, s1, mu2, s2 = _gaussians(mu1, sigma1, mu2, sigma2)
    near = _entropy_nats(s1) + _kl_gaussian_nats(mu1, s1, mu2, s2)
    # Far from q = p, h(p) and the KL are large and of opposite signs (sigma1 = 1e-300:
    # -689 + 689); the closed form in sigma2 does not cancel them (1.9e-11 -> 1e-16 relative).
    far = _cross_entropy_nats(mu1, s1, mu2, s2)
    return v.in_base(v.scalar(np.where((s1 > 0.5 * s2) & (0.5 * s1 < s2), near, far)), base)


def fit_gaussian(samples, axis=-1):
    r"""Maximum-likelihood normal distribution of `samples`: their mean and biased deviation.

    Parameters
    ----------
    samples : array_like
        Finite observations along `axis` (several data sets at once if more than 1-D).
    axis : int, optional
        Axis holding the observations of one data set.

    Returns
    -------
    mu, sigma : numpy.float64 or numpy.ndarray
        :math:`\hat\mu` and :math:`\hat\sigma`; :math:`\hat\sigma = 0` for a constant data set,
        whose likelihood has no maximum.

    Notes
    -----
    .. math:: \hat\mu = \frac1n \sum_i x_i, \qquad
              \hat\sigma^2 = \frac1n \sum_i (x_i - \hat\mu)^2 ,

    the minimisers of :func:`gaussian_cross_entropy`. The variance divides by :math:`n`, not
    :math:`n - 1`: maximum likelihood gives the *biased* estimate (``ddof=0``).

    The data are scaled by a power of two below 2 first, so that huge values (1e308) neither
    overflow the sum nor, squared, the variance.

    Examples
    --------
    >>> from infoloss import fit_gaussian
    >>> mu, sigma = fit_gaussian([1.0, 2.0, 3.0, 6.0])
    >>> float(mu), float(sigma**2)  # the variance is 14 / 4, not 14 / 3
    (3.0, 3.5)
    """
    x = v.finite(samples, "samples", min_ndim=1)
    # the data sets along the last axis, C-contiguous: numpy's sums follow the memory layout,
    # and a data set must give the same fit alone, along axis 0 or in a Fortran-ordered array
    x, ax = v.along_last(x, v.check_axis(axis, x.ndim, "samples")), -1
    # Scaled by a power of two (exact) to |x| < 2 first: the sum of [1e308, 1e308] overflows
    scale = np.ldexp(1.0, np.frexp(np.abs(x).max(axis=ax, keepdims=True))[1] - 1)
    xs = x / scale
    mu, sigma = xs.mean(axis=ax) * scale.squeeze(ax), xs.std(axis=ax) * scale.squeeze(ax)
    lo, hi = x.min(axis=ax), x.max(axis=ax)
    mu = np.where(lo == hi, lo, np.clip(mu, lo, hi))  # a constant data set: exactly (c, 0)
    return v.scalar(mu), v.scalar(np.where(lo == hi, 0.0, sigma))


def gaussian_cross_entropy(samples, mu, sigma, base=None):
    r"""Cross-entropy between the empirical distribution of `samples` and :math:`\mathcal{N}(\mu,
    \sigma^2)`: the Gaussian's average negative log-likelihood.

    Parameters
    ----------
    samples : array_like, 1-D
        Finite observations :math:`x_1, \dots, x_n`.
    mu, sigma : array_like
        Mean and standard deviation (> 0) of the model; they broadcast together, so a grid of
        models is scored in one call.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`H(\hat p_n, q_{\mu,\sigma}) = -\frac1n \sum_i \log q_{\mu,\sigma}(x_i)`.

    Notes
    -----
    .. math::

        H(\hat p_n, q_{\mu,\sigma}) = \tfrac12 \log(2\pi\sigma^2)
        + \frac{s^2 + (\bar x - \mu)^2}{2\sigma^2},

    with :math:`\bar x` and :math:`s^2` the mean and the (1/n) variance of the samples: the data
    enter only through these two numbers, which are computed once.

    Examples
    --------
    >>> from infoloss import gaussian_cross_entropy
    >>> round(float(gaussian_cross_entropy([-1.0, 1.0], 0.0, 1.0)), 6)  # log(2 pi)/2 + 1/2
    1.418939
    >>> gaussian_cross_entropy([-1.0, 1.0], [0.0, 1.0, 2.0], 1.0).round(6)
    array([1.418939, 1.918939, 3.418939])
    """
    x = v.finite(samples, "samples", min_ndim=1)
    if x.ndim != 1:
        raise ValueError(f"samples must be 1-D; got shape {x.shape}")
    mu = v.finite(mu, "mu")
    mu, s = v.broadcast(mu=mu, sigma=v.positive(sigma, "sigma"))
    xbar, sd = fit_gaussian(x)
    return v.in_base(v.scalar(_cross_entropy_nats(xbar, sd, mu, s)), base)


def gaussian_nll(y, y_pred, sigma=1.0, reduction="mean"):
    r"""Negative log-likelihood of real targets `y` under a Gaussian centred on `y_pred`.

    Parameters
    ----------
    y, y_pred : array_like
        Finite targets and predictions (means), same shape.
    sigma : float or array_like, optional
        Standard deviation of the noise, > 0; broadcast against `y`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats, per example
        :math:`\frac{(y - \hat y)^2}{2\sigma^2} + \frac{1}{2}\log(2\pi\sigma^2)`.

    Notes
    -----
    With a fixed `sigma` the second term is a constant, so minimising this loss over the
    predictions is minimising the squared error: least squares is maximum likelihood.

    Examples
    --------
    >>> from infoloss import gaussian_nll
    >>> round(float(gaussian_nll([0.0], [0.0])), 6)  # log(2*pi)/2
    0.918939
    >>> gaussian_nll([1.0, 3.0], [0.0, 0.0], sigma=2.0, reduction="none").round(6)
    array([1.737086, 2.737086])
    """
    reduction = v.check_reduction(reduction)
    y = v.finite(y, "y")
    y_pred = v.finite(y_pred, "y_pred")
    v.check_same_shape(y, y_pred, "y", "y_pred")
    s = v.positive(sigma, "sigma")
    try:
        s = np.broadcast_to(s, y.shape)
    except ValueError:
        raise ValueError(f"sigma of shape {s.shape} does not broadcast to y's {y.shape}") from None
    return v.reduce(_cross_entropy_nats(y, 0.0, y_pred, s), reduction)


def _grid(grid) -> np.ndarray:
    """A finite, strictly increasing 1-d grid of at least two points."""
    x = v.finite(grid, "grid", min_ndim=1)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"grid must be 1-d with at least 2 points; got shape {x.shape}")
    if not (x[1:] > x[:-1]).all():  # (np.diff would overflow for -1.7e308 < 1.7e308)
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
    exponent is written :math:`-(x_i - x_0)(x_i + x_0 - 2\mu) / 2\sigma^2` with :math:`x_0`
    the grid point nearest :math:`\mu`, which neither overflows nor cancels (the difference
    of the squared distances, computed from them, would round away when :math:`|\mu|` dwarfs
    the spacing), so a Gaussian far narrower than the grid's spacing puts all its mass on the
    nearest point, even a million spacings away.
    Mass outside the grid is not lost but renormalised onto it: choose a grid that covers the
    density.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import gaussian_on_grid
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
    mu = v.finite(mu, "mu")
    sigma = v.positive(sigma, "sigma")
    mu, sigma = v.broadcast(mu=mu, sigma=sigma)
    # x0, the grid point nearest mu: of its two neighbours, by comparing mu with their midpoint
    right = np.clip(np.searchsorted(x, mu), 1, x.size - 1)
    xl, xr = x[right - 1], x[right]
    x0 = np.where(mu <= 0.5 * xl + 0.5 * xr, xl, xr)[..., None]
    m, s = mu[..., None], sigma[..., None]
    # -(d^2 - d0^2) / (2 sigma^2) = -4 a b, a = (x - x0) / (2 sigma), b = ((x + x0)/2 - mu) / (2
    # sigma), from halves (nothing overflows before the division). Not d^2 - d0^2 from the
    # distances: at mu = 1e17 every |x - mu| on a grid of spacing 1 rounds to the same number
    with np.errstate(over="ignore", invalid="ignore"):  # beyond the float range: exp(-inf) = 0
        a = (0.5 * x - 0.5 * x0) / s
        b = (0.5 * (0.5 * x + 0.5 * x0) - 0.5 * m) / s
        shifted = -4.0 * a * b
    w = np.exp(np.where((a == 0) | (b == 0), 0.0, shifted))  # (0 * inf is 0: no weight lost)
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
    >>> from infoloss import fit_gaussian_on_grid, gaussian_on_grid
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
    direction = v.choice(direction, "direction", ("forward", "reverse"))
    start = v.finite(start, "start")
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
