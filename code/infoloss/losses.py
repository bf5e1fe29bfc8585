"""Losses of a probabilistic prediction: the log loss (negative log-likelihood, binary and
categorical cross-entropy, from probabilities or from logits), the Brier score, the expected
score of a forecast, perplexity, and label smoothing.

Everywhere `q` is the model's prediction and `y` (or `p`) the truth, as in the glossary.
"""

from __future__ import annotations

import numpy as np
from scipy.special import xlog1py, xlogy

from infoloss import _validation as v
from infoloss.logits import log_softmax

_RULES = ("log", "brier", "zero_one")


def negative_log_likelihood(probabilities, reduction="mean"):
    r"""Negative log-likelihood of the probabilities a model gave to the observed data.

    Parameters
    ----------
    probabilities : array_like
        :math:`q(x_i)` for each observation, in [0, 1].
    reduction : {"mean", "sum", "none"}, optional
        ``"mean"`` gives :math:`-\frac{1}{m}\sum_i \log q(x_i)`, the cross-entropy between the
        empirical distribution and the model.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats; ``inf`` if the model gave probability 0 to an observation. A sum of logs, never
        the log of a product (which underflows to 0 after a few thousand terms).

    Examples
    --------
    >>> from infoloss import negative_log_likelihood
    >>> round(float(negative_log_likelihood([0.5, 0.25], reduction="sum")), 6)  # log 8
    2.079442
    """
    q = v.probabilities(probabilities, "probabilities")
    with np.errstate(divide="ignore"):
        return v.reduce(-np.log(q), reduction)


def binary_cross_entropy(y, q, reduction="mean"):
    r"""Binary cross-entropy of targets `y` against predicted probabilities `q`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    q : array_like
        Predicted probabilities of the positive class, in [0, 1], same shape as `y`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats, :math:`-[y \log q + (1 - y) \log(1 - q)]`, with :math:`0 \log 0 = 0`
        (``xlogy``) and ``inf`` for a confident miss. The second log is ``log1p(-q)``:
        ``log(1 - q)`` would round a confident ``q = 1e-20`` to a loss of 0. Accurate to a
        few ulps. From logits, use :func:`binary_cross_entropy_with_logits`.

    Examples
    --------
    >>> from infoloss import binary_cross_entropy
    >>> round(float(binary_cross_entropy([1.0, 0.0], [0.5, 0.5])), 6)
    0.693147
    >>> binary_cross_entropy([1.0, 1.0], [1.0, 0.0], reduction="none")
    array([ 0., inf])
    >>> float(binary_cross_entropy([0.0], [1e-20]))  # -log(1 - 1e-20)
    1e-20
    """
    y, q = v.probabilities(y, "y"), v.probabilities(q, "q")
    v.same_shape(y, q, "y", "q")
    with np.errstate(divide="ignore"):
        return v.reduce(-(xlogy(y, q) + xlog1py(1.0 - y, -q)), reduction)


def binary_cross_entropy_with_logits(y, z, reduction="mean"):
    r"""Binary cross-entropy of targets `y` against a sigmoid model with logits `z`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    z : array_like
        Logits of magnitude at most 1e300, same shape as `y`; the model's probability is
        :math:`\sigma(z)`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats, :math:`-[y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))]`, computed per sign:
        :math:`z (1 - y) + \log(1 + e^{-z})` for :math:`z > 0` and
        :math:`-z y + \log(1 + e^{z})` otherwise. Both terms are :math:`\ge 0`, so nothing
        cancels (``max(z, 0) - z * y`` would, for confident predictions) and nothing overflows.
        Accurate to a few ulps.

    Examples
    --------
    >>> from infoloss import binary_cross_entropy_with_logits
    >>> round(float(binary_cross_entropy_with_logits([1.0], [0.0])), 6)  # log 2
    0.693147
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [-800.0, -800.0], reduction="none")
    array([800.,   0.])
    """
    y, z = v.probabilities(y, "y"), v.finite(z, "z")
    v.same_shape(y, z, "y", "z")
    losses = np.where(z > 0, z * (1.0 - y), -z * y) + np.log1p(np.exp(-np.abs(z)))
    return v.reduce(losses, reduction)


def cross_entropy_from_logits(logits, labels, reduction="mean"):
    r"""Cross-entropy loss of a classifier, from its logits (the softmax is applied here).

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Scores of magnitude at most 1e300 for K classes, classes on the last axis.
    labels : array_like
        Either integer class indices in ``[0, K)`` with shape ``logits.shape[:-1]``, or
        probability targets with the same shape as `logits` (each row summing to 1). Any other
        shape, or an index outside ``[0, K)``, raises a ValueError naming `labels`.
    reduction : {"mean", "sum", "none"}, optional
        Average over examples, add them, or return one loss per example.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats. Per example :math:`-\sum_k t_k \log q_k` with :math:`\log q` from
        :func:`~infoloss.log_softmax`; for an index label :math:`y`, :math:`-\log q_y`.

    Examples
    --------
    >>> from infoloss import cross_entropy_from_logits
    >>> round(float(cross_entropy_from_logits([[0.0, 0.0]], [1])), 6)  # log 2
    0.693147
    >>> cross_entropy_from_logits([[2.0, 0.0], [0.0, 2.0]], [0, 0], reduction="none")
    array([0.12692801, 2.12692801])
    >>> round(float(cross_entropy_from_logits([[0.0, 0.0]], [[0.5, 0.5]])), 6)
    0.693147
    """
    log_q = log_softmax(logits)
    labels = v.as_array(labels, "labels")
    if labels.shape == log_q.shape:  # probability targets
        t, _ = v.distribution(labels, "labels")
        losses = -np.sum(t * log_q, axis=-1)  # (log q is finite: no 0 * -inf)
    else:
        y = v.class_indices(labels, log_q.shape[-1], log_q.shape[:-1])
        losses = -np.take_along_axis(log_q, y[..., None], axis=-1)[..., 0]
    return v.reduce(losses, reduction)


