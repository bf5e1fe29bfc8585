"""Tests of infoloss.entropy: surprisal, entropy, binary, joint and conditional entropy."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import layouts, prob_vectors
from infoloss import (
    bernoulli_entropy,
    conditional_entropy,
    entropy,
    surprisal,
)

LOG2 = np.log(2.0)


def test_entropy_returns_numpy_float_for_a_vector():
    assert isinstance(entropy([0.2, 0.8]), np.float64)


def test_entropy_axis_argument_reduces_the_named_axis(rng):
    p = rng.dirichlet(np.ones(4), size=3)  # rows are distributions
    assert np.allclose(entropy(p.T, axis=0), entropy(p, axis=-1), rtol=1e-14)
    assert entropy(p.T, axis=0).shape == (3,)


@given(prob_vectors(), st.sampled_from([2, 10, math.e, 1.5, np.float32(2), Fraction(10), 10**400]))
def test_base_divides_by_log_base(p, base):
    assert entropy(p, base=base) == pytest.approx(entropy(p) / math.log(base), rel=1e-15, abs=0)


def test_surprisal_values():
    assert np.array_equal(surprisal([1.0, 0.5, 0.25, 0.125], base=2), [0.0, 1.0, 2.0, 3.0])
    assert surprisal(0.0) == np.inf
    assert isinstance(surprisal(0.5), np.float64)


def test_bernoulli_entropy_values():
    assert np.array_equal(bernoulli_entropy([0.0, 0.5, 1.0], base=2), [0.0, 1.0, 0.0])
    h = bernoulli_entropy(1e-20)  # accurate for tiny p: ~ p*(1 - log p)
    assert h == pytest.approx(1e-20 * (1 - math.log(1e-20)), rel=1e-12)


def test_conditional_entropy_has_x_on_axis_0():
    joint = np.array([[0.5, 0.0], [0.25, 0.25]])  # x = 0: y certain; x = 1: y a fair coin
    assert conditional_entropy(joint, base=2) == pytest.approx(0.5, abs=1e-15)
    h_x_given_y = 0.75 * entropy([2 / 3, 1 / 3], base=2) + 0.25 * 0.0
    assert conditional_entropy(joint.T, base=2) == pytest.approx(h_x_given_y, abs=1e-15)


def test_conditional_entropy_is_zero_when_y_is_a_function_of_x():
    assert conditional_entropy([[0.2, 0.0, 0.0], [0.0, 0.0, 0.5], [0.3, 0.0, 0.0]]) == 0.0


def test_conditional_entropy_ignores_rows_of_impossible_x():
    assert conditional_entropy([[0.0, 0.0], [0.5, 0.5]]) == pytest.approx(LOG2, abs=1e-15)


def test_a_row_gives_the_same_entropy_in_every_layout_and_alone():
    p = np.random.default_rng(14).dirichlet(np.ones(1000), size=4)
    p[2, :500] = 0.0  # zeros in part of one row
    p[2] /= p[2].sum()
    alone = np.array([entropy(row) for row in p])
    for label, pl, axis, back in layouts(p):
        np.testing.assert_array_equal(back(entropy(pl, axis=axis)), alone, err_msg=label)
