r"""Knowledge distillation: a student trained on a teacher's softened probabilities.

The teacher's logits :math:`z_t` give soft targets :math:`p_T = \mathrm{softmax}(z_t / T)`; the
student's logits :math:`z_s` give :math:`q_T = \mathrm{softmax}(z_s / T)`. The distillation loss
:math:`H(p_T, q_T)` and :math:`D_{\mathrm{KL}}(p_T \| q_T)` differ by :math:`H(p_T)`, which
does not depend on the student: both have the gradient :math:`(q_T - p_T) / T`.

Supported range: finite logits and a temperature in [1e-300, 1e300] whose ratio
:math:`z / T` is at most 1e300 in size.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v
from infoloss.kernels import kl_terms
from infoloss.logits import log_softmax, softmax

_DIVERGENCES = ("cross_entropy", "kl")


def _logits(logits, t: float, name: str) -> np.ndarray:
    """Validated logits (classes on the last axis) whose ratio to the temperature is in range."""
    z = v.finite(logits, name, min_ndim=1)
    with np.errstate(over="ignore"):
        v.finite(z / t, f"{name} / temperature")
    return z


def _pair(student_logits, teacher_logits, temperature):
    t = v.positive_scalar(temperature, "temperature")
    zs = _logits(student_logits, t, "student_logits")
    zt = _logits(teacher_logits, t, "teacher_logits")
    v.same_shape(zs, zt, "student_logits", "teacher_logits")
    return zs, zt, t


def soft_targets(logits, temperature=1.0):
    r"""A teacher's softened probabilities :math:`\mathrm{softmax}(z / T)`, classes on the last
    axis.

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Finite logits.
    temperature : float, optional
        :math:`T > 0`; T = 1 is the softmax itself, larger T flattens towards uniform.

    Returns
    -------
    numpy.ndarray
        Probabilities, each row summing to 1 (as accurate as :func:`infoloss.softmax`).

    Examples
    --------
    >>> from infoloss.distillation import soft_targets
    >>> soft_targets([[4.0, 2.0, 0.0]], temperature=1.0).round(4)
    array([[0.8668, 0.1173, 0.0159]])
    >>> soft_targets([[4.0, 2.0, 0.0]], temperature=4.0).round(4)
    array([[0.5065, 0.3072, 0.1863]])
    """
    t = v.positive_scalar(temperature, "temperature")
    return softmax(_logits(logits, t, "logits") / t)


def distillation_loss(
    student_logits, teacher_logits, temperature=1.0, divergence="cross_entropy", reduction="mean"
):
    r"""The soft-target loss :math:`H(p_T, q_T)` or :math:`D_{\mathrm{KL}}(p_T \| q_T)`, in nats.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (..., K)
        Finite logits of the student and the teacher, same shape, classes on the last axis.
    temperature : float, optional
        :math:`T > 0`, applied to both.
    divergence : {"cross_entropy", "kl"}, optional
        Which of the two to return; they differ by :math:`H(p_T)`, a constant of the student.
    reduction : {"mean", "sum", "none"}, optional

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`-\sum_k p_{T,k} \log q_{T,k}`, or :math:`\sum_k p_{T,k} \log(p_{T,k}/q_{T,k})`
        summed as the terms :func:`infoloss.kernels.kl_terms`, each :math:`\ge 0`. Not
        multiplied by :math:`T^2`: the usual recipe scales the soft loss by :math:`T^2` so
        that its gradient, :func:`distillation_gradient`, keeps its size as T grows.

    Notes
    -----
    Accurate to a few rounding errors of :math:`\log q_T` (cross-entropy) and, for the KL, to
    those of the rounded :math:`p_T, q_T`: an absolute error of about
    :math:`10^{-15}\sqrt{D_{\mathrm{KL}}}` at most when the student is close to the teacher.

    Examples
    --------
    >>> from infoloss.distillation import distillation_loss
    >>> zs, zt = [[1.0, 0.0, -1.0]], [[3.0, 0.0, -3.0]]
    >>> ce = distillation_loss(zs, zt, temperature=2.0)
    >>> kl = distillation_loss(zs, zt, temperature=2.0, divergence="kl")
    >>> round(float(ce), 6), round(float(kl), 6)
    (0.807027, 0.185443)
    """
    divergence = v.choice(divergence, "divergence", _DIVERGENCES)
    zs, zt, t = _pair(student_logits, teacher_logits, temperature)
    # (not softmax, which rounds a p_T below 2.2e-308 to 0: such a p_T can still multiply a
    # log q_T as large as -2e300 here)
    p, log_q = np.exp(log_softmax(zt / t)), log_softmax(zs / t)
    if divergence == "cross_entropy":
        losses = -np.sum(p * log_q, axis=-1)
    else:  # the terms p log(p/q) - p + q >= 0; where q_T rounds to 0, from the logs
        q = softmax(zs / t)
        terms = np.where(q > 0, kl_terms(p, q), p * (log_softmax(zt / t) - log_q) - p)
        losses = np.sum(terms, axis=-1)
    return v.reduce(losses, reduction)


def distillation_gradient(student_logits, teacher_logits, temperature=1.0):
    r"""Gradient of :math:`H(p_T, q_T)` (and of :math:`D_{\mathrm{KL}}(p_T \| q_T)`) with respect
    to the student's logits.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (..., K)
        As in :func:`distillation_loss`.
    temperature : float, optional
        :math:`T > 0`.

    Returns
    -------
    numpy.ndarray, same shape as the logits
        :math:`(q_T - p_T)/T` for each example (of the per-example loss, ``reduction="none"``).

    Notes
    -----
    Near the teacher :math:`q_T - p_T` is a small difference of two probabilities: computed by
    subtraction it keeps only the digits in which they differ. Instead, with the gap
    :math:`g = (z_t - z_s)/T`, the log ratio is :math:`r = \log(p_T/q_T) = g - \log \sum_j
    q_{T,j} e^{g_j}`, whose last term is :math:`\operatorname{log1p}(\sum_j q_{T,j}
    \operatorname{expm1}(g_j - c)) + c` with :math:`c` the :math:`q_T`-mean of :math:`g`; then
    :math:`q_T - p_T = -q_T \operatorname{expm1}(r)` where :math:`r \le 0` and
    :math:`p_T \operatorname{expm1}(-r)` where :math:`r > 0` (neither can overflow). Each
    entry is accurate to a few rounding errors relative to the row's largest
    :math:`|q_T - p_T|`. Where the gap is too large for the exponential (beyond about 700),
    :math:`r` is the difference of the two log-softmaxes, accurate there.

    Examples
    --------
    >>> from infoloss.distillation import distillation_gradient
    >>> distillation_gradient([[0.0, 0.0]], [[2.0, -2.0]], temperature=2.0).round(6)
    array([[-0.190399,  0.190399]])
    """
    zs, zt, t = _pair(student_logits, teacher_logits, temperature)
    q, p = softmax(zs / t), softmax(zt / t)
    g = (zt - zs) / t  # (the gap of the logits as given, then scaled: it keeps its digits)
    g = g - np.sum(q * g, axis=-1, keepdims=True)  # softmax is unchanged by a shift
    with np.errstate(over="ignore", invalid="ignore"):
        r = g - np.log1p(np.sum(q * np.expm1(g), axis=-1, keepdims=True))
    r = np.where(np.isfinite(r), r, log_softmax(zt / t) - log_softmax(zs / t))
    return np.where(r > 0, p, -q) * np.expm1(-np.abs(r)) / t  # each factor keeps its digits
