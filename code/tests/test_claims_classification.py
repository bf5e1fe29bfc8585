"""The claims of chapter 5 (cross-entropy as the classifier's loss), checked numerically.

Also the steps the argument needs: one-hot targets average to the truth, the risk
decomposition, why the forward divergence, the locality theorem, temperature scaling.
The gradient claims are checked against central differences of infoloss's own losses.
"""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import infoloss as il
from conftest import logit_arrays, prob_vectors
from infoloss.linear import _logistic_gradient, _softmax_gradient


def central_difference(f, x, h=1e-6):
    """Numerical gradient of a scalar function of an array, by central differences."""
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


def with_bias(X):
    return np.c_[X, np.ones(len(X))]


# --- the model and its loss ----------------------------------------------------------------------


@pytest.mark.claim("eq-clf-nll")
@given(logit_arrays(), st.integers(0, 2**32 - 1))
def test_negative_log_likelihood_is_average_cross_entropy_with_one_hot_targets(z, seed):
    """-mean log q(y_i | x_i) = mean H(e_y, q), from labels or one-hot rows alike."""
    n, k = z.shape
    labels = np.random.default_rng(seed).integers(0, k, size=n)
    nll = -il.log_softmax(z)[np.arange(n), labels].mean()
    one_hot = np.eye(k)[labels]  # H(e_y, softmax(z)), from the labels or their one-hot rows
    assert il.cross_entropy_from_logits(z, labels) == pytest.approx(nll, rel=1e-12, abs=1e-12)
    assert il.cross_entropy_from_logits(z, one_hot) == pytest.approx(nll, rel=1e-12, abs=1e-12)


@pytest.mark.claim("eq-clf-bce")
@given(st.floats(-5, 5), st.sampled_from([0, 1]))
def test_binary_cross_entropy_is_minus_the_bernoulli_log_likelihood(z, y):
    """BCE(y, sigma(z)) = -log Bernoulli(y; sigma(z)) = H(e_y, softmax(0, z))."""
    s = scipy.special.expit(z)
    bernoulli = -scipy.stats.bernoulli.logpmf(y, s)
    assert il.binary_cross_entropy_with_logits([y], [z]) == pytest.approx(bernoulli, rel=1e-12)
    assert il.binary_cross_entropy([y], [s]) == pytest.approx(bernoulli, rel=1e-12)
    assert il.cross_entropy_from_logits([[0.0, z]], [y]) == pytest.approx(bernoulli, rel=1e-12)


@pytest.mark.claim("eq-clf-logsumexp")
@given(logit_arrays(scale=1e4), st.floats(-1e4, 1e4))
def test_log_sum_exp_shift_is_exact_and_shift_invariant(z, c):
    """log_softmax(z) = z - logsumexp(z) even where exp(z) overflows, and ignores a shift."""
    lse = scipy.special.logsumexp(z, axis=-1, keepdims=True)
    assert np.allclose(il.log_softmax(z), z - lse, rtol=1e-12, atol=1e-9)
    assert np.allclose(il.log_softmax(z + c), il.log_softmax(z), rtol=1e-9, atol=1e-8)


# --- why one-hot targets, and why the forward direction ------------------------------------------


@pytest.mark.claim("eq-onehot-expectation")
@given(prob_vectors(min_size=2, max_size=8), st.data())
def test_one_hot_targets_average_to_p_and_their_loss_to_the_cross_entropy(p, data):
    """E[e_Y] = p and E[H(e_Y, q)] = H(p, q)."""
    q = data.draw(prob_vectors(n=len(p), allow_zeros=False))
    one_hot = np.eye(len(p))
    np.testing.assert_array_equal((p[:, None] * one_hot).sum(axis=0), p)  # one term per entry
    expected_loss = math.fsum(p[j] * il.cross_entropy(one_hot[j], q) for j in range(len(p)))
    assert expected_loss == pytest.approx(il.cross_entropy(p, q), rel=1e-12, abs=1e-300)


