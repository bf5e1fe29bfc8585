"""Small texts that ship inside ``infoloss``, so a chapter that reads one runs anywhere.

A notebook opened on its own (Colab, a downloaded ``.ipynb``) has no ``book/`` folder beside it;
the package it installs carries the data instead.
"""

from __future__ import annotations

from importlib import resources

TEXTS = {
    "intro_paragraph": "the opening paragraph of this book's introduction (plain text)",
    "coriolanus": "Shakespeare's Coriolanus, the opening scenes (public domain)",
}


def load_text(name: str) -> str:
    """Return one of the texts shipped with ``infoloss``, as a ``str``.

    Parameters
    ----------
    name : str
        One of ``infoloss.datasets.TEXTS``: ``"intro_paragraph"`` or ``"coriolanus"``.

    Returns
    -------
    str
        The whole text, decoded from UTF-8.

    Examples
    --------
    >>> from infoloss import load_text
    >>> load_text("intro_paragraph")[:18]
    'Train a classifier'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {sorted(TEXTS)}; got {type(name).__name__}")
    if name not in TEXTS:
        raise ValueError(f"name must be one of {sorted(TEXTS)}; got {name!r}")
    return resources.files("infoloss").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
