"""One look for every figure in the book."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

# Okabe & Ito's colour-blind-safe palette (black dropped: it vanishes in dark mode).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")


def use_book_style():
    """Set matplotlib's defaults for the book's figures; call once, after the imports.

    Opaque white backgrounds (readable in the site's dark mode), a colour-blind-safe cycle,
    a size that stays legible at phone width, and pinned SVG/PNG metadata so that re-executing
    a notebook gives byte-identical outputs.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from infoloss.plotting import use_book_style, PALETTE
    >>> use_book_style()
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == PALETTE[0]
    True
    """
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.8),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.frameon": False,
            "lines.linewidth": 2.0,
            "svg.hashsalt": "infoloss",
            "svg.fonttype": "none",
        }
    )


def reliability_diagram(ax, table, label=None, color=None):
    """Draw a reliability diagram: accuracy against mean confidence, bin by bin.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    table : infoloss.calibration.ReliabilityTable
        From :func:`infoloss.reliability_table`; its empty bins (count 0) are not drawn.
    label : str, optional
        Legend label of the curve.
    color : str, optional
        Colour of the curve (default: the next colour of the axes' cycle).

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, with the diagonal of perfect calibration (dashed), one marker per filled bin
        at (mean confidence, accuracy), both axes spanning [0, 1].

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from infoloss import reliability_table
    >>> from infoloss.plotting import reliability_diagram
    >>> table = reliability_table([[0.9, 0.1], [0.3, 0.7]], [0, 0], n_bins=5)
    >>> fig, ax = plt.subplots()
    >>> ax = reliability_diagram(ax, table, label="model")
    >>> [len(line.get_xdata()) for line in ax.get_lines()]  # the diagonal, the two bins
    [2, 2]
    >>> plt.close(fig)
    """
    fields = ("edges", "confidence", "accuracy", "count")
    if not all(hasattr(table, f) for f in fields):
        raise TypeError(f"table must be a ReliabilityTable {fields}; got {type(table).__name__}")
    filled = np.asarray(table.count) > 0
    ax.plot([0.0, 1.0], [0.0, 1.0], linestyle="--", color="0.5", linewidth=1.0)
    ax.plot(
        np.asarray(table.confidence)[filled],
        np.asarray(table.accuracy)[filled],
        marker="o",
        label=label,
        color=color,
    )
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("mean confidence in the bin")
    ax.set_ylabel("accuracy in the bin")
    return ax