@pytest.mark.claim("eq-risk-decomposition", "eq-clf-calibration-refinement")
@given(st.integers(1, 5), st.integers(2, 6), st.data())
def test_population_risk_is_conditional_entropy_plus_expected_kl(n_x, k, data):
    """E[-log q(Y | X)] = H(Y | X) + E_X D(p(. | X) || q(. | X)).

    With the forecast S in place of X and a recalibrated g(S) for q, the same identity is the
    calibration-refinement split of the log loss.
    """
    p_x = data.draw(prob_vectors(n=n_x, allow_zeros=False))
    p_y_x = np.array([data.draw(prob_vectors(n=k)) for _ in range(n_x)])
    q_y_x = np.array([data.draw(prob_vectors(n=k, allow_zeros=False)) for _ in range(n_x)])
    joint = p_x[:, None] * p_y_x
    seen = joint > 0
    risk = math.fsum((joint[seen] * -np.log(q_y_x[seen])).tolist())
    h_cond = il.conditional_entropy(joint)
    expected_kl = math.fsum((p_x * il.kl_divergence(p_y_x, q_y_x)).tolist())
    assert risk == pytest.approx(h_cond + expected_kl, rel=1e-10, abs=1e-300)


@pytest.mark.claim("eq-clf-forward-reverse")
@given(st.integers(2, 8), st.data())
def test_forward_kl_needs_only_the_samples_and_reverse_kl_is_infinite_off_the_sample(k, data):
    """D(p_hat || q) = mean(-log q(x_i)) - H(p_hat); D(q || p_hat) = inf if a value is unseen."""
    samples = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=40)))
    q = data.draw(prob_vectors(n=k, allow_zeros=False))
    p_hat = il.empirical_distribution(samples, support=np.arange(k))
    mean_loss = math.fsum((-np.log(q[samples])).tolist()) / len(samples)
    # a difference of two O(1) terms: its error is relative to the terms, not to the result
    error = il.kl_divergence(p_hat, q) - (mean_loss - il.entropy(p_hat))
    assert abs(error) <= 1e-12 * max(mean_loss, 1.0)
    assert (il.kl_divergence(q, p_hat) == math.inf) == (p_hat == 0).any()


# --- proper and local ----------------------------------------------------------------------------

POSITIVE_3 = prob_vectors(n=3, allow_zeros=False)


@pytest.mark.claim("thm-local-proper")
@given(POSITIVE_3, POSITIVE_3, st.floats(0.1, 10.0), st.tuples(*[st.floats(-5.0, 5.0)] * 3))
def test_every_score_minus_a_log_q_plus_b_y_is_strictly_proper(p, q, a, b):
    """f_y(t) = -a log t + b_y: forecasting q instead of p costs a * D(p || q) >= 0."""
    honest = math.fsum((p * (-a * np.log(p) + b)).tolist())
    other = math.fsum((p * (-a * np.log(q) + b)).tolist())
    assert other - honest == pytest.approx(a * il.kl_divergence(p, q), rel=1e-6, abs=1e-9)


@pytest.mark.claim("thm-local-proper")
def test_two_forecasts_agreeing_on_the_outcome_share_the_log_score_not_the_brier():
    """The log score is local: it sees only q(y). The Brier score sees the rest too."""
    target = np.eye(3)[0]
    a, b = np.array([0.5, 0.25, 0.25]), np.array([0.5, 0.5, 0.0])
    assert il.cross_entropy(target, a) == il.cross_entropy(target, b) == pytest.approx(math.log(2))
    assert il.brier_score(target, a, reduction="sum") < il.brier_score(target, b, reduction="sum")


@pytest.mark.claim("thm-local-proper")
def test_the_local_quadratic_score_is_not_proper():
    """Pure maths (chapter 5's example): E(1 - q_Y)^2 under p = (.5, .3, .2) is beaten."""
    p = np.array([0.5, 0.3, 0.2])
    mu = 2 / np.sum(1 / p)
    q_best = 1 - mu / p  # the Lagrange minimiser: a distribution, and not p
    assert q_best.sum() == pytest.approx(1.0, rel=1e-15) and (q_best > 0).all()
    assert np.sum(p * (1 - q_best) ** 2) < np.sum(p * (1 - p) ** 2)  # 2 mu = 0.387 < 0.4


# --- the gradients -------------------------------------------------------------------------------


