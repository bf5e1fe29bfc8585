r"""Closed forms between normal densities: entropy, KL divergence and cross-entropy.

With :math:`p = \mathcal{N}(\mu_p, \sigma_p^2)` and :math:`q = \mathcal{N}(\mu_q, \sigma_q^2)`
(chapter 6, :math:`t = \sigma_p / \sigma_q` and :math:`z = (\mu_p - \mu_q) / \sigma_q`):

.. math::

    h(p) = \tfrac12 \log(2\pi e \sigma_p^2), \qquad
    D_{\mathrm{KL}}(p \,\|\, q) = \tfrac12 (t^2 - 1 - 2\log t) + \tfrac12 z^2, \qquad
    H(p, q) = \tfrac12 \log(2\pi\sigma_q^2) + \tfrac12 t^2 + \tfrac12 z^2 .

Supported range: means finite with :math:`|\mu| \le 10^{300}`, standard deviations in
:math:`[10^{-300}, 10^{300}]`; a value beyond the float range (:math:`> 1.8 \cdot 10^{308}`)
is ``inf``.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v
from infoloss.kernels import kl_terms


def _two_normals(mu_p, sigma_p, mu_q, sigma_q):
    """Validate p = N(mu_p, sigma_p^2) and q = N(mu_q, sigma_q^2); broadcast them together."""
    mu_p, mu_q = v.finite(mu_p, "mu_p"), v.finite(mu_q, "mu_q")
    sigma_p, sigma_q = v.positive(sigma_p, "sigma_p"), v.positive(sigma_q, "sigma_q")
    return v.broadcast(mu_p=mu_p, sigma_p=sigma_p, mu_q=mu_q, sigma_q=sigma_q)


def normal_entropy(sigma, base=None):
    r"""Differential entropy of a normal density :math:`\mathcal{N}(\mu, \sigma^2)`.

    Parameters
    ----------
    sigma : array_like
        Standard deviation(s) in :math:`[10^{-300}, 10^{300}]` (the mean does not matter).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`h = \tfrac12 \log(2\pi e \sigma^2)`, element-wise, to a few ulps of
        :math:`\tfrac12 \log(2\pi e) + |\log\sigma|`. Negative when
        :math:`\sigma < 1/\sqrt{2\pi e} \approx 0.242`: a density's entropy has no floor at 0.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import normal_entropy
    >>> float(normal_entropy(1.0))  # log(2 pi e) / 2
    1.4189385332046727
    >>> normal_entropy([0.1, 1 / np.sqrt(2 * np.pi * np.e), 10.0]).round(4)
    array([-0.8836,  0.    ,  3.7215])
    """
    sigma = v.positive(sigma, "sigma")
    return v.in_base(v.scalar(0.5 * np.log(2 * np.pi * np.e) + np.log(sigma)), base)


def normal_kl_divergence(mu_p, sigma_p, mu_q, sigma_q, base=None):
    r"""KL divergence :math:`D_{\mathrm{KL}}(p \,\|\, q)` between two normal densities.

    Parameters
    ----------
    mu_p, sigma_p : array_like
        Mean and standard deviation of the true density :math:`p = \mathcal{N}(\mu_p,
        \sigma_p^2)`.
    mu_q, sigma_q : array_like
        Mean and standard deviation of the model :math:`q`. All four broadcast together;
        :math:`\sigma_p / \sigma_q` must lie in :math:`[10^{-300}, 10^{300}]`.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\ge 0`, exactly 0 when the normals are equal; relative error below
        :math:`10^{-14}`, however small the divergence (while the first term times
        :math:`\sigma_q` stays above the subnormals, :math:`2.2 \cdot 10^{-308}`). ``inf``
        where the divergence in nats exceeds the float range (about 1.8e308), whatever `base`.

    Notes
    -----
    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \log\frac{\sigma_q}{\sigma_p}
        + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2} - \frac12
        = (t - 1 - \log t) + \tfrac12 (t - 1)^2 + \tfrac12 z^2,

    with :math:`t = \sigma_p / \sigma_q` and :math:`z = (\mu_p - \mu_q) / \sigma_q`. The
    right-hand side is a sum of three terms :math:`\ge 0`, so nothing cancels when
    :math:`p \approx q`; the first is the KL term of chapter 3,
    :math:`\sigma_q (t - 1 - \log t) = \sigma_q \log(\sigma_q/\sigma_p) - \sigma_q + \sigma_p`
    (:func:`infoloss.kernels.kl_terms`), and :math:`\sigma_p - \sigma_q` is exact there.

    Examples
    --------
    >>> from infoloss import normal_kl_divergence
    >>> float(normal_kl_divergence(0.0, 1.0, 1.0, 1.0))  # z^2 / 2
    0.5
    >>> float(normal_kl_divergence(0.0, 1.0, 0.0, 2.0))  # log 2 + 1/8 - 1/2
    0.3181471805599453
    >>> normal_kl_divergence(0.0, 1.0, [0.0, 1.0, 2.0], 1.0, base=2)
    array([0.        , 0.72134752, 2.88539008])
    """
    mu_p, sigma_p, mu_q, sigma_q = _two_normals(mu_p, sigma_p, mu_q, sigma_q)
    t = sigma_p / sigma_q
    bad = ~((t >= 1e-300) & (t <= 1e300))
    if bad.any():
        raise ValueError(
            f"sigma_p / sigma_q must lie in [1e-300, 1e300]; got {v.describe_bad(t, bad)}"
        )
    with np.errstate(over="ignore"):  # a divergence beyond the float range is inf
        t_minus_1 = (sigma_p - sigma_q) / sigma_q
        z = (mu_p - mu_q) / sigma_q
        kl = kl_terms(sigma_q, sigma_p) / sigma_q + 0.5 * t_minus_1 * t_minus_1 + 0.5 * z * z
    return v.in_base(v.scalar(kl), base)


def normal_cross_entropy(mu_p, sigma_p, mu_q, sigma_q, base=None):
    r"""Cross-entropy :math:`H(p, q) = -\int p \log q` of a normal model under a normal truth.

    Parameters
    ----------
    mu_p, sigma_p : array_like
        Mean and standard deviation of the true density :math:`p`.
    mu_q, sigma_q : array_like
        Mean and standard deviation of the model :math:`q`. All four broadcast together.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Relative error at most a few ulps of the sum of the terms' magnitudes below; ``inf``
        where the value in nats exceeds the float range (about 1.8e308), whatever `base`.

    Notes
    -----
    .. math::

        H(p, q) = h(p) + D_{\mathrm{KL}}(p \,\|\, q)
        = \tfrac12 \log(2\pi\sigma_q^2) + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2},

    computed as the right-hand side, which does not cancel :math:`h(p)` against the
    divergence (:math:`-689 + 689` at :math:`\sigma_p = 10^{-300}`). Over the model it is
    smallest, equal to :math:`h(p)`, at :math:`q = p`.

    Examples
    --------
    >>> from infoloss import normal_cross_entropy
    >>> float(normal_cross_entropy(0.0, 1.0, 0.0, 1.0))  # h(p): KL(p || p) = 0
    1.4189385332046727
    >>> float(normal_cross_entropy(0.0, 1.0, 1.0, 1.0))  # h(p) + 1/2
    1.9189385332046727
    """
    mu_p, sigma_p, mu_q, sigma_q = _two_normals(mu_p, sigma_p, mu_q, sigma_q)
    with np.errstate(over="ignore"):  # beyond the float range: inf
        t, z = sigma_p / sigma_q, (mu_p - mu_q) / sigma_q
        ce = 0.5 * np.log(2 * np.pi) + np.log(sigma_q) + 0.5 * t * t + 0.5 * z * z
    return v.in_base(v.scalar(ce), base)
