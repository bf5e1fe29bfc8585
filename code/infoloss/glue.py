"""Paste a computed number into a chapter's prose, so the text cannot drift from the code."""

from __future__ import annotations

from typing import Any

import numpy as np

# What a stored value may show: CPUs differ in the last bit of exp, log and sums (numpy picks
# its SIMD loops by CPU), so a stored 17-digit float changes from machine to machine. Eight
# significant digits are far more than any sentence quotes and far above rounding error.
SIGNIFICANT_DIGITS = 8


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to :data:`SIGNIFICANT_DIGITS` significant digits.

    Floats and numpy floating scalars become Python floats, float arrays are rounded entry by
    entry, lists, tuples and dict values are rounded recursively; anything else is returned
    unchanged.

    Examples
    --------
    >>> rounded(0.8159540770709662)
    0.81595408
    >>> rounded({"a": [1 / 3, 2]})
    {'a': [0.33333333, 2]}
    """
    if isinstance(value, float | np.floating):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating):
        return np.vectorize(rounded, otypes=[float])(value)
    if isinstance(value, list | tuple):
        return type(value)(rounded(v) for v in value)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def glue(name: str, value: Any) -> None:
    """Record ``value``, rounded, under ``name`` for the book's ``{glue:text}`` role.

    In the book's own environment this is myst-nb's ``glue(name, value, display=False)`` with
    every float rounded to eight significant digits (:func:`rounded`): the value is stored in the
    cell's outputs (so nbval checks it) and the prose quotes it with ``{glue:text}`name:.3f```.
    Where myst-nb is not installed (Colab, a reader's own Jupyter), there is no page to paste
    into, and the call does nothing.

    Parameters
    ----------
    name : str
        The key the prose refers to; unique within the notebook.
    value : object
        What to paste; numbers are formatted by the role (``:.3f``, ``:.1e``, ...).

    Examples
    --------
    >>> glue("answer", 42)  # outside a notebook kernel nothing is shown
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty str; got {name!r}")
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # no book tooling here: nothing to paste into
        return
    myst_glue(name, rounded(value), display=False)
