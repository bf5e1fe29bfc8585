"""Models fitted by minimising cross-entropy: the Gaussian MLE, logistic and softmax regression.

The weights of the linear models carry the bias in their last row: the logits are
``X @ w[:-1] + w[-1]`` (see :func:`linear_logits`).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from infoloss import _validation as v
from infoloss.logits import (
    _class_indices,
    _shifted,
    binary_cross_entropy_with_logits,
    cross_entropy_from_logits,
)

LOSSES = ("cross_entropy", "squared_error")
_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)


def _count(x, name: str) -> int:
    """A number of steps or samples: an integer >= 1 (bool is not a count)."""
    return v.count(x, name, 1)


def _check_loss(loss) -> str:
    if not isinstance(loss, str) or loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}; got {loss!r}")
    return loss


def _scalar(x):
    x = np.asarray(x)
    return x[()] if x.ndim == 0 else x


def _features(X) -> np.ndarray:
    """Validate features of shape (n, d); return them with the column of ones for the bias."""
    x = v.check_finite(v.as_float_array(X, "X", min_ndim=2), "X")
    if x.ndim != 2:
        raise ValueError(f"X must be 2-D (n examples, d features); got shape {x.shape}")
    return np.column_stack([x, np.ones(x.shape[0])])


def _weights(w, x1: np.ndarray, name: str, ndim: int) -> np.ndarray:
    arr = v.check_finite(v.as_float_array(w, name, min_ndim=ndim), name)
    if arr.ndim != ndim or arr.shape[0] != x1.shape[1]:
        rows = f"({x1.shape[1]},)" if ndim == 1 else f"({x1.shape[1]}, K)"
        raise ValueError(
            f"{name} must have shape {rows}: one row per feature of X, then the bias; "
            f"got shape {arr.shape}"
        )
    return arr


def _binary_targets(y, x1: np.ndarray) -> np.ndarray:
    t = v.check_unit_interval(v.as_float_array(y, "y", min_ndim=1), "y")
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
            f"{int((~np.isfinite(z)).sum())} value(s): scale the features X down"
        )
    return z


def _sigmoid_minus(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """sigma(z) - y as (1 - y) sigma(z) - y sigma(-z): for a label, one product and exact to
    rounding (sigma(40) - 1 is -4.2e-18, not the 0 of expit(40) - 1)."""
    return (1.0 - y) * expit(z) - y * expit(-z)


def _learning_rate(lr) -> float:
    arr = v.positive(lr, "lr")
    if arr.ndim:
        raise ValueError(f"lr must be a single number; got shape {arr.shape}")
    return float(arr)


def make_blobs(n, centers, rng, scale=1.0):
    r"""A labelled data set: `n` Gaussian points around each of the `centers`.

    Parameters
    ----------
    n : int
        Points per class, >= 1.
    centers : array_like, shape (K, d)
        One centre per class.
    rng : numpy.random.Generator
        The source of randomness (``np.random.default_rng(seed)``), so that the data are seeded.
    scale : float or array_like, optional
        Standard deviation of the points around their centre, > 0 (per feature if an array).

    Returns
    -------
    X : numpy.ndarray, shape (n * K, d)
        The points, class by class.
    y : numpy.ndarray of int, shape (n * K,)
        The class of each point, :math:`0, \dots, K - 1`.

    Notes
    -----
    :math:`x_i = c_{y_i} + \text{scale} \cdot \varepsilon_i` with
    :math:`\varepsilon_i \sim \mathcal{N}(0, I_d)`.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import make_blobs
    >>> X, y = make_blobs(3, [[0.0, 0.0], [5.0, 5.0]], np.random.default_rng(0))
    >>> X.shape, y
    ((6, 2), array([0, 0, 0, 1, 1, 1]))
    """
    n = _count(n, "n")
    c = v.check_finite(v.as_float_array(centers, "centers", min_ndim=2), "centers")
    if c.ndim != 2:
        raise ValueError(f"centers must be 2-D (K classes, d features); got shape {c.shape}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0); got {rng!r}"
        )
    s = v.positive(scale, "scale")
    k, d = c.shape
    X = np.repeat(c, n, axis=0) + s * rng.standard_normal((k * n, d))
    return X, np.repeat(np.arange(k), n)


def fit_gaussian(samples, axis=-1):
    r"""Maximum-likelihood normal distribution of `samples`: their mean and biased deviation.

    Parameters
    ----------
    samples : array_like
        Finite observations along `axis` (several data sets at once if more than 1-D).
    axis : int, optional
        Axis holding the observations of one data set.

    Returns
    -------
    mu, sigma : numpy.float64 or numpy.ndarray
        :math:`\hat\mu` and :math:`\hat\sigma`; :math:`\hat\sigma = 0` for a constant data set,
        whose likelihood has no maximum.

    Notes
    -----
    .. math:: \hat\mu = \frac1n \sum_i x_i, \qquad
              \hat\sigma^2 = \frac1n \sum_i (x_i - \hat\mu)^2 ,

    the minimisers of :func:`gaussian_cross_entropy`. The variance divides by :math:`n`, not
    :math:`n - 1`: maximum likelihood gives the *biased* estimate (``ddof=0``).

    The data are scaled by a power of two below 2 first, so that huge values (1e308) neither
    overflow the sum nor, squared, the variance.

    Examples
    --------
    >>> from infoloss import fit_gaussian
    >>> mu, sigma = fit_gaussian([1.0, 2.0, 3.0, 6.0])
    >>> float(mu), float(sigma**2)  # the variance is 14 / 4, not 14 / 3
    (3.0, 3.5)
    """
    x = v.check_finite(v.as_float_array(samples, "samples", min_ndim=1), "samples")
    ax = v.check_axis(axis, x.ndim, "samples")
    # Scaled by a power of two (exact) to |x| < 2 first: the sum of [1e308, 1e308] overflows
    scale = np.ldexp(1.0, np.frexp(np.abs(x).max(axis=ax, keepdims=True))[1] - 1)
    xs = x / scale
    mu, sigma = xs.mean(axis=ax) * scale.squeeze(ax), xs.std(axis=ax) * scale.squeeze(ax)
    lo, hi = x.min(axis=ax), x.max(axis=ax)
    mu = np.where(lo == hi, lo, np.clip(mu, lo, hi))  # a constant data set: exactly (c, 0)
    return _scalar(mu) + 0.0, _scalar(np.where(lo == hi, 0.0, sigma))


def gaussian_cross_entropy(samples, mu, sigma, base=None):
    r"""Cross-entropy between the empirical distribution of `samples` and :math:`\mathcal{N}(\mu,
    \sigma^2)`: the Gaussian's average negative log-likelihood.

    Parameters
    ----------
    samples : array_like, 1-D
        Finite observations :math:`x_1, \dots, x_n`.
    mu, sigma : array_like
        Mean and standard deviation (> 0) of the model; they broadcast together, so a grid of
        models is scored in one call.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`H(\hat p_n, q_{\mu,\sigma}) = -\frac1n \sum_i \log q_{\mu,\sigma}(x_i)`.

    Notes
    -----
    .. math::

        H(\hat p_n, q_{\mu,\sigma}) = \tfrac12 \log(2\pi\sigma^2)
        + \frac{s^2 + (\bar x - \mu)^2}{2\sigma^2},

    with :math:`\bar x` and :math:`s^2` the mean and the (1/n) variance of the samples: the data
    enter only through these two numbers, which are computed once.

    Examples
    --------
    >>> from infoloss import gaussian_cross_entropy
    >>> round(float(gaussian_cross_entropy([-1.0, 1.0], 0.0, 1.0)), 6)  # log(2 pi)/2 + 1/2
    1.418939
    >>> gaussian_cross_entropy([-1.0, 1.0], [0.0, 1.0, 2.0], 1.0).round(6)
    array([1.418939, 1.918939, 3.418939])
    """
    x = v.check_finite(v.as_float_array(samples, "samples", min_ndim=1), "samples")
    if x.ndim != 1:
        raise ValueError(f"samples must be 1-D; got shape {x.shape}")
    mu = v.check_finite(v.as_float_array(mu, "mu"), "mu")
    mu, s = v.broadcast(mu=mu, sigma=v.positive(sigma, "sigma"))
    xbar, sd = fit_gaussian(x)
    # Divide by s, never by s*s: that underflows to 0 below 1e-154 (a nan when sd == 0); and
    # halve before squaring's second factor, (0.5 r) r, so that r**2 alone cannot overflow
    with np.errstate(over="ignore"):  # data 1.8e308 sigmas from mu: the loss is +inf
        r, d = sd / s, v.scaled_difference(xbar, mu, s)
        ce = _HALF_LOG_2PI + np.log(s) + (0.5 * r * r + 0.5 * d * d)
    return v.in_base(_scalar(ce), base)


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
    x1 = _features(X)
    arr = v.as_float_array(w, "w", min_ndim=1)
    return v.matmul(x1, _weights(arr, x1, "w", min(arr.ndim, 2)))


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
    loss = _check_loss(loss)
    y = v.check_unit_interval(v.as_float_array(y, "y"), "y")
    z = v.check_finite(v.as_float_array(z, "z"), "z")
    v.check_same_shape(y, z, "y", "z")
    diff = _sigmoid_minus(z, y)
    grad = diff if loss == "cross_entropy" else 2.0 * diff * expit(z) * expit(-z)
    return _scalar(grad)


def _logistic_step(x1: np.ndarray, y: np.ndarray, w: np.ndarray, loss: str, name: str = "w"):
    """(mean loss, gradient with respect to w) on validated inputs."""
    z = _finite_logits(v.matmul(x1, w), f"X and {name}")
    diff = _sigmoid_minus(z, y)
    if loss == "cross_entropy":
        value, dz = binary_cross_entropy_with_logits(y, z), diff
    else:
        value, dz = np.float64(np.mean(diff**2)), 2.0 * diff * expit(z) * expit(-z)
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
    loss = _check_loss(loss)
    x1 = _features(X)
    return _logistic_step(x1, _binary_targets(y, x1), _weights(w, x1, "w", 1), loss)[0]


def logistic_gradient(w, X, y, loss="cross_entropy"):
    r"""Gradient of :func:`logistic_loss` with respect to the weights `w`.

    Parameters
    ----------
    w, X, y, loss
        As in :func:`logistic_loss`.

    Returns
    -------
    numpy.ndarray, shape (d + 1,)

    Notes
    -----
    By the chain rule through :math:`z_i = w^\top \tilde x_i`,
    :math:`\nabla_w = \frac1n \tilde X^\top g` with :math:`g_i` the derivative of the loss with
    respect to the logit (:func:`logit_gradient`); for cross-entropy,
    :math:`\nabla_w = \frac1n \tilde X^\top (\sigma(\tilde X w) - y)`.

    Examples
    --------
    >>> from infoloss import logistic_gradient
    >>> logistic_gradient([0.0, 0.0], [[1.0], [2.0]], [0, 1])  # (0.5 * 1 - 0.5 * 2) / 2
    array([-0.25,  0.  ])
    """
    loss = _check_loss(loss)
    x1 = _features(X)
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
    :func:`logistic_gradient`.

    Examples
    --------
    >>> from infoloss import fit_logistic_regression
    >>> w, history = fit_logistic_regression([[-1.0], [1.0]], [0, 1], lr=1.0, steps=200)
    >>> bool(w[0] > 2), bool(history[-1] < history[0] / 10)
    (True, True)
    """
    loss = _check_loss(loss)
    x1 = _features(X)
    t = _binary_targets(y, x1)
    lr, steps = _learning_rate(lr), _count(steps, "steps")
    w = np.zeros(x1.shape[1]) if w0 is None else _weights(w0, x1, "w0", 1).copy()
    history = np.empty(steps + 1)
    name = "the weights after a step of size lr"
    history[0], grad = _logistic_step(x1, t, w, loss, "w0" if w0 is not None else "w")
    for k in range(1, steps + 1):
        w -= lr * grad
        history[k], grad = _logistic_step(x1, t, w, loss, name)
    return w, history


