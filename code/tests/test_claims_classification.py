"""The claims of chapter 5 (cross-entropy as the classifier's loss), checked numerically.

Also the steps the argument needs: one-hot targets average to the truth, the risk
decomposition, why the forward divergence, the locality theorem, temperature scaling.

The gradient claims (eq-clf-logistic-grad, eq-clf-softmax-grad, eq-clf-ce-logit-grad,
eq-clf-mse-logit-grad) are checked against finite differences.
"""

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from conftest import logit_arrays, prob_vectors
from infoloss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    brier_score,
    conditional_entropy,
    cross_entropy,
    cross_entropy_from_logits,
    empirical_distribution,
    entropy,
    expected_calibration_error,
    expected_score,
    fit_logistic_regression,
    fit_softmax_regression,
    fit_temperature,
    kl_divergence,
    linear_logits,
    log_softmax,
    logistic_loss,
    logit_gradient,
    make_blobs,
    softmax,
)
from infoloss.linear import _logistic_gradient as logistic_gradient
from infoloss.linear import _softmax_gradient as softmax_gradient


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


# --- why one-hot targets, and why the forward direction ------------------------------------------


@pytest.mark.claim("eq-onehot-expectation")
@given(prob_vectors(min_size=2, max_size=8), st.data())
def test_one_hot_targets_average_to_p_and_their_loss_to_the_cross_entropy(p, data):
    k = len(p)
    q = data.draw(prob_vectors(n=k, allow_zeros=False))
    one_hot = np.eye(k)
    # E[e_Y] = sum_k p_k e_k = p, entry by entry exactly (one non-zero term per entry)
    np.testing.assert_array_equal((p[:, None] * one_hot).sum(axis=0), p)
    # E[H(e_Y, q)] = sum_k p_k H(e_k, q) = H(p, q) = H(p) + D(p || q)
    expected_loss = math.fsum(p[j] * cross_entropy(one_hot[j], q) for j in range(k))
    assert expected_loss == pytest.approx(cross_entropy(p, q), rel=1e-12, abs=1e-300)
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl_divergence(p, q), rel=1e-12)


# chapter 5's world: three inputs, three classes, a model wrong in every row
P_X = np.array([0.5, 0.3, 0.2])
P_Y_X = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.3, 0.3, 0.4]])
Q_Y_X = np.array([[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.2, 0.2, 0.6]])


def test_one_hot_targets_sampled_as_in_chapter_5_match_p_and_the_cross_entropy():
    rng = np.random.default_rng(5)
    n = 200_000
    x = rng.choice(3, size=n, p=P_X)
    y = (np.cumsum(P_Y_X, axis=1)[x] < rng.random(n)[:, None]).sum(axis=1)
    for k in range(3):
        rows = x == k
        mean_target = np.eye(3)[y[rows]].mean(axis=0)
        se = np.sqrt(P_Y_X[k] * (1 - P_Y_X[k]) / rows.sum())
        assert (np.abs(mean_target - P_Y_X[k]) < 5 * se).all()
        losses = -np.log(Q_Y_X[k][y[rows]])
        se_loss = losses.std() / np.sqrt(rows.sum())
        assert abs(losses.mean() - cross_entropy(P_Y_X[k], Q_Y_X[k])) < 5 * se_loss


@pytest.mark.claim("eq-risk-decomposition")
@given(st.integers(1, 5), st.integers(2, 6), st.data())
def test_population_risk_is_conditional_entropy_plus_expected_kl(n_x, k, data):
    p_x = data.draw(prob_vectors(n=n_x, allow_zeros=False))
    p_y_x = np.array([data.draw(prob_vectors(n=k)) for _ in range(n_x)])
    q_y_x = np.array([data.draw(prob_vectors(n=k, allow_zeros=False)) for _ in range(n_x)])
    joint = p_x[:, None] * p_y_x
    risk = math.fsum(
        (joint[i, j] * -math.log(q_y_x[i, j]))
        for i in range(n_x)
        for j in range(k)
        if joint[i, j] > 0
    )
    h_cond = conditional_entropy(joint)
    expected_kl = math.fsum((p_x * kl_divergence(p_y_x, q_y_x)).tolist())
    assert risk == pytest.approx(h_cond + expected_kl, rel=1e-10, abs=1e-300)
    assert risk >= h_cond * (1 - 1e-12)  # the floor no model goes below


