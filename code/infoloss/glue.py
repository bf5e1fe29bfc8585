"""Paste a computed number into a chapter's prose, so the text cannot drift from the code."""

from __future__ import annotations

from typing import Any


def glue(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` for the book's ``{glue:text}`` role, showing nothing.

    In the book's own environment this is myst-nb's ``glue(name, value, display=False)``: the
    value is stored in the cell's outputs (so nbval checks it) and the prose quotes it with
    ``{glue:text}`name:.3f```. Where myst-nb is not installed (Colab, a reader's own Jupyter),
    there is no page to paste into, and the call does nothing.

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
    myst_glue(name, value, display=False)
