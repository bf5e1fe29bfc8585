"""Losses of a prediction: log loss from probabilities and from logits, Brier, scores."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit

from conftest import logit_arrays, prob_vectors
from infoloss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    brier_score,
    cross_entropy,
    cross_entropy_from_logits,
    expected_score,
    log_softmax,
    negative_log_likelihood,
    perplexity,
    smooth_labels,
    softmax,
)


@given(st.lists(st.floats(-15.0, 15.0), min_size=1, max_size=8), st.data())
def test_bce_from_logits_is_bce_of_the_sigmoid(z, data):
    z = np.array(z)
    y = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=z.size, max_size=z.size)))
    bce = binary_cross_entropy(y, expit(z), reduction="none")
    assert np.allclose(binary_cross_entropy_with_logits(y, z, reduction="none"), bce, rtol=1e-9)


@given(logit_arrays(), st.data())
def test_cross_entropy_from_logits_of_index_and_one_hot_labels_agree(z, data):
    y = np.array([data.draw(st.integers(0, z.shape[1] - 1)) for _ in z])
    onehot = np.eye(z.shape[1])[y]
    by_index = cross_entropy_from_logits(z, y, reduction="none")
    assert np.allclose(by_index, cross_entropy_from_logits(z, onehot, reduction="none"))
    assert np.allclose(by_index, -log_softmax(z)[np.arange(len(y)), y], rtol=1e-15)
    assert np.isclose(cross_entropy_from_logits(z, y), by_index.mean(), rtol=1e-15)
    assert np.isclose(cross_entropy_from_logits(z, y, reduction="sum"), by_index.sum())


@given(logit_arrays(max_rows=1), prob_vectors(min_size=8, max_size=8))
def test_cross_entropy_from_logits_is_the_cross_entropy_of_the_softmax(z, t):
    t = t[: z.shape[1]] / t[: z.shape[1]].sum() if t[: z.shape[1]].sum() > 0 else None
    if t is not None:
        expected = cross_entropy(t, softmax(z[0]))
        assert np.isclose(cross_entropy_from_logits(z, t[None]), expected, rtol=1e-12)


def test_nll_is_a_sum_of_logs_that_never_underflows():
    assert np.isclose(negative_log_likelihood([0.5] * 5000, reduction="sum"), 5000 * np.log(2))


@pytest.mark.parametrize("rule", ["log", "brier"])
@given(p=st.floats(0.01, 0.99))
def test_log_and_brier_expected_scores_are_smallest_at_the_truth(rule, p):
    q = np.linspace(0.005, 0.995, 199)
    assert abs(q[np.argmin(expected_score(p, q, rule=rule))] - p) <= 0.005 + 1e-12


def test_brier_is_the_squared_error_and_the_zero_one_score_is_flat():
    assert np.allclose(brier_score([1.0, 0.0], [0.9, 0.2], reduction="none"), [0.01, 0.04])
    flat = expected_score(0.7, [0.6, 0.8, 0.99], rule="zero_one")
    assert np.ptp(flat) == 0.0 and np.isclose(flat[0], 0.3)


@given(st.integers(1, 1000))
def test_perplexity_of_a_uniform_model_is_the_number_of_outcomes(k):
    assert np.isclose(perplexity(np.log(k)), k) and np.isclose(perplexity(np.log2(k), base=2), k)


@given(logit_arrays(max_rows=1), st.floats(0.0, 1.0).map(lambda e: 0.0 if e < 1e-300 else e))
def test_smoothed_cross_entropy_is_a_mix_of_one_hot_and_uniform(z, eps):
    k = z.shape[1]
    t = smooth_labels([0], k, eps)
    mix = (1 - eps) * cross_entropy_from_logits(z, [0]) + eps * cross_entropy_from_logits(
        z, np.full((1, k), 1 / k)
    )
    assert np.isclose(cross_entropy_from_logits(z, t), mix, rtol=1e-12)
