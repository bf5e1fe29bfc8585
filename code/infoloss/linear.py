"""Linear models fitted by minimising cross-entropy: logistic and softmax regression.

The weights carry the bias in their last row: the logits are ``X @ w[:-1] + w[-1]`` (see
:func:`linear_logits`). One gradient-descent loop (:func:`_descend`) trains every linear model
of the package (also the class-weighted one of :mod:`infoloss.imbalance`); the derivative of
each loss with respect to the logits is written once (:func:`_sigmoid_minus` for the sigmoid,
:func:`_softmax_step` for the softmax, with index or probability targets).
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.logits import _shifted
from infoloss.losses import binary_cross_entropy_with_logits, cross_entropy_from_logits

LOSSES = ("cross_entropy", "squared_error")
_AFTER_A_STEP = "{x} and the weights after a step of size {lr}"


def _weights(w, x1: np.ndarray, name: str, ndim: int) -> np.ndarray:
    arr = v.finite(w, name, min_ndim=ndim)
    if arr.ndim != ndim or arr.shape[0] != x1.shape[1]:
        rows = f"({x1.shape[1]},)" if ndim == 1 else f"({x1.shape[1]}, K)"
        raise ValueError(
            f"{name} must have shape {rows}: one row per feature of X, then the bias; "
            f"got shape {arr.shape}"
        )
    return arr


def _binary_targets(y, x1: np.ndarray) -> np.ndarray:
    t = v.probabilities(y, "y", min_ndim=1)
    if t.shape != (x1.shape[0],):
        raise ValueError(
            f"y must have shape ({x1.shape[0]},), one target per row of X; got {t.shape}"
        )
    return t


def _finite_logits(z: np.ndarray, names: str) -> np.ndarray:
    """The logits of validated X and weights, or an error naming the user's arguments that made
    them overflow (rather than an internal name)."""
    if not np.isfinite(z).all():
        raise ValueError(
            f"the logits computed from {names} overflow (beyond 1.8e308) for "
            f"{int((~np.isfinite(z)).sum())} value(s): scale the features down"
        )
    return z


def _sigmoid_minus(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """sigma(z) - y as (1 - y) sigma(z) - y sigma(-z): for a label, one product and exact to
    rounding (sigma(40) - 1 is -4.2e-18, not the 0 of expit(40) - 1)."""
    return (1.0 - y) * v.sigmoid(z) - y * v.sigmoid(-z)


def _descend(step, w: np.ndarray, lr: float, steps: int, first: str, later: str, path=False):
    """Full-batch gradient descent from ``w``: ``step(w, name)`` returns (loss, gradient), with
    ``name`` the user's arguments that made the weights (for an overflow error).

    Returns the last weights, the loss before training and after every step, and, if `path`,
    the weights before training and after every step (else None).
    """
    w = w.copy()
    history = np.empty(steps + 1)
    weights = np.empty((steps + 1,) + w.shape) if path else None
    history[0], grad = step(w, first)
    for k in range(1, steps + 1):
        if path:
            weights[k - 1] = w
        w -= lr * grad
        history[k], grad = step(w, later)
    if path:
        weights[steps] = w
    return w, history, weights


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
    x1 = v.with_bias_column(X)
    arr = v.as_float_array(w, "w", min_ndim=1)
    return v.matmul(x1, _weights(arr, x1, "w", min(arr.ndim, 2)))


def _logit_gradient(z: np.ndarray, y: np.ndarray, loss: str):
    """(sigma(z) - y, the loss's derivative with respect to z) on validated inputs."""
    diff = _sigmoid_minus(z, y)
    return diff, (diff if loss == "cross_entropy" else 2.0 * diff * v.sigmoid(z) * v.sigmoid(-z))


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
    vanish when the model is confidently wrong (:math:`|z|` large, wrong sign). Computed as
    :math:`(1 - y)\sigma(z) - y\,\sigma(-z)` and :math:`1 - \sigma(z) = \sigma(-z)`, which keep
    their digits when :math:`\sigma(z)` rounds to 1.

    Examples
    --------
    >>> from infoloss import logit_gradient
    >>> float(logit_gradient(1.0, -10.0))  # confidently wrong: a gradient of almost -1
    -0.9999546021312976
    >>> float(logit_gradient(1.0, -10.0, loss="squared_error"))  # almost nothing to follow
    -9.078749372606487e-05
    """
    loss = v.choice(loss, "loss", LOSSES)
    y = v.probabilities(y, "y")
    z = v.finite(z, "z")
    v.check_same_shape(y, z, "y", "z")
    return v.scalar(_logit_gradient(z, y, loss)[1])


def _logistic_step(x1: np.ndarray, y: np.ndarray, w: np.ndarray, loss: str, name: str = "X and w"):
    """(mean loss, gradient with respect to w) on validated inputs."""
    z = _finite_logits(v.matmul(x1, w), name)
    diff, dz = _logit_gradient(z, y, loss)
    if loss == "cross_entropy":
        value = binary_cross_entropy_with_logits(y, z)
    else:
        value = np.float64(np.mean(diff**2))
    return value, v.vecdot(x1, dz[:, None], 0) / x1.shape[0]


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
    loss = v.choice(loss, "loss", LOSSES)
    x1 = v.with_bias_column(X)
    return _logistic_step(x1, _binary_targets(y, x1), _weights(w, x1, "w", 1), loss)[0]


def _logistic_gradient(w, X, y, loss="cross_entropy"):
    r"""Gradient of :func:`logistic_loss` with respect to `w`: by the chain rule through
    :math:`z_i = w^\top \tilde x_i`, :math:`\frac1n \tilde X^\top g` with :math:`g_i` the
    derivative of the loss with respect to the logit (:func:`logit_gradient`)."""
    loss = v.choice(loss, "loss", LOSSES)
    x1 = v.with_bias_column(X)
    return _logistic_step(x1, _binary_targets(y, x1), _weights(w, x1, "w", 1), loss)[1]


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
    :math:`w_{t+1} = w_t - \eta \nabla_w \ell(w_t)`, with the gradient of
    :func:`logistic_loss`.

    Examples
    --------
    >>> from infoloss import fit_logistic_regression
    >>> w, history = fit_logistic_regression([[-1.0], [1.0]], [0, 1], lr=1.0, steps=200)
    >>> bool(w[0] > 2), bool(history[-1] < history[0] / 10)
    (True, True)
    """
    loss = v.choice(loss, "loss", LOSSES)
    x1 = v.with_bias_column(X)
    t = _binary_targets(y, x1)
    lr, steps = v.positive_scalar(lr, "lr"), v.count(steps, "steps")
    w = np.zeros(x1.shape[1]) if w0 is None else _weights(w0, x1, "w0", 1)
    first = "X and w0" if w0 is not None else "X and w"
    w, history, _ = _descend(
        lambda w, name: _logistic_step(x1, t, w, loss, name),
        w, lr, steps, first, _AFTER_A_STEP.format(x="X", lr="lr"),
    )  # fmt: skip
    return w, history


def _softmax_step(x1: np.ndarray, targets: np.ndarray, W: np.ndarray, name: str = "X and W"):
    r"""(mean cross-entropy, gradient with respect to W) on validated inputs.

    ``targets`` are class indices (n,) or probability rows (n, K). The gradient is
    :math:`\frac1n \tilde X^\top (\mathrm{softmax}(\tilde X W) - T)`; at an index label,
    softmax - 1 is written as minus the mass off the label, so nothing cancels.
    """
    z = _finite_logits(v.matmul(x1, W), name)
    _, e, s = _shifted(z, -1)
    total = 1.0 + s[:, 0]
    g = e / total[:, None]  # softmax(z)
    if targets.ndim == 1:
        rows = np.arange(x1.shape[0])
        e[rows, targets] = 0.0
        g[rows, targets] = -e.sum(axis=-1) / total
    else:
        g -= targets
    return cross_entropy_from_logits(z, targets), v.matmul(x1.T, g) / x1.shape[0]


def _num_classes(labels) -> int:
    """K = max(labels) + 1 when the caller does not say; v.class_indices checks labels in full."""
    arr = v.as_array(labels, "labels")
    if arr.size == 0 or not v.is_real_dtype(arr.dtype):
        raise TypeError(f"labels must be a non-empty array of integer class indices; got {arr!r}")
    # K >= 1 whatever the values, so that v.class_indices reports bad labels by their own rule
    return max(int(arr.max()) + 1, 1) if np.isfinite(arr).all() else 1


def _softmax_targets(labels, x1: np.ndarray, k: int, name: str = "labels") -> np.ndarray:
    """Class indices (n,) in [0, k), or probability targets (n, k) whose rows sum to 1."""
    y = v.as_array(labels, name)
    if y.ndim == 2 and y.shape[0] == x1.shape[0]:
        t, _ = v.distribution(y, name, -1)
        if t.shape != (x1.shape[0], k):
            raise ValueError(
                f"{name} must have shape ({x1.shape[0]}, {k}), one row of K probabilities per "
                f"example; got {t.shape}"
            )
        return t
    return v.class_indices(y, (x1.shape[0], k), name)


def _softmax_gradient(W, X, labels):
    """Gradient of the mean cross-entropy of a softmax regression with respect to `W`."""
    x1 = v.with_bias_column(X)
    W = _weights(W, x1, "W", 2)
    return _softmax_step(x1, _softmax_targets(labels, x1, W.shape[1]), W)[1]


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
    x1 = v.with_bias_column(X)
    if W0 is None:
        y = v.as_array(labels, "labels")
        if num_classes is None:
            num_classes = y.shape[1] if y.ndim == 2 else _num_classes(y)
        W = np.zeros((x1.shape[1], v.count(num_classes, "num_classes")))
    else:
        W = _weights(W0, x1, "W0", 2)
    t = _softmax_targets(labels, x1, W.shape[1])
    lr, steps = v.positive_scalar(lr, "lr"), v.count(steps, "steps")
    W, history, weights = _descend(
        lambda W, name: _softmax_step(x1, t, W, name),
        W, lr, steps, "X and W0", _AFTER_A_STEP.format(x="X", lr="lr"), path,
    )  # fmt: skip
    return (W, history, weights) if path else (W, history)
