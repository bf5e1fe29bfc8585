"""Tests of infoloss.calibration: reliability table, expected calibration error, temperature."""

import math

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

PROBS = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]]
LABELS = [0, 1, 1, 0]
ROWS = prob_vectors(n=3).map(lambda p: np.where(p < 1e-300, 0.0, p))  # no subnormals


def _sample_labels(probs, rng):
    """One label per row of `probs`, drawn from that row (inverse-CDF sampling)."""
    u = rng.random(len(probs))
    return (np.cumsum(probs, axis=1) < u[:, None]).sum(axis=1).clip(0, probs.shape[1] - 1)


def test_reliability_table_and_ece_hand_values():
    table = reliability_table(PROBS, LABELS, n_bins=2)
    np.testing.assert_array_equal(table.edges, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(table.count, [0, 4])  # an empty bin: zeros, never nan
    np.testing.assert_array_equal(table.accuracy, [0.0, 0.5])
    np.testing.assert_array_equal(table.confidence, [0.0, 0.7375])
    assert expected_calibration_error(PROBS, LABELS, n_bins=2) == pytest.approx(0.2375, rel=1e-15)
    # ten bins: 0.9 correct, 0.8 wrong, 0.7 correct, 0.55 wrong, each alone in its bin
    expected = (0.1 + 0.8 + 0.3 + 0.55) / 4
    assert expected_calibration_error(PROBS, LABELS) == pytest.approx(expected, rel=1e-14)


def test_a_confidence_on_an_edge_belongs_to_the_bin_below_it():
    # Guo et al. (2017): bin m is ((m - 1)/M, m/M]. Confidences 0.5, 0.75 and 1.0 lie on edges
    probs = [[0.5, 0.5], [0.25, 0.75], [1.0, 0.0], [0.6, 0.4]]
    table = reliability_table(probs, [0, 1, 1, 0], n_bins=4)
    np.testing.assert_array_equal(table.count, [0, 1, 2, 1])
    np.testing.assert_array_equal(table.confidence, [0.0, 0.5, 0.675, 1.0])
    # 0.3 is below the stored edge 0.30000000000000004: in (0.2, 0.3], the third bin
    assert reliability_table([[0.3, 0.3, 0.2, 0.2]], [0], n_bins=10).count[2] == 1
    assert expected_calibration_error([[0.5, 0.5], [1.0, 0.0]], [0, 1], n_bins=2) == 0.75


@given(st.lists(ROWS, min_size=1, max_size=30), st.integers(1, 12), st.data())
def test_table_and_ece_match_a_direct_loop_over_the_bins(rows, n_bins, data):
    probs = np.array(rows)
    labels = np.array(
        data.draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))
    )
    table = reliability_table(probs, labels, n_bins)
    conf, correct = probs.max(axis=1), probs.argmax(axis=1) == labels
    total = 0.0
    for b in range(n_bins):
        lo = -1.0 if b == 0 else table.edges[b]
        inside = (conf > lo) & (conf <= table.edges[b + 1])
        assert table.count[b] == inside.sum()
        if inside.any():
            assert table.confidence[b] == pytest.approx(conf[inside].mean(), rel=1e-13)
            assert table.accuracy[b] == pytest.approx(correct[inside].mean(), rel=1e-13)
            total += inside.sum() * abs(correct[inside].mean() - conf[inside].mean())
    ece = expected_calibration_error(probs, labels, n_bins)
    assert ece == pytest.approx(total / len(rows), rel=1e-12, abs=1e-15) and 0.0 <= ece <= 1.0


def test_ece_of_a_calibrated_forecaster_is_small_and_of_an_overconfident_one_is_not(rng):
    n = 200_000
    q = rng.uniform(0.0, 1.0, n)
    probs = np.column_stack([1.0 - q, q])
    calibrated = (rng.random(n) < q).astype(int)
    assert expected_calibration_error(probs, calibrated) < 0.01
    # truth halfway to 1/2: at confidence c the gap is (c - 1/2) / 2, of mean 1/8 on U(1/2, 1)
    shrunk = (rng.random(n) < 0.5 + (q - 0.5) / 2).astype(int)
    assert expected_calibration_error(probs, shrunk, n_bins=20) == pytest.approx(0.125, rel=0.05)


def test_fit_temperature_hand_value_and_bounds():
    # logits (0, 2) and class 1 in 3 of 4: softmax(2 / T)_1 = 3/4, T = 2 / log 3
    t = fit_temperature([[0.0, 2.0]] * 4, [1, 1, 1, 0])
    assert t == pytest.approx(2.0 / math.log(3.0), rel=1e-12)
    assert fit_temperature([[5.0, 0.0], [0.0, 5.0]], [0, 1]) == pytest.approx(1e-3)  # separable
    assert fit_temperature([[5.0, 0.0], [0.0, 5.0]], [1, 0]) == pytest.approx(1e3)  # always wrong
    # the range edge: logits 1e300 apart
    assert 1e-3 <= fit_temperature([[1e300, -1e300], [0.0, 1.0], [1.0, 0.0]], [0, 1, 1]) <= 1e3


def test_fit_temperature_recovers_the_temperature_and_minimises_the_loss():
    rng = np.random.default_rng(7)
    z = 3.0 * rng.standard_normal((100_000, 4))
    labels = _sample_labels(softmax(z / 2.5), rng)
    t = fit_temperature(z, labels)
    assert t == pytest.approx(2.5, rel=0.03)

    def loss(temp):
        return float(cross_entropy_from_logits(z / temp, labels))

    assert loss(t) <= min(loss(t * (1 - 1e-6)), loss(t * (1 + 1e-6)))
    assert fit_temperature(3.0 * z, labels) == pytest.approx(3.0 * t, rel=1e-9)
    assert fit_temperature(z + 100.0, labels) == pytest.approx(t, rel=1e-9)  # a row's shift


CAL = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]
BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    ({"probs": [0.2, 0.3, 0.5], "labels": [0]}, ValueError, "probs"),
    ({"probs": [[0.2, 0.3, 0.6]], "labels": [0]}, ValueError, "probs"),
    ({"probs": [[0.2, -0.3, 1.1]], "labels": [0]}, ValueError, "probs"),
    ({"probs": CAL, "labels": [0, 3]}, ValueError, "labels"),
    ({"probs": CAL, "labels": [0]}, ValueError, "labels"),
    ({"probs": CAL, "labels": [0.5, 1]}, ValueError, "labels"),
    ({"probs": CAL, "labels": [0, 1], "n_bins": 0}, ValueError, "n_bins"),
]


@pytest.mark.parametrize("helper", [reliability_table, expected_calibration_error])
@pytest.mark.parametrize(("kwargs", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, kwargs, error, name):
    with pytest.raises(error, match=name):
        helper(**kwargs)


@pytest.mark.parametrize(
    ("logits", "labels", "name"),
    [([0.0, 1.0], [0], "logits"), ([[0.0, np.inf]], [0], "logits"), ([[0.0, 1.0]], [2], "labels")],
)
def test_fit_temperature_bad_input_names_the_argument(logits, labels, name):
    with pytest.raises(ValueError, match=name):
        fit_temperature(logits, labels)
