"""Tests of softmax, log_softmax and the losses computed from logits."""

import math

import numpy as np
import pytest
import scipy.special
from hypothesis import given

from conftest import logit_arrays
from infoloss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_from_logits,
    log_softmax,
    softmax,
)


@given(logit_arrays())
def test_log_softmax_agrees_with_scipy(z):
    assert np.allclose(
        log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-12, atol=1e-12
    )


@given(logit_arrays())
def test_softmax_rows_sum_to_one(z):
    assert np.allclose(softmax(z).sum(axis=-1), 1.0, rtol=0, atol=1e-14)


def test_huge_logits_give_finite_exact_answers():
    z = np.array([1e4, -1e4, 0.0])
    assert np.array_equal(log_softmax(z), [0.0, -2e4, -1e4])
    assert np.array_equal(softmax(z), [1.0, 0.0, 0.0])
    assert cross_entropy_from_logits([z], [1]) == 2e4
    assert binary_cross_entropy_with_logits([1.0], [-1e4]) == 1e4


def test_softmax_axis_argument(rng):
    z = rng.normal(size=(3, 4))
    assert np.allclose(softmax(z, axis=0), softmax(z.T).T)


def test_cross_entropy_from_logits_with_indices_matches_scipy(rng):
    z = rng.normal(size=(50, 7))
    y = rng.integers(0, 7, size=50)
    ref = -np.take_along_axis(scipy.special.log_softmax(z, axis=1), y[:, None], axis=1)[:, 0]
    assert np.allclose(cross_entropy_from_logits(z, y, reduction="none"), ref, rtol=1e-13)
    assert cross_entropy_from_logits(z, y) == pytest.approx(ref.mean(), rel=1e-13)
    assert cross_entropy_from_logits(z, y, reduction="sum") == pytest.approx(ref.sum(), rel=1e-13)


def test_one_hot_targets_equal_index_labels(rng):
    z = rng.normal(size=(20, 4))
    y = rng.integers(0, 4, size=20)
    onehot = np.eye(4)[y]
    assert cross_entropy_from_logits(z, onehot) == pytest.approx(cross_entropy_from_logits(z, y))


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


@given(logit_arrays(max_classes=2))
def test_bce_with_logits_matches_bce_on_probabilities(z):
    z = z.ravel()
    p = scipy.special.expit(z)
    y = (z > 0).astype(float)[::-1].copy()
    ok = (p > 1e-6) & (p < 1 - 1e-6)  # away from saturation, where 1 - p loses digits
    if not ok.any():
        return
    a = binary_cross_entropy_with_logits(y[ok], z[ok], reduction="none")
    b = binary_cross_entropy(y[ok], p[ok], reduction="none")
    assert np.allclose(a, b, rtol=1e-6, atol=1e-9)


def test_bce_with_logits_agrees_with_two_class_softmax(rng):
    z = rng.normal(scale=5, size=30)
    y = rng.integers(0, 2, size=30)
    two = np.stack([np.zeros_like(z), z], axis=1)  # sigmoid(z) = softmax([0, z])[1]
    assert binary_cross_entropy_with_logits(y.astype(float), z) == pytest.approx(
        cross_entropy_from_logits(two, y), rel=1e-13
    )