def _softmax_step(x1: np.ndarray, labels: np.ndarray, W: np.ndarray, name: str = "W"):
    """(mean cross-entropy, gradient with respect to W) on validated inputs."""
    z = _finite_logits(v.matmul(x1, W), f"X and {name}")
    _, e, s = _shifted(z, -1)
    total = 1.0 + s[:, 0]
    g = e / total[:, None]  # softmax(z)
    rows = np.arange(x1.shape[0])
    e[rows, labels] = 0.0  # softmax - 1 at the label is -(mass off the label): no cancellation
    g[rows, labels] = -e.sum(axis=-1) / total
    return cross_entropy_from_logits(z, labels), v.matmul(x1.T, g) / x1.shape[0]


def _num_classes(labels) -> int:
    """K = max(labels) + 1 when the caller does not say; _class_indices checks labels in full."""
    arr = v.as_array(labels, "labels")
    if arr.size == 0 or not v.is_real_dtype(arr.dtype):
        raise TypeError(f"labels must be a non-empty array of integer class indices; got {arr!r}")
    # K >= 1 whatever the values, so that _class_indices reports bad labels by their own rule
    return max(int(arr.max()) + 1, 1) if np.isfinite(arr).all() else 1


def _softmax_inputs(W, X, labels, name="W"):
    x1 = _features(X)
    W = _weights(W, x1, name, 2)
    return x1, W, _class_indices(v.as_array(labels, "labels"), (x1.shape[0], W.shape[1]))


