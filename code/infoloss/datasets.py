"""Data for the examples: texts that ship inside ``infoloss``, and labelled Gaussian blobs.

A notebook opened on its own (Colab, a downloaded ``.ipynb``) has no ``book/`` folder beside it;
the package it installs carries the texts instead.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from infoloss import _validation as v

TEXTS = {
    "intro_paragraph": "the opening paragraph of this book's introduction (plain text)",
    "coriolanus": "Shakespeare's Coriolanus, the opening scenes (public domain)",
    "zen_of_python": "The Zen of Python (PEP 20), as the standard library's ``this`` prints it",
}


def load_text(name: str) -> str:
    """Return one of the texts shipped with ``infoloss``, as a ``str``.

    Parameters
    ----------
    name : str
        One of ``infoloss.datasets.TEXTS``: ``"intro_paragraph"``, ``"coriolanus"`` or
        ``"zen_of_python"``.

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
    name = v.choice(name, "name", tuple(sorted(TEXTS)))
    return resources.files("infoloss").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")


def zen_of_python() -> str:
    """The Zen of Python (PEP 20), as ``import this`` prints it: ``load_text("zen_of_python")``.

    Examples
    --------
    >>> from infoloss import zen_of_python
    >>> zen_of_python().splitlines()[2]
    'Beautiful is better than ugly.'
    """
    return load_text("zen_of_python")


def make_blobs(n, centers, rng, scale=1.0):
    r"""A labelled data set: `n` Gaussian points around each of the `centers`.

    Parameters
    ----------
    n : int
        Points per class, >= 1.
    centers : array_like, shape (K, d)
        One centre per class.
    rng : numpy.random.Generator
        The source of randomness (``np.random.default_rng(seed)``), so that the data are seeded.
    scale : float or array_like, optional
        Standard deviation of the points around their centre, > 0 (per feature if an array).

    Returns
    -------
    X : numpy.ndarray, shape (n * K, d)
        The points, class by class.
    y : numpy.ndarray of int, shape (n * K,)
        The class of each point, :math:`0, \dots, K - 1`.

    Notes
    -----
    :math:`x_i = c_{y_i} + \text{scale} \cdot \varepsilon_i` with
    :math:`\varepsilon_i \sim \mathcal{N}(0, I_d)`.

    Examples
    --------
    >>> import numpy as np
    >>> from infoloss import make_blobs
    >>> X, y = make_blobs(3, [[0.0, 0.0], [5.0, 5.0]], np.random.default_rng(0))
    >>> X.shape, y
    ((6, 2), array([0, 0, 0, 1, 1, 1]))
    """
    n = v.count(n, "n")
    c = v.finite(centers, "centers", min_ndim=2)
    if c.ndim != 2:
        raise ValueError(f"centers must be 2-D (K classes, d features); got shape {c.shape}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0); got {rng!r}"
        )
    s = v.positive(scale, "scale")
    k, d = c.shape
    if s.ndim > 1 or s.size not in (1, d):
        raise ValueError(f"scale must be a number or one per feature ({d}); got shape {s.shape}")
    X = np.repeat(c, n, axis=0) + s * rng.standard_normal((k * n, d))
    return X, np.repeat(np.arange(k), n)
