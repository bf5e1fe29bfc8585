"""Losses of a probabilistic prediction: the log loss (negative log-likelihood, binary and
categorical cross-entropy, from probabilities or from logits), the Brier score, the expected
score of a forecast, perplexity, and label smoothing."""

from __future__ import annotations

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.logits import _logits, _shifted

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
        In nats; ``inf`` if the model gave probability 0 to an observation. Computed as a sum of
        logs, never as the log of a product (which underflows to 0 after a few thousand terms).

    Examples
    --------
    >>> from infoloss import negative_log_likelihood
    >>> round(float(negative_log_likelihood([0.5, 0.25], reduction="sum")), 6)  # log 8
    2.079442
    >>> float(negative_log_likelihood([0.5] * 5000, reduction="sum")) > 3000  # no underflow
    True
    """
    reduction = v.check_reduction(reduction)
    q = v.probabilities(probabilities, "probabilities")
    with np.errstate(divide="ignore"):
        losses = -np.log(q) + 0.0
    return v.reduce(losses, reduction)


def binary_cross_entropy(y, p, reduction="mean"):
    r"""Binary cross-entropy of targets `y` against predicted probabilities `p`.

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
        In nats: :math:`-[y \log p + (1 - y) \log(1 - p)]`, ``inf`` for a confident miss
        (``p == 0`` where ``y > 0``); :math:`0 \log 0 = 0`. The second log is
        ``log1p(-p)``: ``log(1 - p)`` would round a confident ``p = 1e-20`` to a loss of 0.
        Prefer
        :func:`binary_cross_entropy_with_logits` when the model produces logits.

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
    reduction = v.check_reduction(reduction)
    y = v.probabilities(y, "y")
    p = v.probabilities(p, "p")
    v.check_same_shape(y, p, "y", "p")
    return v.reduce(v.bernoulli_cross_entropy(y, p), reduction)


def binary_cross_entropy_with_logits(y, z, reduction="mean"):
    r"""Binary cross-entropy of targets `y` against a sigmoid model with logits `z`.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (labels 0/1, or soft targets).
    z : array_like
        Finite logits, same shape as `y`; the model's probability is :math:`\sigma(z)`.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats: :math:`-[y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))]`, computed as
        :math:`z (1 - y) + \log(1 + e^{-z})` for :math:`z > 0` and
        :math:`-z y + \log(1 + e^{z})` otherwise: every term is :math:`\ge 0` and one
        rounding away from exact (``max(z, 0) - z * y`` would cancel for confident
        predictions), nothing overflows, and no log of 0 is taken.

    Examples
    --------
    >>> from infoloss import binary_cross_entropy_with_logits
    >>> round(float(binary_cross_entropy_with_logits([1.0], [0.0])), 6)  # log 2
    0.693147
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [-800.0, -800.0], reduction="none")
    array([800.,   0.])
    """
    reduction = v.check_reduction(reduction)
    y = v.probabilities(y, "y")
    z = v.finite(z, "z")
    v.check_same_shape(y, z, "y", "z")
    losses = np.where(z > 0, z * (1.0 - y), -z * y) + np.log1p(np.exp(-np.abs(z)))
    return v.reduce(losses, reduction)


def cross_entropy_from_logits(logits, labels, reduction="mean"):
    r"""Cross-entropy loss of a classifier, from its logits (the softmax is applied here).

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Finite scores for K classes, classes on the last axis.
    labels : array_like
        Either integer class indices in ``[0, K)`` with shape ``logits.shape[:-1]``, or
        probability targets with the same shape as `logits` (each row summing to 1).
    reduction : {"mean", "sum", "none"}, optional
        Average over examples, add them, or return one loss per example.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In nats. Per example, :math:`-\sum_k t_k \log \mathrm{softmax}(z)_k`; for an index
        label :math:`y` that is :math:`\log \sum_j e^{z_j} - z_y`.

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
    reduction = v.check_reduction(reduction)
    z, _ = _logits(logits, -1)
    d, _, s = _shifted(z, -1)
    log1p_s = np.log1p(s[..., 0])
    y = v.as_array(labels, "labels")
    # -log softmax(z)_k = (max - z_k) + log1p(S): two terms >= 0, so nothing cancels
    if y.shape == z.shape:  # probability targets
        t = v.along_last(v.distribution(y, "labels", -1)[0], -1)  # sums alike in any layout
        with np.errstate(invalid="ignore"):
            dot = v.vecdot(t, d, -1)
        if not np.isfinite(dot).all():  # a logit 1e308 below the max: z - max overflowed
            half = 0.5 * z - 0.5 * z.max(axis=-1, keepdims=True)  # never overflows
            with np.errstate(over="ignore"):  # (2 x beyond the range is +-inf, exactly)
                dot = 2.0 * v.vecdot(t, half, -1)
        losses = t.sum(axis=-1) * log1p_s - dot
    else:
        idx = v.class_indices(y, z.shape)
        losses = log1p_s - np.take_along_axis(d, idx[..., None], axis=-1)[..., 0]
    return v.reduce(np.asarray(losses, dtype=np.float64), reduction)


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
    >>> from infoloss import brier_score
    >>> brier_score([1.0, 0.0, 1.0], [0.9, 0.2, 0.0], reduction="none").round(6)
    array([0.01, 0.04, 1.  ])
    """
    reduction = v.check_reduction(reduction)
    y = v.probabilities(y, "y")
    p = v.probabilities(p, "p")
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
        Logarithm base of the log rule (None for nats, 2 for bits); validated, but without
        effect, for the other rules (a Brier score or an error rate has no unit).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``"log"``: :math:`H(p, q) = -p\log q - (1-p)\log(1-q)` (the second log is
        ``log1p(-q)``, exact for tiny `q`); ``"brier"``:
        :math:`p(1-q)^2 + (1-p)q^2`; ``"zero_one"``: :math:`1 - p`, :math:`p` or 1/2.

    Examples
    --------
    >>> from infoloss import expected_score
    >>> expected_score(0.7, [0.5, 0.7, 0.9], rule="log").round(4)
    array([0.6931, 0.6109, 0.7645])
    >>> expected_score(0.7, [0.5, 0.7, 0.9], rule="brier").round(4)
    array([0.25, 0.21, 0.25])
    >>> expected_score(0.7, [0.6, 0.7, 0.9], rule="zero_one").round(4)  # flat: proper, not strictly
    array([0.3, 0.3, 0.3])
    """
    rule = v.choice(rule, "rule", _RULES)
    v.log_base(base)  # validated whatever the rule: a bad base is never silently ignored
    p = v.probabilities(p, "p")
    q = v.probabilities(q, "q")
    p, q = v.broadcast(p=p, q=q)
    if rule == "log":
        out = v.in_base(v.bernoulli_cross_entropy(p, q), base)
    elif rule == "brier":
        out = p * (1.0 - q) ** 2 + (1.0 - p) * q**2
    else:
        out = np.where(q > 0.5, 1.0 - p, np.where(q < 0.5, p, 0.5))
    return v.unwrap(out)


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
    >>> from infoloss import perplexity
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
    return v.unwrap(out)


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
    num_classes = v.count(num_classes, "num_classes", minimum=2)
    eps = v.probabilities(epsilon, "epsilon")
    if eps.ndim != 0:
        raise ValueError(f"epsilon must be a scalar; got shape {eps.shape}")
    y = v.as_array(labels, "labels")
    idx = v.class_indices(y, y.shape + (int(num_classes),))
    onehot = (idx[..., None] == np.arange(num_classes)).astype(np.float64)
    return (1.0 - eps) * onehot + eps / num_classes
