"""The table of bad inputs: one row per class of bad input and helper family, plus the range
boundary. Each must raise the stated error naming the argument (the helpers of the later
chapters' modules keep their rows in their own test files)."""

import numpy as np
import pytest

import infoloss as il
from infoloss.plotting import reliability_diagram

P = [0.2, 0.3, 0.5]
Z = [[0.0, 1.0]]
FROM_LOGITS = il.cross_entropy_from_logits
SMOOTH = {"labels": [0], "num_classes": 2, "epsilon": 0.1}
BLOBS = {"n": 3, "centers": [[0.0, 0.0], [2.0, 2.0]], "rng": np.random.default_rng(0)}
LENGTH = il.expected_code_length
EMPIRICAL, UNIGRAM = il.empirical_distribution, il.unigram_model
TINY = np.finfo(np.float64).tiny  # 2.2e-308, the smallest normal float: the range's lower end

ROWS = [
    # probability vectors (entropy, cross_entropy, kl_divergence, js_divergence)
    (il.entropy, {"p": [0.2, 0.3]}, ValueError, "p must sum to 1"),
    (il.entropy, {"p": [1.2, -0.2]}, ValueError, "p must lie in"),
    (il.entropy, {"p": []}, ValueError, "p must not be empty"),
    (il.entropy, {"p": ["a", "b"]}, TypeError, "p must contain real numbers"),
    (il.entropy, {"p": np.ma.array(P)}, TypeError, "p must not be a masked array"),
    (il.entropy, {"p": [[0.5, 0.5], [1.0]]}, ValueError, "p must be a rectangular array"),
    (il.entropy, {"p": P, "base": 1}, ValueError, "base must be"),
    (il.entropy, {"p": P, "base": "2"}, TypeError, "base must be"),
    (il.entropy, {"p": P, "axis": 1}, ValueError, "axis=1 is out of range for p"),
    (il.entropy, {"p": P, "axis": 0.0}, TypeError, "axis must be an integer"),
    (il.kl_divergence, {"p": P, "q": [0.5, 0.5]}, ValueError, "p and q must have the same"),
    # tables (joint_entropy, conditional_entropy, mutual_information)
    (il.conditional_entropy, {"joint": [[[1.0]]]}, ValueError, "joint must be a 2-d table"),
    (il.mutual_information, {"joint": [[1e-160, 0], [0, 1]]}, ValueError, "joint: the products"),
    # element-wise probabilities (surprisal, bernoulli_entropy, binary losses, expected_score)
    (il.surprisal, {"p": [0.5, 1.5]}, ValueError, "p must lie in"),
    (il.bernoulli_entropy, {"p": 1e-310}, ValueError, "p must be 0 or at least"),
    (il.binary_cross_entropy, {"y": [1.0, 0.0], "q": [0.5]}, ValueError, "y and q must have"),
    (il.brier_score, {"y": [1.0], "q": [0.5], "reduction": "avg"}, ValueError, "reduction must"),
    (il.expected_score, {"p": 0.5, "q": 0.5, "rule": "hinge"}, ValueError, "rule must be"),
    (il.expected_score, {"p": 0.5, "q": 0.5, "rule": "brier", "base": 0}, ValueError, "base"),
    # logits (softmax, log_softmax, the losses from logits)
    (il.softmax, {"logits": [0.0, np.inf]}, ValueError, "logits must be finite"),
    (il.softmax, {"logits": 1.0}, ValueError, "logits must have at least 1"),
    (FROM_LOGITS, {"logits": Z, "labels": [2]}, ValueError, "labels must lie in"),
    (FROM_LOGITS, {"logits": Z, "labels": [0.5]}, ValueError, "labels must be integer"),
    (FROM_LOGITS, {"logits": Z, "labels": [0, 1]}, ValueError, "labels must have shape"),
    (FROM_LOGITS, {"logits": Z, "labels": np.ma.array([0])}, TypeError, "labels must not be a"),
    (FROM_LOGITS, {"logits": Z, "labels": [[1.0], [0.5, 0.5]]}, ValueError, "labels must be a"),
    # the rest
    (il.perplexity, {"cross_entropy": -1.0}, ValueError, "cross_entropy must be >= 0"),
    (il.smooth_labels, {**SMOOTH, "num_classes": 1}, ValueError, "num_classes must be"),
    # prefix codes (their probability vectors are validated as above)
    (il.huffman_code_lengths, {"p": [[0.5, 0.5]]}, ValueError, "p must be a 1-d probability"),
    (il.shannon_code_lengths, {"q": [1.0, 0.0]}, ValueError, "q must be > 0 for every symbol"),
    (LENGTH, {"p": [0.5, 0.5], "lengths": [1, -1.5]}, ValueError, "lengths must be non-negative"),
    # estimation (empirical_distribution, unigram_model)
    (EMPIRICAL, {"samples": [[1, 2]]}, ValueError, "samples must be a non-empty 1-D array"),
    (EMPIRICAL, {"samples": [1.0, np.nan]}, ValueError, "samples must not contain NaN"),
    (EMPIRICAL, {"samples": [None]}, TypeError, "samples must hold real numbers"),
    (EMPIRICAL, {"samples": np.ma.array([1, 2])}, TypeError, "samples must not be a masked"),
    (EMPIRICAL, {"samples": [1, 5], "support": [1, 2]}, ValueError, "not in support"),
    (EMPIRICAL, {"samples": [1], "support": [1, 1]}, ValueError, "support must not contain"),
    (UNIGRAM, {"text": ["a"], "alphabet": "ab"}, TypeError, "text must be a str"),
    (UNIGRAM, {"text": "abz", "alphabet": "ab"}, ValueError, "not in alphabet"),
    (UNIGRAM, {"text": "a", "alphabet": ""}, ValueError, "alphabet must be a non-empty"),
    (UNIGRAM, {"text": "", "alphabet": "ab", "pseudocount": 0}, ValueError, "text must not be"),
    (UNIGRAM, {"text": "a", "alphabet": "ab", "pseudocount": 1e-309}, ValueError, "pseudocount /"),
    (UNIGRAM, {"text": "a", "alphabet": "a", "pseudocount": -1}, ValueError, "pseudocount must"),
    # data and figures (load_text, make_blobs, reliability_diagram; counts, finite reals as above)
    (il.load_text, {"name": "no-such-text"}, ValueError, "name must be one of"),
    (il.load_text, {"name": 3}, TypeError, "name must be a str"),
    (il.make_blobs, {**BLOBS, "n": 2.5}, TypeError, "n must be an integer >= 1"),
    (il.make_blobs, {**BLOBS, "rng": 0}, TypeError, "rng must be a numpy.random.Generator"),
    (il.make_blobs, {**BLOBS, "scale": 0.0}, ValueError, "scale must be at least 1e-300"),
    (il.make_blobs, {**BLOBS, "scale": [1.0, 2.0, 3.0]}, ValueError, "scale must be a number or"),
    (reliability_diagram, {"ax": None, "table": [0.1]}, TypeError, "table must be a Reliability"),
    # the range boundary: the next float beyond it
    (il.log_softmax, {"logits": [0.0, np.nextafter(1e300, np.inf)]}, ValueError, "at most 1e300"),
    (il.entropy, {"p": [np.nextafter(TINY, 0.0), 1.0]}, ValueError, "p must be 0 or at least"),
]


@pytest.mark.parametrize(("helper", "kwargs", "error", "message"), ROWS)
def test_bad_input_raises_naming_the_argument(helper, kwargs, error, message):
    with pytest.raises(error, match=message):
        helper(**kwargs)


def test_the_range_boundary_itself_is_accepted():
    """|logit| <= 1e300, and probabilities 0 or at least 2.2e-308; the next floats beyond the
    boundary are the table's last rows."""
    assert np.isfinite(il.log_softmax([1e300, -1e300])).all() and il.entropy([TINY, 1.0]) > 0


def test_float32_rows_get_a_float32_tolerance_and_a_message_with_enough_digits():
    row = np.array([0.1, 0.2, 0.7], dtype=np.float32)
    assert np.isclose(il.entropy(row), il.entropy([0.1, 0.2, 0.7]), rtol=1e-6)
    table = np.full((10, 10), 0.01, dtype=np.float32)  # sums to 1 - 2.2e-8: float32's rounding
    assert il.joint_entropy(table) == pytest.approx(np.log(100), rel=1e-7)
    with pytest.raises(ValueError, match=r"got sums from 0\.9\d+ to 0\.9\d+"):
        il.entropy(np.array([0.1, 0.2, 0.6999], dtype=np.float32))
