"""Tests of infoloss.calibration: reliability table, expected calibration error, temperature."""

import math

import matplotlib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import prob_vectors
from infoloss import (
    cross_entropy_from_logits,
    expected_calibration_error,
    fit_temperature,
    reliability_table,
    softmax,
)
from infoloss.calibration import ReliabilityTable

matplotlib.use("Agg")

PROBS = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]]
LABELS = [0, 1, 1, 0]


def _sample_labels(probs, rng):
    """One label per row of `probs`, drawn from that row (inverse-CDF sampling)."""
    u = rng.random(len(probs))
    return (np.cumsum(probs, axis=1) < u[:, None]).sum(axis=1).clip(0, probs.shape[1] - 1)


# --- reliability_table --------------------------------------------------------------------------


def test_reliability_table_hand_values():
    table = reliability_table(PROBS, LABELS, n_bins=2)
    assert isinstance(table, ReliabilityTable)
    np.testing.assert_array_equal(table.edges, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(table.count, [0, 4])
    assert table.confidence[1] == pytest.approx(0.7375, rel=1e-15)
    np.testing.assert_array_equal(table.accuracy, [0.0, 0.5])


def test_reliability_table_bins_are_half_open_and_the_last_is_closed():
    # confidences 0.5 (an edge: opens the upper bin), 0.75 (an inner edge), 1.0 (last bin)
    probs = [[0.5, 0.5], [0.25, 0.75], [1.0, 0.0], [0.6, 0.4]]
    table = reliability_table(probs, [0, 1, 1, 0], n_bins=4)
    np.testing.assert_array_equal(table.count, [0, 0, 2, 2])
    np.testing.assert_array_equal(table.confidence, [0.0, 0.0, 0.55, 0.875])
    np.testing.assert_array_equal(table.accuracy, [0.0, 0.0, 1.0, 0.5])


def test_reliability_table_bins_agree_with_the_stored_edges():
    # 0.3 * 10 rounds to 3.0000000000000004, but the stored edge 0.30000000000000004 is above
    # 0.3: the example belongs to the bin [edges[2], edges[3])
    table = reliability_table([[0.3, 0.3, 0.2, 0.2]], [0], n_bins=10)
    assert table.edges[3] > 0.3
    assert table.count[2] == 1 and table.count.sum() == 1


def test_empty_bins_have_count_zero_and_no_nan():
    table = reliability_table([[0.95, 0.05]], [0], n_bins=10)
    assert table.count.sum() == 1 and table.count[9] == 1
    for field in (table.confidence, table.accuracy):
        assert not np.isnan(field).any()
        np.testing.assert_array_equal(field[:9], 0.0)


@given(st.lists(prob_vectors(n=3), min_size=1, max_size=30), st.integers(1, 12), st.data())
def test_reliability_table_sums_back_to_the_totals(rows, n_bins, data):
    probs = np.array(rows)
    labels = np.array(
        data.draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))
    )
    table = reliability_table(probs, labels, n_bins)
    assert table.count.sum() == len(rows)
    correct = (probs.argmax(axis=1) == labels).sum()
    assert (table.accuracy * table.count).sum() == pytest.approx(correct, rel=1e-12)
    total_conf = math.fsum(probs.max(axis=1).tolist())
    assert (table.confidence * table.count).sum() == pytest.approx(total_conf, rel=1e-12)
    filled = table.count > 0
    lo, hi = table.edges[:-1][filled], table.edges[1:][filled]
    assert (table.confidence[filled] >= lo).all() and (table.confidence[filled] <= hi).all()


# --- expected_calibration_error -----------------------------------------------------------------


def test_ece_hand_value():
    assert expected_calibration_error(PROBS, LABELS, n_bins=2) == pytest.approx(0.2375, rel=1e-14)
    # one bin: |accuracy - mean confidence| = |0.5 - 0.7375|
    assert expected_calibration_error(PROBS, LABELS, n_bins=1) == pytest.approx(0.2375, rel=1e-14)
    # ten bins: 0.9 correct, 0.8 wrong, 0.7 correct, 0.55 wrong, each alone in its bin
    expected = (0.1 + 0.8 + 0.3 + 0.55) / 4
    assert expected_calibration_error(PROBS, LABELS) == pytest.approx(expected, rel=1e-14)


