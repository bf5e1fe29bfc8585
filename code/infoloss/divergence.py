"""Divergences between discrete distributions: cross-entropy, Kullback–Leibler, Jensen–Shannon,
and mutual information (the KL divergence of a joint table from the product of its margins)."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import xlog1py, xlogy

from infoloss import _validation_old as v  # TRANSITION: convert to _validation

# Below this the fast KL sum has lost too many digits: rounding p/q costs each term an absolute
# p * eps/2, so the sum's absolute error is about eps/2, i.e. ~1e-13 relative at KL = 1e-3.
_TINY_KL = 1e-3


def _pair(p, q, axis):
    """p and q as float64 (rows, K) arrays with the axis last, the results' shape, and the
    arrays themselves (for error messages); validation of their values comes later."""
    p = v.as_float_array(p, "p", min_ndim=1)
    ax = v.check_axis(axis, p.ndim, "p")
    q = v.as_float_array(q, "q", min_ndim=1)
    v.check_axis(axis, q.ndim, "q")
    v.check_same_shape(p, q, "p", "q")
    (pr, shape), (qr, _) = v.rows(p, ax), v.rows(q, ax)
    return pr, qr, shape, (p, q, ax)


def _raise_invalid(arrays) -> None:
    """Name what is wrong with p or q (called only once something is)."""
    p, q, ax = arrays
    v.check_distribution(p, "p", ax)
    v.check_distribution(q, "q", ax)


def cross_entropy(p, q, base=None, axis=-1):
    r"""Cross-entropy :math:`H(p, q)` of a model `q` under the true distribution `p`.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1
        (to ``2**-30 + K * 2**-52`` in float64: the rule of the notation page).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``inf`` where `q` gives probability 0 to an outcome that `p` can produce.

    Notes
    -----
    .. math:: H(p, q) = -\sum_x p(x) \log q(x) = H(p) + D_{\mathrm{KL}}(p \,\|\, q),

    with :math:`0 \log q = 0` for every :math:`q`, including :math:`q = 0` (scipy's ``xlogy``).

    Examples
    --------
    >>> from infoloss import cross_entropy
    >>> float(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2))  # 0.5*2 + 0.5*0.415
    1.207518749639422
    >>> float(cross_entropy([1.0, 0.0], [0.5, 0.5], base=2))
    1.0
    >>> float(cross_entropy([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    p, q, shape, arrays = _pair(p, q, axis)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # bad p, q: refused below
        sp, sq, low, h = v.blockwise(_cross_entropy_block, p, q)
    if not (v.sums_ok(sp, p.shape[1]) and v.sums_ok(sq, q.shape[1])) or (low < 0).any():
        _raise_invalid(arrays)
    return v.in_base(v.shaped(h, shape), base)


def _cross_entropy_block(p, q, buf):
    """(sums of p, sums of q, min(0, min of p (and of q where it matters)), sums of -p log q)."""
    # Each array's checks run right after its first pass, while its block is still in cache.
    low = np.minimum.reduce(p, axis=1)  # a negative p with a valid q would go unnoticed
    sp = np.einsum("ij->i", p)
    np.log(q, out=buf)
    sq = np.einsum("ij->i", q)
    np.multiply(p, buf, out=buf)  # (with the pairwise sum below: faster than einsum's dot)
    h = np.add.reduce(buf, axis=1)
    if np.isnan(h).any():  # q == 0 somewhere: 0 log 0 -> 0 (p log 0 -> +inf), or q < 0
        low = np.minimum(low, np.minimum.reduce(q, axis=1))
        np.copyto(buf, 0.0, where=p == 0)
        h = np.add.reduce(buf, axis=1)
    return sp, sq, np.minimum(low, 0.0), -h  # (see _kl_block)


def kl_divergence(p, q, base=None, axis=-1):
    r"""Kullback–Leibler divergence :math:`D_{\mathrm{KL}}(p \,\|\, q)`.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1
        (to ``2**-30 + K * 2**-52`` in float64: the rule of the notation page).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\ge 0`; ``inf`` where `q` gives probability 0 to an outcome `p` can produce.

    Notes
    -----
    .. math:: D_{\mathrm{KL}}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}.

    Computed directly, never as ``cross_entropy - entropy`` (which cancels catastrophically when
    the divergence is tiny). The fast path is one division, one ``np.log`` pass and a sum, in
    blocks of 262,144 entries (into one reused buffer; partial sums added exactly). Where it is
    not finite or below 1e-3 the sum is redone term by term as
    :math:`\frac{1}{S_p}\sum [p \log(p/m) - p + m]` with :math:`m = q\,S_p/S_q` and
    :math:`S_p, S_q` the exact sums of `p` and `q` (1 up to their rounding): the divergence of
    the distributions :math:`p/S_p` and :math:`q/S_q`, a sum of non-negative terms (a series
    where :math:`p \approx q`), so a divergence of 1e-24 keeps its digits whatever the last bits
    of the inputs' sums.

    Examples
    --------
    >>> from infoloss import kl_divergence
    >>> float(kl_divergence([0.5, 0.5], [0.25, 0.75], base=2))
    0.20751874963942185
    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> float(kl_divergence([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    p, q, shape, arrays = _pair(p, q, axis)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sp, sq, low, d = v.blockwise(_kl_block, p, q)
        if not (v.sums_ok(sp, p.shape[1]) and v.sums_ok(sq, q.shape[1])) or (low < 0).any():
            _raise_invalid(arrays)
        redo = ~np.isfinite(d) | (d < _TINY_KL)
        if redo.any():
            d[redo] = _kl_careful(p[redo], q[redo])
    return v.in_base(v.shaped(d, shape), base)


def _kl_block(p, q, buf):
    """(sums of p, sums of q, min(0, min of p and q), sums of p log(p/q)) of one block.

    The minimum is capped at 0 because ``blockwise`` adds the blocks' results of a long row:
    a sum of values <= 0 is < 0 exactly when one of them is, where a sum of the blocks' minima
    would let a positive minimum hide a negative entry (a long row with p = -1e-7 passed).
    """
    low = np.minimum(np.minimum.reduce(p, axis=1), np.minimum.reduce(q, axis=1))
    np.divide(p, q, out=buf)
    np.log(buf, out=buf)
    np.multiply(p, buf, out=buf)
    sums = np.einsum("ij->i", p), np.einsum("ij->i", q)
    return *sums, np.minimum(low, 0.0), np.add.reduce(buf, axis=1)


def _kl_careful(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Row by row KL of (rows, K) arrays, accurate for tiny divergences, zeros and extremes.

    Each row is read as the distribution it stands for, p / Sp and q / Sq (Sp, Sq its exact
    sums, 1 up to rounding): KL = (1/Sp) sum(p log(p/m) - p + m) with m = q Sp/Sq, whose
    cells add up to Sp like p's, so every term is >= 0. (The rows as given would add
    Sq - Sp ~ 1e-16 to a divergence of 1e-19.) Near p == q a term is m f(d), d = (p - m)/m
    and f(d) = (1 + d) log(1 + d) - d without cancellation (a series near 0), with
    p - m = (p - q) - q e, p - q exact (Sterbenz) and e = (Sp - Sq)/Sq, Sp - Sq summed exactly.
    """
    gap = np.array([math.fsum(np.concatenate([pr, -qr])) for pr, qr in zip(p, q, strict=True)])
    sq = np.add.reduce(q, axis=1)  # (pairwise: e needs only a few digits, Sp - Sq all of them)
    sp, e = sq + gap, (gap / sq)[:, None]
    m = q + q * e
    diff = (p - q) - q * e
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near = v.xlog1px_minus_x(np.where(m > 0, diff / np.where(m > 0, m, 1.0), 0.0))
        ratio = p / m
        log_ratio = np.where(np.isfinite(ratio) & (ratio > 0), np.log(ratio), np.log(p) - np.log(m))
        terms = np.where(np.abs(diff) <= 0.5 * m, m * near, p * log_ratio - diff)
    terms = np.where(p > 0, terms, m)  # +inf where q == 0 < p
    return np.maximum(np.add.reduce(terms, axis=1) / sp, 0.0)


def js_divergence(p, q, base=None, axis=-1):
    r"""Jensen–Shannon divergence between two discrete distributions.

    Parameters
    ----------
    p, q : array_like
        Probability vectors of the same shape; each slice along `axis` sums to 1
        (to ``2**-30 + K * 2**-52`` in float64: the rule of the notation page).
    base : float, optional
        Logarithm base: None for nats, 2 for bits (then the result lies in [0, 1]).
    axis : int, optional
        Axis holding the outcomes (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        In :math:`[0, \log 2]`, symmetric in `p` and `q`, always finite; its square root is a
        metric.

    Notes
    -----
    .. math::

        \mathrm{JS}(p, q) = \tfrac12 D_{\mathrm{KL}}(p \,\|\, m)
        + \tfrac12 D_{\mathrm{KL}}(q \,\|\, m), \qquad m = \tfrac12 (p + q).

    Both divergences are finite because :math:`m \ge p/2` and :math:`m \ge q/2`. Term by term,
    with :math:`s = p + q` and :math:`\delta = (p - q)/s`,

    .. math:: \mathrm{JS} = \sum_x \tfrac{s}{4}\, g(\delta), \qquad
              g(\delta) = (1 + \delta)\log(1 + \delta) + (1 - \delta)\log(1 - \delta)
              = \sum_{k \ge 1} \frac{\delta^{2k}}{k(2k - 1)} \ge 0,

    a sum of non-negative terms (the series near :math:`\delta = 0`), so nothing cancels even
    when :math:`p \approx q`. Rounding can put the sum a hair above :math:`\log 2`, so it is
    clipped to the bound.

    Examples
    --------
    >>> from infoloss import js_divergence
    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))  # disjoint supports: the maximum
    1.0
    >>> float(js_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> js_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]], base=2).round(6)
    array([0.048795, 0.311278])
    """
    p, ax = v.distribution(p, "p", axis)
    q, _ = v.distribution(q, "q", axis)
    v.check_same_shape(p, q, "p", "q")
    (p, shape), (q, _) = v.rows(p, ax), v.rows(q, ax)  # a row sums alike in any layout
    s = p + q
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (p - q) / s  # nan where p = q = 0, whose term is 0
        a, b = 2.0 * p / s, 2.0 * q / s  # 1 + delta and 1 - delta, each with one rounding
        d2 = delta * delta
        series = d2 * (1 + d2 * (1 / 6 + d2 * (1 / 15 + d2 * (1 / 28 + d2 * (1 / 45 + d2 / 66)))))
        # near 0, delta itself (a and b each rounded would break a + b = 2 by eps, an error
        # eps/g); beyond 1/2, a and b (1 - delta would lose a tiny q/(p + q))
        mid = xlog1py(1.0 + delta, delta) + xlog1py(1.0 - delta, -delta)
        far = xlogy(a, a) + xlogy(b, b)
        g = np.where(np.abs(delta) < 0.01, series, np.where(np.abs(delta) < 0.5, mid, far))
    js = np.add.reduce(np.where(s > 0, 0.25 * s * g, 0.0), axis=1)
    return v.in_base(v.shaped(np.minimum(js, math.log(2.0)), shape), base)


def mutual_information(joint, base=None):
    r"""Mutual information :math:`I(X; Y)` of a 2-d table :math:`p(x, y)`.

    Parameters
    ----------
    joint : array_like, shape (n_x, n_y)
        :math:`p(x, y)` with `x` on axis 0 and `y` on axis 1: finite, non-negative, summing to 1
        (to ``2**-30 + K * 2**-52`` over its K entries, in float64).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    numpy.float64
        :math:`\ge 0`; 0 (to rounding) when the table is the product of its margins, and
        exactly 0 for a table of one row or one column, whatever the rounding of its sum.

    Notes
    -----
    .. math:: I(X; Y) = D_{\mathrm{KL}}\big(p(x, y) \,\|\, p(x)\,p(y)\big)
              = H(X) - H(X \mid Y) = H(Y) - H(Y \mid X).

    Computed as the divergence on the left, never as a difference of entropies, in a form that
    keeps its digits for a nearly independent table:
    :math:`I = \frac1S \sum_{x,y} m_{xy}\,f(r_{xy})` with :math:`S` the table's sum (1 up
    to its rounding), :math:`m_{xy} = p(x)p(y)/S`, :math:`r_{xy} = p(x, y)/m_{xy} - 1` and
    :math:`f(r) = (1 + r)\log(1 + r) - r \ge 0` (a series near 0): the information of the
    table read as the distribution :math:`p(x, y)/S`, so that the last bit of a table's sum
    cannot add :math:`S - 1 \approx 10^{-16}` to an information of :math:`10^{-30}`. The
    margins and their products are carried to twice the float64 precision, so that
    :math:`p(x, y) - m_{xy}` is exact even when it is :math:`10^{-11}` of the entry.

    Examples
    --------
    >>> from infoloss import mutual_information
    >>> round(float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2)), 12)  # Y = X
    1.0
    >>> float(mutual_information([[0.125, 0.375], [0.125, 0.375]]))  # independent
    0.0
    """
    joint = v.joint_table(joint)
    if 1 in joint.shape:  # one of X, Y is constant (the terms below would leave ~1e-65)
        return v.in_base(np.float64(0.0), base)
    (px, px_lo), (py, py_lo) = _margin(joint), _margin(joint.T)
    s, s_lo = v.exact_sum(joint)
    eps = ((1.0 - s) - s_lo) / s  # 1/S - 1: 0 for a table that sums to 1 exactly
    prod, prod_lo = v.two_product(px[:, None], py[None, :])
    prod_lo = prod_lo + (px[:, None] * py_lo[None, :] + px_lo[:, None] * py[None, :])
    prod_lo = prod_lo + prod * eps  # m = p(x) p(y) / S, whose cells add up to S like p(x, y)
    m = prod + prod * eps
    excess = (joint - prod) - prod_lo  # p(x, y) - m, to rounding of itself
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near = m * v.xlog1px_minus_x(excess / m)
        far = xlogy(joint, joint / m) - excess  # p log(p / m) - p + m
        # p(x) p(y) below the normal range has lost digits (or is 0): then the logs one by one
        lost = xlogy(joint, joint) - xlogy(joint, px[:, None]) - xlogy(joint, py[None, :])
        lost -= joint * np.log1p(eps) + excess
    terms = np.where(np.abs(excess) <= 0.5 * m, near, far)
    terms = np.where(prod >= np.finfo(np.float64).tiny, terms, lost)
    total = np.add.reduce(terms, axis=None)
    mi = total + total * eps  # / S: the information of the table read as p(x, y) / S
    return v.in_base(np.float64(max(mi, 0.0)) + 0.0, base)


def _margin(joint: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row sums of ``joint`` as (hi, lo) pairs: hi + lo within eps**2 of the exact sum."""
    pairs = [v.exact_sum(row) for row in joint]
    return np.array([h for h, _ in pairs]), np.array([lo for _, lo in pairs])
