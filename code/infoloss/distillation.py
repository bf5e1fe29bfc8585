r"""Knowledge distillation: a student trained on a teacher's softened probabilities.

The teacher's logits :math:`z_t` give soft targets :math:`p_T = \mathrm{softmax}(z_t / T)`; the
student's logits :math:`z_s` give :math:`q_T = \mathrm{softmax}(z_s / T)`. The distillation loss
:math:`H(p_T, q_T)` and :math:`D_{\mathrm{KL}}(p_T \| q_T)` differ by :math:`H(p_T)`, which
does not depend on the student: both have the gradient :math:`(q_T - p_T) / T`.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.logits import _log_softmax

_DIVERGENCES = ("cross_entropy", "kl")


def _temperature(temperature) -> float:
    return v.positive_scalar(temperature, "temperature")


def _pair(student_logits, teacher_logits, temperature):
    t = _temperature(temperature)
    zs = v.finite(student_logits, "student_logits", min_ndim=1)
    zt = v.finite(teacher_logits, "teacher_logits", min_ndim=1)
    v.check_same_shape(zs, zt, "student_logits", "teacher_logits")
    if zs.shape[-1] < 2:
        raise ValueError(
            f"student_logits and teacher_logits need at least 2 classes on the last axis; got "
            f"shape {zs.shape}"
        )
    return zs, zt, t


def _tempered(z: np.ndarray, t: float) -> np.ndarray:
    """log softmax(z / T) of finite logits, also where z / T overflows (T = 1e-300): there
    only the differences from the row's maximum matter, all <= 0, and one beyond the float range
    is -inf, a probability of exactly 0."""
    with np.errstate(over="ignore"):
        scaled = z / t
        spilled = ~np.isfinite(scaled).all(axis=-1, keepdims=True)
        if spilled.any():
            shifted = (z - z.max(axis=-1, keepdims=True)) / t
            scaled = np.where(spilled, shifted, scaled)
    return _log_softmax(scaled, -1)


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
        Probabilities, each row summing to 1.

    Examples
    --------
    >>> from infoloss.distillation import soft_targets
    >>> soft_targets([[4.0, 2.0, 0.0]], temperature=1.0).round(4)
    array([[0.8668, 0.1173, 0.0159]])
    >>> soft_targets([[4.0, 2.0, 0.0]], temperature=4.0).round(4)
    array([[0.5065, 0.3072, 0.1863]])
    """
    t = _temperature(temperature)
    z = v.finite(logits, "logits", min_ndim=1)
    return np.exp(_tempered(z, t))


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
        Not multiplied by :math:`T^2`: the usual recipe scales the soft loss by :math:`T^2`
        so that its gradient, :func:`distillation_gradient`, keeps its size as T grows.

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
    reduction = v.check_reduction(reduction)
    zs, zt, t = _pair(student_logits, teacher_logits, temperature)
    log_q, log_p = _tempered(zs, t), _tempered(zt, t)
    p = np.exp(log_p)
    # 0 log 0 = 0: where p is 0, log_p and log_q may be -inf (logits 1e308 apart, T = 1e-300)
    with np.errstate(invalid="ignore"):
        inner = -log_q if divergence == "cross_entropy" else log_p - log_q
    inner = np.where(p > 0, inner, 0.0)
    out = v.vecdot(p, inner, -1) + 0.0
    subnormal = (p > 0) & (p < np.finfo(np.float64).tiny)
    if subnormal.any():  # p kept only a few bits: its terms from log p, e.g. e^-725 * 1600
        with np.errstate(divide="ignore"):
            exact = np.sign(inner) * np.exp(log_p + np.log(np.abs(inner)))
        terms = np.einsum("...k->...", np.where(subnormal, exact, p * inner))
        out = np.where(subnormal.any(axis=-1), terms + 0.0, out)
    if not np.isfinite(out).all():  # a -log q beyond the float range where p > 0
        out = np.where(np.isfinite(out), out, _far_cross_entropy(zs, t, p, log_q))
        if divergence == "kl":  # minus H(p), finite
            out = out + v.vecdot(p, np.where(p > 0, log_p, 0.0), -1)
    if divergence == "kl":
        tiny = out < 1e-4  # there p * (log p - log q) cancels: redo from the logit gap
        if np.any(tiny):
            with np.errstate(all="ignore"):  # a large gap on a class of tiny p and q
                careful = _small_kl((zt - zs) / t, np.exp(log_q))
            out = np.where(tiny & np.isfinite(careful), careful, np.maximum(out, 0.0))
    return v.reduce(np.asarray(out), reduction)


def _far_cross_entropy(zs: np.ndarray, t: float, p: np.ndarray, log_q: np.ndarray):
    """H(p, q_T) where some -log q_k = (max zs - zs_k) / T + log1p(S) is beyond the float range
    but p_k times it need not be (logits 5e307 and -5e307 at T = 0.5, p = (1/2, 1/2): 1e308).
    Each p_k (max - z_k) / T is formed from halves of the logits, which cannot overflow, and
    is +inf only where that term itself is beyond the range."""
    half = 0.5 * zs.max(axis=-1, keepdims=True) - 0.5 * zs
    with np.errstate(over="ignore"):
        gaps = np.einsum("...k->...", p * half / t * 2.0)
        return gaps - log_q.max(axis=-1) * p.sum(axis=-1)  # log1p(S) = -max log q


def _small_kl(gap: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL(softmax(b + gap) || softmax(b)) with q = softmax(b), accurate when the KL is tiny.

    With d = p/q - 1 the KL is sum q * f(d), f(d) = (1 + d) log1p(d) - d >= 0 (a series near 0,
    so nothing cancels); d = expm1(g - log1p(sum q expm1(g))) with g the gap centred on its
    q-mean, which makes the sum second order and keeps d's relative accuracy.
    """
    g = gap - v.vecdot(q, gap, -1)[..., None]
    d = np.expm1(g - np.log1p(v.vecdot(q, np.expm1(g), -1))[..., None])
    series = d * d * (0.5 - d * (1 / 6 - d * (1 / 12 - d * (1 / 20 - d / 30))))
    f = np.where(np.abs(d) < 1e-4, series, (1 + d) * np.log1p(d) - d)
    return np.maximum(v.vecdot(q, f, -1), 0.0)


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

    Examples
    --------
    >>> from infoloss.distillation import distillation_gradient
    >>> distillation_gradient([[0.0, 0.0]], [[2.0, -2.0]], temperature=2.0).round(6)
    array([[-0.190399,  0.190399]])
    """
    zs, zt, t = _pair(student_logits, teacher_logits, temperature)
    log_q, log_p = _tempered(zs, t), _tempered(zt, t)
    q, p = np.exp(log_q), np.exp(log_p)
    with np.errstate(over="ignore"):  # |q - p| / T beyond the float range (T = 1e-310): +-inf
        grad = (q - p) / t
    tiny = np.finfo(np.float64).tiny
    subnormal = ((q > 0) & (q < tiny)) | ((p > 0) & (p < tiny))
    if subnormal.any():  # a subnormal q or p kept few bits, which / T (1e-3) would magnify
        log_t = np.log(t)
        with np.errstate(over="ignore"):
            grad = np.where(subnormal, np.exp(log_q - log_t) - np.exp(log_p - log_t), grad)
    return grad
