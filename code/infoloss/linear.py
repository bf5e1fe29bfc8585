r"""Linear models fitted by minimising cross-entropy: logistic and softmax regression.

The weights carry the bias in their last row: the logits are ``X @ w[:-1] + w[-1]``
(:func:`linear_logits`). Every fit is the same loop of full-batch gradient descent,
:math:`w \\leftarrow w - \\eta \\nabla \\ell(w)`, with the chapter's gradient: the prediction minus
the target, times the inputs.

Supported range: features and weights finite, at most 1e300 in size, whose logits are too; the
losses are then accurate to a few units of rounding of the logits.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from infoloss import _validation as v
from infoloss.logits import softmax
from infoloss.losses import binary_cross_entropy_with_logits, cross_entropy_from_logits

LOSSES = ("cross_entropy", "squared_error")


def _weights(w, X: np.ndarray, name: str, ndim: int) -> np.ndarray:
    arr = v.finite(w, name, min_ndim=1)
    if arr.ndim != ndim or arr.shape[0] != X.shape[1] + 1:
        rows = f"({X.shape[1] + 1},)" if ndim == 1 else f"({X.shape[1] + 1}, K)"
        raise ValueError(
            f"{name} must have shape {rows}: one row per feature of X, then the bias; "
            f"got shape {arr.shape}"
        )
    return arr


def _logits(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ w[:-1] + w[-1]
    if not (np.abs(z) <= v.LARGEST).all():
        raise ValueError("the logits X @ w[:-1] + w[-1] must be at most 1e300 in size")
    return z


def _backprop(X: np.ndarray, g: np.ndarray) -> np.ndarray:
    """The mean gradient with respect to (weights, bias) of a loss whose derivative with respect
    to the logits is ``g``: the chain rule through z = X @ w[:-1] + w[-1]."""
    return np.concatenate([X.T @ g, g.sum(axis=0, keepdims=True)]) / X.shape[0]


def _descend(step, w: np.ndarray, lr: float, steps: int):
    """Gradient descent from ``w``: ``step(w)`` gives (loss, gradient). Returns the last weights,
    the loss before training and after every step, and the weights along the way."""
    path, (loss, grad) = [w], step(w)
    history = [loss]
    for _ in range(steps):
        w = w - lr * grad
        loss, grad = step(w)
        history.append(loss)
        path.append(w)
    return w, np.array(history), np.array(path)


def linear_logits(w, X):
    r"""Logits of a linear model, :math:`z = X w_{:-1} + w_{-1}` (the bias is the last row).

    Parameters
    ----------
    w : array_like, shape (d + 1,) or (d + 1, K)
        Weights then bias: one logit per example (logistic) or K of them (softmax).
    X : array_like, shape (n, d)
        Finite features.

    Returns
    -------
    numpy.ndarray, shape (n,) or (n, K)

    Examples
    --------
    >>> from infoloss import linear_logits
    >>> linear_logits([2.0, -1.0], [[0.0], [1.0]])
    array([-1.,  1.])
    """
    X = v.features(X)
    return _logits(_weights(w, X, "w", min(np.ndim(w), 2)), X)


def _gradient(y: np.ndarray, z: np.ndarray, loss: str) -> np.ndarray:
    if loss == "cross_entropy":
        return expit(z) - y
    return 2.0 * (expit(z) - y) * expit(z) * expit(-z)  # sigma'(z) = sigma(z) sigma(-z)


def logit_gradient(y, z, loss="cross_entropy"):
    r"""Derivative of a sigmoid model's loss with respect to its logit, example by example.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1].
    z : array_like
        Finite logits, same shape as `y`; the model's probability is :math:`\sigma(z)`.
    loss : {"cross_entropy", "squared_error"}, optional
        Binary cross-entropy, or the squared error :math:`(\sigma(z) - y)^2`.

    Returns
    -------
    numpy.float64 or numpy.ndarray

    Notes
    -----
    .. math::

        \frac{\partial}{\partial z}\,\mathrm{BCE} = \sigma(z) - y, \qquad
        \frac{\partial}{\partial z}\,(\sigma(z) - y)^2 = 2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z)).

    The factor :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))` makes the squared error's gradient
    vanish when the model is confidently wrong (:math:`|z|` large, wrong sign). Accurate to
    2.3e-16 in absolute terms (times :math:`2\sigma'(z)` for the squared error):
    :math:`\sigma(z)` is rounded before y is subtracted, so for y = 1 and z > 37 the
    cross-entropy's gradient is 0 rather than :math:`-e^{-z}`.

    Examples
    --------
    >>> from infoloss import logit_gradient
    >>> float(logit_gradient(1.0, -10.0))  # confidently wrong: a gradient of almost -1
    -0.9999546021312976
    >>> float(logit_gradient(1.0, -10.0, loss="squared_error"))  # almost nothing to follow
    -9.078749372606487e-05
    """
    loss = v.choice(loss, "loss", LOSSES)
    y, z = v.probabilities(y, "y"), v.finite(z, "z")
    v.same_shape(y, z, "y", "z")
    return v.scalar(_gradient(y, z, loss))


def _binary_targets(y, X: np.ndarray) -> np.ndarray:
    t = v.probabilities(y, "y", min_ndim=1)
    if t.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), one per row of X; got {t.shape}")
    return t


def _logistic_step(X: np.ndarray, y: np.ndarray, w: np.ndarray, loss: str):
    """(mean loss, its gradient with respect to w) on validated inputs."""
    z = _logits(w, X)
    if loss == "cross_entropy":
        value = binary_cross_entropy_with_logits(y, z)
    else:
        value = np.float64(np.mean((expit(z) - y) ** 2))
    return value, _backprop(X, _gradient(y, z, loss))


def logistic_loss(w, X, y, loss="cross_entropy"):
    r"""Mean loss of the logistic model :math:`q(1 \mid x) = \sigma(w^\top \tilde x)` on (X, y).

    Parameters
    ----------
    w : array_like, shape (d + 1,)
        Weights, then the bias.
    X : array_like, shape (n, d)
        Finite features.
    y : array_like, shape (n,)
        Targets in [0, 1].
    loss : {"cross_entropy", "squared_error"}, optional

    Returns
    -------
    numpy.float64
        :math:`\frac1n \sum_i \mathrm{BCE}(y_i, \sigma(z_i))` in nats, or
        :math:`\frac1n \sum_i (\sigma(z_i) - y_i)^2`, with :math:`z = X w_{:-1} + w_{-1}`.

    Examples
    --------
    >>> from infoloss import logistic_loss
    >>> round(float(logistic_loss([0.0, 0.0], [[1.0], [2.0]], [0, 1])), 6)  # log 2
    0.693147
    >>> float(logistic_loss([0.0, 0.0], [[1.0], [2.0]], [0, 1], loss="squared_error"))
    0.25
    """
    return _logistic_gradient(w, X, y, loss, value=True)


def _logistic_gradient(w, X, y, loss="cross_entropy", value=False):
    """Gradient of :func:`logistic_loss` with respect to `w` (or, if `value`, the loss)."""
    loss = v.choice(loss, "loss", LOSSES)
    X = v.features(X)
    out = _logistic_step(X, _binary_targets(y, X), _weights(w, X, "w", 1), loss)
    return out[0] if value else out[1]


def fit_logistic_regression(X, y, lr=0.5, steps=1000, loss="cross_entropy", w0=None):
    r"""Fit a logistic regression by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Finite features.
    y : array_like, shape (n,)
        Targets in [0, 1].
    lr : float, optional
        Step size, > 0.
    steps : int, optional
        Number of gradient steps, >= 1.
    loss : {"cross_entropy", "squared_error"}, optional
        The loss to descend (:func:`logistic_loss`).
    w0 : array_like, shape (d + 1,), optional
        Starting weights (default: zeros).

    Returns
    -------
    w : numpy.ndarray, shape (d + 1,)
        The weights after the last step; the bias is ``w[-1]``.
    history : numpy.ndarray, shape (steps + 1,)
        The loss before training and after every step.

    Notes
    -----
    :math:`w_{t+1} = w_t - \eta \nabla_w \ell(w_t)`, with
    :math:`\nabla_w \ell = \frac1n \tilde X^\top g` and :math:`g_i` the derivative of the loss
    with respect to the logit (:func:`logit_gradient`).

    Examples
    --------
    >>> from infoloss import fit_logistic_regression
    >>> w, history = fit_logistic_regression([[-1.0], [1.0]], [0, 1], lr=1.0, steps=200)
    >>> bool(w[0] > 2), bool(history[-1] < history[0] / 10)
    (True, True)
    """
    loss = v.choice(loss, "loss", LOSSES)
    X = v.features(X)
    t = _binary_targets(y, X)
    lr, steps = v.positive_scalar(lr, "lr"), v.count(steps, "steps")
    w = np.zeros(X.shape[1] + 1) if w0 is None else _weights(w0, X, "w0", 1)
    w, history, _ = _descend(lambda w: _logistic_step(X, t, w, loss), w, lr, steps)
    return w, history


def _softmax_targets(labels, X: np.ndarray, k: int) -> np.ndarray:
    """Class indices (n,) in [0, k), or probability rows (n, k) that sum to 1."""
    if np.ndim(labels) != 2:
        return v.class_indices(labels, k, (X.shape[0],))
    t, _ = v.distribution(labels, "labels", -1)
    if t.shape != (X.shape[0], k):
        raise ValueError(
            f"labels must have shape ({X.shape[0]}, {k}), one row of probabilities per "
            f"example; got {t.shape}"
        )
    return t


def _softmax_step(X: np.ndarray, t: np.ndarray, W: np.ndarray):
    """(mean cross-entropy, its gradient with respect to W): softmax(z) - target, backprop."""
    z = _logits(W, X)
    g = softmax(z)
    if t.ndim == 1:
        g[np.arange(len(t)), t] -= 1.0  # a one-hot target
    else:
        g -= t
    return cross_entropy_from_logits(z, t), _backprop(X, g)


def _softmax_gradient(W, X, labels):
    """Gradient of the mean cross-entropy of a softmax regression with respect to `W`."""
    X = v.features(X)
    W = _weights(W, X, "W", 2)
    return _softmax_step(X, _softmax_targets(labels, X, W.shape[1]), W)[1]


def fit_softmax_regression(X, labels, num_classes=None, lr=0.5, steps=1000, W0=None, path=False):
    r"""Fit a softmax (multinomial logistic) regression by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Finite features.
    labels : array_like, shape (n,) or (n, K)
        Class indices, or probability targets (each row summing to 1, e.g. from
        :func:`infoloss.smooth_labels`).
    num_classes : int, optional
        K (default: ``max(labels) + 1``, or the columns of probability targets); ignored when
        `W0` is given (K is its number of columns).
    lr : float, optional
        Step size, > 0.
    steps : int, optional
        Number of gradient steps, >= 1.
    W0 : array_like, shape (d + 1, K), optional
        Starting weights (default: zeros).
    path : bool, optional
        Also return the weights before training and after every step.

    Returns
    -------
    W : numpy.ndarray, shape (d + 1, K)
        The weights after the last step; the biases are ``W[-1]``.
    history : numpy.ndarray, shape (steps + 1,)
        The mean cross-entropy (nats) before training and after every step.
    path : numpy.ndarray, shape (steps + 1, d + 1, K)
        Only if `path`: the weights before training and after every step.

    Notes
    -----
    The loss is :math:`\frac1n \sum_i H(t_i, \mathrm{softmax}(W^\top \tilde x_i))`
    (:func:`infoloss.cross_entropy_from_logits`), with :math:`t_i` one-hot for an index label;
    its gradient is :math:`\frac1n \tilde X^\top (\mathrm{softmax}(\tilde X W) - T)`.

    Examples
    --------
    >>> from infoloss import fit_softmax_regression
    >>> X, labels = [[-2.0], [0.0], [2.0]], [0, 1, 2]
    >>> W, history = fit_softmax_regression(X, labels, lr=1.0, steps=300)
    >>> W.shape, bool(history[-1] < 0.5 < history[0])
    ((2, 3), True)
    """
    X = v.features(X)
    if W0 is not None:
        W = _weights(W0, X, "W0", 2)
    else:
        if num_classes is not None:
            k = v.count(num_classes, "num_classes")
        elif np.ndim(labels) == 2:
            k = np.shape(labels)[1]
        else:  # max(labels) + 1; v.class_indices then checks the labels in full
            k = max(int(v.finite(labels, "labels").max()) + 1, 1)
        W = np.zeros((X.shape[1] + 1, k))
    t = _softmax_targets(labels, X, W.shape[1])
    lr, steps = v.positive_scalar(lr, "lr"), v.count(steps, "steps")
    W, history, weights = _descend(lambda W: _softmax_step(X, t, W), W, lr, steps)
    return (W, history, weights) if path else (W, history)
