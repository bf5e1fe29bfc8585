"""The wider family: Gaussian densities, joint and conditional entropy, mutual information, JS."""

from __future__ import annotations

import numpy as np
from scipy.special import xlog1py, xlogy

from infoloss import _validation as v
from infoloss.entropy import entropy

_HALF_LOG_2PIE = 0.5 * np.log(2 * np.pi * np.e)
_LOG2 = np.log(2.0)


def _scalar(x):
    x = np.asarray(x) + 0.0  # + 0.0 turns -0.0 into 0.0
    return x[()] if x.ndim == 0 else x


def _gaussians(mu1, sigma1, mu2, sigma2):
    """Validate two (broadcastable) Gaussians N(mu1, sigma1^2) and N(mu2, sigma2^2)."""
    mu1 = v.check_finite(v.as_float_array(mu1, "mu1"), "mu1")
    mu2 = v.check_finite(v.as_float_array(mu2, "mu2"), "mu2")
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
    return v.in_base(_scalar(_HALF_LOG_2PIE + np.log(s)), base)


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
    return v.in_base(_scalar(_kl_gaussian_nats(mu1, s1, mu2, s2)), base)


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

    computed as the sum on the left (the two helpers above), so it is smallest, equal to
    :math:`h(p)`, exactly at :math:`\mu_2 = \mu_1, \sigma_2 = \sigma_1`: the Gaussian maximum
    likelihood estimate in the limit of many samples.

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
    h = _HALF_LOG_2PIE + np.log(s1)
    return v.in_base(_scalar(h + _kl_gaussian_nats(mu1, s1, mu2, s2)), base)


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


def mutual_information(joint, base=None):
    r"""Mutual information :math:`I(X; Y)` of a 2-d table :math:`p(x, y)`.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)` with `x` on axis 0 and `y` on axis 1: finite, non-negative, summing to 1
        (to ``2**-30 + K * 2**-52`` over its K entries, in float64).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64
        :math:`\ge 0`, and 0 (to rounding) exactly when the table is the product of its margins.

    Notes
    -----
    .. math:: I(X; Y) = D_{\mathrm{KL}}\big(p(x, y) \,\|\, p(x)\,p(y)\big)
              = H(X) - H(X \mid Y) = H(Y) - H(Y \mid X).

    Computed as the divergence on the left, never as a difference of entropies, in a form that
    keeps its digits for a nearly independent table:
    :math:`I = \sum_{x,y} p(x)p(y)\,f(r_{xy}) + S(1 - S)` with
    :math:`r_{xy} = p(x, y)/(p(x)p(y)) - 1`, :math:`f(r) = (1 + r)\log(1 + r) - r \ge 0`
    (a series near 0) and :math:`S` the table's sum (1 up to its rounding). The margins and
    their products are carried to twice the float64 precision, so that
    :math:`p(x, y) - p(x)p(y)` is exact even when it is :math:`10^{-11}` of the entry.

    Examples
    --------
    >>> from infoloss import mutual_information
    >>> round(float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2)), 12)  # Y = X
    1.0
    >>> float(mutual_information([[0.125, 0.375], [0.125, 0.375]]))  # independent
    0.0
    """
    joint = v.joint_table(joint)
    (px, px_lo), (py, py_lo) = _margin(joint), _margin(joint.T)
    prod, prod_lo = v.two_product(px[:, None], py[None, :])
    prod_lo = prod_lo + (px[:, None] * py_lo[None, :] + px_lo[:, None] * py[None, :])
    excess = (joint - prod) - prod_lo  # p(x, y) - p(x) p(y), to rounding of itself
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near = prod * v.xlog1px_minus_x(excess / prod)
        far = xlogy(joint, joint / prod) - excess  # p log(p / pxpy) - p + pxpy
        # p(x) p(y) below the normal range has lost digits (or is 0): then the logs one by one
        lost = xlogy(joint, joint) - xlogy(joint, px[:, None]) - xlogy(joint, py[None, :])
        lost -= excess
    terms = np.where(np.abs(excess) <= 0.5 * prod, near, far)
    terms = np.where(prod >= np.finfo(np.float64).tiny, terms, lost)
    s, s_lo = v.exact_sum(joint)
    mi = np.add.reduce(terms, axis=None) + s * ((1.0 - s) - s_lo)
    return v.in_base(np.float64(max(mi, 0.0)) + 0.0, base)


def _margin(joint: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row sums of ``joint`` as (hi, lo) pairs: hi + lo within eps**2 of the exact sum."""
    pairs = [v.exact_sum(row) for row in joint]
    return np.array([h for h, _ in pairs]), np.array([lo for _, lo in pairs])


def js_divergence(p, q, base=None, axis=-1):
    r"""Jensen–Shannon divergence between two discrete distributions.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1
        (to ``2**-30 + K * 2**-52`` in float64: the rule of the notation page).
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
        + \tfrac12 D_{\mathrm{KL}}(q \,\|\, m), \qquad m = \tfrac12 (p + q).

    Both divergences are finite because :math:`m \ge p/2` and :math:`m \ge q/2`. Term by term,
    with :math:`s = p + q` and :math:`\delta = (p - q)/s`,

    .. math:: \mathrm{JS} = \sum_x \tfrac{s}{4}\, g(\delta), \qquad
              g(\delta) = (1 + \delta)\log(1 + \delta) + (1 - \delta)\log(1 - \delta)
              = \sum_{k \ge 1} \frac{\delta^{2k}}{k(2k - 1)} \ge 0,

    a sum of non-negative terms (the series near :math:`\delta = 0`), so nothing cancels even
    when :math:`p \approx q`. Rounding can put the sum a hair above :math:`\log 2`, so it is
    clipped to the bound.

    Examples
    --------
    >>> from infoloss import js_divergence
    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))  # disjoint supports: the maximum
    1.0
    >>> float(js_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> js_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]], base=2).round(6)
    array([0.048795, 0.311278])
    """
    p, ax = v.distribution(p, "p", axis)
    q, _ = v.distribution(q, "q", axis)
    v.check_same_shape(p, q, "p", "q")
    s = p + q
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (p - q) / s  # nan where p = q = 0, whose term is 0
        a, b = 2.0 * p / s, 2.0 * q / s  # 1 + delta and 1 - delta, each with one rounding
        d2 = delta * delta
        series = d2 * (1 + d2 * (1 / 6 + d2 * (1 / 15 + d2 * (1 / 28 + d2 * (1 / 45 + d2 / 66)))))
        # near 0, delta itself (a and b each rounded would break a + b = 2 by eps, an error
        # eps/g); beyond 1/2, a and b (1 - delta would lose a tiny q/(p + q))
        mid = xlog1py(1.0 + delta, delta) + xlog1py(1.0 - delta, -delta)
        far = xlogy(a, a) + xlogy(b, b)
        g = np.where(np.abs(delta) < 0.01, series, np.where(np.abs(delta) < 0.5, mid, far))
    js = np.add.reduce(np.where(s > 0, 0.25 * s * g, 0.0), axis=ax)
    return v.in_base(_scalar(np.minimum(js, _LOG2)), base)
