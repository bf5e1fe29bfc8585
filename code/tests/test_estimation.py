"""Tests of infoloss.estimation: empirical distributions and the unigram model (bad inputs:
test_bad_inputs.py)."""

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from infoloss import cross_entropy, empirical_distribution, unigram_model


@given(
    st.text(alphabet="abcd", max_size=30),
    # (not a subnormal pseudocount: its probabilities would be subnormal, which it refuses)
    st.one_of(st.just(0.0), st.floats(1e-300, 10.0), st.floats(1e280, 1e300)),
)
def test_unigram_model_is_exact_to_1e_15(text, alpha):
    """Also with no text (the uniform distribution) and with a pseudocount of 1e300."""
    if text or alpha:
        a = Fraction(alpha)
        exact = [(text.count(c) + a) / (len(text) + 4 * a) for c in "abcd"]
        got = unigram_model(text, "abcd", pseudocount=alpha)
        assert all(abs(Fraction(g) - e) <= e / 10**15 for g, e in zip(got, exact, strict=True))


@given(st.text(alphabet="abcde", min_size=1, max_size=80))
def test_unpooled_unigram_model_is_the_empirical_distribution_and_the_ml_fit(text):
    fitted = unigram_model(text, "abcde", pseudocount=0.0)
    assert np.array_equal(fitted, empirical_distribution(list(text), support=list("abcde")))
    assert cross_entropy(fitted, fitted) <= cross_entropy(fitted, unigram_model(text, "abcde"))


@given(st.lists(st.integers(0, 5), min_size=1, max_size=200))
def test_empirical_distribution_is_the_correctly_rounded_frequency(samples):
    got = empirical_distribution(samples, support=[5, 4, 3, 2, 1, 0])
    assert got.tolist() == [
        float(Fraction(samples.count(k), len(samples))) for k in range(5, -1, -1)
    ]


def test_empirical_distribution_counts_strings_and_booleans():
    assert np.array_equal(empirical_distribution(["b", "a", "b"]), [1 / 3, 2 / 3])
    assert np.array_equal(empirical_distribution([True, False, True]), [1 / 3, 2 / 3])