def test_risk_decomposition_of_chapter_5s_world_against_mpmath():
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 40
    h = sum(
        -mpmath.mpf(P_X[i]) * mpmath.mpf(P_Y_X[i, j]) * mpmath.log(mpmath.mpf(P_Y_X[i, j]))
        for i in range(3)
        for j in range(3)
    )
    risk = sum(
        -mpmath.mpf(P_X[i]) * mpmath.mpf(P_Y_X[i, j]) * mpmath.log(mpmath.mpf(Q_Y_X[i, j]))
        for i in range(3)
        for j in range(3)
    )
    joint = P_X[:, None] * P_Y_X
    h_cond = conditional_entropy(joint)
    expected_kl = np.sum(P_X * kl_divergence(P_Y_X, Q_Y_X))
    assert h_cond == pytest.approx(float(h), rel=1e-13)
    assert expected_kl == pytest.approx(float(risk - h), rel=1e-12)
    # the model q = p attains the floor H(Y | X)
    assert np.sum(P_X * cross_entropy(P_Y_X, P_Y_X)) == pytest.approx(float(h), rel=1e-13)


@pytest.mark.claim("eq-clf-forward-reverse")
@given(st.integers(2, 8), st.data())
def test_forward_kl_needs_only_the_samples_and_reverse_kl_is_infinite_off_the_sample(k, data):
    samples = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=40)))
    q = data.draw(prob_vectors(n=k, allow_zeros=False))
    p_hat = empirical_distribution(samples, support=np.arange(k))
    mean_loss = math.fsum((-np.log(q[samples])).tolist()) / len(samples)
    forward = kl_divergence(p_hat, q)
    # a difference of two O(1) terms: its error is relative to the terms, not to the result
    assert abs(forward - (mean_loss - entropy(p_hat))) <= 1e-12 * max(mean_loss, 1.0)
    unseen = p_hat == 0
    if unseen.any():  # q > 0 everywhere, like every softmax model
        assert kl_divergence(q, p_hat) == math.inf
        # a model with no mass off the sample has a finite reverse divergence
        assert np.isfinite(kl_divergence(p_hat, p_hat))
    else:
        assert np.isfinite(kl_divergence(q, p_hat))


def test_forward_and_reverse_kl_on_chapter_5s_ten_rolls():
    rolls = np.random.default_rng(0).integers(1, 7, size=10)
    p_hat = empirical_distribution(rolls, support=np.arange(1, 7))
    assert (p_hat == 0).sum() == 1  # one face unseen, as the chapter says
    for q in (np.full(6, 1 / 6), (10 * p_hat + 1) / 16):
        assert np.isfinite(kl_divergence(p_hat, q))
        assert kl_divergence(q, p_hat) == math.inf


# --- proper and local ----------------------------------------------------------------------------


@pytest.mark.claim("thm-local-proper")
@given(prob_vectors(min_size=3, max_size=8, allow_zeros=False), st.data())
def test_log_score_is_local_and_strictly_proper(p, data):
    k = len(p)
    q = data.draw(prob_vectors(n=k, allow_zeros=False))
    # strictly proper: the expected log score H(p, q) exceeds H(p, p) unless q = p
    gap = cross_entropy(p, q) - cross_entropy(p, p)
    assert gap == pytest.approx(kl_divergence(p, q), rel=1e-6, abs=1e-12)
    assert gap >= -1e-12
    if np.abs(p - q).max() > 1e-3:
        assert kl_divergence(p, q) > 0
    # the Lagrange condition of the proof: p_k f'(p_k) is one constant for f = -a log + b
    a = 2.5
    np.testing.assert_allclose(p * (-a / p), -a, rtol=1e-15)


@pytest.mark.claim("thm-local-proper")
@pytest.mark.parametrize("gamma", [-0.5, 0.5, 1.0, 2.0])
def test_other_local_scores_are_not_proper(gamma):
    # f(t) = (1 - t**gamma) / gamma tends to -log t as gamma -> 0; for gamma != 0, p_k f'(p_k)
    # = -p_k**gamma differs between outcomes, so q = p is not stationary on the simplex: a
    # small step from p along (e_0 - e_2) lowers the expected score
    p = np.array([0.5, 0.3, 0.2])

    def expected(q):
        return math.fsum((p * (1 - q**gamma) / gamma).tolist())

    slope = np.array([-(p[j] ** gamma) for j in range(3)])  # p_k f'(p_k)
    assert np.ptp(slope) > 0.05
    direction = np.array([1.0, 0.0, -1.0]) * np.sign(slope[2] - slope[0])
    assert expected(p + 1e-3 * direction) < expected(p)


