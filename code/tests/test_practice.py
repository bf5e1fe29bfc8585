"""Tests of infoloss.practice: Gaussian NLL, scoring rules, label smoothing, perplexity."""

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from conftest import logit_arrays, prob_pairs, prob_vectors
from infoloss import (
    brier_score,
    cross_entropy,
    cross_entropy_from_logits,
    empirical_distribution,
    entropy,
    expected_score,
    gaussian_nll,
    perplexity,
    smooth_labels,
    softmax,
    softmax_regression_path,
    unigram_model,
    zen_of_python,
)

finite = st.floats(-1e3, 1e3)
sigmas = st.floats(1e-2, 1e2)
probs = st.floats(0.0, 1.0)


# --- Gaussian negative log-likelihood ----------------------------------------------------------


@pytest.mark.claim("eq-practice-gaussian-nll")
def test_gaussian_nll_is_minus_scipy_logpdf(rng):
    y, mu, s = rng.normal(size=40), rng.normal(size=40), rng.uniform(0.1, 3.0, size=40)
    ref = -scipy.stats.norm.logpdf(y, loc=mu, scale=s)
    assert np.allclose(gaussian_nll(y, mu, sigma=s, reduction="none"), ref, rtol=1e-13)
    assert gaussian_nll(y, mu, sigma=s, reduction="sum") == pytest.approx(ref.sum(), rel=1e-13)


def test_gaussian_nll_values():
    assert gaussian_nll([0.0], [0.0]) == pytest.approx(0.5 * math.log(2 * math.pi), abs=1e-15)
    assert gaussian_nll([3.0], [1.0], sigma=2.0) == pytest.approx(
        0.5 + 0.5 * math.log(8 * math.pi), rel=1e-14
    )


@pytest.mark.claim("eq-practice-mse-nll")
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=30), sigmas)
def test_mean_gaussian_nll_is_scaled_mse_plus_constant(pairs, sigma):
    y, y_pred = np.array(pairs).T
    mse = np.mean((y - y_pred) ** 2)
    expected = mse / (2 * sigma**2) + 0.5 * math.log(2 * math.pi * sigma**2)
    assert gaussian_nll(y, y_pred, sigma=sigma) == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.claim("eq-practice-mse-nll")
def test_least_squares_line_is_the_gaussian_maximum_likelihood_line(rng):
    x = rng.uniform(-2, 2, size=60)
    y = 1.5 * x - 0.5 + 0.4 * rng.normal(size=60)
    slope, intercept = np.polyfit(x, y, 1)
    res = scipy.optimize.minimize(
        lambda w: gaussian_nll(y, w[0] * x + w[1], sigma=0.4), x0=[0.0, 0.0], tol=1e-12
    )
    assert np.allclose(res.x, [slope, intercept], atol=1e-6)


# --- proper scoring rules ------------------------------------------------------------------------


@pytest.mark.claim("eq-practice-proper")
@pytest.mark.claim("thm-practice-proper")
@given(prob_pairs(min_size=2, allow_zeros=False))
def test_expected_log_score_is_minimised_by_the_truth(pq):
    p, q = pq
    # E_{Y~p}[-log q(Y)] is H(p, q); Gibbs: it is never below H(p, p) = H(p).
    assert cross_entropy(p, q) >= cross_entropy(p, p) - 1e-12


@pytest.mark.claim("eq-practice-proper")
@pytest.mark.claim("thm-practice-proper")
@given(st.floats(0.01, 0.99), st.floats(1e-6, 1 - 1e-6))
def test_expected_binary_log_score_is_strictly_minimised_at_q_equal_p(p, q):
    gap = expected_score(p, q) - expected_score(p, p)
    assert gap >= -1e-12
    if abs(q - p) > 1e-3:  # strict: the excess is KL(p || q) >= 2 (q - p)^2 (Pinsker)
        assert gap >= 1.9 * (q - p) ** 2


@pytest.mark.claim("eq-practice-brier")
@given(probs, probs)
def test_expected_brier_is_squared_distance_plus_variance(p, q):
    expected = (q - p) ** 2 + p * (1 - p)
    assert expected_score(p, q, rule="brier") == pytest.approx(expected, abs=1e-14)
    # the same number by averaging brier_score over the two outcomes
    direct = p * brier_score([1.0], [q]) + (1 - p) * brier_score([0.0], [q])
    assert expected_score(p, q, rule="brier") == pytest.approx(direct, abs=1e-14)


def test_expected_score_values_and_zero_one_is_not_proper():
    assert expected_score(0.5, 0.5) == pytest.approx(math.log(2), rel=1e-15)
    assert expected_score(0.5, 0.5, base=2) == pytest.approx(1.0, rel=1e-15)
    assert expected_score(1.0, 0.0) == np.inf
    assert expected_score(0.0, 0.0) == 0.0
    flat = expected_score(0.7, np.linspace(0.51, 1.0, 50), rule="zero_one")
    assert np.all(flat == pytest.approx(0.3))  # every q > 1/2 scores like the truth
    assert expected_score(0.7, 0.5, rule="zero_one") == 0.5


