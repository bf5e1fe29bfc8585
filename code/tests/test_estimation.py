"""Tests of infoloss.estimation: empirical distributions and the unigram model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import (
    cross_entropy,
    empirical_distribution,
    unigram_model,
)


def test_unigram_model_values_and_smoothing():
    assert np.array_equal(unigram_model("abba", "abc", pseudocount=0.0), [0.5, 0.5, 0.0])
    assert np.allclose(unigram_model("abba", "abc"), [3 / 7, 3 / 7, 1 / 7])
    assert np.allclose(unigram_model("", "xyz"), 1 / 3)
    assert np.allclose(unigram_model("ab", ["b", "a"], pseudocount=0.5), [0.5, 0.5])


@given(st.text(alphabet="abcde", min_size=1, max_size=80))
def test_unpooled_unigram_model_is_the_empirical_distribution(text):
    fitted = unigram_model(text, "abcde", pseudocount=0.0)
    assert np.allclose(fitted, empirical_distribution(list(text), support=list("abcde")))
    # and it minimises the cross-entropy on its own training text (maximum likelihood)
    assert cross_entropy(fitted, fitted) <= cross_entropy(fitted, unigram_model(text, "abcde"))


def test_empirical_distribution_in_support_order():
    assert np.array_equal(empirical_distribution([2, 0, 2, 2]), [0.25, 0.75])
    got = empirical_distribution([2, 0, 2, 2], support=[2, 1, 0])
    assert np.array_equal(got, [0.75, 0.0, 0.25])


@given(st.lists(st.integers(0, 5), min_size=1, max_size=200))
def test_empirical_distribution_sums_to_one_and_counts(samples):
    f = empirical_distribution(samples, support=range(6))
    assert f.sum() == pytest.approx(1.0, abs=1e-14)
    assert np.allclose(f * len(samples), [samples.count(k) for k in range(6)])