@pytest.mark.claim("thm-local-proper")
def test_local_quadratic_score_is_beaten_by_the_chapters_closed_form():
    p = np.array([0.5, 0.3, 0.2])
    mu = 2 / np.sum(1 / p)
    q_best = 1 - mu / p
    assert q_best.sum() == pytest.approx(1.0, rel=1e-15) and (q_best > 0).all()
    honest = np.sum(p * (1 - p) ** 2)
    gamed = np.sum(p * (1 - q_best) ** 2)
    assert honest == pytest.approx(0.4, rel=1e-14)
    assert gamed == pytest.approx(2 * mu, rel=1e-14)  # mu**2 * sum(1/p) = 2 mu
    assert gamed < honest
    # q_best is the minimiser: no distribution on a fine grid of the simplex does better
    g = np.linspace(0, 1, 201)
    a, b = np.meshgrid(g, g)
    c = 1 - a - b
    ok = c >= 0
    grid_scores = p[0] * (1 - a) ** 2 + p[1] * (1 - b) ** 2 + p[2] * (1 - c) ** 2
    assert grid_scores[ok].min() >= gamed - 1e-12


@pytest.mark.claim("thm-local-proper")
def test_two_forecasts_agreeing_on_the_outcome_share_the_log_score_not_the_brier():
    target = np.eye(3)[0]
    a, b = np.array([0.5, 0.25, 0.25]), np.array([0.5, 0.5, 0.0])
    assert cross_entropy(target, a) == cross_entropy(target, b) == pytest.approx(math.log(2))
    assert brier_score(target, a, reduction="sum") == pytest.approx(0.375, rel=1e-15)
    assert brier_score(target, b, reduction="sum") == pytest.approx(0.5, rel=1e-15)


@pytest.mark.claim("thm-local-proper")
def test_with_two_outcomes_the_brier_score_is_local_and_strictly_proper():
    # the theorem needs K >= 3: for K = 2 the forecast is fixed by q(y), so Brier is local too
    q = np.linspace(0.0, 1.0, 1001)
    for p in (0.1, 0.7):
        scores = expected_score(p, q, rule="brier")
        assert q[np.argmin(scores)] == pytest.approx(p, abs=1e-12)
        assert (scores[np.abs(q - p) > 1e-9] > scores.min()).all()


# --- the confident-mistake rate under squared error (4 e^z per step) -----------------------------


def test_squared_error_moves_a_confidently_wrong_logit_by_about_4_e_to_the_z_per_step():
    x, y = np.array([[1.0]]), np.array([1.0])
    for z0 in (-6.0, -8.0, -10.0):
        w0 = np.array([z0 / 2, z0 / 2])
        w1, _ = fit_logistic_regression(x, y, lr=1.0, steps=1, loss="squared_error", w0=w0)
        dz = float(linear_logits(w1, x)[0]) - z0
        assert dz == pytest.approx(4 * math.exp(z0), rel=3 * math.exp(z0))


# --- calibration ---------------------------------------------------------------------------------


@pytest.mark.claim("eq-clf-temperature")
def test_temperature_keeps_predictions_and_its_fit_minimises_held_out_loss():
    rng = np.random.default_rng(3)
    centers = rng.normal(size=(3, 10))
    X_train, y_train = make_blobs(20, centers, rng, scale=1.2)
    X_val, y_val = make_blobs(500, centers, rng, scale=1.2)
    X_test, y_test = make_blobs(500, centers, rng, scale=1.2)
    W, _ = fit_softmax_regression(X_train, y_train, steps=3000)
    z_val, z_test = linear_logits(W, X_val), linear_logits(W, X_test)
    t_hat = fit_temperature(z_val, y_val)
    grid = np.exp(np.linspace(np.log(0.1), np.log(20), 400))
    val_losses = [cross_entropy_from_logits(z_val / t, y_val) for t in grid]
    assert cross_entropy_from_logits(z_val / t_hat, y_val) <= min(val_losses)
    for t in (0.3, 1.0, t_hat, 10.0):  # dividing by T > 0 keeps every arg max
        np.testing.assert_array_equal((z_test / t).argmax(axis=1), z_test.argmax(axis=1))
    # the chapter's numbers: an overconfident model, T > 1 repairs it on the test set
    assert t_hat == pytest.approx(3.73, abs=0.005)
    before = expected_calibration_error(softmax(z_test), y_test)
    after = expected_calibration_error(softmax(z_test / t_hat), y_test)
    assert (round(before, 3), round(after, 3)) == (0.087, 0.025)
    assert cross_entropy_from_logits(z_test / t_hat, y_test) < cross_entropy_from_logits(
        z_test, y_test
    )