@pytest.mark.claim("eq-clf-logistic-grad", "eq-clf-ce-logit-grad", "eq-clf-mse-logit-grad")
@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_logistic_gradient_is_the_logit_gradient_times_the_inputs(blobs2, rng, loss):
    """dL/dz = s - y for BCE and 2 (s - y) s (1 - s) for (s - y)^2, with s = sigma(z); then
    dL/dw = [X, 1]^T dL/dz / n. (logit_gradient's own values: test_linear.py's mpmath test.)"""
    X, y = blobs2
    w = rng.normal(size=3)
    s = scipy.special.expit(with_bias(X) @ w)
    dz = s - y if loss == "cross_entropy" else 2 * (s - y) * s * (1 - s)
    formula = with_bias(X).T @ dz / len(y)
    numeric = central_difference(lambda u: float(il.logistic_loss(u, X, y, loss=loss)), w)
    np.testing.assert_allclose(numeric, formula, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(_logistic_gradient(w, X, y, loss), formula, rtol=1e-12, atol=1e-15)


@pytest.mark.claim("eq-clf-logistic-grad")
def test_mean_binary_cross_entropy_is_convex_in_the_weights(blobs2, rng):
    """Along any segment of weights the loss lies below its chord."""
    X, y = blobs2
    for _ in range(20):
        a, b = rng.normal(scale=3.0, size=(2, 3))
        t = rng.random()
        mid = float(il.logistic_loss(t * a + (1 - t) * b, X, y))
        chord = t * float(il.logistic_loss(a, X, y)) + (1 - t) * float(il.logistic_loss(b, X, y))
        assert mid <= chord + 1e-12


@pytest.mark.claim("eq-clf-softmax-model", "eq-clf-softmax-grad")
def test_softmax_model_and_its_gradient(blobs3, rng):
    """q = exp(z) / sum exp(z) with z = [X, 1] W; dL/dW = [X, 1]^T (q - Y) / n, Y one-hot."""
    X, y = blobs3
    W = rng.normal(size=(3, 3))
    z = with_bias(X) @ W
    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(il.softmax(il.linear_logits(W, X)), q, rtol=1e-12)
    formula = with_bias(X).T @ (q - np.eye(3)[y]) / len(y)
    slope = central_difference(lambda U: il.cross_entropy_from_logits(il.linear_logits(U, X), y), W)
    np.testing.assert_allclose(slope, formula, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(_softmax_gradient(W, X, y), formula, rtol=1e-12, atol=1e-15)


# --- calibration ---------------------------------------------------------------------------------


@pytest.mark.claim("eq-clf-calibration-in-large")
def test_with_an_intercept_mean_predicted_probability_is_the_class_frequency(rng):
    """At the fit, each class's mean probability is its frequency, even for a wrong model."""
    x = rng.normal(size=(400, 2))  # the class depends on |x_1|: no linear model is right
    y = (np.abs(x[:, 0]) > 1).astype(int) + (x[:, 1] > rng.normal(size=400))
    W, _ = il.fit_softmax_regression(x, y, lr=1.0, steps=1000)
    q = il.softmax(il.linear_logits(W, x))
    np.testing.assert_allclose(q.mean(axis=0), np.bincount(y) / len(y), rtol=0, atol=1e-12)


@pytest.mark.claim("eq-clf-temperature", "eq-clf-calibration-refinement")
def test_the_log_loss_optimal_temperature_can_raise_the_ece():
    """T minimises the log loss; for 990 calibrated forecasts softmax(0, 2) and 10 confident
    misses softmax(0, 10) that T > 1 softens the misses and the ECE rises."""
    z = np.c_[np.zeros(1000), np.r_[np.full(990, 2.0), np.full(10, 10.0)]]
    n1 = round(990 * scipy.special.expit(2.0))  # 872 of the 990 are class 1
    y = np.r_[np.ones(n1, int), np.zeros(1000 - n1, int)]
    t_hat = il.fit_temperature(z, y)
    nll = [il.cross_entropy_from_logits(z / t, y) for t in np.r_[t_hat, np.linspace(0.5, 5, 451)]]
    assert nll[0] <= min(nll)
    ece = [il.expected_calibration_error(il.softmax(z / t), y) for t in (1.0, t_hat)]
    assert t_hat > 1.1 and ece[1] > 3 * ece[0]
