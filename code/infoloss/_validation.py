"""Argument checks shared by every public helper (and nothing else: no numerics).

Errors name the argument and the rule, so a reader who passes bad input learns what to fix
instead of getting a ``nan``. The rules, stated once (the notation page repeats them):

* **Numbers.** Array arguments hold real numbers (integer or floating dtypes; not bool,
  complex, object or strings) and are converted to float64. Masked arrays are refused.
* **The supported range.** Probabilities are exact 0 or normal floats (at least 2.2e-308);
  logits and other real inputs are finite with magnitude at most 1e300. Inside it the helpers
  are accurate to the relative error their docstrings state; outside it they raise.
* **Sums to 1.** A probability vector of ``K`` entries must sum to 1 within
  :func:`sum_tolerance`: ``2**-30 + K * eps``, with ``eps`` the machine epsilon of the input's
  own dtype (float32 rows are rounded more coarsely than float64 ones). The vectors are used as
  given: infoloss never renormalises.
* **Bases.** ``base`` is None (nats) or a finite real number > 1 (2 for bits).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

REDUCTIONS = ("mean", "sum", "none")
TINY = float(np.finfo(np.float64).tiny)  # the smallest normal float64, 2.2e-308
LARGEST = 1e300  # the largest magnitude of a logit or another real input


def describe_bad(arr: np.ndarray, bad: np.ndarray) -> str:
    """'N bad value(s), the first V at index I' for the entries of ``arr`` where ``bad``."""
    idx = np.argwhere(bad)
    first = tuple(int(i) for i in idx[0]) if idx.size else ()
    where = f" at index {first[0] if len(first) == 1 else first}" if first else ""
    return f"{int(bad.sum())} bad value(s), the first {float(arr[first])!r}{where}"


def as_array(x, name: str) -> np.ndarray:
    """``x`` as a numpy array: not a masked array (its mask would be ignored), not ragged."""
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(f"{name} must not be a masked array (its mask would be ignored)")
    try:
        return np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a rectangular array ({exc})") from None


def outcomes(x, name: str) -> np.ndarray:
    """A non-empty 1-D array of outcomes that can be counted: real numbers (not NaN),
    booleans or strings."""
    arr = as_array(x, name)
    if arr.dtype.kind not in "iufbUS":
        raise TypeError(
            f"{name} must hold real numbers, booleans or strings; got dtype {arr.dtype}"
        )
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array; got shape {arr.shape}")
    if arr.dtype.kind == "f" and np.isnan(arr).any():  # NaN is not an outcome: NaN != NaN
        raise ValueError(f"{name} must not contain NaN; got {describe_bad(arr, np.isnan(arr))}")
    return arr


def as_float_array(x, name: str, *, min_ndim: int = 0) -> np.ndarray:
    """``x`` as a non-empty float64 array of real numbers, or an error naming ``name``."""
    arr = as_array(x, name)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must contain real numbers; got dtype {arr.dtype}")
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s); got {arr.ndim}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    return np.asarray(arr, dtype=np.float64)  # (no copy of a float64 input: never written)


def finite(x, name: str, *, min_ndim: int = 0) -> np.ndarray:
    """Real numbers of magnitude at most 1e300 (the supported range), as float64."""
    arr = as_float_array(x, name, min_ndim=min_ndim)
    if not (arr.min() >= -LARGEST and arr.max() <= LARGEST):  # (a nan fails both)
        bad = ~(np.abs(arr) <= LARGEST)
        raise ValueError(
            f"{name} must be finite, at most 1e300 in size; got {describe_bad(arr, bad)}"
        )
    return arr


def positive(x, name: str) -> np.ndarray:
    """Finite numbers > 0 of at least 1e-300 (a scale such as a standard deviation)."""
    arr = finite(x, name)
    if not (arr >= 1e-300).all():
        raise ValueError(f"{name} must be at least 1e-300; got {describe_bad(arr, arr < 1e-300)}")
    return arr


def positive_scalar(x, name: str) -> float:
    """One number in [1e-300, 1e300] (a step size, a temperature, a strength)."""
    arr = positive(x, name)
    if arr.ndim:
        raise ValueError(f"{name} must be a scalar; got shape {arr.shape}")
    return float(arr)


def nonnegative_scalar(x, name: str) -> float:
    """One finite number >= 0 (an exponent, a pseudocount)."""
    arr = finite(x, name)
    if arr.ndim != 0 or arr < 0:
        raise ValueError(f"{name} must be a scalar >= 0; got {x!r}")
    return float(arr)


def probabilities(x, name: str, *, min_ndim: int = 0) -> np.ndarray:
    """Element-wise probabilities: in [0, 1], each exact 0 or a normal float."""
    arr = as_float_array(x, name, min_ndim=min_ndim)
    lowest = arr.min()
    if not (lowest >= 0 and arr.max() <= 1):  # (a nan fails both)
        bad = ~((arr >= 0) & (arr <= 1))
        raise ValueError(f"{name} must lie in [0, 1]; got {describe_bad(arr, bad)}")
    if lowest < TINY and (tiny := (arr > 0) & (arr < TINY)).any():  # zeros, or subnormals?
        raise ValueError(
            f"{name} must be 0 or at least 2.2e-308 (subnormal probabilities are outside the "
            f"supported range); got {describe_bad(arr, tiny)}"
        )
    return arr


def sum_tolerance(k: int, dtype=np.float64) -> float:
    """How far from 1 the sum of a probability vector of ``k`` entries of ``dtype`` may be."""
    eps = float(np.finfo(dtype).eps) if np.issubdtype(dtype, np.floating) else 2.0**-52
    return 2.0**-30 + k * eps


def check_axis(axis, ndim: int, name: str) -> int:
    """``axis`` as a non-negative index into an array ``name`` of ``ndim`` dimensions."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer; got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis={axis} is out of range for {name} with {ndim} dimension(s)")
    return int(axis) % ndim


