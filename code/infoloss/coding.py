"""Prefix-code lengths: the coding view of entropy and cross-entropy (in bits)."""

from __future__ import annotations

import heapq

import numpy as np

from infoloss import _validation as v


def _vector(p, name: str) -> np.ndarray:
    """One probability vector: 1-d, summing to 1 (:func:`infoloss._validation.distribution`)."""
    arr, _ = v.distribution(p, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-d probability vector; got shape {arr.shape}")
    return arr


def _lengths(lengths) -> np.ndarray:
    """Validate 1-d codeword lengths: finite, non-negative whole numbers."""
    arr = v.finite(lengths, "lengths", min_ndim=1)
    if arr.ndim != 1:
        raise ValueError(f"lengths must be 1-d; got shape {arr.shape}")
    if arr.min() < 0 or (arr != np.round(arr)).any():
        raise ValueError("lengths must be non-negative whole numbers of bits")
    return arr


def huffman_code_lengths(p):
    r"""Codeword lengths, in bits, of a binary Huffman code for the distribution `p`.

    Parameters
    ----------
    p : array_like
        A 1-d probability vector (zeros allowed: such symbols still get a codeword).

    Returns
    -------
    numpy.ndarray of int
        ``lengths[i]`` is the length of the codeword for symbol ``i`` (0 for a one-symbol source).

    Notes
    -----
    Huffman's algorithm repeatedly merges the two least probable groups; every symbol in a merged
    group moves one level deeper. The code is optimal among prefix codes, and with all
    :math:`p(x) > 0` its expected length satisfies :math:`H(p) \le L < H(p) + 1` bits. Ties are
    broken by symbol order, so the lengths are deterministic.

    References
    ----------
    D. A. Huffman, "A method for the construction of minimum-redundancy codes", 1952.

    Examples
    --------
    >>> from infoloss.coding import huffman_code_lengths
    >>> huffman_code_lengths([0.5, 0.25, 0.125, 0.125])
    array([1, 2, 3, 3])
    >>> huffman_code_lengths([0.4, 0.3, 0.2, 0.1])
    array([1, 2, 3, 3])
    """
    p = _vector(p, "p")
    k = p.size
    # the tree as parent links (node k + m is the m-th merge), not lists of symbols per group:
    # copying those made a skewed source of 20,000 symbols take ten seconds (K^2 / 2 copies)
    parent = np.zeros(max(2 * k - 1, 1), dtype=np.int64)
    heap = [(float(pi), i, i) for i, pi in enumerate(p)]  # (mass, tie-break, node)
    heapq.heapify(heap)
    node = k
    while len(heap) > 1:
        p1, i1, n1 = heapq.heappop(heap)
        p2, i2, n2 = heapq.heappop(heap)
        parent[n1] = parent[n2] = node
        heapq.heappush(heap, (p1 + p2, min(i1, i2), node))
        node += 1
    depth = np.zeros(parent.size, dtype=np.int64)
    for n in range(node - 2, -1, -1):  # a parent is made after its children: root first
        depth[n] = depth[parent[n]] + 1
    return depth[:k]


def shannon_code_lengths(q):
    r"""Shannon code lengths :math:`\lceil -\log_2 q(x) \rceil` for a model `q`, in bits.

    Parameters
    ----------
    q : array_like
        A 1-d probability vector with every entry > 0 (a symbol the model calls impossible gets
        no codeword: its length would be infinite).

    Returns
    -------
    numpy.ndarray of int

    Notes
    -----
    .. math:: \ell(x) = \lceil -\log_2 q(x) \rceil, \qquad \sum_x 2^{-\ell(x)} \le \sum_x q(x) = 1,

    so the lengths satisfy Kraft's inequality and a prefix code with them exists. Used for data
    from `p`, its expected length lies in :math:`[H(p, q), H(p, q) + 1)` bits. Each length is
    checked against exact powers of two, so a `q` a hair below :math:`2^{-k}` (whose
    :math:`-\log_2` rounds to the integer :math:`k`) gets :math:`k + 1`.

    Examples
    --------
    >>> from infoloss.coding import shannon_code_lengths
    >>> shannon_code_lengths([0.5, 0.25, 0.125, 0.125])
    array([1, 2, 3, 3])
    >>> shannon_code_lengths([0.4, 0.3, 0.2, 0.1])
    array([2, 2, 3, 4])
    """
    q = _vector(q, "q")
    if q.min() <= 0:
        raise ValueError(
            "q must be > 0 for every symbol (a Shannon code has no codeword for an outcome the "
            f"model calls impossible); got {int((q <= 0).sum())} zero(s)"
        )
    lengths = np.ceil(-np.log2(q)).astype(np.int64)
    # -log2 q rounds to an integer k when q is a hair below 2**-k: check with exact powers of two
    lengths += np.ldexp(1.0, -lengths) > q
    lengths -= (lengths > 0) & (np.ldexp(1.0, 1 - lengths) <= q)
    return lengths


def expected_code_length(p, lengths):
    r"""Expected codeword length :math:`L = \sum_x p(x)\,\ell(x)` in bits when data come from `p`.

    Parameters
    ----------
    p : array_like
        A 1-d probability vector: how often each symbol occurs.
    lengths : array_like
        Codeword lengths in bits (non-negative whole numbers), same shape as `p`.

    Returns
    -------
    numpy.float64
        To a relative 1e-15 per symbol (a sum of terms >= 0).

    Examples
    --------
    >>> from infoloss.coding import expected_code_length
    >>> float(expected_code_length([0.5, 0.25, 0.25], [1, 2, 2]))
    1.5
    """
    p, lengths = _vector(p, "p"), _lengths(lengths)
    v.same_shape(p, lengths, "p", "lengths")
    return np.float64(p @ lengths)


def kraft_sum(lengths):
    r"""Kraft sum :math:`\sum_x 2^{-\ell(x)}` of codeword lengths, in bits.

    A binary prefix code with these lengths exists if and only if the sum is at most 1.

    Parameters
    ----------
    lengths : array_like
        Codeword lengths in bits (non-negative whole numbers), 1-d.

    Returns
    -------
    numpy.float64
        Exact when every length is at most 53 bits (a sum of powers of two on one scale).

    Examples
    --------
    >>> from infoloss.coding import kraft_sum
    >>> float(kraft_sum([1, 2, 3, 3]))
    1.0
    >>> float(kraft_sum([1, 1, 2]))  # too short: no prefix code has these lengths
    1.25
    """
    return np.float64(np.sum(np.exp2(-_lengths(lengths))))
