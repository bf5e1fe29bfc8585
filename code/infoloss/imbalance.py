r"""Imbalanced classes: class-weighted cross-entropy, logit adjustment, focal loss.

Weighting the cross-entropy of class k by :math:`w_k` is still a proper score, but for the
reweighted distribution :math:`\propto w_k\, p_k`: the fitted probabilities are shifted, and
subtracting :math:`\log w_k` from the logits shifts them back. The focal loss
:math:`-(1 - q_y)^\gamma \log q_y` is not proper: its best forecast is pulled towards 1/2.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq
from scipy.special import log_expit

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.linear import _binary_targets, _descend, _finite_logits


def _gamma(gamma) -> float:
    return v.nonnegative_scalar(gamma, "gamma")


def _class_weights(class_weights, k: int | None = None) -> np.ndarray:
    w = v.positive(class_weights, "class_weights")
    if w.ndim != 1 or (k is not None and w.shape[0] != k):
        want = f"({k},)" if k is not None else "(K,)"
        raise ValueError(f"class_weights must have shape {want}, one per class; got {w.shape}")
    return w


def reweighted_posterior(p, class_weights, axis=-1):
    r"""The minimiser :math:`q^*_k = w_k p_k / \sum_j w_j p_j` of class-weighted cross-entropy.

    Parameters
    ----------
    p : array_like
        True class probabilities (a posterior :math:`p(\cdot \mid x)`), summing to 1 along
        `axis`.
    class_weights : array_like, shape (K,)
        Positive weight :math:`w_k` of each class's loss, K the length of `axis`.
    axis : int, optional

    Returns
    -------
    numpy.ndarray
        :math:`q^*`, the distribution that minimises the expected weighted loss
        :math:`\sum_k p_k w_k (-\log q_k)`.

    Examples
    --------
    >>> from infoloss.imbalance import reweighted_posterior
    >>> reweighted_posterior([0.9, 0.1], [1.0, 9.0])  # "balanced" weights 1/prior
    array([0.5, 0.5])
    """
    arr, ax = v.distribution(p, "p", axis)
    w = _class_weights(class_weights, arr.shape[ax])
    # w_k p_k as mantissa products times 2**(exponent - the row's largest exponent): the same
    # bits as w * p / sum wherever that is normal, but a weight of 1e-320 (or p * w below the
    # float range) can no longer turn the products subnormal, or 0, and lose their digits
    (pm, pe), (wm, we) = np.frexp(np.moveaxis(arr, ax, -1)), np.frexp(w)
    e = np.where(pm > 0, pe + we, np.iinfo(np.int32).min // 2)
    wp = np.ldexp(pm * wm, e - e.max(axis=-1, keepdims=True))
    return np.moveaxis(wp / wp.sum(axis=-1, keepdims=True), -1, ax)


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
        Logits whose softmax is the unweighted posterior (where the weighted model had reached
        :func:`reweighted_posterior`). With `class_weights` set to the class prior
        :math:`\pi`, the same shift :math:`z_k - \log \pi_k` turns an ordinary model into
        one for balanced classes (Menon et al. 2021).

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss.imbalance import logit_adjustment
    >>> logit_adjustment([0.0, 0.0], [1.0, 9.0]).round(4)  # softmax -> [0.9, 0.1]
    array([ 0.    , -2.1972])
    """
    z = v.finite(logits, "logits", min_ndim=1)
    w = _class_weights(class_weights, z.shape[-1])
    return z - np.log(w)


def focal_loss(y, p, gamma=2.0, reduction="mean"):
    r"""Binary focal loss :math:`-(1 - q_y)^\gamma \log q_y` of labels `y` under forecasts `p`.

    Parameters
    ----------
    y : array_like
        Labels 0 or 1.
    p : array_like
        Forecast probabilities of class 1, in [0, 1], same shape as `y`.
    gamma : float, optional
        :math:`\gamma \ge 0`; 0 gives the binary cross-entropy.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats; :math:`q_y` is `p` where y = 1 and ``1 - p`` where y = 0 (Lin et al. 2017).

    Examples
    --------
    >>> from infoloss.imbalance import focal_loss
    >>> focal_loss([1, 1], [0.9, 0.5], gamma=2.0, reduction="none").round(6)
    array([0.001054, 0.173287])
    """
    reduction = v.check_reduction(reduction)
    g = _gamma(gamma)
    t = v.probabilities(y, "y")
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError("y must hold labels 0 or 1")
    q = v.probabilities(p, "p")
    v.check_same_shape(t, q, "y", "p")
    # for y = 0, 1 - q_y is p itself and log q_y is log1p(-p): 1 - p would round a confident
    # p = 1e-20 to a loss of exactly 0
    one = t == 1.0
    miss = np.where(one, 1.0 - q, q)  # 1 - q_y, exact where y = 0
    with np.errstate(divide="ignore"):
        log_q_y = np.where(one, np.log(np.where(one, q, 1.0)), np.log1p(-np.where(one, 0.0, q)))
        losses = -(miss**g) * log_q_y + 0.0
    return v.reduce(losses, reduction)


