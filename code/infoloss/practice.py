"""Cross-entropy in practice: Gaussian NLL, scoring rules, label smoothing, perplexity."""

from __future__ import annotations

import codecs
import contextlib
import importlib
import io
import math

import numpy as np
from scipy.special import xlog1py, xlogy

from infoloss import _validation as v
from infoloss.logits import _class_indices, softmax

_RULES = ("log", "brier", "zero_one")


def gaussian_nll(y, y_pred, sigma=1.0, reduction="mean"):
    r"""Negative log-likelihood of real targets `y` under a Gaussian centred on `y_pred`.

    Parameters
    ----------
    y, y_pred : array_like
        Finite targets and predictions (means), same shape.
    sigma : float or array_like, optional
        Standard deviation of the noise, > 0; broadcast against `y`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats, per example
        :math:`\frac{(y - \hat y)^2}{2\sigma^2} + \frac{1}{2}\log(2\pi\sigma^2)`.

    Notes
    -----
    With a fixed `sigma` the second term is a constant, so minimising this loss over the
    predictions is minimising the squared error: least squares is maximum likelihood.

    Examples
    --------
    >>> from infoloss.practice import gaussian_nll
    >>> round(float(gaussian_nll([0.0], [0.0])), 6)  # log(2*pi)/2
    0.918939
    >>> gaussian_nll([1.0, 3.0], [0.0, 0.0], sigma=2.0, reduction="none").round(6)
    array([1.737086, 2.737086])
    """
    reduction = v.check_reduction(reduction)
    y = v.check_finite(v.as_float_array(y, "y"), "y")
    y_pred = v.check_finite(v.as_float_array(y_pred, "y_pred"), "y_pred")
    v.check_same_shape(y, y_pred, "y", "y_pred")
    s = v.positive(sigma, "sigma")
    try:
        s = np.broadcast_to(s, y.shape)
    except ValueError:
        raise ValueError(f"sigma of shape {s.shape} does not broadcast to y's {y.shape}") from None
    # log(sigma), not log(sigma**2)/2: sigma**2 underflows to 0 below 1e-154 (a nan at y == y_pred)
    with np.errstate(over="ignore"):  # a residual beyond 1.8e308 sigmas: the loss is +inf
        r = v.scaled_difference(y, y_pred, s)
        losses = 0.5 * r * r + np.log(s) + 0.5 * np.log(2 * np.pi)  # (0.5 r) r: no overflow
    return v.reduce(losses, reduction)


def brier_score(y, p, reduction="mean"):
    r"""Brier score (squared error of a probability) of binary targets `y` against `p`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    p : array_like
        Predicted probabilities of the positive class, in [0, 1], same shape as `y`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`(p - y)^2` per example: 0 for a perfect forecast, at most 1 for a confident miss,
        where the log score is infinite.

    Examples
    --------
    >>> from infoloss.practice import brier_score
    >>> brier_score([1.0, 0.0, 1.0], [0.9, 0.2, 0.0], reduction="none").round(6)
    array([0.01, 0.04, 1.  ])
    """
    reduction = v.check_reduction(reduction)
    y = v.check_unit_interval(v.as_float_array(y, "y"), "y")
    p = v.check_unit_interval(v.as_float_array(p, "p"), "p")
    v.check_same_shape(y, p, "y", "p")
    return v.reduce((p - y) ** 2, reduction)


def expected_score(p, q, rule="log", base=None):
    r"""Expected loss of forecasting probability `q` for an event whose true probability is `p`.

    Parameters
    ----------
    p : float or array_like
        True probability of the event, in [0, 1].
    q : float or array_like
        Forecast probability, in [0, 1]; broadcast against `p`.
    rule : {"log", "brier", "zero_one"}, optional
        The loss scored on the outcome :math:`Y \sim \mathrm{Bernoulli}(p)`: the log loss
        :math:`-\log q(Y)`, the Brier score :math:`(q - Y)^2`, or the 0-1 loss of the decision
        "predict 1 when q > 1/2" (a fair coin when q = 1/2), i.e. one minus the accuracy.
    base : float, optional
        Logarithm base of the log rule (None for nats, 2 for bits).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``"log"``: :math:`H(p, q) = -p\log q - (1-p)\log(1-q)` (the second log is
        ``log1p(-q)``, exact for tiny `q`); ``"brier"``:
        :math:`p(1-q)^2 + (1-p)q^2`; ``"zero_one"``: :math:`1 - p`, :math:`p` or 1/2.

    Examples
    --------
    >>> from infoloss.practice import expected_score
    >>> expected_score(0.7, [0.5, 0.7, 0.9], rule="log").round(4)
    array([0.6931, 0.6109, 0.7645])
    >>> expected_score(0.7, [0.5, 0.7, 0.9], rule="brier").round(4)
    array([0.25, 0.21, 0.25])
    >>> expected_score(0.7, [0.6, 0.7, 0.9], rule="zero_one").round(4)  # flat: not proper
    array([0.3, 0.3, 0.3])
    """
    if not isinstance(rule, str) or rule not in _RULES:
        raise ValueError(f"rule must be one of {_RULES}; got {rule!r}")
    p = v.check_unit_interval(v.as_float_array(p, "p"), "p")
    q = v.check_unit_interval(v.as_float_array(q, "q"), "q")
    p, q = np.broadcast_arrays(p, q)
    if rule == "log":
        with np.errstate(divide="ignore"):
            out = v.in_base(-(xlogy(p, q) + xlog1py(1.0 - p, -q)) + 0.0, base)
    elif rule == "brier":
        out = p * (1.0 - q) ** 2 + (1.0 - p) * q**2
    else:
        out = np.where(q > 0.5, 1.0 - p, np.where(q < 0.5, p, 0.5))
    return out[()] if out.ndim == 0 else out


