"""The one numerical kernel that several modules share: the cancellation-free KL term."""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy


def kl_terms(p, q):
    r"""The terms :math:`p \log(p/q) - p + q \ge 0` of a KL divergence, element-wise.

    Summed over outcomes they give :math:`D_{\mathrm{KL}}(p \,\|\, q) - \sum p + \sum q`. Near
    :math:`p = q` each term is written as :math:`q\,f(d)` with :math:`d = (p - q)/q` and

    .. math:: f(d) = (1 + d)\log(1 + d) - d = \sum_{n \ge 2} \frac{(-d)^n}{n(n - 1)},

    the series for :math:`|d| < 0.01` (the closed form would cancel to leave :math:`d^2/2`),
    so a term of :math:`10^{-40}` keeps its digits; :math:`p - q` is exact there (Sterbenz).
    Conventions: :math:`0 \log 0 = 0` (the term is :math:`q`), and :math:`+\infty` where
    :math:`p > 0 = q`.

    Examples
    --------
    >>> from infoloss.kernels import kl_terms
    >>> kl_terms([0.5, 0.0, 1e-20], [0.5, 0.25, 0.0])
    array([0.  , 0.25,  inf])
    >>> print(f"{kl_terms(0.5 + 1e-10, 0.5):.6e}")  # about (1e-10)**2 / (2 * 0.5)
    1.000000e-20
    """
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = (p - q) / q
        series = np.zeros_like(d)
        for n in range(10, 1, -1):  # Horner: d^2 (1/2 - d (1/6 - d (1/12 - ...)))
            series = 1.0 / (n * (n - 1)) - d * series
        near = q * np.where(np.abs(d) < 0.01, d * d * series, (1.0 + d) * np.log1p(d) - d)
        far = xlogy(p, p / q) - (p - q)
        terms = np.where(np.abs(d) <= 0.5, near, far)
    terms = np.where(q > 0, terms, np.where(p > 0, np.inf, 0.0))
    return terms[()] if terms.ndim == 0 else terms
