"""Tests of infoloss.divergence: cross-entropy, KL, JS divergence, mutual information."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon

from conftest import layouts
from infoloss import (
    cross_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
)

LOG2 = np.log(2.0)


def test_kl_of_identical_distributions_is_exactly_zero(rng):
    p = rng.dirichlet(np.ones(7))
    assert kl_divergence(p, p) == 0.0


def test_kl_is_infinite_where_q_misses_support():
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf


def test_zero_p_terms_contribute_nothing():
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_axis_and_stacks(rng):
    p = rng.dirichlet(np.ones(5), size=(2, 3))
    q = rng.dirichlet(np.ones(5), size=(2, 3))
    out = kl_divergence(np.moveaxis(p, -1, 0), np.moveaxis(q, -1, 0), axis=0)
    assert out.shape == (2, 3)
    assert np.allclose(out, kl_divergence(p, q), rtol=1e-13)


def test_mutual_information_of_a_copied_fair_bit_is_one_bit():
    assert mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2) == pytest.approx(1.0, abs=1e-15)


def test_js_matches_scipy_and_its_maximum():
    p, q = np.array([0.1, 0.4, 0.5]), np.array([0.3, 0.3, 0.4])
    assert np.sqrt(js_divergence(p, q)) == pytest.approx(jensenshannon(p, q), rel=1e-12)
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(LOG2, abs=1e-15)
    assert js_divergence([1.0, 0.0], [0.0, 1.0], base=2) == pytest.approx(1.0, abs=1e-15)


def test_js_survives_subnormal_probabilities():
    tiny = np.finfo(np.float64).smallest_subnormal
    assert js_divergence([1.0, 0.0], [1.0, tiny]) < 1e-300  # halving tiny must not give m = 0
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(LOG2, abs=1e-15)


def test_mutual_information_survives_subnormal_products():
    tiny = np.finfo(np.float64).smallest_subnormal
    joint = np.array([[0.5, tiny], [0.5 - tiny, 0.0]])  # p(x0) p(y1) = tiny / 2 rounds to 0
    assert np.isfinite(mutual_information(joint)) and mutual_information(joint) < 1e-300


def test_js_works_along_an_axis():
    p = np.array([[0.5, 0.5], [1.0, 0.0], [0.2, 0.8]])
    q = np.array([[0.25, 0.75], [0.5, 0.5], [0.2, 0.8]])
    rows = [js_divergence(a, b) for a, b in zip(p, q, strict=True)]
    np.testing.assert_allclose(js_divergence(p, q), rows, rtol=1e-14)
    np.testing.assert_allclose(js_divergence(p.T, q.T, axis=0), rows, rtol=1e-14)


@pytest.mark.parametrize("helper", [cross_entropy, kl_divergence, js_divergence])
def test_a_row_gives_the_same_answer_in_every_layout_and_alone(helper):
    # K = 1000: long enough that numpy's pairwise sum of a contiguous row and its sum along a
    # strided axis differ in the last bits (js_divergence did, along axis 0 or in Fortran order)
    rng = np.random.default_rng(12)
    p, q = rng.dirichlet(np.ones(1000), size=4), rng.dirichlet(np.ones(1000), size=4)
    q[1] = p[1] * (1 + 1e-9 * rng.uniform(-1, 1, 1000))  # p ~ q: the careful path
    q[1] /= q[1].sum()
    alone = np.array([helper(a, b) for a, b in zip(p, q, strict=True)])
    for (label, pl, axis, back), (_, ql, _, _) in zip(layouts(p), layouts(q), strict=True):
        np.testing.assert_array_equal(back(helper(pl, ql, axis=axis)), alone, err_msg=label)