def smooth_labels(labels, num_classes, epsilon):
    r"""Label-smoothed targets :math:`(1 - \varepsilon)\,\mathrm{onehot}(y) + \varepsilon / K`.

    Parameters
    ----------
    labels : array_like of int
        Class indices in ``[0, num_classes)``, any shape.
    num_classes : int
        Number of classes K, at least 2.
    epsilon : float
        Smoothing strength in [0, 1]: 0 gives one-hot targets, 1 the uniform distribution.

    Returns
    -------
    numpy.ndarray, shape ``labels.shape + (num_classes,)``
        Probability targets (each row sums to 1), usable with
        :func:`infoloss.cross_entropy_from_logits`.

    Notes
    -----
    Cross-entropy is linear in its first argument, so
    :math:`H(t_\varepsilon, q) = (1 - \varepsilon) H(\mathrm{onehot}, q) + \varepsilon H(u, q)`
    with :math:`u` the uniform distribution over the K classes.

    Examples
    --------
    >>> from infoloss.practice import smooth_labels
    >>> smooth_labels([0, 2], num_classes=3, epsilon=0.3)
    array([[0.8, 0.1, 0.1],
           [0.1, 0.1, 0.8]])
    """
    num_classes = v.count(num_classes, "num_classes", minimum=2)
    eps = v.check_unit_interval(v.as_float_array(epsilon, "epsilon"), "epsilon")
    if eps.ndim != 0:
        raise ValueError(f"epsilon must be a scalar; got shape {eps.shape}")
    y = v.as_array(labels, "labels")
    idx = _class_indices(y, y.shape + (int(num_classes),))
    onehot = (idx[..., None] == np.arange(num_classes)).astype(np.float64)
    return (1.0 - eps) * onehot + eps / num_classes


def perplexity(cross_entropy, base=None):
    r"""Perplexity :math:`b^{H}` of a model whose cross-entropy is `cross_entropy`.

    Parameters
    ----------
    cross_entropy : float or array_like
        Cross-entropy (average negative log-likelihood per token), :math:`\ge 0`, in units of
        `base` (nats by default); ``inf`` gives ``inf``.
    base : float, optional
        The base the cross-entropy was measured in: None for nats (perplexity
        :math:`e^{H}`), 2 for bits (:math:`2^{H}`). The perplexity itself has no unit.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The effective number of equally likely choices: a model that spreads its probability
        uniformly over K outcomes has perplexity exactly K.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss.practice import perplexity
    >>> round(float(perplexity(np.log(27))), 6)  # uniform over 27 characters
    27.0
    >>> float(perplexity(3.0, base=2))
    8.0
    """
    lb = v.log_base(base)
    h = v.as_float_array(cross_entropy, "cross_entropy")
    if np.isnan(h).any() or h.min() < 0:
        bad = np.isnan(h) | (h < 0)
        raise ValueError(f"cross_entropy must be >= 0; got {v._describe_bad(h, bad)}")
    with np.errstate(over="ignore"):
        if lb is None:
            out = np.exp(h)
        elif lb < 709.0:  # power is exact for 2**3 and the like (exp(h * log b) is not)
            out = np.power(float(base), h)
        else:  # a base beyond the float range, such as 10**400
            out = np.exp(h * lb)
    return out[()] if out.ndim == 0 else out


