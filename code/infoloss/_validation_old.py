"""Input validation shared by every public helper, and the few numerical kernels they share.

Every check that a public function needs lives here, once. Errors name the argument and the rule
that was broken, so a reader who passes bad input learns what to fix instead of getting a ``nan``.

The rules, stated once:

* **Numbers.** Array arguments must hold real numbers: integer or floating dtypes (not bool,
  complex, datetime/timedelta, object or strings). They are converted to float64 first, so every
  result is float64 whatever the input's dtype. Masked arrays are refused (TypeError): numpy's
  conversion would silently drop the mask.
* **Sums to 1.** After conversion to float64, each probability vector of ``n`` entries must sum
  to 1 within :func:`sum_tolerance` ``(n) = 2**-30 + n * eps`` (``eps = 2**-52``, the float64
  machine epsilon): about 9.3e-10 for short vectors. The first term admits vectors written
  with about nine significant digits; the second, the rounding of normalising a long vector.
* **Bases.** ``base`` is None (nats) or a finite real number > 1 (of any type: ``2``,
  ``np.float32(2)``, ``Fraction(10)``, ``10**400``); a base below 1 would make every information
  measure negative. ``log(base)`` is taken in float64.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np
from scipy.special import expit, xlog1py, xlogy

REDUCTIONS = ("mean", "sum", "none")
EPS = float(np.finfo(np.float64).eps)
BLOCK = 1 << 18  # elements per block (2 MB): cache-resident, and few enough calls per array


def as_array(x, name: str) -> np.ndarray:
    """``np.asarray(x)``, or an error naming ``name`` (ragged lists, masked arrays)."""
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(
            f"{name} must not be a masked array (its mask would be ignored); pass "
            f"{name}.compressed() or {name}.filled(value) instead"
        )
    try:
        return np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a rectangular array ({exc})") from None


def is_real_dtype(dtype: np.dtype) -> bool:
    """Integer or floating point: not bool, complex, datetime/timedelta, object or strings."""
    return dtype.kind in "iuf"


def as_float_array(x, name: str, *, min_ndim: int = 0, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a float64 array, or raise a TypeError/ValueError naming ``name``."""
    arr = as_array(x, name)
    if not is_real_dtype(arr.dtype):
        raise TypeError(f"{name} must contain real numbers; got dtype {arr.dtype}")
    if arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimension(s); got a {arr.ndim}-d value"
        )
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    with np.errstate(over="ignore"):  # a longdouble beyond float64's range becomes inf: rejected
        return arr.astype(np.float64, copy=False)  # by the finiteness checks that follow


def sum_tolerance(n: int) -> float:
    """How far from 1 the float64 sum of a probability vector of ``n`` entries may be.

    ``2**-30 + n * eps`` (about 9.3e-10 for short vectors), whatever the input's dtype.
    """
    return 2.0**-30 + n * EPS


def check_axis(axis, ndim: int, name: str) -> int:
    """Normalise ``axis`` for an array ``name`` with ``ndim`` dimensions."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer; got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis={axis} is out of range for {name} with {ndim} dimension(s)")
    return int(axis) % ndim


def log_base(base) -> float | None:
    """Return ``log(base)`` in float64 to divide by, or None for nats; validate ``base``."""
    if base is None:
        return None
    rule = "base must be a finite real number > 1 (2 for bits), or None"
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"{rule}; got {base!r}")
    try:  # math.log takes any real type exactly: float32, Fraction, a 400-digit int
        lb = math.log(base)
    except (ValueError, OverflowError, TypeError):  # <= 0, or a Fraction beyond float range
        lb = math.nan
    if not (math.isfinite(lb) and lb > 0):
        raise ValueError(f"{rule}; got {base!r}")
    return lb


def in_base(value, base):
    """Convert a value in nats to ``base`` (validated)."""
    lb = log_base(base)
    return value if lb is None else value / lb


def count(x, name: str, minimum: int = 1) -> int:
    """Validate a count (of steps, of samples): an int (not a bool) of at least ``minimum``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}; got {x!r}")
    if x < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {x!r}")
    return int(x)


