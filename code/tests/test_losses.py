"""Losses of a prediction: from logits, scores, smoothing (their accuracy: test_accuracy.py)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il
from conftest import logit_arrays, prob_vectors


@given(logit_arrays(), st.data())
def test_index_labels_are_one_hot_targets(z, data):
    y = np.array([data.draw(st.integers(0, z.shape[1] - 1)) for _ in z])
    by_index = il.cross_entropy_from_logits(z, y, reduction="none")
    onehot = np.eye(z.shape[1])[y]
    assert np.allclose(by_index, il.cross_entropy_from_logits(z, onehot, reduction="none"))


@given(logit_arrays(max_rows=1), st.data())
def test_cross_entropy_from_logits_is_the_cross_entropy_of_the_softmax(z, data):
    t = data.draw(prob_vectors(n=z.shape[1]))
    expected = il.cross_entropy(t, il.softmax(z[0]))
    assert np.isclose(il.cross_entropy_from_logits(z, t[None]), expected, rtol=1e-12)


@pytest.mark.parametrize("rule", ["log", "brier"])
@given(p=st.floats(0.01, 0.99))
def test_log_and_brier_expected_scores_are_smallest_at_the_truth(rule, p):
    q = np.linspace(0.005, 0.995, 199)
    assert abs(q[np.argmin(il.expected_score(p, q, rule=rule))] - p) <= 0.005 + 1e-12


@given(logit_arrays(max_rows=1), st.floats(0.0, 1.0).map(lambda e: 0.0 if e < 1e-300 else e))
def test_smoothed_cross_entropy_is_a_mix_of_one_hot_and_uniform(z, eps):
    k = z.shape[1]
    uniform = il.cross_entropy_from_logits(z, np.full((1, k), 1 / k))
    mix = (1 - eps) * il.cross_entropy_from_logits(z, [0]) + eps * uniform
    smoothed = il.cross_entropy_from_logits(z, il.smooth_labels([0], k, eps))
    assert np.isclose(smoothed, mix, rtol=1e-12)
