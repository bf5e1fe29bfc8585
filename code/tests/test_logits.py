"""Tests of infoloss.logits: softmax and log-softmax."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from conftest import layouts, logit_arrays
from infoloss import (
    binary_cross_entropy_with_logits,
    cross_entropy_from_logits,
    log_softmax,
    softmax,
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


def test_a_row_of_logits_gives_the_same_answer_in_every_layout_and_alone():
    # K = 1000: the sum of exp(z - max) along a strided axis (axis=0, Fortran order) was added
    # in another order than the contiguous row, a last-bit difference (3.6e-15 in log_softmax)
    z = np.random.default_rng(13).normal(0.0, 3.0, size=(4, 1000))
    for helper in (softmax, log_softmax):
        alone = np.array([helper(row) for row in z])
        for label, zl, axis, back in layouts(z):
            np.testing.assert_array_equal(back(helper(zl, axis=axis)), alone, err_msg=label)
