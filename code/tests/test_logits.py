"""Softmax and log-softmax."""

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


def test_softmax_works_along_an_axis_and_underflows_to_exactly_zero():
    """Chapter 2: positive in exact arithmetic, 0.0 in float64 once a logit is far below."""
    z = np.array([[0.0, -800.0], [0.0, -1e300]])
    assert np.array_equal(softmax(z.T, axis=0), [[1.0, 1.0], [0.0, 0.0]])
