"""infoloss against scipy.stats.entropy and sklearn.metrics.log_loss, conventions included.

Chapter 7 runs the same checks in the notebook; these keep them true when a library changes.
"""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import log_loss

from conftest import prob_pairs, prob_vectors
from infoloss import (
    binary_cross_entropy,
    cross_entropy_from_logits,
    entropy,
    kl_divergence,
    negative_log_likelihood,
)

FLOAT64_EPS = np.finfo(np.float64).eps


# --- scipy.stats.entropy -------------------------------------------------------------------------


@given(prob_pairs(min_size=2, allow_zeros=False))
def test_scipy_entropy_agrees_on_probability_vectors(pq):
    p, q = pq
    assert scipy.stats.entropy(p) == pytest.approx(entropy(p), rel=1e-12, abs=1e-14)
    assert scipy.stats.entropy(p, q) == pytest.approx(kl_divergence(p, q), rel=1e-9, abs=1e-12)
    assert scipy.stats.entropy(p, base=2) == pytest.approx(entropy(p, base=2), abs=1e-12)


def test_scipy_entropy_reduces_along_axis_0_by_default(rng):
    rows = rng.dirichlet(np.ones(4), size=3)  # three distributions, one per row
    assert np.allclose(scipy.stats.entropy(rows, axis=1), entropy(rows))
    columns = scipy.stats.entropy(rows)  # axis=0: four "distributions" down the columns
    assert columns.shape == (4,)
    assert not np.allclose(np.sort(columns)[:3], np.sort(entropy(rows)))


@given(prob_vectors(min_size=2, allow_zeros=False), st.floats(0.1, 10.0))
def test_scipy_entropy_normalises_silently_where_infoloss_raises(p, scale):
    counts = scale * p
    assert scipy.stats.entropy(counts) == pytest.approx(entropy(p), rel=1e-12, abs=1e-14)
    if abs(counts.sum() - 1) > 1e-6:
        with pytest.raises(ValueError, match="p must (sum to 1|lie in)"):
            entropy(counts)


# --- sklearn.metrics.log_loss --------------------------------------------------------------------


@given(st.integers(0, 2**32 - 1))
def test_log_loss_is_mean_nll_of_the_true_class(seed):
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.ones(4), size=30)
    y = rng.integers(0, 4, size=30)
    ours = negative_log_likelihood(proba[np.arange(30), y])
    assert log_loss(y, proba, labels=range(4)) == pytest.approx(ours, rel=1e-12)
    logits = np.log(proba)  # softmax(log q) = q, so the logits route agrees too
    assert log_loss(y, proba, labels=range(4)) == pytest.approx(
        cross_entropy_from_logits(logits, y), rel=1e-10
    )


def test_log_loss_binary_takes_the_positive_class_probability(rng):
    y = rng.integers(0, 2, size=50)
    p = rng.uniform(0.01, 0.99, size=50)
    assert log_loss(y, p) == pytest.approx(binary_cross_entropy(y.astype(float), p), rel=1e-12)
    assert log_loss(y, p, normalize=False) == pytest.approx(
        binary_cross_entropy(y.astype(float), p, reduction="sum"), rel=1e-12
    )


def test_log_loss_clips_a_confident_miss_to_machine_epsilon():
    # sklearn 1.9 has no eps argument: it clips to [eps, 1 - eps] with eps of the input's dtype.
    miss = log_loss([1], [[1.0, 0.0]], labels=[0, 1])
    assert miss == pytest.approx(-math.log(FLOAT64_EPS), rel=1e-12)  # 36.04 nats
    assert miss == pytest.approx(36.0437, abs=1e-4)
    assert binary_cross_entropy([1.0], [0.0]) == np.inf  # infoloss: the honest answer
    miss32 = log_loss([1], np.array([[1.0, 0.0]], dtype=np.float32), labels=[0, 1])
    assert miss32 == pytest.approx(-math.log(np.finfo(np.float32).eps), rel=1e-6)  # 15.94


def test_log_loss_warns_but_does_not_renormalise_rows_that_do_not_sum_to_one():
    with pytest.warns(UserWarning, match="do not sum to one"):
        got = log_loss([0, 1], [[0.5, 0.6], [0.2, 0.6]])
    assert got == pytest.approx(-(math.log(0.5) + math.log(0.6)) / 2, rel=1e-12)