def test_brier_is_bounded_where_log_loss_is_not():
    assert brier_score([1.0], [0.0]) == 1.0
    assert expected_score(1.0, 0.0, rule="brier") == 1.0
    assert expected_score(1.0, 0.0, rule="log") == np.inf


# --- label smoothing -----------------------------------------------------------------------------


def test_smooth_labels_values():
    t = smooth_labels([0, 2], num_classes=3, epsilon=0.3)
    assert np.allclose(t, [[0.8, 0.1, 0.1], [0.1, 0.1, 0.8]], rtol=0, atol=1e-15)
    assert np.array_equal(smooth_labels([1], 2, 0.0), [[0.0, 1.0]])
    assert np.allclose(smooth_labels([1], 4, 1.0), 0.25)
    assert smooth_labels([[0, 1], [1, 0]], 2, 0.1).shape == (2, 2, 2)


@pytest.mark.claim("eq-practice-smoothing")
@given(logit_arrays(), st.floats(0.0, 1.0), st.data())
def test_label_smoothing_mixes_one_hot_and_uniform_cross_entropy(z, eps, data):
    n, k = z.shape
    y = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    smoothed = cross_entropy_from_logits(z, smooth_labels(y, k, eps), reduction="none")
    hard = cross_entropy_from_logits(z, y, reduction="none")
    uniform = cross_entropy_from_logits(z, np.full((n, k), 1.0 / k), reduction="none")
    assert np.allclose(smoothed, (1 - eps) * hard + eps * uniform, rtol=1e-9, atol=1e-9)


@pytest.mark.claim("eq-practice-smoothing-gap")
@pytest.mark.parametrize(("k", "eps"), [(2, 0.1), (3, 0.1), (10, 0.2), (5, 0.01)])
def test_smoothed_loss_is_minimised_at_a_finite_logit_gap(k, eps):
    t = smooth_labels([0], k, eps)[0]
    res = scipy.optimize.minimize(
        lambda z: cross_entropy_from_logits([z], [t]), x0=np.zeros(k), tol=1e-14
    )
    gaps = res.x[0] - res.x[1:]
    assert np.allclose(gaps, math.log(1 + k * (1 - eps) / eps), atol=1e-4)
    assert softmax(res.x)[0] == pytest.approx(1 - eps + eps / k, abs=1e-6)


def test_smoothed_loss_floor_is_the_target_entropy_exercise_numbers():
    # chapter 7, exercise on K = 10, eps = 0.1: confidence 0.91, gap log 91, floor 0.5003 nats
    t = smooth_labels([0], 10, 0.1)
    assert t[0, 0] == pytest.approx(0.91) and t[0, 1] == pytest.approx(0.01)
    floor = cross_entropy_from_logits(np.log(t), t)  # the loss at its minimiser q = t
    assert floor == pytest.approx(entropy(t[0]), rel=1e-12)
    assert floor == pytest.approx(0.5002880, abs=1e-7)
    assert math.log(1 + 10 * 0.9 / 0.1) == pytest.approx(4.5109, abs=1e-4)


def test_softmax_regression_path_descends_the_loss(rng):
    x = np.r_[rng.normal(-2, 0.5, size=(20, 2)), rng.normal(2, 0.5, size=(20, 2))]
    t = smooth_labels(np.repeat([0, 1], 20), 2, 0.1)
    path = softmax_regression_path(x, t, steps=200, learning_rate=0.5)
    x1 = np.c_[x, np.ones(40)]
    losses = [cross_entropy_from_logits(x1 @ w, t) for w in path]
    assert np.all(np.diff(losses) <= 1e-12) and losses[-1] < 0.5 * losses[0]


def test_hard_labels_grow_logits_smoothed_labels_cap_them(rng):
    x = np.r_[rng.normal(-2, 0.5, size=(20, 1)), rng.normal(2, 0.5, size=(20, 1))]
    y = np.repeat([0, 1], 20)
    sizes = {}
    for eps in (0.0, 0.1):
        path = softmax_regression_path(x, smooth_labels(y, 2, eps), steps=4000)
        sizes[eps] = np.abs(path[[1000, 4000]]).max(axis=(1, 2))
    assert sizes[0.0][1] > 1.2 * sizes[0.0][0]  # still growing (like log t)
    assert sizes[0.1][1] == pytest.approx(sizes[0.1][0], rel=1e-3)  # converged


# --- perplexity and the unigram model ------------------------------------------------------------


@pytest.mark.claim("eq-practice-perplexity")
@given(prob_pairs(min_size=2, allow_zeros=False))
def test_perplexity_is_the_same_in_nats_and_bits(pq):
    p, q = pq
    h = cross_entropy(p, q)
    assert perplexity(h) == pytest.approx(perplexity(cross_entropy(p, q, base=2), base=2))