def softmax_gradient(W, X, labels):
    r"""Gradient of the mean cross-entropy of a softmax regression with respect to `W`.

    Parameters
    ----------
    W : array_like, shape (d + 1, K)
        Weights, then the biases in the last row.
    X : array_like, shape (n, d)
        Finite features.
    labels : array_like of int, shape (n,)
        Class indices in ``[0, K)``.

    Returns
    -------
    numpy.ndarray, shape (d + 1, K)

    Notes
    -----
    The loss is :math:`\frac1n \sum_i -\log \mathrm{softmax}(W^\top \tilde x_i)_{y_i}`
    (:func:`cross_entropy_from_logits`); its gradient is
    :math:`\frac1n \tilde X^\top (\mathrm{softmax}(\tilde X W) - Y)`, with :math:`Y` the one-hot
    targets.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import softmax_gradient
    >>> softmax_gradient(np.zeros((2, 2)), [[1.0], [-1.0]], [0, 1])
    array([[-0.5,  0.5],
           [ 0. ,  0. ]])
    """
    x1, W, labels = _softmax_inputs(W, X, labels)
    return _softmax_step(x1, labels, W)[1]


def fit_softmax_regression(X, labels, num_classes=None, lr=0.5, steps=1000, W0=None):
    r"""Fit a softmax (multinomial logistic) regression by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Finite features.
    labels : array_like of int, shape (n,)
        Class indices.
    num_classes : int, optional
        K (default: ``max(labels) + 1``); ignored when `W0` is given (K is its number of columns).
    lr : float, optional
        Step size, > 0.
    steps : int, optional
        Number of gradient steps, >= 1.
    W0 : array_like, shape (d + 1, K), optional
        Starting weights (default: zeros).

    Returns
    -------
    W : numpy.ndarray, shape (d + 1, K)
        The weights after the last step; the biases are ``W[-1]``.
    history : numpy.ndarray, shape (steps + 1,)
        The mean cross-entropy (nats) before training and after every step.

    Examples
    --------
    >>> from infoloss import fit_softmax_regression
    >>> X, labels = [[-2.0], [0.0], [2.0]], [0, 1, 2]
    >>> W, history = fit_softmax_regression(X, labels, lr=1.0, steps=300)
    >>> W.shape, bool(history[-1] < 0.5 < history[0])
    ((2, 3), True)
    """
    if W0 is None:
        x1 = _features(X)
        k = _num_classes(labels) if num_classes is None else num_classes
        W0 = np.zeros((x1.shape[1], _count(k, "num_classes")))
    x1, W, labels = _softmax_inputs(W0, X, labels, "W0")
    lr, steps = _learning_rate(lr), _count(steps, "steps")
    W = W.copy()
    history = np.empty(steps + 1)
    name = "the weights after a step of size lr"
    history[0], grad = _softmax_step(x1, labels, W, "W0")
    for k in range(1, steps + 1):
        W -= lr * grad
        history[k], grad = _softmax_step(x1, labels, W, name)
    return W, history
