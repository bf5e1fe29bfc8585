"""Bad input to the helpers of entropy, divergence, logits and losses: one row per class of bad
input and helper family, plus the range boundary. Each must raise the stated error naming the
argument (the other modules' tables live in their own test files)."""

from __future__ import annotations

import numpy as np
import pytest

import infoloss as il

P, Q = [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]
JOINT = [[0.1, 0.2], [0.3, 0.4]]
TINY = 1e-310  # a subnormal probability: outside the supported range

ROWS = [
    # probability vectors (entropy, cross_entropy, kl_divergence, js_divergence)
    (il.entropy, {"p": [0.2, 0.3]}, ValueError, "p must sum to 1"),
    (il.entropy, {"p": [1.2, -0.2]}, ValueError, "p must lie in"),
    (il.entropy, {"p": [np.nan, 1.0]}, ValueError, "p must lie in"),
    (il.entropy, {"p": [TINY, 1.0]}, ValueError, "p must be 0 or at least"),
    (il.entropy, {"p": []}, ValueError, "p must not be empty"),
    (il.entropy, {"p": ["a", "b"]}, TypeError, "p must contain real numbers"),
    (il.entropy, {"p": np.ma.array(P)}, TypeError, "p must not be a masked array"),
    (il.entropy, {"p": [[0.5, 0.5], [1.0]]}, ValueError, "p must be a rectangular array"),
    (il.entropy, {"p": P, "base": 1}, ValueError, "base must be"),
    (il.entropy, {"p": P, "base": "2"}, TypeError, "base must be"),
    (il.entropy, {"p": P, "axis": 1}, ValueError, "axis=1 is out of range for p"),
    (il.entropy, {"p": P, "axis": 0.0}, TypeError, "axis must be an integer"),
    (il.cross_entropy, {"p": P, "q": [0.5, 0.5]}, ValueError, "p and q must have the same shape"),
    (il.kl_divergence, {"p": P, "q": [0.3, 0.3, 0.5]}, ValueError, "q must sum to 1"),
    (il.js_divergence, {"p": P, "q": [0.3, TINY, 0.7]}, ValueError, "q must be 0 or at least"),
    # tables (joint_entropy, conditional_entropy, mutual_information)
    (il.mutual_information, {"joint": [0.5, 0.5]}, ValueError, "joint must have at least 2"),
    (il.joint_entropy, {"joint": [[0.5, 0.5], [0.5, 0.5]]}, ValueError, "joint must sum to 1"),
    (il.conditional_entropy, {"joint": [[[1.0]]]}, ValueError, "joint must be a 2-d table"),
    (il.mutual_information, {"joint": [[1e-160, 0], [0, 1]]}, ValueError, "joint: the products"),
    # element-wise probabilities (surprisal, bernoulli_entropy, binary losses, expected_score)
    (il.surprisal, {"p": [0.5, 1.5]}, ValueError, "p must lie in"),
    (il.bernoulli_entropy, {"p": TINY}, ValueError, "p must be 0 or at least"),
    (il.binary_cross_entropy, {"y": [1.0], "q": [2.0]}, ValueError, "q must lie in"),
    (il.binary_cross_entropy, {"y": [1.0, 0.0], "q": [0.5]}, ValueError, "y and q must have"),
    (il.brier_score, {"y": [1.0], "q": [0.5], "reduction": "avg"}, ValueError, "reduction must"),
    (il.negative_log_likelihood, {"probabilities": [-0.1]}, ValueError, "probabilities must lie"),
    (il.expected_score, {"p": 0.5, "q": 0.5, "rule": "hinge"}, ValueError, "rule must be"),
    (il.expected_score, {"p": 0.5, "q": 0.5, "rule": "brier", "base": 0}, ValueError, "base"),
    # logits (softmax, log_softmax, the losses from logits): |z| <= 1e300
    (il.softmax, {"logits": [0.0, np.inf]}, ValueError, "logits must be finite"),
    (il.log_softmax, {"logits": [0.0, -2e300]}, ValueError, "logits must be finite, at most"),
    (il.softmax, {"logits": 1.0}, ValueError, "logits must have at least 1"),
    (il.binary_cross_entropy_with_logits, {"y": [1.0], "z": [np.nan]}, ValueError, "z must be"),
    (il.cross_entropy_from_logits, {"logits": [[0.0, 1.0]], "labels": [2]}, ValueError, "labels"),
    (il.cross_entropy_from_logits, {"logits": [[0.0, 1.0]], "labels": [0.5]}, ValueError, "labels"),
    (
        il.cross_entropy_from_logits,
        {"logits": [[0.0, 1.0]], "labels": [0, 1]},
        ValueError,
        "labels",
    ),
    (
        il.cross_entropy_from_logits,
        {"logits": [[0, 1]], "labels": [[0.4, 0.4]]},
        ValueError,
        "labels",
    ),
    # the rest
    (il.perplexity, {"cross_entropy": -1.0}, ValueError, "cross_entropy must be >= 0"),
    (
        il.smooth_labels,
        {"labels": [0], "num_classes": 1, "epsilon": 0.1},
        ValueError,
        "num_classes",
    ),
    (il.smooth_labels, {"labels": [0], "num_classes": 2, "epsilon": 1.5}, ValueError, "epsilon"),
]


@pytest.mark.parametrize(("helper", "kwargs", "error", "message"), ROWS)
def test_bad_input_raises_naming_the_argument(helper, kwargs, error, message):
    with pytest.raises(error, match=message):
        helper(**kwargs)


def test_the_range_boundary_itself_is_accepted():
    assert np.isfinite(il.log_softmax([1e300, -1e300])).all()
    assert il.entropy([2.3e-308, 1.0 - 2.3e-308]) > 0
    assert il.cross_entropy_from_logits([[0.0, 1e300]], [1]) == 0.0


def test_float32_rows_get_a_float32_tolerance_and_a_message_with_enough_digits():
    row = np.array([0.1, 0.2, 0.7], dtype=np.float32)
    assert np.isclose(il.entropy(row), il.entropy([0.1, 0.2, 0.7]), rtol=1e-6)
    with pytest.raises(ValueError, match=r"got sums from 0\.9\d+ to 0\.9\d+"):
        il.entropy(np.array([0.1, 0.2, 0.6999], dtype=np.float32))
