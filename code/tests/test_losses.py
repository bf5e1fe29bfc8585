"""Tests of infoloss.losses: NLL, binary and categorical cross-entropy, scores, smoothing."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats
from hypothesis import given

from conftest import layouts, logit_arrays
from infoloss import (
    binary_cross_entropy,
    brier_score,
    cross_entropy,
    cross_entropy_from_logits,
    expected_score,
    negative_log_likelihood,
    perplexity,
    smooth_labels,
    softmax,
)


def test_expected_score_values_and_zero_one_is_proper_but_not_strictly():
    assert expected_score(0.5, 0.5) == pytest.approx(math.log(2), rel=1e-15)
    assert expected_score(0.5, 0.5, base=2) == pytest.approx(1.0, rel=1e-15)
    assert expected_score(1.0, 0.0) == np.inf
    assert expected_score(0.0, 0.0) == 0.0
    flat = expected_score(0.7, np.linspace(0.51, 1.0, 50), rule="zero_one")
    assert np.all(flat == pytest.approx(0.3))  # every q > 1/2 ties with the truth: not strict
    assert expected_score(0.7, 0.5, rule="zero_one") == 0.5


def test_brier_is_bounded_where_log_loss_is_not():
    assert brier_score([1.0], [0.0]) == 1.0
    assert expected_score(1.0, 0.0, rule="brier") == 1.0
    assert expected_score(1.0, 0.0, rule="log") == np.inf


def test_smooth_labels_values():
    t = smooth_labels([0, 2], num_classes=3, epsilon=0.3)
    assert np.allclose(t, [[0.8, 0.1, 0.1], [0.1, 0.1, 0.8]], rtol=0, atol=1e-15)
    assert np.array_equal(smooth_labels([1], 2, 0.0), [[0.0, 1.0]])
    assert np.allclose(smooth_labels([1], 4, 1.0), 0.25)
    assert smooth_labels([[0, 1], [1, 0]], 2, 0.1).shape == (2, 2, 2)


def test_perplexity_values():
    assert perplexity(0.0) == 1.0
    assert perplexity(np.inf) == np.inf
    assert np.allclose(perplexity([math.log(2), math.log(5)]), [2.0, 5.0])
    assert perplexity(3.0, base=2) == 8.0


def test_binary_cross_entropy_values():
    assert binary_cross_entropy([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2))
    assert binary_cross_entropy([1.0], [1.0]) == 0.0
    assert binary_cross_entropy([1.0], [0.0]) == np.inf
    assert binary_cross_entropy([0.0], [0.0]) == 0.0


def test_nll_is_a_sum_of_logs_and_does_not_underflow():
    probs = np.full(5000, 0.1)
    assert np.prod(probs) == 0.0  # the product underflows...
    assert negative_log_likelihood(probs, reduction="sum") == pytest.approx(5000 * math.log(10))


def test_nll_of_an_impossible_observation_is_infinite():
    assert negative_log_likelihood([0.5, 0.0]) == np.inf


def test_reduction_none_keeps_shape():
    assert negative_log_likelihood([[0.5, 0.25]], reduction="none").shape == (1, 2)


def test_cross_entropy_from_logits_with_indices_matches_scipy(rng):
    z = rng.normal(size=(50, 7))
    y = rng.integers(0, 7, size=50)
    ref = -np.take_along_axis(scipy.special.log_softmax(z, axis=1), y[:, None], axis=1)[:, 0]
    assert np.allclose(cross_entropy_from_logits(z, y, reduction="none"), ref, rtol=1e-13)
    assert cross_entropy_from_logits(z, y) == pytest.approx(ref.mean(), rel=1e-13)
    assert cross_entropy_from_logits(z, y, reduction="sum") == pytest.approx(ref.sum(), rel=1e-13)


@given(logit_arrays())
def test_loss_from_logits_is_cross_entropy_of_softmax(z):
    t = softmax(z[::-1])  # any probability targets
    expected = cross_entropy(t, softmax(z))
    got = cross_entropy_from_logits(z, t, reduction="none")
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-9)


def test_batch_shapes_and_reduction_none():
    z = np.zeros((2, 3, 4))
    y = np.zeros((2, 3), dtype=int)
    assert cross_entropy_from_logits(z, y, reduction="none").shape == (2, 3)
    assert np.allclose(cross_entropy_from_logits(z, y, reduction="none"), math.log(4))


def test_a_batch_gives_the_same_losses_in_every_memory_layout():
    # einsum's dot with the targets, their sums and the mean all follow the memory layout:
    # a Fortran-ordered batch gave cross-entropies 1.4e-14 apart from the C-ordered one
    rng = np.random.default_rng(15)
    z = rng.normal(0.0, 3.0, size=(300, 70))
    t = rng.dirichlet(np.ones(70), size=300)
    labels = rng.integers(0, 70, size=300)
    alone = np.array(
        [cross_entropy_from_logits(zr[None], tr[None]) for zr, tr in zip(z, t, strict=True)]
    )
    for (label, zl, _, back), (_, tl, _, _) in zip(
        layouts(z, axes=False), layouts(t, axes=False), strict=True
    ):
        got = cross_entropy_from_logits(zl, tl, reduction="none")
        np.testing.assert_array_equal(back(got), alone, err_msg=label)
        if label != "reversed rows":  # (the mean of the same numbers in another order)
            assert cross_entropy_from_logits(zl, tl) == cross_entropy_from_logits(z, t), label
        lab = labels[::-1] if label == "reversed rows" else labels.reshape(zl.shape[:-1])
        got = back(cross_entropy_from_logits(zl, lab, reduction="none"))
        np.testing.assert_array_equal(got, cross_entropy_from_logits(z, labels, reduction="none"))
    y, p = rng.uniform(size=(300, 70)), rng.uniform(size=(300, 70))
    for helper in (binary_cross_entropy, brier_score):
        for reduction in ("mean", "sum"):
            c = helper(y, p, reduction=reduction)
            f = helper(np.asfortranarray(y), np.asfortranarray(p), reduction=reduction)
            assert c == f, (helper.__name__, reduction)
