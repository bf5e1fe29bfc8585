r"""Exponential tilting: the best distribution for a reward under a KL penalty to a reference.

Maximising :math:`\mathbb{E}_q[r] - \beta\, D_{\mathrm{KL}}(q \| q_\text{ref})` over
distributions q (the objective of KL-regularised fine-tuning) has the closed-form answer
:math:`q^* \propto q_\text{ref}\, e^{r / \beta}`: the reference tilted towards high reward.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation_old as v  # TRANSITION: convert to _validation
from infoloss.divergence import kl_divergence


def _beta(beta) -> float:
    return v.positive_scalar(beta, "beta")


def _reward(reward, q_ref: np.ndarray) -> np.ndarray:
    r = v.finite(reward, "reward", min_ndim=1)
    try:
        return np.broadcast_to(r, q_ref.shape)
    except ValueError:
        raise ValueError(
            f"reward of shape {r.shape} does not broadcast to q_ref's {q_ref.shape}"
        ) from None


def tilted_distribution(q_ref, reward, beta, axis=-1):
    r"""The maximiser :math:`q^* \propto q_\text{ref}\, e^{r/\beta}` of the KL-penalised reward.

    Parameters
    ----------
    q_ref : array_like
        Reference distribution(s), summing to 1 along `axis`.
    reward : array_like
        Finite reward of each outcome, broadcast against `q_ref`.
    beta : float
        Strength of the penalty, > 0: large beta keeps :math:`q^*` near `q_ref`, small beta
        puts almost all the mass on the best-rewarded outcomes in the support of `q_ref`.
    axis : int, optional
        The outcomes' axis.

    Returns
    -------
    numpy.ndarray
        :math:`q^*`, summing to 1 along `axis`, zero wherever `q_ref` is zero.

    Notes
    -----
    Computed in log space, :math:`\log q_\text{ref} + r/\beta` minus its maximum, so that
    :math:`e^{r/\beta}` cannot overflow at small beta.

    Examples
    --------
    >>> from infoloss.tilting import tilted_distribution
    >>> tilted_distribution([0.5, 0.5], [0.0, 1.0], beta=1.0).round(4)  # 1:e
    array([0.2689, 0.7311])
    >>> tilted_distribution([0.5, 0.5, 0.0], [0.0, 1.0, 9.0], beta=1e-3)  # never off q_ref
    array([0., 1., 0.])
    """
    p, ax = v.distribution(q_ref, "q_ref", axis)
    r = _reward(reward, p)
    b = _beta(beta)
    support = p > 0
    # reward minus its best value on the support, before dividing by beta: r/beta alone can
    # overflow to inf at small beta, and inf - inf is nan
    best = np.max(np.where(support, r, -np.inf), axis=ax, keepdims=True)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_w = np.where(support, np.log(np.where(support, p, 1.0)) + (r - best) / b, -np.inf)
    log_w = log_w - log_w.max(axis=ax, keepdims=True)
    w = np.exp(log_w)
    return w / w.sum(axis=ax, keepdims=True)


def kl_regularized_objective(q, q_ref, reward, beta, axis=-1):
    r"""The KL-penalised reward :math:`\mathbb{E}_q[r] - \beta D_{\mathrm{KL}}(q \| q_\text{ref})`.

    Parameters
    ----------
    q : array_like
        The tuned distribution(s), summing to 1 along `axis`.
    q_ref, reward, beta, axis
        As in :func:`tilted_distribution`.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In the reward's units (the KL in nats times beta); ``-inf`` where `q` puts mass on an
        outcome that `q_ref` excludes.

    Examples
    --------
    >>> from infoloss.tilting import kl_regularized_objective, tilted_distribution
    >>> q_ref, r = [0.5, 0.5], [0.0, 1.0]
    >>> best = tilted_distribution(q_ref, r, beta=1.0)
    >>> round(float(kl_regularized_objective(best, q_ref, r, beta=1.0)), 6)  # log((1 + e)/2)
    0.620115
    >>> round(float(kl_regularized_objective([0.0, 1.0], q_ref, r, beta=1.0)), 6)  # 1 - log 2
    0.306853
    """
    qq, ax = v.distribution(q, "q", axis)
    p, _ = v.distribution(q_ref, "q_ref", axis)
    v.check_same_shape(qq, p, "q", "q_ref")
    r = _reward(reward, p)
    b = _beta(beta)
    with np.errstate(over="ignore"):  # beta KL beyond the float range (beta = 1.7e308): -inf
        return v.vecdot(qq, r, ax) - b * kl_divergence(qq, p, axis=ax)
