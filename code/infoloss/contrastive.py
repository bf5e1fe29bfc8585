r"""Contrastive learning: the InfoNCE bound on mutual information, and a Gaussian test bed.

InfoNCE scores each :math:`x_i` against :math:`N` candidates :math:`y_1, \dots, y_N`, one of
which (:math:`y_i`) is its true partner; its loss is the cross-entropy of picking that partner
with a softmax over the scores (:func:`infoloss.cross_entropy_from_logits` with the diagonal as
labels), and :math:`\log N` minus the loss is a lower bound on :math:`I(X; Y)`. For a
correlated pair of standard normals both the mutual information and the best critic are known
in closed form (chapter 8).
"""

from __future__ import annotations

import math

import numpy as np

from infoloss import _validation as v
from infoloss.losses import cross_entropy_from_logits


def info_nce_bound(scores):
    r"""The InfoNCE lower bound :math:`\log N - \mathcal{L}_\text{InfoNCE}` on I(X; Y), in nats.

    Parameters
    ----------
    scores : array_like, shape (N, N)
        Finite critic values :math:`f(x_i, y_j)`, :math:`|f| \le 10^{300}`; row i scores
        :math:`x_i` against every candidate, and its true partner is :math:`y_i` (the diagonal).

    Returns
    -------
    numpy.float64
        :math:`\log N - \frac1N \sum_i -\log \frac{e^{f(x_i, y_i)}}{\sum_j e^{f(x_i, y_j)}}`,
        never above :math:`\log N`; to a few ulps of :math:`\log N` plus the loss (absolute:
        a bound near 0, from a nearly blind critic, has no relative accuracy).

    Notes
    -----
    The bound holds in expectation over batches for *any* critic (van den Oord et al. 2018);
    one batch gives a noisy estimate of it.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import info_nce_bound
    >>> round(float(info_nce_bound(np.zeros((4, 4)))), 6)  # a blind critic: log 4 - log 4
    0.0
    >>> round(float(info_nce_bound([[9.0, 0.0], [0.0, 9.0]])), 6)  # log 2 - log(1 + e^-9)
    0.693024
    """
    s = v.finite(scores, "scores", min_ndim=2)
    if s.ndim != 2 or s.shape[0] != s.shape[1]:
        raise ValueError(f"scores must be a square (N, N) matrix; got shape {s.shape}")
    n = s.shape[0]
    return np.float64(math.log(n) - cross_entropy_from_logits(s, np.arange(n)))


def _rho(rho) -> np.ndarray:
    r = v.finite(rho, "rho")
    bad = ~(np.abs(r) < 1)
    if bad.any():
        raise ValueError(f"rho must lie in (-1, 1); got {v.describe_bad(r, bad)}")
    return r


def gaussian_mutual_information(rho, base=None):
    r"""Mutual information of a bivariate normal pair with correlation `rho`.

    Parameters
    ----------
    rho : array_like
        Correlation coefficient(s), in (-1, 1).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`I(X; Y) = -\tfrac{1}{2}\log(1 - \rho^2)`, computed as ``-0.5 * log1p(-rho**2)``:
        full relative precision for small `rho`; as :math:`|\rho| \to 1`, a relative error of
        about :math:`\epsilon / ((1 - \rho^2) I)`, the conditioning of :math:`I` in `rho`.

    Examples
    --------
    >>> from infoloss import gaussian_mutual_information
    >>> round(float(gaussian_mutual_information(0.8)), 6)  # -log(0.36)/2 = log(5/3)
    0.510826
    >>> print(f"{gaussian_mutual_information(1e-10):.6e}")  # rho**2 / 2
    5.000000e-21
    """
    r = _rho(rho)
    return v.in_base(v.scalar(-0.5 * np.log1p(-r * r)), base)


def gaussian_log_density_ratio(x, y, rho):
    r"""The optimal critic for a standard bivariate normal: :math:`\log p(x, y) / (p(x) p(y))`.

    Parameters
    ----------
    x, y : array_like
        Values of the two standard-normal coordinates, broadcast together; finite with
        :math:`|x|, |y| \le 10^{150}` (so that their products are).
    rho : float
        Their correlation, in (-1, 1).

    Returns
    -------
    numpy.ndarray or numpy.float64
        Its mean under the joint distribution is the mutual information. The error is a few
        ulps of the magnitudes of the three terms below, plus that of
        :func:`gaussian_mutual_information`.

    Notes
    -----
    .. math::

        \log\frac{p(x, y)}{p(x)\,p(y)} = -\tfrac12 \log(1 - \rho^2)
        - \frac{\rho^2 x^2 - 2\rho x y + \rho^2 y^2}{2(1 - \rho^2)},

    with :math:`1 - \rho^2` computed as :math:`(1 - \rho)(1 + \rho)`, which keeps its digits
    as :math:`|\rho| \to 1`.

    Examples
    --------
    >>> from infoloss import gaussian_log_density_ratio
    >>> round(float(gaussian_log_density_ratio(1.0, 1.0, 0.5)), 6)  # log(4/3)/2 + 1/3
    0.477174
    >>> float(gaussian_log_density_ratio(2.0, -3.0, 0.0))  # independent: the ratio is 1
    0.0
    """
    r = _rho(rho)
    if r.ndim != 0:
        raise ValueError(f"rho must be a scalar; got shape {r.shape}")
    x, y = v.broadcast(x=v.finite(x, "x"), y=v.finite(y, "y"))
    for name, a in (("x", x), ("y", y)):
        if not (np.abs(a) <= 1e150).all():
            raise ValueError(f"{name} must be at most 1e150 in size (its square must be finite)")
    quad = (r * x) ** 2 - 2 * r * (x * y) + (r * y) ** 2
    return v.scalar(gaussian_mutual_information(r) - quad / (2 * (1 - r) * (1 + r)))
