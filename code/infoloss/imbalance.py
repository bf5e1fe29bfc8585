r"""Imbalanced classes: class-weighted cross-entropy, logit adjustment, focal loss.

Weighting the cross-entropy of class k by :math:`w_k` is still a proper score, but for the
reweighted distribution :math:`\propto w_k\, p_k`: the fitted probabilities are shifted, and
subtracting :math:`\log w_k` from the logits shifts them back. The focal loss
:math:`-(1 - q_y)^\gamma \log q_y` is not proper: its best forecast is pulled towards 1/2.

Supported range: finite logits and features; class weights in [1e-300, 1e300]; probabilities
0, 1 or normal floats; a focal exponent :math:`0 \le \gamma \le 100`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, log_expit

from infoloss import _validation as v


def _gamma(gamma) -> float:
    g = v.nonnegative_scalar(gamma, "gamma")
    if g > 100:
        raise ValueError(f"gamma must be at most 100 (the supported range); got {gamma!r}")
    return g


def _class_weights(class_weights, k: int) -> np.ndarray:
    w = v.positive(class_weights, "class_weights")
    if w.shape != (k,):
        raise ValueError(f"class_weights must have shape ({k},), one per class; got {w.shape}")
    return w


def logit_adjustment(logits, class_weights):
    r"""Logits :math:`z_k - \log w_k`: undo the shift that class weights put into a model.

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Finite logits of a model trained with class-weighted cross-entropy.
    class_weights : array_like, shape (K,)
        The weights it was trained with, > 0.

    Returns
    -------
    numpy.ndarray
        Logits whose softmax is the unweighted posterior :math:`p`, where the weighted model
        had reached its minimiser :math:`q^*_k = w_k p_k / \sum_j w_j p_j`. With
        `class_weights` set to the class prior :math:`\pi`, the same shift
        :math:`z_k - \log \pi_k` turns an ordinary model into one for balanced classes
        (Menon et al. 2021).

    Examples
    --------
    >>> from infoloss.imbalance import logit_adjustment
    >>> logit_adjustment([0.0, 0.0], [1.0, 9.0]).round(4)  # softmax -> [0.9, 0.1]
    array([ 0.    , -2.1972])
    """
    z = v.finite(logits, "logits", min_ndim=1)
    return z - np.log(_class_weights(class_weights, z.shape[-1]))


def focal_minimizer_inverse(q, gamma):
    r"""The truth :math:`p` whose focal-loss minimiser is the forecast :math:`q`.

    Parameters
    ----------
    q : float or array_like
        Forecast probability of class 1, in [0, 1].
    gamma : float
        :math:`0 \le \gamma \le 100`.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`p = b / (a + b)` with (Charoenphakdee et al. 2021)

        .. math::

            a = \frac{(1-q)^\gamma}{q} - \gamma (1-q)^{\gamma-1} \log q, \qquad
            b = \frac{q^\gamma}{1-q} - \gamma q^{\gamma-1} \log(1-q),

        the solution for p of :math:`\partial S_\gamma(q; p) / \partial q = 0`, where
        :math:`S_\gamma` is the expected focal loss (see :func:`focal_minimizer`); 0 and 1
        map to themselves. Accurate to a few rounding errors.

    References
    ----------
    N. Charoenphakdee, J. Vongkulbhisal, N. Chairatanakul and M. Sugiyama, "On focal loss for
    class-posterior probability estimation: a theoretical perspective", CVPR 2021.

    Examples
    --------
    >>> from infoloss.imbalance import focal_minimizer_inverse
    >>> focal_minimizer_inverse([0.5, 0.5785], gamma=2.0).round(4)
    array([0.5, 0.7])
    """
    g, q = _gamma(gamma), v.probabilities(q, "q")
    with np.errstate(divide="ignore", invalid="ignore"):
        a = (1 - q) ** g / q - g * (1 - q) ** (g - 1) * np.log(q)
        b = q**g / (1 - q) - g * q ** (g - 1) * np.log1p(-q)
        p = b / (a + b)
    return v.scalar(np.where((q == 0) | (q == 1), q, p))


def focal_minimizer(p, gamma):
    r"""The forecast :math:`q^*` that minimises the expected focal loss when
    :math:`Y \sim \mathrm{Bernoulli}(p)`.

    Parameters
    ----------
    p : float or array_like
        True probability of class 1, in [0, 1].
    gamma : float
        :math:`0 \le \gamma \le 100`.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`q^* = \arg\min_q S_\gamma(q; p)`, with
        :math:`S_\gamma(q; p) = p\,(1-q)^\gamma(-\log q) + (1-p)\,q^\gamma(-\log(1-q))`.
        For :math:`\gamma = 0` (cross-entropy) it is p itself; for :math:`\gamma > 0` and
        :math:`1/2 < p < 1` it lies strictly between 1/2 and p, :math:`1/2 < q^* < p`
        (Charoenphakdee et al. 2021), and symmetrically below 1/2.

    Notes
    -----
    The stationarity condition :math:`\partial S_\gamma / \partial q = 0` solved for p is the
    closed form :func:`focal_minimizer_inverse`; :math:`q^*` is its root, found by Brent's
    method (``scipy.optimize.brentq``) in :math:`\log q` on :math:`[\log p, \log(1/2)]` for
    :math:`p < 1/2`, to a relative error of about :math:`10^{-15} |\log q^*|`, and
    :math:`q^*(p) = 1 - q^*(1 - p)` above 1/2.

    References
    ----------
    N. Charoenphakdee, J. Vongkulbhisal, N. Chairatanakul and M. Sugiyama, "On focal loss for
    class-posterior probability estimation: a theoretical perspective", CVPR 2021.

    Examples
    --------
    >>> from infoloss.imbalance import focal_minimizer
    >>> focal_minimizer([0.5, 0.7, 0.9], gamma=0.0).round(6)
    array([0.5, 0.7, 0.9])
    >>> focal_minimizer([0.5, 0.7, 0.9], gamma=2.0).round(4)
    array([0.5   , 0.5785, 0.6942])
    """
    g, pp = _gamma(gamma), v.probabilities(p, "p")

    def below_half(p):  # q* for p in (0, 1/2), where p < q* < 1/2: a root in log q
        def gap(s):
            return focal_minimizer_inverse(np.exp(s), g) - p

        return np.exp(brentq(gap, np.log(p), np.log(0.5), xtol=1e-15, rtol=1e-15))

    out = np.empty(pp.shape)
    for i, pi in np.ndenumerate(pp):
        if g == 0.0 or pi in (0.0, 0.5, 1.0):
            out[i] = pi
        else:
            out[i] = below_half(pi) if pi < 0.5 else 1.0 - below_half(1.0 - pi)
    return v.scalar(out)


def fit_logistic_regression_weighted(X, y, class_weights=(1.0, 1.0), gamma=0.0, lr=0.5,
                                     steps=2000):  # fmt: skip
    r"""Fit a logistic regression by gradient descent on a class-weighted (focal) loss.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Finite features.
    y : array_like, shape (n,)
        Labels 0 or 1.
    class_weights : array_like, shape (2,), optional
        :math:`(w_0, w_1) > 0`, the weight of each class's loss.
    gamma : float, optional
        Focal exponent :math:`\gamma \ge 0`; 0 is the (weighted) cross-entropy.
    lr : float, optional
        Step size, > 0.
    steps : int, optional
        Number of full-batch gradient steps, >= 1.

    Returns
    -------
    w : numpy.ndarray, shape (d + 1,)
        Weights, then the bias ``w[-1]`` (the layout of :func:`infoloss.linear_logits`).
    history : numpy.ndarray, shape (steps + 1,)
        The loss :math:`\frac{1}{n}\sum_i w_{y_i} (1 - q_{y_i})^\gamma (-\log q_{y_i})` before
        training and after every step.

    Notes
    -----
    With the margin :math:`m = s z` (:math:`s = \pm 1` for class 1 and 0), :math:`q_y =
    \sigma(m)` and :math:`r = 1 - q_y = \sigma(-m)`, the loss of one example is
    :math:`-r^\gamma \log \sigma(m)`, whose derivative in the logit is
    :math:`s\,(\gamma q_y r^\gamma \log q_y - r^{\gamma + 1})`.

    Examples
    --------
    >>> from infoloss.imbalance import fit_logistic_regression_weighted
    >>> X, y = [[-1.0], [0.0], [0.0], [1.0]], [0, 0, 1, 1]
    >>> w, h = fit_logistic_regression_weighted(X, y, class_weights=(1.0, 3.0), steps=3000)
    >>> round(float(w[-1]), 2)  # at x = 0: sigma(bias) = 3/4, the reweighted 1/2
    1.1
    """
    X = v.features(X)
    t = v.probabilities(y, "y", min_ndim=1)
    if t.shape != (X.shape[0],) or not np.isin(t, (0.0, 1.0)).all():
        raise ValueError(f"y must hold labels 0 or 1, one per row of X; got shape {t.shape}")
    cw, g = _class_weights(class_weights, 2), _gamma(gamma)
    lr, steps = v.positive_scalar(lr, "lr"), v.count(steps, "steps")
    s = 2.0 * t - 1.0  # +1 for class 1, -1 for class 0
    weight = np.where(t == 1.0, cw[1], cw[0]) / X.shape[0]
    w = np.zeros(X.shape[1] + 1)
    history = np.empty(steps + 1)
    for k in range(steps + 1):
        m = s * (X @ w[:-1] + w[-1])  # the margin: q_y = sigma(m)
        log_q, q, r = log_expit(m), expit(m), expit(-m)
        history[k] = np.sum(weight * r**g * -log_q)
        dz = weight * s * (g * q * r**g * log_q - r ** (g + 1.0))
        if k < steps:
            w = w - lr * np.append(X.T @ dz, dz.sum())
    return w, history