def test_ece_of_a_calibrated_forecaster_is_small_and_of_an_overconfident_one_is_not(rng):
    n = 200_000
    q = rng.uniform(0.0, 1.0, n)
    probs = np.column_stack([1.0 - q, q])
    calibrated = (rng.random(n) < q).astype(int)  # P(Y = 1) = q: calibrated by construction
    assert expected_calibration_error(probs, calibrated) < 0.01
    # truth halfway to 1/2, P(Y = 1) = 1/2 + (q - 1/2) / 2: at confidence c the accuracy is
    # 1/2 + (c - 1/2) / 2, the gap (c - 1/2) / 2, whose mean over c ~ U(1/2, 1) is 1/8
    shrunk = (rng.random(n) < 0.5 + (q - 0.5) / 2).astype(int)
    assert expected_calibration_error(probs, shrunk, n_bins=20) == pytest.approx(0.125, rel=0.05)


@given(st.lists(prob_vectors(n=4), min_size=1, max_size=25), st.integers(1, 10), st.data())
def test_ece_matches_a_direct_loop_and_lies_in_unit_interval(rows, n_bins, data):
    probs = np.array(rows)
    labels = data.draw(st.lists(st.integers(0, 3), min_size=len(rows), max_size=len(rows)))
    ece = expected_calibration_error(probs, labels, n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    total = 0.0
    for b in range(n_bins):
        conf = probs.max(axis=1)
        upper = conf <= edges[b + 1] if b == n_bins - 1 else conf < edges[b + 1]
        inside = (conf >= edges[b]) & upper
        if inside.any():
            acc = (probs.argmax(axis=1)[inside] == np.array(labels)[inside]).mean()
            total += inside.sum() * abs(acc - conf[inside].mean())
    assert ece == pytest.approx(total / len(rows), rel=1e-12, abs=0.0)
    assert 0.0 <= ece <= 1.0


# --- fit_temperature ----------------------------------------------------------------------------


def test_fit_temperature_hand_value():
    # every example has logits (0, 2); class 1 in 3 of 4: softmax(2 / T)_1 = 3/4, T = 2 / log 3
    t = fit_temperature([[0.0, 2.0]] * 4, [1, 1, 1, 0])
    assert t == pytest.approx(2.0 / math.log(3.0), rel=1e-12)


@pytest.mark.parametrize("t_true", [0.5, 2.5])
def test_fit_temperature_recovers_the_temperature_that_generated_the_labels(t_true):
    rng = np.random.default_rng(7)
    n, k = 200_000, 4
    z = 3.0 * rng.standard_normal((n, k))
    labels = _sample_labels(softmax(z / t_true), rng)
    assert fit_temperature(z, labels) == pytest.approx(t_true, rel=0.03)


def test_fit_temperature_is_a_stationary_point_of_the_held_out_loss(rng):
    z = 2.0 * rng.standard_normal((5000, 3))
    labels = _sample_labels(softmax(z / 1.7), rng)
    t = fit_temperature(z, labels)

    def loss(temp):
        return float(cross_entropy_from_logits(z / temp, labels))

    h = 1e-4 * t
    slope = (loss(t + h) - loss(t - h)) / (2 * h)
    curvature = (loss(t + h) - 2 * loss(t) + loss(t - h)) / h**2
    assert abs(slope) < 1e-5 * curvature * t + 1e-9
    assert loss(t) <= min(loss(0.9 * t), loss(1.1 * t))


def test_fit_temperature_scales_with_the_logits(rng):
    z = rng.standard_normal((2000, 5))
    labels = _sample_labels(softmax(z / 0.8), rng)
    t = fit_temperature(z, labels)
    assert fit_temperature(3.0 * z, labels) == pytest.approx(3.0 * t, rel=1e-6)
    # a shift of every row does not change the softmax, hence not the temperature
    assert fit_temperature(z + 100.0, labels) == pytest.approx(t, rel=1e-6)


def test_fit_temperature_on_separable_logits_returns_the_lower_bound():
    assert fit_temperature([[5.0, 0.0], [0.0, 5.0]], [0, 1]) == pytest.approx(1e-3, rel=1e-12)


def test_fit_temperature_on_anti_correlated_logits_returns_the_upper_bound():
    assert fit_temperature([[5.0, 0.0], [0.0, 5.0]], [1, 0]) == pytest.approx(1e3, rel=1e-12)


def test_fit_temperature_handles_huge_logit_gaps():
    t = fit_temperature([[1e300, -1e300], [0.0, 1.0], [1.0, 0.0]], [0, 1, 1])
    assert np.isfinite(t) and 1e-3 <= t <= 1e3


def test_fit_temperature_is_deterministic(rng):
    z = rng.standard_normal((500, 3))
    labels = rng.integers(0, 3, 500)
    assert fit_temperature(z, labels) == fit_temperature(z.copy(), labels.copy())
