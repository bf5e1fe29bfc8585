"""Input validation shared by every public helper.

Every check that a public function needs lives here, once. Errors name the argument and the rule
that was broken, so a reader who passes bad input learns what to fix instead of getting a ``nan``.
"""

from __future__ import annotations

import numbers

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def as_array(x, name: str) -> np.ndarray:
    """``np.asarray(x)``, or a ValueError naming ``name`` when ``x`` is a ragged nested list."""
    try:
        return np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a rectangular array ({exc})") from None


def as_float_array(x, name: str, *, min_ndim: int = 0, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a float64 array, or raise a TypeError/ValueError naming ``name``."""
    arr = as_array(x, name)
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(f"{name} must contain real numbers; got dtype {arr.dtype}")
    if arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimension(s); got a {arr.ndim}-d value"
        )
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    return arr.astype(np.float64, copy=False)


def sum_tolerance(x) -> float:
    """Tolerance for "sums to 1", scaled to the input's dtype (about 1e-9 for float64)."""
    dtype = np.asarray(x).dtype
    eps = np.finfo(dtype).eps if np.issubdtype(dtype, np.floating) else np.finfo(np.float64).eps
    return float(np.sqrt(eps)) / 16.0


def check_axis(axis, ndim: int, name: str) -> int:
    """Normalise ``axis`` for an array ``name`` with ``ndim`` dimensions."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer; got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis={axis} is out of range for {name} with {ndim} dimension(s)")
    return int(axis) % ndim


def log_base(base) -> float | None:
    """Return ``log(base)`` to divide by, or None for nats; validate ``base``."""
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"base must be a positive real number other than 1, or None; got {base!r}")
    if not np.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a positive real number other than 1, or None; got {base!r}")
    return float(np.log(base))


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


def check_reduction(reduction) -> str:
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}; got {reduction!r}")
    return reduction


def reduce(values: np.ndarray, reduction: str):
    """Apply a validated reduction; 0-d results come back as numpy scalars."""
    if reduction == "mean":
        return np.float64(values.mean())
    if reduction == "sum":
        return np.float64(values.sum())
    return values[()] if values.ndim == 0 else values


def check_unit_interval(arr: np.ndarray, name: str) -> np.ndarray:
    """Every entry of ``arr`` is a probability: finite and in [0, 1]."""
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got {_describe_bad(arr, ~np.isfinite(arr))}")
    if arr.min() < 0 or arr.max() > 1:
        bad = (arr < 0) | (arr > 1)
        raise ValueError(f"{name} must lie in [0, 1]; got {_describe_bad(arr, bad)}")
    return arr


def check_distribution(arr: np.ndarray, name: str, axis: int, *, tol: float) -> None:
    """Raise unless ``arr`` is finite, non-negative and sums to 1 along ``axis``.

    Two reductions (a sum and a min): at n = 1e6 they cost about a tenth of one ``np.log`` pass.
    """
    check_sums(arr, name, axis, tol=tol)
    if arr.min() < 0:
        raise ValueError(f"{name} must be non-negative; got {_describe_bad(arr, arr < 0)}")


def check_sums(arr: np.ndarray, name: str, axis: int, *, tol: float) -> np.ndarray:
    """Raise unless every slice of ``arr`` along ``axis`` sums to 1 within ``tol``.

    A NaN or an infinity anywhere makes its sum non-finite, so this one pass also catches
    non-finite entries.
    """
    sums = arr.sum(axis=axis)
    if not (np.abs(sums - 1.0) <= tol).all():
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} must be finite; got {_describe_bad(arr, ~np.isfinite(arr))}")
        ax = axis - arr.ndim
        raise ValueError(
            f"{name} must sum to 1 along axis {ax} (within {tol:.1e}); got sums in "
            f"[{sums.min():.6g}, {sums.max():.6g}] (infoloss never renormalises silently)"
        )
    return sums


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
    tol = sum_tolerance(x)
    ax = check_axis(axis, arr.ndim, name)
    check_distribution(arr, name, ax, tol=tol)
    return arr, ax


def vecdot(a: np.ndarray, b: np.ndarray, axis: int) -> np.ndarray:
    """Sum of ``a * b`` along ``axis``, the same on every CPU.

    numpy's own ``einsum`` loop, not BLAS: OpenBLAS picks a different dot kernel on AVX2 and
    AVX-512 processors, and their summation orders differ in the last bits, which the book's
    stored outputs would then depend on. No temporary product array is made.
    """
    a, b = np.moveaxis(a, axis, -1), np.moveaxis(b, axis, -1)
    out = np.einsum("...i,...i->...", a, b)
    return np.float64(out) if out.ndim == 0 else out


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a matrix ``a`` and a vector or matrix ``b``, without BLAS (see
    :func:`vecdot`): the same on every CPU."""
    return np.einsum("ij,j...->i...", a, b)


def positive(x, name: str) -> np.ndarray:
    """Validate a finite, strictly positive array (a scale such as a standard deviation)."""
    arr = check_finite(as_float_array(x, name), name)
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
    tol = sum_tolerance(x)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-d table p(x, y); got a {arr.ndim}-d value")
    check_finite(arr, name)
    if arr.min() < 0:
        raise ValueError(f"{name} must be non-negative; got {_describe_bad(arr, arr < 0)}")
    total = arr.sum()
    if abs(total - 1.0) > tol:
        raise ValueError(
            f"{name} must sum to 1 over all its entries (within {tol:.1e}); got {total:.6g} "
            "(infoloss never renormalises silently)"
        )
    return arr
