"""Linear classifiers fitted by other losses than cross-entropy: squared error on the softmax
probabilities (the Brier score) and the multiclass hinge loss of Crammer and Singer.

:func:`classifier_objective` gives the L2-regularised objective of a linear model (logits
``X @ W[:-1] + W[-1]``) and its gradient for the three losses; :func:`fit_linear_classifier`
minimises it with scipy's L-BFGS-B from zero weights, deterministically.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from infoloss import _validation as v
from infoloss.linear import linear_logits
from infoloss.logits import softmax
from infoloss.losses import cross_entropy_from_logits

LOSSES = ("cross_entropy", "brier", "hinge")


def classifier_objective(W, X, labels, loss="cross_entropy", l2=0.0):
    r"""L2-regularised mean loss of a linear classifier, and its gradient with respect to `W`.

    Parameters
    ----------
    W : array_like, shape (d + 1, K)
        Weights, then the biases in the last row.
    X : array_like, shape (n, d)
        Finite features.
    labels : array_like of int, shape (n,)
        Class indices in ``[0, K)``.
    loss : {"cross_entropy", "brier", "hinge"}, optional
        Per example, with logits :math:`z` and :math:`q = \mathrm{softmax}(z)`:
        ``"cross_entropy"`` :math:`-\log q_y`; ``"brier"`` :math:`\sum_k (q_k - [k = y])^2`;
        ``"hinge"`` (Crammer–Singer) :math:`\max(0,\ 1 + \max_{k \ne y} z_k - z_y)`.
    l2 : float, optional
        :math:`\lambda \ge 0`; adds :math:`\frac{\lambda}{2}\lVert W_{:-1} \rVert^2` (the
        biases are not penalised).

    Returns
    -------
    value : float
    gradient : numpy.ndarray, shape (d + 1, K)

    Notes
    -----
    Derivatives with respect to the logits: :math:`q - e_y` (cross-entropy);
    :math:`2 q_j [(q_j - t_j) - \sum_k q_k (q_k - t_k)]` (Brier, :math:`t = e_y`);
    :math:`e_{k^*} - e_y` where the hinge is positive, :math:`k^*` the highest-scoring wrong
    class (a subgradient: the hinge has kinks). The gradient is :math:`\frac1n \tilde X^\top G
    + \lambda W` (bias row excluded from the penalty).

    Examples
    --------
    >>> from infoloss import classifier_objective
    >>> W0 = [[0.0, 0.0], [0.0, 0.0]]
    >>> for loss in ("cross_entropy", "brier", "hinge"):
    ...     print(loss, round(classifier_objective(W0, [[1.0]], [0], loss)[0], 6))
    cross_entropy 0.693147
    brier 0.5
    hinge 1.0
    """
    v.choice(loss, "loss", LOSSES)
    l2 = v.nonnegative_scalar(l2, "l2")
    X, W = v.features(X), v.finite(W, "W")
    if W.ndim != 2 or W.shape[0] != X.shape[1] + 1:
        raise ValueError(f"W must have shape (d + 1, K) = ({X.shape[1] + 1}, K); got {W.shape}")
    z = linear_logits(W, X)
    n, k = z.shape
    y = v.class_indices(labels, k, (n,))
    rows = np.arange(n)
    if loss == "cross_entropy":
        value = float(cross_entropy_from_logits(z, y))
        g = softmax(z)
        g[rows, y] -= 1.0
    elif loss == "brier":
        q = softmax(z)
        r = q.copy()
        r[rows, y] -= 1.0  # q - t
        value = float(np.mean(np.sum(r * r, axis=1)))
        g = 2.0 * q * (r - np.sum(q * r, axis=1, keepdims=True))
    else:
        wrong = np.where(np.arange(k) == y[:, None], -np.inf, z)
        rival = np.argmax(wrong, axis=1)
        margin = 1.0 + wrong[rows, rival] - z[rows, y]
        active = margin > 0
        value = float(np.mean(np.maximum(margin, 0.0)))
        g = np.zeros_like(z)
        g[rows[active], rival[active]] = 1.0
        g[rows[active], y[active]] = -1.0
    x1 = np.column_stack([np.asarray(X, dtype=np.float64), np.ones(n)])
    # numpy's einsum loop, not BLAS: the same sums on every CPU
    grad = np.einsum("ij,ik->jk", x1, g) / n
    w = np.asarray(W, dtype=np.float64)
    grad[:-1] += l2 * w[:-1]
    value += 0.5 * l2 * float(np.sum(w[:-1] ** 2))
    return value, grad


def fit_linear_classifier(X, labels, loss="cross_entropy", l2=1e-2, num_classes=None,
                          maxiter=2000):  # fmt: skip
    r"""Minimise :func:`classifier_objective` by L-BFGS-B from zero weights.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Finite (preferably standardised) features.
    labels : array_like of int, shape (n,)
        Class indices.
    loss : {"cross_entropy", "brier", "hinge"}, optional
    l2 : float, optional
        The penalty :math:`\lambda` on the weights (not the biases).
    num_classes : int, optional
        K (default ``max(labels) + 1``).
    maxiter : int, optional
        Iteration limit of L-BFGS-B.

    Returns
    -------
    W : numpy.ndarray, shape (d + 1, K)
    result : scipy.optimize.OptimizeResult
        scipy's report (``fun``, ``nit``, ``message``). For the hinge, whose objective has
        kinks, L-BFGS-B usually stops when its line search fails near the minimum.

    Notes
    -----
    Fixed start (zeros), fixed tolerances (``ftol=1e-12``, ``gtol=1e-8``): the same run every
    time. The cross-entropy and hinge objectives are convex; the Brier objective on softmax
    probabilities is not, and its result is the minimum reached from zero.

    Examples
    --------
    >>> from infoloss import fit_linear_classifier
    >>> W, result = fit_linear_classifier([[-1.0], [0.0], [1.0]], [0, 1, 2], l2=0.1)
    >>> W.shape, bool(result.fun < 0.9)
    ((2, 3), True)
    """
    X = v.features(X)
    if num_classes is None:  # max(labels) + 1; classifier_objective checks the labels in full
        num_classes = max(int(v.finite(labels, "labels").max()) + 1, 1)
    k, maxiter = v.count(num_classes, "num_classes"), v.count(maxiter, "maxiter")
    y = v.class_indices(labels, k, (X.shape[0],))
    d1 = X.shape[1] + 1

    def fun(w):
        value, grad = classifier_objective(w.reshape(d1, k), X, y, loss, l2)
        return value, grad.ravel()

    result = minimize(fun, np.zeros(d1 * k), jac=True, method="L-BFGS-B",
                      options={"maxiter": maxiter, "ftol": 1e-12, "gtol": 1e-8})  # fmt: skip
    return result.x.reshape(d1, k), result