def _c(u: float) -> float:
    """-log(1 - sigma(u)) / sigma(u), which tends to 1 as u -> -inf (and to u as u -> inf)."""
    return 1.0 if u < -36.0 else float(-log_expit(-u) / v.sigmoid(u))


def _focal_slope(u: float, p: float, g: float) -> float:
    """The sign of d/du of the expected focal loss at the forecast sigma(u), for the truth
    Bernoulli(p), as a difference of logs (the same root, and no term that underflows).

    The derivative is (1 - p) q^g B - p r^g A with q = sigma(u), r = 1 - q, A = r(1 + g q c(-u))
    and B = q(1 + g r c(u)) (:func:`_c`), both > 0. Its two terms themselves underflow at a tiny
    p (at p = 5e-324 the old root was 17% off; at gamma = 2000, r^g at q = 1/2 is 0); their
    log ratio, with log q - log r = u, has none of these products.
    """
    q, r = v.sigmoid(u), v.sigmoid(-u)
    with np.errstate(over="ignore"):  # gamma ~ 1e306: +-inf, of the right sign
        return (
            math.log1p(-p) - math.log(p) + (g + 1.0) * u
            + math.log1p(g * r * _c(u)) - math.log1p(g * q * _c(-u))
        )  # fmt: skip


def focal_minimizer(p, gamma):
    r"""The forecast :math:`q^*` that minimises the expected focal loss when
    :math:`Y \sim \mathrm{Bernoulli}(p)`.

    Parameters
    ----------
    p : float or array_like
        True probability of class 1, in [0, 1].
    gamma : float
        :math:`\gamma \ge 0`.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`q^* = \arg\min_q\, p\,(1-q)^\gamma(-\log q) + (1-p)\,q^\gamma(-\log(1-q))`.
        For :math:`\gamma = 0` (cross-entropy) it is p itself; for :math:`\gamma > 0` it lies
        between 1/2 and p.

    Notes
    -----
    The root of the derivative in the logit :math:`u = \log(q/(1-q))`, by Brent's method on
    [-750, 750]. The derivative is the difference of the two outcomes' terms,
    :math:`(1-p)\,q^\gamma B - p\,(1-q)^\gamma A` with :math:`A, B > 0`; its sign is that of
    the log of their ratio, which is what is solved: the terms themselves underflow for a tiny p
    or a large :math:`\gamma`, the log ratio does not. It is negative at -750 and positive at
    750 for every p strictly between 0 and 1; p = 0 and p = 1 give 0 and 1.

    Examples
    --------
    >>> from infoloss.imbalance import focal_minimizer
    >>> focal_minimizer([0.5, 0.7, 0.9], gamma=0.0).round(6)
    array([0.5, 0.7, 0.9])
    >>> focal_minimizer([0.5, 0.7, 0.9], gamma=2.0).round(4)
    array([0.5   , 0.5785, 0.6942])
    """
    g = _gamma(gamma)
    pp = v.probabilities(p, "p")
    out = np.empty(pp.shape)
    for i, pi in np.ndenumerate(pp):
        if pi in (0.0, 1.0) or g == 0.0:
            out[i] = pi
        else:
            u = brentq(_focal_slope, -750.0, 750.0, args=(float(pi), g), xtol=1e-14, rtol=1e-15)
            out[i] = v.sigmoid(u)
    return v.unwrap(out)


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

    Examples
    --------
    >>> from infoloss.imbalance import fit_logistic_regression_weighted
    >>> X, y = [[-1.0], [0.0], [0.0], [1.0]], [0, 0, 1, 1]
    >>> w, h = fit_logistic_regression_weighted(X, y, class_weights=(1.0, 3.0), steps=3000)
    >>> round(float(w[-1]), 2)  # at x = 0: sigma(bias) = 3/4, the reweighted 1/2
    1.1
    """
    x1 = v.with_bias_column(X)
    t = _binary_targets(y, x1)
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError("y must hold labels 0 or 1")
    cw = _class_weights(class_weights, 2)
    g, lr, steps = _gamma(gamma), v.positive_scalar(lr, "lr"), v.count(steps, "steps", 1)
    s = 2.0 * t - 1.0  # +1 for class 1, -1 for class 0
    weight = np.where(t == 1.0, cw[1], cw[0]) / x1.shape[0]

    def step(w, name):
        m = s * _finite_logits(v.matmul(x1, w), name)  # the margin: q_y = sigma(m)
        log_q, q, r = log_expit(m), v.sigmoid(m), v.sigmoid(-m)
        dz = weight * s * (g * q * r**g * log_q - r ** (g + 1.0))
        return np.sum(weight * r**g * -log_q), v.matmul(x1.T, dz)

    later = "X and the weights after a step of size lr"
    w, history, _ = _descend(step, np.zeros(x1.shape[1]), lr, steps, "X", later)
    return w, history