def choice(value, name: str, options: tuple) -> str:
    """Validate an option given by name: ``value`` must be one of the strings ``options``."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}; got {value!r}")
    return value


def check_reduction(reduction) -> str:
    return choice(reduction, "reduction", REDUCTIONS)


def unwrap(x: np.ndarray):
    """A numpy scalar for a 0-d result, else the array itself."""
    return x[()] if x.ndim == 0 else x


def scalar(x):
    """:func:`unwrap` of ``x`` as an array, with ``-0.0`` turned into ``0.0``."""
    return unwrap(np.asarray(x) + 0.0)


def positive_scalar(x, name: str) -> float:
    """Validate one finite number > 0 (a step size, a temperature, a strength)."""
    arr = positive(x, name)
    if arr.ndim:
        raise ValueError(f"{name} must be a scalar; got shape {arr.shape}")
    return float(arr)


def nonnegative_scalar(x, name: str) -> float:
    """Validate one finite number >= 0 (an exponent, a pseudocount)."""
    arr = finite(x, name)
    if arr.ndim != 0 or arr < 0:
        raise ValueError(f"{name} must be a scalar >= 0; got {x!r}")
    return float(arr)


def alphabet(chars) -> list[str]:
    """Validate an alphabet: a non-empty sequence of distinct single characters."""
    chars = list(chars)
    if not chars or not all(isinstance(c, str) and len(c) == 1 for c in chars):
        raise ValueError("alphabet must be a non-empty sequence of single characters")
    if len(set(chars)) != len(chars):
        raise ValueError("alphabet must not contain repeated characters")
    return chars


def with_bias_column(X, name: str = "X") -> np.ndarray:
    """Validate features of shape (n, d); return them with a last column of ones, the bias's."""
    x = finite(X, name, min_ndim=2)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n examples, d features); got shape {x.shape}")
    return np.column_stack([x, np.ones(x.shape[0])])


def class_indices(y: np.ndarray, shape: tuple, name: str = "labels") -> np.ndarray:
    """Validate integer class indices ``y`` for scores of ``shape`` (..., K): one per row."""
    if not is_real_dtype(y.dtype):  # not bool, complex, timedelta, object, strings
        raise TypeError(f"{name} must be integer class indices; got dtype {y.dtype}")
    if y.shape != shape[:-1]:
        raise ValueError(
            f"{name} must be class indices of shape {shape[:-1]} or probability targets of "
            f"shape {shape}, matching logits of shape {shape}; got shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        if not (np.isfinite(y).all() and (y == np.round(y)).all()):
            raise ValueError(f"{name} must be integer class indices; got non-integer values")
    k = shape[-1]
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"{name} must lie in [0, {k}) for {k} classes; got [{y.min()}, {y.max()}]")
    return y.astype(np.intp)


def reduce(values: np.ndarray, reduction: str):
    """Apply a validated reduction; 0-d results come back as numpy scalars.

    The values are summed in C order whatever their memory layout (numpy sums in memory
    order), so a Fortran-ordered or sliced batch gives the same mean as a C-ordered one.
    """
    if reduction != "none":
        values = np.ascontiguousarray(values)
    with np.errstate(over="ignore"):  # a sum beyond the float range is +-inf, exactly
        if reduction == "mean":
            mean = values.mean()
            if np.isinf(mean) and np.isfinite(values).all():  # finite losses near 1e308
                mean = (values / values.size).sum()
            return np.float64(mean)
        if reduction == "sum":
            return np.float64(values.sum())
    return unwrap(values)


def check_unit_interval(arr: np.ndarray, name: str) -> np.ndarray:
    """Every entry of ``arr`` is a probability: finite and in [0, 1]."""
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got {_describe_bad(arr, ~np.isfinite(arr))}")
    if arr.min() < 0 or arr.max() > 1:
        bad = (arr < 0) | (arr > 1)
        raise ValueError(f"{name} must lie in [0, 1]; got {_describe_bad(arr, bad)}")
    return arr


def check_distribution(arr: np.ndarray, name: str, axis: int, *, tol: float | None = None) -> None:
    """Raise unless ``arr`` is finite, non-negative and sums to 1 along ``axis``."""
    check_sums(arr, name, axis, tol=tol)
    if arr.min() < 0:
        raise ValueError(f"{name} must be non-negative; got {_describe_bad(arr, arr < 0)}")


