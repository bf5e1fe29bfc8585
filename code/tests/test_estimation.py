"""Tests of infoloss.estimation: empirical distributions and the unigram model."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import cross_entropy, empirical_distribution, unigram_model


def test_unigram_model_values_and_smoothing():
    assert np.array_equal(unigram_model("abba", "abc", pseudocount=0.0), [0.5, 0.5, 0.0])
    assert np.allclose(unigram_model("", "xyz"), 1 / 3)
    assert np.allclose(unigram_model("ab", ["b", "a"], pseudocount=0.5), [0.5, 0.5])
    assert np.array_equal(unigram_model("", "ab", pseudocount=1e300), [0.5, 0.5])


@given(
    st.text(alphabet="abcd", max_size=30),
    st.one_of(st.floats(0, 10), st.floats(1e280, 1e300), st.floats(1e-300, 1e-200)),
)
def test_unigram_model_is_exact_to_1e_15(text, alpha):
    if text or alpha:
        a = Fraction(alpha)
        exact = [(text.count(c) + a) / (len(text) + 4 * a) for c in "abcd"]
        got = unigram_model(text, "abcd", pseudocount=alpha)
        assert all(abs(Fraction(g) - e) <= 1e-15 * e for g, e in zip(got, exact, strict=True))


@given(st.text(alphabet="abcde", min_size=1, max_size=80))
def test_unpooled_unigram_model_is_the_empirical_distribution(text):
    fitted = unigram_model(text, "abcde", pseudocount=0.0)
    assert np.array_equal(fitted, empirical_distribution(list(text), support=list("abcde")))
    # and it minimises the cross-entropy on its own training text (maximum likelihood)
    assert cross_entropy(fitted, fitted) <= cross_entropy(fitted, unigram_model(text, "abcde"))


@given(st.lists(st.integers(0, 5), min_size=1, max_size=200))
def test_empirical_distribution_is_the_correctly_rounded_frequency(samples):
    got = empirical_distribution(samples, support=[5, 4, 3, 2, 1, 0])
    assert got.tolist() == [
        float(Fraction(samples.count(k), len(samples))) for k in range(5, -1, -1)
    ]


def test_empirical_distribution_default_support_and_kinds_of_outcome():
    assert np.array_equal(empirical_distribution([2, 0, 2, 2]), [0.25, 0.75])
    assert np.array_equal(empirical_distribution(["b", "a", "b"]), [1 / 3, 2 / 3])
    assert np.array_equal(empirical_distribution([True, False, True]), [1 / 3, 2 / 3])


BAD = [  # one row per class of bad input and helper family
    (empirical_distribution, {"samples": []}, ValueError, "samples"),
    (empirical_distribution, {"samples": [[1, 2]]}, ValueError, "samples"),
    (empirical_distribution, {"samples": [1.0, math.nan]}, ValueError, "samples"),
    (empirical_distribution, {"samples": [None]}, TypeError, "samples"),
    (empirical_distribution, {"samples": np.ma.masked_array([1, 2])}, TypeError, "samples"),
    (empirical_distribution, {"samples": [1, 5], "support": [1, 2]}, ValueError, "support"),
    (empirical_distribution, {"samples": ["a"], "support": [1, 2]}, ValueError, "support"),
    (empirical_distribution, {"samples": [1], "support": [1, 1]}, ValueError, "support"),
    (unigram_model, {"text": ["a"], "alphabet": "ab"}, TypeError, "text"),
    (unigram_model, {"text": "abz", "alphabet": "ab"}, ValueError, "alphabet"),
    (unigram_model, {"text": "a", "alphabet": ""}, ValueError, "alphabet"),
    (unigram_model, {"text": "", "alphabet": "ab", "pseudocount": 0}, ValueError, "text"),
    (unigram_model, {"text": "a", "alphabet": "a", "pseudocount": -1}, ValueError, "pseudocount"),
    (unigram_model, {"text": "a", "alphabet": "a", "pseudocount": 2e300}, ValueError, "pseudo"),
]


@pytest.mark.parametrize(("helper", "bad", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, bad, error, name):
    with pytest.raises(error, match=name):
        helper(**bad)