def brier_score(y, q, reduction="mean"):
    r"""Brier score (squared error of a probability) of binary targets `y` against `q`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    q : array_like
        Predicted probabilities of the positive class, in [0, 1], same shape as `y`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`(q - y)^2` per example: 0 for a perfect forecast, at most 1 for a confident miss,
        where the log score is infinite.

    Examples
    --------
    >>> from infoloss import brier_score
    >>> brier_score([1.0, 0.0, 1.0], [0.9, 0.2, 0.0], reduction="none").round(6)
    array([0.01, 0.04, 1.  ])
    """
    y, q = v.probabilities(y, "y"), v.probabilities(q, "q")
    v.same_shape(y, q, "y", "q")
    return v.reduce((q - y) ** 2, reduction)


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
        Logarithm base of the log rule (None for nats, 2 for bits); validated, but without
        effect, for the other rules (a Brier score or an error rate has no unit).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``"log"``: :math:`H(p, q) = -p\log q - (1-p)\log(1-q)`; ``"brier"``:
        :math:`p(1-q)^2 + (1-p)q^2`; ``"zero_one"``: :math:`1 - p`, :math:`p` or 1/2.

    Examples
    --------
    >>> from infoloss import expected_score
    >>> expected_score(0.7, [0.5, 0.7, 0.9], rule="log").round(4)
    array([0.6931, 0.6109, 0.7645])
    >>> expected_score(0.7, [0.5, 0.7, 0.9], rule="brier").round(4)
    array([0.25, 0.21, 0.25])
    >>> expected_score(0.7, [0.6, 0.7, 0.9], rule="zero_one").round(4)  # flat: not strictly proper
    array([0.3, 0.3, 0.3])
    """
    v.choice(rule, "rule", _RULES)
    v.log_base(base)  # validated whatever the rule: a bad base is never silently ignored
    p, q = v.broadcast(p=v.probabilities(p, "p"), q=v.probabilities(q, "q"))
    if rule == "log":
        out = v.in_base(binary_cross_entropy(p, q, reduction="none"), base)
    elif rule == "brier":
        out = p * (1.0 - q) ** 2 + (1.0 - p) * q**2
    else:
        out = np.where(q > 0.5, 1.0 - p, np.where(q < 0.5, p, 0.5))
    return v.scalar(out)


def perplexity(cross_entropy, base=None):
    r"""Perplexity :math:`b^{H}` of a model whose cross-entropy is `cross_entropy`.

    Parameters
    ----------
    cross_entropy : float or array_like
        Cross-entropy (average negative log-likelihood per token), :math:`\ge 0`, in units of
        `base` (nats by default); ``inf`` gives ``inf``.
    base : float, optional
        The base the cross-entropy was measured in: None for nats (:math:`e^{H}`), 2 for bits
        (:math:`2^{H}`). The perplexity itself has no unit.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The effective number of equally likely choices: a model that spreads its probability
        uniformly over K outcomes has perplexity exactly K.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import perplexity
    >>> round(float(perplexity(np.log(27))), 6)  # uniform over 27 characters
    27.0
    >>> float(perplexity(3.0, base=2))
    8.0
    """
    lb = v.log_base(base)
    h = v.as_float_array(cross_entropy, "cross_entropy")
    if not (h >= 0).all():
        raise ValueError(f"cross_entropy must be >= 0; got {v.describe_bad(h, ~(h >= 0))}")
    with np.errstate(over="ignore"):  # a huge cross-entropy: an infinite perplexity
        return v.scalar(np.exp(h) if lb is None else np.power(float(base), h))


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
    >>> from infoloss import smooth_labels
    >>> smooth_labels([0, 2], num_classes=3, epsilon=0.3)
    array([[0.8, 0.1, 0.1],
           [0.1, 0.1, 0.8]])
    """
    k = v.count(num_classes, "num_classes", minimum=2)
    eps = v.probabilities(epsilon, "epsilon")
    if eps.ndim != 0:
        raise ValueError(f"epsilon must be a scalar; got shape {eps.shape}")
    y = v.class_indices(labels, k, np.shape(labels))
    onehot = (y[..., None] == np.arange(k)).astype(np.float64)
    return (1.0 - eps) * onehot + eps / k