def check_sums(arr: np.ndarray, name: str, axis: int, *, tol: float | None = None) -> np.ndarray:
    """Raise unless every slice of ``arr`` along ``axis`` sums to 1 within ``tol``.

    ``tol`` defaults to :func:`sum_tolerance` of the slices' length. A NaN or an infinity
    anywhere makes its sum non-finite, so this one pass also catches non-finite entries.
    """
    tol = sum_tolerance(arr.shape[axis]) if tol is None else tol
    with np.errstate(over="ignore"):  # entries near 1e308: an infinite sum, refused below
        sums = arr.sum(axis=axis)
    if not (np.abs(sums - 1.0) <= tol).all():
        _raise_bad_sums(arr, name, axis, sums, tol)
    return sums


def _raise_bad_sums(arr, name, axis, sums, tol):
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got {_describe_bad(arr, ~np.isfinite(arr))}")
    ax = axis - arr.ndim
    raise ValueError(
        f"{name} must sum to 1 along axis {ax} (within {tol:.1e}); got sums in "
        f"[{sums.min():.6g}, {sums.max():.6g}] (infoloss never renormalises silently)"
    )


def probabilities(x, name: str, *, min_ndim: int = 0) -> np.ndarray:
    """Validate element-wise probabilities: float64, finite and in [0, 1]."""
    return check_unit_interval(as_float_array(x, name, min_ndim=min_ndim), name)


def finite(x, name: str, *, min_ndim: int = 0) -> np.ndarray:
    """Validate an array of finite real numbers, as float64."""
    return check_finite(as_float_array(x, name, min_ndim=min_ndim), name)


def distribution_1d(x, name: str) -> np.ndarray:
    """Validate one probability vector (1-d, non-negative, summing to 1)."""
    arr, _ = distribution(x, name, -1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-d probability vector; got shape {arr.shape}")
    return arr


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape; got {a.shape} and {b.shape}"
        )


def check_finite(arr: np.ndarray, name: str) -> np.ndarray:
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got {_describe_bad(arr, ~np.isfinite(arr))}")
    return arr


def _describe_bad(arr: np.ndarray, bad: np.ndarray) -> str:
    idx = np.argwhere(bad)
    first = tuple(int(i) for i in idx[0]) if idx.size else ()
    where = f" at index {first[0] if len(first) == 1 else first}" if first else ""
    value = arr[first] if first else arr[()]
    return f"{int(bad.sum())} bad value(s), the first {float(value)!r}{where}"


def distribution(x, name: str, axis) -> tuple[np.ndarray, int]:
    """Validate a probability vector (or a stack of them along ``axis``): return (array, axis)."""
    arr = as_float_array(x, name, min_ndim=1)  # first: it names x if x is ragged or not numeric
    ax = check_axis(axis, arr.ndim, name)
    check_distribution(arr, name, ax)
    return arr, ax


def vecdot(a: np.ndarray, b: np.ndarray, axis: int) -> np.ndarray:
    """Sum of ``a * b`` along ``axis``, the same on every CPU.

    numpy's own ``einsum`` loop, not BLAS: OpenBLAS picks a different dot kernel on AVX2 and
    AVX-512 processors, and their summation orders differ in the last bits, which the book's
    stored outputs would then depend on. No temporary product array is made. The operands
    are made C-contiguous along ``axis`` first (:func:`along_last`): einsum's summation order
    depends on the memory layout, and a row must give the same answer in any layout.
    """
    a, b = along_last(a, axis), along_last(b, axis)
    out = np.einsum("...i,...i->...", a, b)
    return np.float64(out) if out.ndim == 0 else out


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a matrix ``a`` and a vector or matrix ``b``, without BLAS (see
    :func:`vecdot`): the same on every CPU.

    An entry whose float sum overflows is redone exactly, in rationals: the products of
    [1e10, -1e10] and [1e308, 1e308] overflow to inf - inf = nan, but their sum is 0. It is
    +-inf only where the exact sum is beyond the float range (the caller checks that).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.einsum("ij,j...->i...", a, b)
    bad = ~np.isfinite(out)
    if bad.any() and np.isfinite(a).all() and np.isfinite(b).all():
        out = np.array(out)  # (writable, also for a 0-d result)
        for idx in zip(*np.nonzero(bad), strict=True):
            col = b[(slice(None), *idx[1:])]
            exact = sum(Fraction(x) * Fraction(y) for x, y in zip(a[idx[0]], col, strict=True))
            try:
                out[idx] = float(exact)
            except OverflowError:
                out[idx] = math.inf if exact > 0 else -math.inf
    return out


