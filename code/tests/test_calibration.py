"""Tests of infoloss.calibration: reliability table, expected calibration error, temperature."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il
from conftest import prob_vectors


def test_a_confidence_on_an_edge_belongs_to_the_bin_below_it():
    """Guo et al. (2017): bin m is ((m - 1)/M, m/M]; 0.5, 0.75 and 1.0 lie on edges."""
    probs = [[0.5, 0.5], [0.25, 0.75], [1.0, 0.0], [0.6, 0.4]]
    table = il.reliability_table(probs, [0, 1, 1, 0], n_bins=4)
    np.testing.assert_array_equal(table.count, [0, 1, 2, 1])  # an empty bin: zeros, never nan
    np.testing.assert_array_equal(table.confidence, [0.0, 0.5, 0.675, 1.0])
    # 0.3 is below the stored edge 0.30000000000000004: in (0.2, 0.3], the third bin
    assert il.reliability_table([[0.3, 0.3, 0.2, 0.2]], [0], n_bins=10).count[2] == 1


EXAMPLES = st.lists(st.tuples(prob_vectors(n=3), st.integers(0, 2)), min_size=1, max_size=30)


@given(EXAMPLES, st.integers(1, 12))
def test_table_and_ece_match_a_direct_loop_over_the_bins(rows, n_bins):
    """Each bin's count, mean confidence and accuracy, and the ECE, as eq-clf-ece defines them."""
    probs, labels = np.array([p for p, _ in rows]), np.array([y for _, y in rows])
    table = il.reliability_table(probs, labels, n_bins)
    conf, correct = probs.max(axis=1), probs.argmax(axis=1) == labels
    total = 0.0
    for b in range(n_bins):
        lo = -1.0 if b == 0 else table.edges[b]  # bin b holds (edges[b], edges[b + 1]]; 0 too
        inside = (conf > lo) & (conf <= table.edges[b + 1])
        assert table.count[b] == inside.sum()
        if inside.any():
            assert table.confidence[b] == pytest.approx(conf[inside].mean(), rel=1e-13)
            assert table.accuracy[b] == pytest.approx(correct[inside].mean(), rel=1e-13)
            total += inside.sum() * abs(correct[inside].mean() - conf[inside].mean())
    ece = il.expected_calibration_error(probs, labels, n_bins)
    assert ece == pytest.approx(total / len(rows), rel=1e-12, abs=1e-15)


def test_fit_temperature_stops_at_the_bounds_of_its_search():
    """Separable logits want T -> 0 and get 1e-3; always-wrong ones get 1e3."""
    assert il.fit_temperature([[5.0, 0.0], [0.0, 5.0]], [0, 1]) == pytest.approx(1e-3)
    assert il.fit_temperature([[5.0, 0.0], [0.0, 5.0]], [1, 0]) == pytest.approx(1e3)
    # the range edge: logits 1e300 apart
    assert 1e-3 <= il.fit_temperature([[1e300, -1e300], [0.0, 1.0], [1.0, 0.0]], [0, 1, 1]) <= 1e3


def test_fit_temperature_recovers_the_temperature_of_the_labels(rng):
    """Labels drawn from softmax(z / 2.5) give T = 2.5; T scales with z and ignores a shift."""
    z = 3.0 * rng.standard_normal((100_000, 4))
    cdf = np.cumsum(il.softmax(z / 2.5), axis=1)
    labels = (cdf < rng.random(len(z))[:, None]).sum(axis=1).clip(0, 3)  # inverse-CDF draws
    t = il.fit_temperature(z, labels)
    assert t == pytest.approx(2.5, rel=0.03)
    assert il.fit_temperature(3.0 * z, labels) == pytest.approx(3.0 * t, rel=1e-9)
    assert il.fit_temperature(z + 100.0, labels) == pytest.approx(t, rel=1e-9)


CAL = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]
BAD = [  # (helper, arguments, the argument named): one row per class of bad input
    (il.reliability_table, {"probs": [0.2, 0.3, 0.5], "labels": [0]}, "probs"),
    (il.reliability_table, {"probs": [[0.2, 0.3, 0.6]], "labels": [0]}, "probs"),
    (il.reliability_table, {"probs": CAL, "labels": [0, 3]}, "labels"),
    (il.reliability_table, {"probs": CAL, "labels": [0]}, "labels"),
    (il.reliability_table, {"probs": CAL, "labels": [0.5, 1]}, "labels"),
    (il.reliability_table, {"probs": CAL, "labels": [0, 1], "n_bins": 0}, "n_bins"),
    (il.fit_temperature, {"logits": [0.0, 1.0], "labels": [0]}, "logits"),
    (il.fit_temperature, {"logits": [[0.0, np.inf]], "labels": [0]}, "logits"),
]


@pytest.mark.parametrize(("helper", "kwargs", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, kwargs, name):
    """Each bad input raises ValueError, naming the argument (the ECE shares the table's checks)."""
    with pytest.raises(ValueError, match=name):
        helper(**kwargs)
