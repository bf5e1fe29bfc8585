"""The claims of chapter 5 (cross-entropy as the classifier's loss), checked numerically.

The gradient claims (eq-clf-logistic-grad, eq-clf-softmax-grad, eq-clf-ce-logit-grad,
eq-clf-mse-logit-grad) are checked against finite differences in test_models.py.
"""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from conftest import logit_arrays
from infoloss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_from_logits,
    fit_logistic_regression,
    linear_logits,
    log_softmax,
    make_blobs,
    softmax,
)


@pytest.mark.claim("eq-clf-softmax-model")
def test_linear_softmax_model_is_a_distribution_over_classes(rng):
    X, _ = make_blobs(10, [[0.0, 0.0], [3.0, 1.0], [-1.0, 2.0]], rng)
    W = rng.normal(size=(3, 3))
    z = X @ W[:2] + W[2]
    q = softmax(linear_logits(W, X))
    assert np.allclose(q, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), rtol=1e-12)
    assert np.allclose(q.sum(axis=1), 1.0, atol=1e-15)


@pytest.mark.claim("eq-clf-nll")
@given(logit_arrays(), st.integers(0, 2**32 - 1))
def test_negative_log_likelihood_is_average_cross_entropy_with_one_hot_targets(z, seed):
    n, k = z.shape
    labels = np.random.default_rng(seed).integers(0, k, size=n)
    nll = -log_softmax(z)[np.arange(n), labels].mean()
    one_hot = np.eye(k)[labels]
    with np.errstate(under="ignore"):
        q = softmax(z)
    avg_ce = np.mean(cross_entropy(one_hot, q)) if q.min() > 0 else nll  # q underflowed to 0
    assert avg_ce == pytest.approx(nll, rel=1e-9, abs=1e-12)
    assert cross_entropy_from_logits(z, labels) == pytest.approx(nll, rel=1e-12, abs=1e-12)
    assert cross_entropy_from_logits(z, one_hot) == pytest.approx(nll, rel=1e-12, abs=1e-12)


@pytest.mark.claim("eq-clf-bce")
@given(st.floats(-30, 30), st.sampled_from([0.0, 1.0]))
def test_binary_cross_entropy_is_minus_the_bernoulli_log_likelihood(z, y):
    # -log[sigma^y (1 - sigma)^(1 - y)], with log sigma(z) and log(1 - sigma(z)) = log sigma(-z)
    # computed to full precision (1 - expit(z) would round away the digits at z = 20)
    exact = -(y * scipy.special.log_expit(z) + (1 - y) * scipy.special.log_expit(-z))
    assert binary_cross_entropy_with_logits([y], [z]) == pytest.approx(exact, rel=1e-12)
    p = scipy.special.expit(z)
    if abs(z) < 5:  # where p and 1 - p both keep their digits, scipy's Bernoulli pmf agrees
        assert -scipy.stats.bernoulli.logpmf(y, p) == pytest.approx(exact, rel=1e-12)
        assert binary_cross_entropy([y], [p]) == pytest.approx(exact, rel=1e-12)
    # and it is the two-class softmax cross-entropy with logits (0, z)
    two_class = cross_entropy_from_logits([[0.0, z]], [int(y)])
    assert two_class == pytest.approx(exact, rel=1e-12, abs=1e-14)  # lse - z_y: absolute accuracy


@pytest.mark.claim("eq-clf-logsumexp")
@given(logit_arrays(scale=1e4), st.floats(-1e4, 1e4))
def test_log_sum_exp_shift_is_exact_and_shift_invariant(z, c):
    ref = scipy.special.logsumexp(z, axis=-1, keepdims=True)
    assert np.allclose(log_softmax(z), z - ref, rtol=1e-12, atol=1e-9)
    assert np.allclose(log_softmax(z + c), log_softmax(z), rtol=1e-9, atol=1e-8)


def test_naive_softmax_overflows_where_the_shifted_one_is_exact():
    big = np.array([1000.0, 999.0, 998.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(big) / np.exp(big).sum()
    assert np.isnan(naive).all()
    exact = -math.log1p(math.exp(-1) + math.exp(-2)) - np.array([0.0, 1.0, 2.0])
    assert np.allclose(log_softmax(big), exact, rtol=1e-15)
    assert cross_entropy_from_logits([[0.0, -800.0]], [1]) == 800.0


def test_cross_entropy_corrects_a_confident_mistake_far_faster_than_squared_error():
    X, y, w0 = np.array([[1.0]]), np.array([1.0]), np.array([-4.0, -4.0])  # z = -8
    _, ce = fit_logistic_regression(X, y, lr=1.0, steps=1000, w0=w0)
    _, se = fit_logistic_regression(X, y, lr=1.0, steps=1000, loss="squared_error", w0=w0)
    steps_ce, steps_se = np.argmax(ce < math.log(2)), np.argmax(se < 0.25)
    assert (steps_ce, steps_se) == (5, 755)  # the numbers chapter 5 prints