def positive(x, name: str) -> np.ndarray:
    """Validate a finite, strictly positive array (a scale such as a standard deviation)."""
    arr = finite(x, name)
    if arr.min() <= 0:
        raise ValueError(f"{name} must be positive; got {_describe_bad(arr, arr <= 0)}")
    return arr


def broadcast(**arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast keyword arrays together, or raise a ValueError naming them and their shapes."""
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(a)}" for k, a in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must broadcast together; got {shapes}") from None


def joint_table(x, name: str = "joint") -> np.ndarray:
    """Validate a 2-d joint probability table: finite, non-negative, all entries summing to 1."""
    arr = as_float_array(x, name, min_ndim=2)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-d table p(x, y); got a {arr.ndim}-d value")
    check_finite(arr, name)
    if arr.min() < 0:
        raise ValueError(f"{name} must be non-negative; got {_describe_bad(arr, arr < 0)}")
    tol = sum_tolerance(arr.size)
    with np.errstate(over="ignore"):  # entries near 1e308: an infinite total, refused below
        total = arr.sum()
    if abs(total - 1.0) > tol:
        raise ValueError(
            f"{name} must sum to 1 over all its entries (within {tol:.1e}); got {total:.6g} "
            "(infoloss never renormalises silently)"
        )
    return arr


# --- Shared numerical kernels -------------------------------------------------------------


def along_last(arr: np.ndarray, ax: int) -> np.ndarray:
    """``arr`` with axis ``ax`` moved last, C-contiguous (a view when it already is).

    A sum along an axis follows the memory layout: numpy adds a contiguous row pairwise but a
    strided one in another order, so the same numbers along ``axis=0``, in a Fortran-ordered
    array or in a sliced view would differ in the last bits from the row passed alone.
    """
    return np.ascontiguousarray(np.moveaxis(arr, ax, -1))


def rows(arr: np.ndarray, ax: int) -> tuple[np.ndarray, tuple]:
    """``arr`` with axis ``ax`` moved last, as a C-contiguous (rows, K) array (a view when it
    already is), and the shape of one result per row."""
    a = along_last(arr, ax)
    return a.reshape(-1, a.shape[-1]), a.shape[:-1]


def blockwise(kernel, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Row sums ``kernel(*blocks, buf)`` of (rows, K) arrays, computed block by block.

    ``kernel`` gets blocks of about :data:`BLOCK` elements (whole rows, or pieces of one long
    row) and a scratch buffer of the blocks' shape, and returns a tuple of per-row sums (only
    sums: the pieces of a long row are added, so a minimum must be returned as min(0, min)). Blocks
    stay in cache, and the one buffer is reused: each fresh temporary of a whole 8 MB array
    would be page-faulted in, which costs more than the arithmetic. The pieces of a long row
    are added exactly (``math.fsum``), so one long accumulation's rounding never builds up.
    """
    n_rows, k = arrays[0].shape
    buf = np.empty(min(n_rows * k, BLOCK))
    if k < BLOCK:
        step = max(1, BLOCK // k)
        results = None
        for r in range(0, n_rows, step):
            blocks = [a[r : r + step] for a in arrays]
            part = kernel(*blocks, buf[: blocks[0].size].reshape(blocks[0].shape))
            if results is None:
                results = [np.empty(n_rows) for _ in part]
            for res, p in zip(results, part, strict=True):
                res[r : r + step] = p
        return tuple(results)
    partials = []
    for r in range(n_rows):
        pieces = [
            kernel(*[a[r : r + 1, c : c + BLOCK] for a in arrays], buf[: min(BLOCK, k - c)][None])
            for c in range(0, k, BLOCK)
        ]
        partials.append([_add_pieces([p[i][0] for p in pieces]) for i in range(len(pieces[0]))])
    return tuple(np.array(col, dtype=np.float64) for col in zip(*partials, strict=True))


def _add_pieces(values) -> float:
    """``math.fsum`` of the pieces of a long row; their plain float sum (nan, +-inf) where fsum
    raises: +inf and -inf among them (an infinite q), or a total beyond the float range. The
    caller's validation then names the argument, instead of fsum's own error leaking out."""
    vals = [float(x) for x in values]
    try:
        return math.fsum(vals)
    except (ValueError, OverflowError):
        return sum(vals)


def sums_ok(sums: np.ndarray, k: int) -> bool:
    """Every row sum within :func:`sum_tolerance` of 1 (False for a NaN or an infinity)."""
    return bool((np.abs(sums - 1.0) <= sum_tolerance(k)).all())


def shaped(values: np.ndarray, shape: tuple):
    """Per-row results in the caller's shape; a numpy float64 scalar for a single vector."""
    return scalar(values.reshape(shape))


def bernoulli_cross_entropy(t: np.ndarray, q: np.ndarray) -> np.ndarray:
    r""":math:`-[t \log q + (1 - t) \log(1 - q)]` element-wise, with 0 log 0 = 0 (``inf`` for a
    confident miss). The second log is ``log1p(-q)``: ``log(1 - q)`` would round ``q = 1e-20``
    to a loss of 0."""
    with np.errstate(divide="ignore"):
        return -(xlogy(t, q) + xlog1py(1.0 - t, -q)) + 0.0


def xlog1px_minus_x(d: np.ndarray) -> np.ndarray:
    r""":math:`(1 + d)\log(1 + d) - d \ge 0` for :math:`d \ge -1`, without cancellation near 0.

    Near :math:`d = 0` the two terms cancel to leave :math:`d^2/2`: there (|d| < 0.01) it is
    the series :math:`\sum_{n\ge2} (-d)^n / (n(n-1))`, truncated where its terms fall below
    1e-17 of the first. Elsewhere the direct form loses at most a factor 1/|d| <= 100 of eps.
    """
    d = np.asarray(d, dtype=np.float64)
    series = np.zeros_like(d)
    for n in range(12, 1, -1):  # Horner: d^2 (1/2 - d (1/6 - d (1/12 - ...)))
        series = 1.0 / (n * (n - 1)) - d * series
    series *= d * d
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.where(d == -1.0, 1.0, (1.0 + d) * np.log1p(d) - d)
    return np.where(np.abs(d) < 0.01, series, direct)


def sigmoid(z):
    """The logistic sigmoid 1 / (1 + e^-z): scipy's ``expit``, but e^z below z = -708, where
    expit flushes to 0 (its e^-z overflows: expit(-720) is 0, not 2.03e-313)."""
    z = np.asarray(z, dtype=np.float64)
    return unwrap(np.where(z < -708.0, np.exp(np.minimum(z, 0.0)), expit(z)))


def two_product(a, b):
    """(p, e) with p = fl(a * b) and a * b = p + e exactly (Dekker), for |a|, |b| <= 1e300
    and products above about 1e-290 (below, e loses digits, a last-bit effect on tiny terms)."""

    def split(x):
        c = 134217729.0 * x  # 2**27 + 1
        hi = c - (c - x)
        return hi, x - hi

    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def exact_sum(values) -> tuple[float, float]:
    """The sum of ``values`` as an unevaluated pair (hi, lo): hi correctly rounded, hi + lo
    within eps**2 of the exact sum (``math.fsum`` twice)."""
    vals = np.asarray(values, dtype=np.float64).ravel().tolist()  # (Python floats, fast)
    hi = math.fsum(vals)
    return hi, math.fsum([*vals, -hi])


def x_minus_log1p(x: np.ndarray) -> np.ndarray:
    r""":math:`x - \log(1 + x) \ge 0` for :math:`x > -1`, without cancellation near 0.

    The series :math:`\sum_{n\ge2} (-x)^n / n` for |x| < 0.01 (the direct form would lose a
    factor 1/|x| of eps there), the direct form elsewhere.
    """
    x = np.asarray(x, dtype=np.float64)
    series = np.zeros_like(x)
    for n in range(12, 1, -1):  # Horner: x^2 (1/2 - x (1/3 - x (1/4 - ...)))
        series = 1.0 / n - x * series
    series *= x * x
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = x - np.log1p(x)
    return np.where(np.abs(x) < 0.01, series, direct)


def scaled_difference(a, b, s):
    """``(a - b) / s``, also where ``a - b`` overflows but the quotient does not (means of
    +-1e308 on a scale of 1e300): then from the halves, which cannot overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.subtract(a, b)
        out = d / s
        spilled = ~np.isfinite(d)
        if np.any(spilled):
            out = np.where(spilled, (0.5 * np.asarray(a) - 0.5 * np.asarray(b)) / s * 2.0, out)
    return out
