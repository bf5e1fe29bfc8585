"""The wider family: Gaussian densities, joint and conditional entropy, mutual information, JS."""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v
from infoloss.divergence import kl_divergence
from infoloss.entropy import entropy

_HALF_LOG_2PIE = 0.5 * np.log(2 * np.pi * np.e)
_LOG2 = np.log(2.0)


def _scalar(x):
    x = np.asarray(x) + 0.0  # + 0.0 turns -0.0 into 0.0
    return x[()] if x.ndim == 0 else x


def _no_underflow(x, positive):
    # a product or half of subnormals can round to 0 where the exact value is > 0, which would
    # turn a finite divergence into inf: keep such entries at the smallest subnormal
    return np.where(positive, np.maximum(x, np.finfo(np.float64).smallest_subnormal), x)


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
        series = x * x * (0.5 - x * (1 / 3 - x * (0.25 - x / 5)))
        near = np.where(np.abs(x) < 1e-4, series, x - np.log1p(x))
        scale = np.where(np.abs(x) < 0.5, near, x - 2.0 * (np.log(s1) - np.log(s2)))
        return 0.5 * scale + 0.5 * ((mu1 - mu2) / s2) ** 2


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
    :math:`x = \sigma_1^2/\sigma_2^2 - 1`, using a short series for :math:`|x| < 10^{-4}`, so a
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
        :math:`p(x, y)`: **rows are x, columns are y**; finite, non-negative, summing to 1.
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

    Computed as the weighted average of row entropies, never as :math:`H(X, Y) - H(X)` (a
    difference that rounding can push below 0). Rows with :math:`p(x) = 0` have weight 0.

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
    px = joint.sum(axis=1)
    # p(y|x) for every row; a row with p(x) = 0 gets any distribution, as its weight is 0
    cond = np.where(px[:, None] > 0, joint / np.where(px > 0, px, 1.0)[:, None], 1.0)
    cond[px == 0] /= joint.shape[1]
    return v.in_base(v.vecdot(px, entropy(cond, axis=1), 0) + 0.0, base)


def mutual_information(joint, base=None):
    r"""Mutual information :math:`I(X; Y)` of a 2-d table :math:`p(x, y)`.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)` with `x` on axis 0 and `y` on axis 1: finite, non-negative, summing to 1.
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

    Computed as the divergence on the left (``kl_divergence``), which is accurate even for a
    nearly independent table, rather than as a difference of entropies.

    Examples
    --------
    >>> from infoloss import mutual_information
    >>> round(float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2)), 12)  # Y = X
    1.0
    >>> float(mutual_information([[0.125, 0.375], [0.125, 0.375]]))  # independent
    0.0
    """
    joint = v.joint_table(joint)
    independent = _no_underflow(np.outer(joint.sum(axis=1), joint.sum(axis=0)), joint > 0)
    return kl_divergence(joint.ravel(), independent.ravel(), base=base)


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
        + \tfrac12 D_{\mathrm{KL}}(q \,\|\, m), \qquad m = \tfrac12 (p + q).

    Both divergences are finite because :math:`m \ge p/2` and :math:`m \ge q/2` (an entry of
    :math:`m` that halving a subnormal would round to 0 is kept at the smallest subnormal).
    Rounding can put their sum a hair above :math:`\log 2`, so it is clipped to the bound.

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
    total = p + q
    m = _no_underflow(0.5 * total, total > 0)
    js = 0.5 * (kl_divergence(p, m, axis=ax) + kl_divergence(q, m, axis=ax))
    return v.in_base(_scalar(np.minimum(js, _LOG2)), base)