def softmax_regression_path(features, targets, steps=1000, learning_rate=0.5):
    r"""Weights of a softmax regression after each step of full-batch gradient descent.

    Parameters
    ----------
    features : array_like, shape (n, d)
        Finite inputs, one row per example.
    targets : array_like, shape (n, K)
        Probability targets, each row summing to 1: one-hot rows, or smoothed ones from
        :func:`smooth_labels`.
    steps : int, optional
        Number of gradient steps, >= 1.
    learning_rate : float, optional
        Step size, > 0.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, d + 1, K)
        The weights before training (zeros) and after every step; the last row of each matrix
        is the bias, so the logits are ``np.c_[features, ones] @ W``.

    Notes
    -----
    The model and its weight layout are those of :func:`infoloss.fit_softmax_regression`, which
    takes class indices; this one takes probability targets and keeps every step. The loss is
    the mean cross-entropy :math:`rac{1}{n}\sum_i H(t_i, \mathrm{softmax}(W^	op
    x_i))`, whose gradient is :math:`rac{1}{n} X^	op (\mathrm{softmax}(XW) - T)`.

    Examples
    --------
    >>> from infoloss.practice import softmax_regression_path
    >>> path = softmax_regression_path([[-1.0], [1.0]], [[1.0, 0.0], [0.0, 1.0]], steps=2)
    >>> path.shape
    (3, 2, 2)
    >>> path[1].round(3)  # one step from zero: weights move towards separating the classes
    array([[-0.25,  0.25],
           [ 0.  ,  0.  ]])
    """
    x = v.check_finite(v.as_float_array(features, "features", min_ndim=2), "features")
    t, _ = v.distribution(targets, "targets", -1)
    if x.ndim != 2 or t.ndim != 2 or x.shape[0] != t.shape[0]:
        raise ValueError(
            f"features (n, d) and targets (n, K) must be 2-D with the same n; got shapes "
            f"{x.shape} and {t.shape}"
        )
    steps = v.count(steps, "steps", 1)
    lr = float(v.positive(learning_rate, "learning_rate"))
    x1 = np.column_stack([x, np.ones(x.shape[0])])
    path = np.zeros((int(steps) + 1, x1.shape[1], t.shape[1]))
    for k in range(int(steps)):
        z = v.matmul(x1, path[k])
        if not np.isfinite(z).all():
            raise ValueError(
                "the logits computed from features and the weights after a step of size "
                "learning_rate overflow (beyond 1.8e308): scale the features down"
            )
        grad = v.matmul(x1.T, softmax(z) - t) / x1.shape[0]
        path[k + 1] = path[k] - lr * grad
    return path


def unigram_model(text, alphabet, pseudocount=1.0):
    r"""Character frequencies of `text` over `alphabet`, with add-`pseudocount` smoothing.

    Parameters
    ----------
    text : str
        The training text; every character must be in `alphabet`.
    alphabet : str or sequence of str
        The distinct characters the model gives probabilities to, in the order returned.
    pseudocount : float, optional
        :math:`\alpha \ge 0` added to every count (Laplace's rule for 1), so that a character
        unseen in `text` still gets probability > 0.

    Returns
    -------
    numpy.ndarray
        :math:`q(c) = (n_c + \alpha) / (n + \alpha K)` for each of the K characters `c` of
        `alphabet`, where :math:`n_c` counts `c` in `text` and `n` is its length; sums to 1.

    Examples
    --------
    >>> from infoloss.practice import unigram_model
    >>> unigram_model("abba", alphabet="abc", pseudocount=0.0)
    array([0.5, 0.5, 0. ])
    >>> unigram_model("abba", alphabet="abc").round(4)  # (2+1)/(4+3), (2+1)/7, 1/7
    array([0.4286, 0.4286, 0.1429])
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    chars = list(alphabet)
    if not chars or not all(isinstance(c, str) and len(c) == 1 for c in chars):
        raise ValueError("alphabet must be a non-empty sequence of single characters")
    if len(set(chars)) != len(chars):
        raise ValueError("alphabet must not contain repeated characters")
    alpha = v.check_finite(v.as_float_array(pseudocount, "pseudocount"), "pseudocount")
    if alpha.ndim != 0 or alpha < 0:
        raise ValueError(f"pseudocount must be a scalar >= 0; got {pseudocount!r}")
    if not text and alpha == 0:
        raise ValueError("text must not be empty when pseudocount is 0")
    missing = sorted(set(text) - set(chars))
    if missing:
        raise ValueError(f"text contains {missing[0]!r}, which is not in alphabet")
    n, k = len(text), len(chars)
    counts = np.array([text.count(c) for c in chars], dtype=np.float64)  # exact integers
    # Scaled by a power of two (exact) at least max(n, alpha), so that a pseudocount of 1e308
    # cannot overflow n + alpha K: each quotient is then a couple of roundings from exact.
    scale = math.ldexp(1.0, math.frexp(max(float(n), float(alpha), 1.0))[1] - 1)
    return (counts / scale + alpha / scale) / (n / scale + (alpha / scale) * k)


def zen_of_python():
    """The Zen of Python (PEP 20) from the standard library's ``this`` module, as a str.

    ``import this`` prints the Zen the first time it runs; here that print is captured, and the
    text is decoded from the module's ROT13-encoded ``this.s`` instead.

    Examples
    --------
    >>> from infoloss.practice import zen_of_python
    >>> zen_of_python().splitlines()[2]
    'Beautiful is better than ugly.'
    """
    with contextlib.redirect_stdout(io.StringIO()):
        this = importlib.import_module("this")
    return codecs.decode(this.s, "rot13")
