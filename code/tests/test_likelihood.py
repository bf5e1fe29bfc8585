"""Tests of binary_cross_entropy, empirical_distribution and negative_log_likelihood."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    binary_cross_entropy,
    cross_entropy,
    empirical_distribution,
    negative_log_likelihood,
)


def test_binary_cross_entropy_values():
    assert binary_cross_entropy([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2))
    assert binary_cross_entropy([1.0], [1.0]) == 0.0
    assert binary_cross_entropy([1.0], [0.0]) == np.inf
    assert binary_cross_entropy([0.0], [0.0]) == 0.0


def test_empirical_distribution_in_support_order():
    assert np.array_equal(empirical_distribution([2, 0, 2, 2]), [0.25, 0.75])
    got = empirical_distribution([2, 0, 2, 2], support=[2, 1, 0])
    assert np.array_equal(got, [0.75, 0.0, 0.25])


@given(st.lists(st.integers(0, 5), min_size=1, max_size=200))
def test_empirical_distribution_sums_to_one_and_counts(samples):
    f = empirical_distribution(samples, support=range(6))
    assert f.sum() == pytest.approx(1.0, abs=1e-14)
    assert np.allclose(f * len(samples), [samples.count(k) for k in range(6)])


@pytest.mark.claim("eq-mle-ce")
@given(st.lists(st.integers(0, 3), min_size=1, max_size=300))
def test_mean_nll_is_cross_entropy_of_empirical_distribution(samples):
    q = np.array([0.1, 0.2, 0.3, 0.4])
    nll = negative_log_likelihood(q[np.array(samples)])
    ce = cross_entropy(empirical_distribution(samples, support=range(4)), q)
    assert nll == pytest.approx(ce, rel=1e-12)


def test_nll_is_a_sum_of_logs_and_does_not_underflow():
    probs = np.full(5000, 0.1)
    assert np.prod(probs) == 0.0  # the product underflows...
    assert negative_log_likelihood(probs, reduction="sum") == pytest.approx(5000 * math.log(10))


def test_nll_of_an_impossible_observation_is_infinite():
    assert negative_log_likelihood([0.5, 0.0]) == np.inf


def test_reduction_none_keeps_shape():
    assert negative_log_likelihood([[0.5, 0.25]], reduction="none").shape == (1, 2)
