"""The one numerical kernel that several modules share: the cancellation-free KL term."""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy


def kl_terms(p, q):
    r"""The terms :math:`p \log(p/q) - p + q \ge 0` of a KL divergence, element-wise.

    Summed over outcomes they give :math:`D_{\mathrm{KL}}(p \,\|\, q) - \sum p + \sum q`. With
    :math:`d = (p - q)/q` each term is

    .. math:: p \log(1 + d) - (p - q) = q\,f(d), \qquad
              f(d) = (1 + d)\log(1 + d) - d = \sum_{n \ge 2} \frac{(-d)^n}{n(n - 1)},

    computed as the left-hand side (``log1p``), except at two ends. For :math:`|d| < 0.05`
    its two parts would cancel to leave :math:`q d^2/2`: there the series (12 terms) is used,
    so a term of :math:`10^{-40}` keeps its digits; :math:`p - q` is exact there (Sterbenz).
    For :math:`p/q < 10^{-16}`, :math:`1 + d` rounds to 0: there the log is of :math:`p/q`.
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
    scalar = p.ndim == q.ndim == 0
    p, q = np.broadcast_arrays(*np.atleast_1d(p, q))  # (arrays: masks index them below)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        diff = p - q
        d = diff / q  # inf where p > 0 = q
        terms = p * np.log1p(d) - diff
    lost = np.nonzero(~(d > -1))  # p = 0, or p/q below 1e-16 so 1 + d rounded to 0 (or 0/0)
    pl, ql = p[lost], q[lost]
    terms[lost] = xlogy(pl, pl) - xlogy(pl, ql) - (pl - ql)  # p log(p/q) - p + q, 0 log 0 = 0
    near = np.nonzero(np.abs(d) < 0.05)
    dn = d[near]
    series = np.zeros_like(dn)
    for n in range(13, 1, -1):  # Horner: 1/2 - d (1/6 - d (1/12 - ...))
        series = 1.0 / (n * (n - 1)) - dn * series
    terms[near] = q[near] * dn * dn * series
    return terms[0] if scalar else terms