def distribution(x, name: str, axis=-1) -> tuple[np.ndarray, int]:
    """Probability vectors along ``axis`` (element-wise probabilities that sum to 1 within
    :func:`sum_tolerance`): return (array, axis)."""
    arr = probabilities(x, name, min_ndim=1)  # (first: it names the argument of a ragged list)
    dtype = np.asarray(x).dtype
    ax = check_axis(axis, arr.ndim, name)
    tol = sum_tolerance(arr.shape[ax], dtype)
    sums = arr.sum(axis=ax)
    if not (np.abs(sums - 1.0) <= tol).all():
        raise ValueError(
            f"{name} must sum to 1 along axis {ax - arr.ndim} (within {tol:.2g}); got sums "
            f"from {float(sums.min())!r} to {float(sums.max())!r} (infoloss never renormalises)"
        )
    return arr, ax


def joint_table(x, name: str = "joint") -> np.ndarray:
    """A 2-d table p(x, y) of probabilities whose entries all together sum to 1."""
    arr = as_array(x, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-d table p(x, y); got a {arr.ndim}-d value")
    return distribution(arr.ravel(), name)[0].reshape(arr.shape)  # (its dtype's tolerance)


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape; got {a.shape} and {b.shape}"
        )


def broadcast(**arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast keyword arrays together, or raise a ValueError naming them and their shapes."""
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(a)}" for k, a in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must broadcast together; got {shapes}") from None


def log_base(base) -> float | None:
    """``log(base)`` to divide by, or None for nats; ``base`` validated."""
    if base is None:
        return None
    rule = "base must be a finite real number > 1 (2 for bits), or None"
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"{rule}; got {base!r}")
    try:
        ok = math.isfinite(float(base)) and base > 1
    except OverflowError:  # an int beyond the float range
        ok = False
    if not ok:
        raise ValueError(f"{rule}; got {base!r}")
    return math.log(base)


def in_base(value, base):
    """A value in nats converted to ``base`` (validated)."""
    lb = log_base(base)
    return value if lb is None else value / lb


def count(x, name: str, minimum: int = 1) -> int:
    """A count (of steps, of classes): an int, not a bool, of at least ``minimum``."""
    rule = f"{name} must be an integer >= {minimum}; got {x!r}"
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(rule)
    if x < minimum:
        raise ValueError(rule)
    return int(x)


def choice(value, name: str, options: tuple) -> str:
    """An option given by name: one of the strings ``options``."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}; got {value!r}")
    return value


def reduce(values: np.ndarray, reduction: str):
    """The mean, the sum or (``"none"``) the values themselves; 0-d results as numpy floats."""
    choice(reduction, "reduction", REDUCTIONS)
    if reduction == "mean":
        return scalar(np.mean(values))
    if reduction == "sum":
        return scalar(np.sum(values))
    return scalar(values)


def scalar(x):
    """A numpy float64 for a 0-d result, else the array itself (-0.0 made 0.0)."""
    x = np.asarray(x, dtype=np.float64) + 0.0
    return x[()] if x.ndim == 0 else x


def class_indices(labels, k: int, shape: tuple, name: str = "labels") -> np.ndarray:
    """Integer class indices in [0, k) of the given ``shape`` (one per example)."""
    y = as_array(labels, name)
    if y.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be integer class indices; got dtype {y.dtype}")
    if y.shape != shape:
        raise ValueError(
            f"{name} must have shape {shape} (one class index per example); got {y.shape}"
        )
    if not (np.isfinite(y) & (y == np.round(y))).all():
        raise ValueError(f"{name} must be integer class indices; got non-integer values")
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"{name} must lie in [0, {k}) for {k} classes; got [{y.min()}, {y.max()}]")
    return y.astype(np.intp)


def alphabet(chars) -> list[str]:
    """A non-empty sequence of distinct single characters."""
    chars = list(chars)
    if not chars or not all(isinstance(c, str) and len(c) == 1 for c in chars):
        raise ValueError("alphabet must be a non-empty sequence of single characters")
    if len(set(chars)) != len(chars):
        raise ValueError("alphabet must not contain repeated characters")
    return chars


def features(X, name: str = "X") -> np.ndarray:
    """Features of shape (n, d): finite, 2-d."""
    x = finite(X, name, min_ndim=2)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n examples, d features); got shape {x.shape}")
    return x


def broadcast_to(x: np.ndarray, shape: tuple, name: str, target: str) -> np.ndarray:
    """``x`` broadcast to ``shape`` (the shape of the argument ``target``), or an error naming
    ``name``."""
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise ValueError(
            f"{name} of shape {x.shape} does not broadcast to {target}'s shape {shape}"
        ) from None