@pytest.mark.claim("eq-practice-perplexity-uniform")
@given(prob_vectors(min_size=1, max_size=60))
def test_uniform_model_has_perplexity_equal_to_alphabet_size(p):
    k = p.size
    assert perplexity(cross_entropy(p, np.full(k, 1.0 / k))) == pytest.approx(k, rel=1e-12)


def test_perplexity_values():
    assert perplexity(0.0) == 1.0
    assert perplexity(np.inf) == np.inf
    assert np.allclose(perplexity([math.log(2), math.log(5)]), [2.0, 5.0])
    assert perplexity(3.0, base=2) == 8.0


def test_unigram_model_values_and_smoothing():
    assert np.array_equal(unigram_model("abba", "abc", pseudocount=0.0), [0.5, 0.5, 0.0])
    assert np.allclose(unigram_model("abba", "abc"), [3 / 7, 3 / 7, 1 / 7])
    assert np.allclose(unigram_model("", "xyz"), 1 / 3)
    assert np.allclose(unigram_model("ab", ["b", "a"], pseudocount=0.5), [0.5, 0.5])


@given(st.text(alphabet="abcde", min_size=1, max_size=80))
def test_unpooled_unigram_model_is_the_empirical_distribution(text):
    fitted = unigram_model(text, "abcde", pseudocount=0.0)
    assert np.allclose(fitted, empirical_distribution(list(text), support=list("abcde")))
    # and it minimises the cross-entropy on its own training text (maximum likelihood)
    assert cross_entropy(fitted, fitted) <= cross_entropy(fitted, unigram_model(text, "abcde"))


def test_zen_of_python_is_decoded_and_not_printed(capsys):
    zen = zen_of_python()
    assert zen.startswith("The Zen of Python, by Tim Peters")
    assert "Namespaces are one honking great idea" in zen
    assert capsys.readouterr().out == ""


# --- bad inputs name the argument ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exc", "name"),
    [
        (lambda: gaussian_nll([1.0], [np.nan]), ValueError, "y_pred"),
        (lambda: gaussian_nll([1.0, 2.0], [1.0]), ValueError, "y and y_pred"),
        (lambda: gaussian_nll([1.0], [1.0], sigma=0.0), ValueError, "sigma"),
        (lambda: gaussian_nll([1.0], [1.0], sigma=[1.0, 2.0]), ValueError, "sigma"),
        (lambda: gaussian_nll(["a"], [1.0]), TypeError, "y"),
        (lambda: gaussian_nll([1.0], [1.0], reduction="avg"), ValueError, "reduction"),
        (lambda: brier_score([1.0], [1.5]), ValueError, "p"),
        (lambda: brier_score([2.0], [0.5]), ValueError, "y"),
        (lambda: expected_score(0.5, 0.5, rule="accuracy"), ValueError, "rule"),
        (lambda: expected_score(-0.1, 0.5), ValueError, "p"),
        (lambda: expected_score(0.5, 0.5, base=1), ValueError, "base"),
        (lambda: smooth_labels([0, 3], 3, 0.1), ValueError, "labels"),
        (lambda: smooth_labels([0.5], 3, 0.1), ValueError, "labels"),
        (lambda: smooth_labels([0], 1, 0.1), ValueError, "num_classes"),
        (lambda: smooth_labels([0], 2.0, 0.1), TypeError, "num_classes"),
        (lambda: smooth_labels([0], 2, 1.5), ValueError, "epsilon"),
        (lambda: smooth_labels([0], 2, [0.1, 0.2]), ValueError, "epsilon"),
        (lambda: perplexity(-1.0), ValueError, "cross_entropy"),
        (lambda: perplexity(np.nan), ValueError, "cross_entropy"),
        (lambda: perplexity(1.0, base=-2), ValueError, "base"),
        (lambda: unigram_model("abd", "abc"), ValueError, "alphabet"),
        (lambda: unigram_model(["a"], "abc"), TypeError, "text"),
        (lambda: unigram_model("a", "aab"), ValueError, "alphabet"),
        (lambda: unigram_model("a", ""), ValueError, "alphabet"),
        (lambda: unigram_model("a", "ab", pseudocount=-1), ValueError, "pseudocount"),
        (lambda: unigram_model("", "ab", pseudocount=0), ValueError, "text"),
        (lambda: softmax_regression_path([[1.0]], [[0.5, 0.6]]), ValueError, "targets"),
        (lambda: softmax_regression_path([1.0], [[0.5, 0.5]]), ValueError, "features"),
        (lambda: softmax_regression_path([[1.0]], [[1.0, 0.0]], steps=0), ValueError, "steps"),
        (
            lambda: softmax_regression_path([[1.0]], [[1.0, 0.0]], learning_rate=0),
            ValueError,
            "learning_rate",
        ),
    ],
)
def test_bad_inputs_name_the_argument(call, exc, name):
    with pytest.raises(exc, match=name):
        call()
