"""Softmax and log-softmax."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from conftest import logit_arrays
from infoloss import log_softmax, softmax


@given(logit_arrays())
def test_softmax_rows_sum_to_one_and_log_softmax_is_its_log(z):
    q = softmax(z)
    assert np.allclose(q.sum(axis=-1), 1.0, rtol=1e-14)
    assert np.allclose(np.exp(log_softmax(z)), q, rtol=1e-13)


@given(logit_arrays())
def test_softmax_ignores_a_common_shift(z):
    assert np.allclose(softmax(z + 7.0), softmax(z), rtol=1e-12, atol=1e-300)


def test_softmax_works_along_an_axis_and_never_overflows():
    z = np.array([[1000.0, 0.0], [0.0, -1e300]])
    assert np.allclose(softmax(z.T, axis=0).T, softmax(z))
    assert np.array_equal(softmax(z), [[1.0, 0.0], [1.0, 0.0]])
