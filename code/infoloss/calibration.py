"""Calibration of a classifier: reliability tables, expected calibration error, temperature.

A classifier is *calibrated* when, among the examples to which it gives confidence c, a
fraction c is classified correctly. These helpers measure that on a labelled set and fit the
one-parameter repair of Guo et al. (2017), temperature scaling.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq

from infoloss import _validation as v
from infoloss.logits import softmax

# fit_temperature searches T in [1e-3, 1e3], through beta = 1 / T.
_BETA_BOUNDS = (1e-3, 1e3)


class ReliabilityTable(NamedTuple):
    """Per-bin summary of a classifier's confidence against its accuracy.

    Every field but `edges` has one entry per bin. An empty bin has ``count == 0`` and, by
    convention, ``confidence == accuracy == 0`` (never nan): select the filled bins with
    ``table.count > 0``.
    """

    edges: np.ndarray
    """Bin edges, shape (n_bins + 1,): ``np.linspace(0, 1, n_bins + 1)``."""
    confidence: np.ndarray
    """Mean confidence (largest probability of each row) of the examples in each bin."""
    accuracy: np.ndarray
    """Fraction of the examples in each bin whose most probable class is the label."""
    count: np.ndarray
    """Number of examples in each bin (int)."""


def _two_d(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n examples, K classes); got shape {arr.shape}")
    return arr


def reliability_table(probs, labels, n_bins=10):
    r"""Bin predictions by confidence; per bin, the mean confidence, the accuracy and the count.

    Parameters
    ----------
    probs : array_like, shape (n, K)
        Predicted class probabilities, one distribution per row (each row sums to 1).
    labels : array_like of int, shape (n,)
        True class indices in ``[0, K)``.
    n_bins : int, optional
        Number of equal-width bins over [0, 1], >= 1.

    Returns
    -------
    ReliabilityTable
        ``(edges, confidence, accuracy, count)``. Bin :math:`m = 1, \dots, M` holds the
        confidences in :math:`((m-1)/M, m/M]`, as in Guo et al. (2017): a confidence on an
        edge belongs to the bin below it (the first bin also holds 0). Empty bins are kept,
        with count 0 and confidence and accuracy 0 (never nan); ``table.count > 0`` selects
        the others.

    Notes
    -----
    The confidence of example :math:`i` is the top-label probability
    :math:`c_i = \max_k q_{ik}`; it is correct when :math:`\arg\max_k q_{ik} = y_i` (ties go
    to the lowest index, as in ``np.argmax``). This differs from scikit-learn's
    ``sklearn.calibration.calibration_curve``, which bins :math:`P(y = 1)` of a binary
    classifier and reports the fraction of positives: for two classes its bins cover [0, 1],
    ours only [1/2, 1].

    References
    ----------
    C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural
    networks", ICML 2017.

    Examples
    --------
    >>> from infoloss import reliability_table
    >>> probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]]
    >>> table = reliability_table(probs, [0, 1, 1, 0], n_bins=2)
    >>> table.edges
    array([0. , 0.5, 1. ])
    >>> table.count, table.accuracy
    (array([0, 4]), array([0. , 0.5]))
    >>> table.confidence.round(4)
    array([0.    , 0.7375])
    """
    p = _two_d(v.distribution(probs, "probs")[0], "probs")
    y = v.class_indices(labels, p.shape[1], p.shape[:1])
    n_bins = v.count(n_bins, "n_bins", 1)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(np.float64)
    # the bin m with edges[m] < c <= edges[m + 1], against the stored edges (c * n_bins can
    # disagree with them by one ulp); c = 0 joins the first bin
    bins = np.maximum(np.searchsorted(edges, conf, side="left") - 1, 0)
    count = np.bincount(bins, minlength=n_bins)
    filled = np.maximum(count, 1)
    confidence = np.bincount(bins, weights=conf, minlength=n_bins) / filled
    accuracy = np.bincount(bins, weights=correct, minlength=n_bins) / filled
    return ReliabilityTable(edges, confidence, accuracy, count)


def expected_calibration_error(probs, labels, n_bins=10):
    r"""Expected calibration error: the count-weighted gap between accuracy and confidence.

    Parameters
    ----------
    probs : array_like, shape (n, K)
        Predicted class probabilities, one distribution per row.
    labels : array_like of int, shape (n,)
        True class indices in ``[0, K)``.
    n_bins : int, optional
        Number of equal-width confidence bins over [0, 1], >= 1.

    Returns
    -------
    float
        :math:`\mathrm{ECE} = \sum_b \frac{n_b}{n}\,\lvert \mathrm{acc}_b - \mathrm{conf}_b
        \rvert`, over the bins of :func:`reliability_table`; in [0, 1], 0 when every bin's
        accuracy equals its mean confidence.

    Notes
    -----
    ECE depends on the binning, and a finite sample gives a positive ECE even to a calibrated
    classifier (the accuracy of a bin is a noisy estimate); compare ECEs on the same bins.

    References
    ----------
    C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural
    networks", ICML 2017.

    Examples
    --------
    >>> from infoloss import expected_calibration_error
    >>> probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]]
    >>> round(expected_calibration_error(probs, [0, 1, 1, 0], n_bins=2), 6)
    0.2375
    """
    table = reliability_table(probs, labels, n_bins)
    gaps = table.count * np.abs(table.accuracy - table.confidence)
    return float(np.sum(gaps) / np.sum(table.count))


def fit_temperature(logits, labels):
    r"""Temperature :math:`T > 0` minimising the mean cross-entropy of ``softmax(logits / T)``.

    Parameters
    ----------
    logits : array_like, shape (n, K)
        Finite scores of a trained classifier on held-out examples.
    labels : array_like of int, shape (n,)
        Their true class indices in ``[0, K)``.

    Returns
    -------
    float
        The minimiser :math:`T` of :math:`\frac1n \sum_i -\log \mathrm{softmax}(z_i / T)_{y_i}`
        over :math:`[10^{-3}, 10^{3}]`. Dividing the logits by :math:`T` leaves every
        prediction's arg max unchanged, so accuracy is unchanged; only the confidences move.

    Notes
    -----
    With :math:`\beta = 1/T` the loss :math:`\frac1n \sum_i [\log \sum_k e^{\beta z_{ik}} -
    \beta z_{iy_i}]` is convex, and its derivative

    .. math:: g(\beta) = \frac1n \sum_i \Bigl[\sum_k \mathrm{softmax}(\beta z_i)_k\, z_{ik}
              - z_{iy_i}\Bigr]

    (the mean logit under the model minus the logit of the label) increases with
    :math:`\beta`. The minimiser is its root, found by Brent's method (``scipy.optimize.brentq``)
    to full precision, deterministically; a derivative that keeps one sign over
    :math:`\beta \in [10^{-3}, 10^{3}]` gives the bound it points to. In particular, logits that
    already classify every example correctly make the loss fall all the way to :math:`T \to 0`,
    and :math:`T = 10^{-3}` is returned. At the root :math:`g = 0`, i.e. the model's expected
    logit equals the observed one on average. That is all the fit guarantees: the log score is
    strictly proper, so :math:`T` is the member of the one-parameter family closest to the truth
    in KL, but a lower log score need not mean a lower calibration error (chapter 5 shows a fit
    that raises the ECE).

    References
    ----------
    C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural
    networks", ICML 2017.

    Examples
    --------
    Two classes, logits (0, 2) for every example and class 1 in three cases of four: the best
    probability is 3/4, i.e. :math:`2 / T = \log 3`.

    >>> import math
    >>> from infoloss import fit_temperature
    >>> T = fit_temperature([[0.0, 2.0]] * 4, [1, 1, 1, 0])
    >>> round(T, 6), round(2 / math.log(3), 6)
    (1.820478, 1.820478)
    """
    z = _two_d(v.finite(logits, "logits", min_ndim=2), "logits")
    y = v.class_indices(labels, z.shape[1], z.shape[:1])

    z = z - z.max(axis=1, keepdims=True)  # softmax is unchanged by a row's shift: now z <= 0
    z = np.maximum(z, -1e296)  # so that beta * z stays in softmax's range (e^-1e296 is 0 anyway)
    z_label = np.take_along_axis(z, y[:, None], axis=1)[:, 0]

    def slope(beta: float) -> float:
        return float(np.mean(np.sum(softmax(beta * z) * z, axis=1) - z_label))

    lo, hi = _BETA_BOUNDS
    if slope(hi) <= 0.0:  # still falling at the largest beta: the smallest T
        return 1.0 / hi
    if slope(lo) >= 0.0:  # already rising at the smallest beta: the largest T
        return 1.0 / lo
    return 1.0 / brentq(slope, lo, hi, xtol=1e-14, rtol=4 * np.finfo(float).eps)
