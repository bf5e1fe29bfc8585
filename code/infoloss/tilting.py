r"""Exponential tilting: the best distribution for a reward under a KL penalty to a reference.

Maximising :math:`\mathbb{E}_q[r] - \beta\, D_{\mathrm{KL}}(q \,\|\, q_\text{ref})` over
distributions q (the objective of KL-regularised fine-tuning) has the closed-form answer
:math:`q^* \propto q_\text{ref}\, e^{r / \beta}`: the reference tilted towards high reward.
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from infoloss import _validation as v
from infoloss.divergence import kl_divergence


def _reward(reward, q_ref: np.ndarray, ax: int) -> np.ndarray:
    """The reward of each outcome, broadcast to q_ref's shape: a 1-d reward along `axis`."""
    r = v.finite(reward, "reward", min_ndim=1)
    if r.ndim == 1:  # one reward per outcome, shared by every distribution
        r = r.reshape([-1 if i == ax else 1 for i in range(q_ref.ndim)])
    elif r.ndim != q_ref.ndim:
        raise ValueError(
            f"reward must be 1-d (one entry per outcome) or have q_ref's {q_ref.ndim} "
            f"dimensions; got shape {r.shape}"
        )
    return v.broadcast_to(r, q_ref.shape, "reward", "q_ref")


def tilted_distribution(q_ref, reward, beta, axis=-1):
    r"""The maximiser :math:`q^* \propto q_\text{ref}\, e^{r/\beta}` of the KL-penalised reward.

    Parameters
    ----------
    q_ref : array_like
        Reference distribution(s), summing to 1 along `axis`.
    reward : array_like
        Finite reward of each outcome, :math:`|r| \le 10^{300}`: 1-d (one entry per outcome,
        along `axis`) or of `q_ref`'s shape (numpy broadcasting).
    beta : float
        Strength of the penalty, in :math:`[10^{-300}, 10^{300}]`: large beta keeps
        :math:`q^*` near `q_ref`, small beta puts almost all the mass on the best-rewarded
        outcomes in the support of `q_ref`.
    axis : int, optional
        The outcomes' axis.

    Returns
    -------
    numpy.ndarray
        :math:`q^*`, summing to 1 along `axis`, zero wherever `q_ref` is zero (and where it
        is below the smallest normal float, 2.2e-308). Each entry has a relative error of about
        :math:`\epsilon` times :math:`|\log q_\text{ref}| + (\max r - \min r)/\beta` on the
        support.

    Notes
    -----
    :math:`q^*` is the softmax of :math:`\log q_\text{ref} + r/\beta`, computed as that of
    :math:`\log q_\text{ref} + (r - \max r)/\beta`: the same vector (a softmax ignores a shift),
    but :math:`r / \beta` cannot overflow at small beta.

    Examples
    --------
    >>> from infoloss import tilted_distribution
    >>> tilted_distribution([0.5, 0.5], [0.0, 1.0], beta=1.0).round(4)  # 1:e
    array([0.2689, 0.7311])
    >>> tilted_distribution([0.5, 0.5, 0.0], [0.0, 1.0, 9.0], beta=1e-3)  # never off q_ref
    array([0., 1., 0.])
    """
    p, ax = v.distribution(q_ref, "q_ref", axis)
    r = _reward(reward, p, ax)
    beta = v.positive_scalar(beta, "beta")
    r = np.where(p > 0, r, -np.inf)  # outcomes off the reference's support get no mass
    best = r.max(axis=ax, keepdims=True)
    with np.errstate(divide="ignore", over="ignore"):  # log 0 and (r - best)/beta: -inf
        logits = np.log(p) + (r - best) / beta
    q = softmax(logits, axis=ax)
    return np.where(q < v.TINY, 0.0, q)  # a probability is 0 or a normal float (the range)


def kl_regularized_objective(q, q_ref, reward, beta, axis=-1):
    r"""The KL-penalised reward :math:`\mathbb{E}_q[r] - \beta D_{\mathrm{KL}}(q \,\|\,
    q_\text{ref})`.

    Parameters
    ----------
    q : array_like
        The tuned distribution(s), summing to 1 along `axis`; `q_ref`'s shape.
    q_ref, reward, beta, axis
        As in :func:`tilted_distribution`.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In the reward's units (the KL in nats times beta); ``-inf`` where `q` puts mass on an
        outcome that `q_ref` excludes. The two terms have opposite signs: the error is a few
        ulps of their magnitudes.

    Examples
    --------
    >>> from infoloss import kl_regularized_objective, tilted_distribution
    >>> q_ref, r = [0.5, 0.5], [0.0, 1.0]
    >>> best = tilted_distribution(q_ref, r, beta=1.0)
    >>> round(float(kl_regularized_objective(best, q_ref, r, beta=1.0)), 6)  # log((1 + e)/2)
    0.620115
    >>> round(float(kl_regularized_objective([0.0, 1.0], q_ref, r, beta=1.0)), 6)  # 1 - log 2
    0.306853
    """
    q, ax = v.distribution(q, "q", axis)
    p, _ = v.distribution(q_ref, "q_ref", axis)
    v.same_shape(q, p, "q", "q_ref")
    r = _reward(reward, p, ax)
    beta = v.positive_scalar(beta, "beta")
    return np.sum(q * r, axis=ax) - beta * kl_divergence(q, p, axis=ax)