logits = st.floats(-30.0, 30.0)

targets = st.floats(0.0, 1.0).map(lambda y: y if y >= 2.2e-308 else 0.0)  # the supported range


def central_difference(f, x, h=1e-6):
    """Numerical gradient of a scalar function of an array, by central differences."""
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


@pytest.mark.claim("eq-clf-ce-logit-grad")
@given(targets, logits)
def test_cross_entropy_logit_gradient_matches_finite_differences(y, z):
    def bce(t):
        return float(binary_cross_entropy_with_logits([y], [float(t)]))

    assert logit_gradient(y, z) == pytest.approx(central_difference(bce, z), abs=1e-6)


@pytest.mark.claim("eq-clf-mse-logit-grad")
@given(targets, logits)
def test_squared_error_logit_gradient_matches_finite_differences(y, z):
    def mse(t):
        return (scipy.special.expit(float(t)) - y) ** 2

    got = logit_gradient(y, z, loss="squared_error")
    assert got == pytest.approx(central_difference(mse, z), abs=1e-7)


@pytest.mark.claim("eq-clf-logistic-grad")
@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_logistic_gradient_matches_finite_differences(blobs2, rng, loss):
    X, y = blobs2
    w = rng.normal(size=3)
    numeric = central_difference(lambda u: float(logistic_loss(u, X, y, loss=loss)), w)
    assert np.allclose(logistic_gradient(w, X, y, loss=loss), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.claim("eq-clf-softmax-grad")
def test_softmax_gradient_matches_finite_differences(blobs3, rng):
    X, y = blobs3
    W = rng.normal(size=(3, 3))
    numeric = central_difference(
        lambda U: float(cross_entropy_from_logits(linear_logits(U, X), y)), W
    )
    assert np.allclose(softmax_gradient(W, X, y), numeric, rtol=1e-6, atol=1e-9)


# --- the gradient formulas as the text writes them, and the convexity it claims ------------------


@pytest.mark.claim("eq-clf-ce-logit-grad", "eq-clf-mse-logit-grad")
@given(targets, logits)
def test_logit_gradients_are_the_printed_formulas(y, z):
    s = scipy.special.expit(z)

    def bce(t):
        return float(binary_cross_entropy_with_logits([y], [float(t)]))

    def mse(t):
        return (scipy.special.expit(float(t)) - y) ** 2

    assert central_difference(bce, z) == pytest.approx(s - y, abs=1e-6)
    assert central_difference(mse, z) == pytest.approx(2 * (s - y) * s * (1 - s), abs=1e-7)


def with_bias(X):
    return np.c_[X, np.ones(len(X))]


@pytest.mark.claim("eq-clf-logistic-grad")
@pytest.mark.parametrize("seed", range(3))
def test_logistic_gradient_is_the_prediction_error_times_the_inputs(blobs2, seed):
    X, y = blobs2
    w = np.random.default_rng(seed).normal(size=3)
    x1 = with_bias(X)
    formula = x1.T @ (scipy.special.expit(x1 @ w) - y) / len(y)
    numeric = central_difference(lambda u: float(logistic_loss(u, X, y)), w)
    np.testing.assert_allclose(numeric, formula, rtol=1e-6, atol=1e-9)


@pytest.mark.claim("eq-clf-logistic-grad")
@pytest.mark.parametrize("seed", range(3))
def test_mean_binary_cross_entropy_is_convex_in_the_weights(blobs2, seed):
    # "convex in w": along any segment the loss lies below its chord; its Hessian
    # (1/n) X^T diag(sigma (1 - sigma)) X has no negative eigenvalue
    X, y = blobs2
    rng = np.random.default_rng(seed)
    x1 = with_bias(X)
    for _ in range(20):
        a, b = rng.normal(scale=3.0, size=(2, 3))
        t = rng.random()
        mid = float(logistic_loss(t * a + (1 - t) * b, X, y))
        chord = t * float(logistic_loss(a, X, y)) + (1 - t) * float(logistic_loss(b, X, y))
        assert mid <= chord + 1e-12
        s = scipy.special.expit(x1 @ a)
        hessian = (x1 * (s * (1 - s))[:, None]).T @ x1 / len(y)
        assert np.linalg.eigvalsh(hessian).min() >= -1e-12


@pytest.mark.claim("eq-clf-softmax-grad")
@pytest.mark.parametrize("seed", range(3))
def test_softmax_gradient_is_the_prediction_error_times_the_inputs(blobs3, seed):
    X, y = blobs3
    W = np.random.default_rng(seed).normal(size=(3, 3))
    x1 = with_bias(X)
    formula = x1.T @ (softmax(x1 @ W) - np.eye(3)[y]) / len(y)
    numeric = central_difference(
        lambda U: float(cross_entropy_from_logits(linear_logits(U, X), y)), W
    )
    np.testing.assert_allclose(numeric, formula, rtol=1e-6, atol=1e-9)


# --- what cross-entropy guarantees about calibration ----------------------------------------------


def _softmax_mle(X1, y, k):
    """Maximum-likelihood softmax regression on the design X1, to the optimiser's precision."""
    targets = np.eye(k)[y]

    def loss_and_grad(w):
        W = w.reshape(X1.shape[1], k)
        z = X1 @ W
        grad = X1.T @ (softmax(z) - targets) / len(y)
        return cross_entropy_from_logits(z, y), grad.ravel()

    w0 = np.zeros(X1.shape[1] * k)
    res = scipy.optimize.minimize(
        loss_and_grad, w0, jac=True, method="BFGS", options={"gtol": 1e-12}
    )
    return softmax(X1 @ res.x.reshape(X1.shape[1], k))


@pytest.mark.claim("eq-clf-calibration-in-large")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_with_an_intercept_mean_predicted_probability_is_the_class_frequency(seed):
    rng = np.random.default_rng(seed)
    # misspecified on purpose: the classes depend on x through |x| and x^3, the model is linear
    x = rng.normal(size=(400, 2))
    score = np.c_[np.abs(x[:, 0]), x[:, 1] ** 3, 0.3 * x[:, 0] * x[:, 1]]
    y = np.array([rng.choice(3, p=softmax(s)) for s in score])
    freq = np.bincount(y, minlength=3) / len(y)
    q = _softmax_mle(np.c_[x, np.ones(len(y))], y, 3)
    assert np.allclose(q.mean(axis=0), freq, rtol=1e-6, atol=0)
    # without the intercept the property fails: the claim needs it
    q_no_bias = _softmax_mle(x, y, 3)
    assert np.max(np.abs(q_no_bias.mean(axis=0) - freq)) > 1e-3


@pytest.mark.claim("eq-clf-calibration-refinement")
@given(st.integers(0, 10_000))
def test_calibration_refinement_split_of_the_log_loss(seed):
    rng = np.random.default_rng(seed)
    m, k = 4, 3  # four distinct forecasts s_j, each with its own truth P(Y | S = s_j)
    weight = rng.dirichlet(np.ones(m))
    truth = rng.dirichlet(np.ones(k), size=m)
    s = rng.dirichlet(np.ones(k), size=m)
    temp = rng.uniform(0.2, 5.0)
    g = softmax(np.log(s) / temp)  # the temperature-scaled forecasts
    log_loss = float(np.sum(weight * cross_entropy(truth, g)))
    refinement = conditional_entropy(weight[:, None] * truth)
    calibration = float(np.sum(weight * kl_divergence(truth, g)))
    assert log_loss == pytest.approx(refinement + calibration, rel=1e-12)


@pytest.mark.claim("eq-clf-temperature", "eq-clf-calibration-refinement")
def test_the_log_loss_optimal_temperature_can_raise_the_ece():
    # 990 calibrated forecasts softmax(0, 2) and 10 confident misses softmax(0, 10)
    z = np.zeros((1000, 2))
    z[:990, 1], z[990:, 1] = 2.0, 10.0
    n1 = round(990 * scipy.special.expit(2.0))
    y = np.r_[np.ones(n1, int), np.zeros(1000 - n1, int)]
    t_hat = fit_temperature(z, y)
    assert t_hat > 1.1
    nll = [cross_entropy_from_logits(z / t, y) for t in (1.0, t_hat)]
    ece = [expected_calibration_error(softmax(z / t), y) for t in (1.0, t_hat)]
    assert nll[1] < nll[0]
    assert ece[1] > 3 * ece[0]


@pytest.mark.claim("thm-local-proper")
@given(prob_vectors(n=3, allow_zeros=False), prob_vectors(n=3, allow_zeros=False))
def test_an_outcome_dependent_constant_keeps_the_log_score_local_and_strictly_proper(p, q):
    b = np.array([0.0, 1.0, 2.0])
    honest = float(np.sum(p * (-np.log(p) + b)))
    other = float(np.sum(p * (-np.log(q) + b)))
    assert other - honest == pytest.approx(float(kl_divergence(p, q)), rel=1e-6, abs=1e-9)
    assert other >= honest - 1e-12
