"""Tests of infoloss.plotting: the reliability diagram (the book's style: its doctest)."""

import matplotlib
import numpy as np
import pytest

from infoloss import reliability_table
from infoloss.plotting import reliability_diagram

matplotlib.use("Agg")

PROBS = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]]
LABELS = [0, 1, 1, 0]


def test_reliability_diagram_draws_the_diagonal_and_the_filled_bins():
    import matplotlib.pyplot as plt

    table = reliability_table(PROBS, LABELS, n_bins=10)
    fig, ax = plt.subplots()
    try:
        assert reliability_diagram(ax, table, label="model", color="#0072B2") is ax
        diagonal, curve = ax.get_lines()
        np.testing.assert_array_equal(diagonal.get_xdata(), [0.0, 1.0])
        np.testing.assert_array_equal(curve.get_xdata(), table.confidence[table.count > 0])
        np.testing.assert_array_equal(curve.get_ydata(), table.accuracy[table.count > 0])
        assert curve.get_label() == "model"
        with pytest.raises(TypeError, match="table"):
            reliability_diagram(ax, [0.1, 0.2])
    finally:
        plt.close(fig)
