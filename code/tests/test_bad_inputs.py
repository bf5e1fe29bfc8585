"""Bad input, everywhere a reader can reach: a table over every public helper of ``infoloss``.

Each helper in ``infoloss.__all__`` has a row in ``HELPERS``: one valid call and the *kind* of
each argument (a probability vector, an element-wise probability, finite reals, a positive
scale, a class index, a base, an axis, a reduction, ...). From the kind, ``bad_inputs`` derives
the bad values a reader can pass (wrong shapes, negative/NaN/inf probabilities, non-normalised
vectors, empty arrays, 0-d values where a vector is needed, strings, None, booleans,
out-of-range or non-integer labels, bad ``base``/``axis``/``reduction``), each with the exact
exception type; the message must name the argument. Valid lists, tuples and ints give the same
result as arrays, and no helper returns ``nan``, neither on its valid call nor at the edges.
A new helper without a row fails ``test_every_public_helper_has_a_row``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pytest

import infoloss

NAN, INF = float("nan"), float("inf")


@dataclass
class Row:
    call: dict  # keyword arguments of one valid call
    kinds: dict  # argument name -> kind (see bad_inputs)
    extra: list = field(default_factory=list)  # (what, overrides, exception, argument named)
    edges: list = field(default_factory=list)  # more valid calls, at the edges: no nan allowed


P3, Q3 = [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]
P23 = [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]
JOINT = [[0.1, 0.2], [0.3, 0.4]]
X4 = [[0.0], [1.0], [2.0], [3.0]]
GRID = [-2.0, -1.0, 0.0, 1.0, 2.0]
P_GRID = [0.1, 0.2, 0.4, 0.2, 0.1]
BAD_SHAPE = "shapes that do not match"
# A row longer than two of the 262,144-entry blocks that long rows are summed in, uniform, and
# the same with one entry -1e-7 (its row still sums to 1): a check made block by block must
# still see it.
LONG = np.full(2 * 2**18, 2.0**-19)
NEG_LONG = LONG.copy()
NEG_LONG[:2] = [-1e-7, 2.0**-18 + 1e-7]
# ... and with +inf in one block and 0 in another (fsum of +inf and -inf raised its own error)
INF_LONG = LONG.copy()
INF_LONG[[0, 2**18]] = [0.0, INF]
NEG_IN_A_LONG_ROW = [
    ("a negative entry in a long row", {"p": NEG_LONG, "q": LONG}, ValueError, "p"),
    ("a negative entry in a long row", {"p": LONG, "q": NEG_LONG}, ValueError, "q"),
    ("inf and 0 in a long row", {"p": LONG, "q": INF_LONG}, ValueError, "q"),
    ("entries near 1e308", {"q": [1.5e308, 1.5e308, 0.0]}, ValueError, "q"),
]
HUGE_TABLE = ("entries near 1e308", {"joint": [[1.5e308, 1.5e308], [0.0, 0]]}, ValueError, "joint")

# The arguments of the two n-gram helpers, which take the same ones.
NGRAM_KINDS = {
    "train": "text",
    "test": "text",
    "order": "int1",
    "alphabet": "alphabet",
    "strength": "pos_scalar",
    "base": "base",
}
# Four forecasts over three classes, for the calibration helpers.
CAL_PROBS = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [1.0, 0.0, 0.0]]

HELPERS: dict[str, Row] = {
    "entropy": Row(
        {"p": P3},
        {"p": "dist", "base": "base", "axis": "axis"},
        extra=[
            ("a negative entry in a long row", {"p": NEG_LONG}, ValueError, "p"),
            ("entries near 1e308", {"p": [1.5e308, 1.5e308, 0.0]}, ValueError, "p"),
        ],
        edges=[{"p": [1.0, 0.0]}, {"p": [1e-300, 1 - 1e-300]}, {"p": P23, "axis": -1}],
    ),
    "surprisal": Row(
        {"p": [0.5, 0.25, 1.0]},
        {"p": "unit", "base": "base"},
        edges=[{"p": [0.0, 1e-320, 1.0]}, {"p": 0.0}],
    ),
    "bernoulli_entropy": Row(
        {"p": [0.1, 0.5]}, {"p": "unit", "base": "base"}, edges=[{"p": [0.0, 1.0, 5e-324]}]
    ),
    "cross_entropy": Row(
        {"p": P3, "q": Q3},
        {"p": "dist", "q": "dist", "base": "base", "axis": "axis"},
        extra=[(BAD_SHAPE, {"q": [0.5, 0.5]}, ValueError, "q"), *NEG_IN_A_LONG_ROW],
        edges=[{"p": [1.0, 0.0], "q": [1.0, 0.0]}, {"p": [0.5, 0.5], "q": [1.0, 0.0]}],
    ),
    "kl_divergence": Row(
        {"p": P3, "q": Q3},
        {"p": "dist", "q": "dist", "base": "base", "axis": "axis"},
        extra=[(BAD_SHAPE, {"q": [0.5, 0.5]}, ValueError, "q"), *NEG_IN_A_LONG_ROW],
        edges=[
            {"p": [1.0, 0.0], "q": [1.0, 0.0]},
            {"p": [0.0, 1.0], "q": [1.0, 0.0]},
            {"p": [1e-300, 1 - 1e-300], "q": [1 - 1e-300, 1e-300]},
            {"p": [5e-324, 1.0], "q": [0.0, 1.0]},
        ],
    ),
    "js_divergence": Row(
        {"p": P3, "q": Q3},
        {"p": "dist", "q": "dist", "base": "base", "axis": "axis"},
        extra=[(BAD_SHAPE, {"q": [0.5, 0.5]}, ValueError, "q"), *NEG_IN_A_LONG_ROW],
        edges=[{"p": [1.0, 0.0], "q": [0.0, 1.0]}, {"p": [1.0, 0.0], "q": [1.0, 0.0]}],
    ),
    "softmax": Row(
        {"logits": [1.0, 2.0, 3.0]},
        {"logits": "finite_vec", "axis": "axis"},
        edges=[{"logits": [1e300, -1e300]}, {"logits": [-1e4, -1e4]}, {"logits": [1e308, -1e308]}],
    ),
    "log_softmax": Row(
        {"logits": [1.0, 2.0, 3.0]},
        {"logits": "finite_vec", "axis": "axis"},
        edges=[{"logits": [1e300, -1e300]}, {"logits": [-1e4, -1e4]}, {"logits": [1e308, -1e308]}],
    ),
    "cross_entropy_from_logits": Row(
        {"logits": [[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]], "labels": [2, 0]},
        {"logits": "finite_vec", "labels": "labels3", "reduction": "reduction"},
        extra=[
            ("targets not normalised", {"labels": [[0.5, 0.6, 0.0]] * 2}, ValueError, "labels"),
            ("negative targets", {"labels": [[1.5, -0.5, 0.0]] * 2}, ValueError, "labels"),
        ],
        edges=[
            {"logits": [[1e4, -1e4, 0.0]], "labels": [1]},
            {"logits": [[0.0, 0.0, 0.0]], "labels": [[1.0, 0.0, 0.0]]},
            {"logits": [[1e308, -1e308, 0.0]], "labels": [0]},
            {"logits": [[1e308, -1e308, 0.0]], "labels": [[0.5, 0.0, 0.5]]},
        ],
    ),
    "binary_cross_entropy": Row(
        {"y": [1.0, 0.0, 1.0], "p": [0.9, 0.2, 0.6]},
        {"y": "unit", "p": "unit", "reduction": "reduction"},
        extra=[(BAD_SHAPE, {"p": [0.5, 0.5]}, ValueError, "p")],
        edges=[{"y": [1.0, 0.0, 1.0], "p": [1.0, 0.0, 0.0]}],
    ),
    "binary_cross_entropy_with_logits": Row(
        {"y": [1.0, 0.0, 1.0], "z": [2.0, -1.0, 0.5]},
        {"y": "unit", "z": "finite", "reduction": "reduction"},
        extra=[(BAD_SHAPE, {"z": [0.5, 0.5]}, ValueError, "z")],
        edges=[{"y": [1.0, 0.0, 0.5], "z": [-1e300, 1e300, 1e300]}],
    ),
    "brier_score": Row(
        {"y": [1.0, 0.0, 1.0], "p": [0.9, 0.2, 0.6]},
        {"y": "unit", "p": "unit", "reduction": "reduction"},
        extra=[(BAD_SHAPE, {"p": [0.5, 0.5]}, ValueError, "p")],
        edges=[{"y": [1.0, 0.0], "p": [0.0, 1.0]}],
    ),
    "negative_log_likelihood": Row(
        {"probabilities": [0.5, 0.25]},
        {"probabilities": "unit", "reduction": "reduction"},
        edges=[{"probabilities": [0.0, 1.0]}, {"probabilities": [5e-324] * 3}],
    ),
    "empirical_distribution": Row(
        {"samples": [1, 3, 3, 2], "support": [1, 2, 3, 4]},
        {"samples": "samples", "support": "support"},
        extra=[
            ("a sample outside the support", {"samples": [1, 5]}, ValueError, "support"),
            ("a string against numbers", {"samples": ["a"]}, ValueError, "support"),
        ],
        edges=[{"samples": ["b", "a", "b"]}, {"samples": [0.5]}],
    ),
    "joint_entropy": Row(
        {"joint": JOINT},
        {"joint": "joint", "base": "base"},
        extra=[HUGE_TABLE],
        edges=[{"joint": [[1.0, 0.0]]}],
    ),
    "conditional_entropy": Row(
        {"joint": JOINT},
        {"joint": "joint", "base": "base"},
        extra=[HUGE_TABLE],
        edges=[{"joint": [[1.0, 0.0], [0.0, 0.0]]}, {"joint": [[0.5, 0.0], [0.0, 0.5]]}],
    ),
    "mutual_information": Row(
        {"joint": JOINT},
        {"joint": "joint", "base": "base"},
        extra=[HUGE_TABLE],
        edges=[{"joint": [[1.0, 0.0], [0.0, 0.0]]}, {"joint": [[0.25, 0.25], [0.25, 0.25]]}],
    ),
    "differential_entropy_gaussian": Row(
        {"sigma": [1.0, 2.0]},
        {"sigma": "positive", "base": "base"},
        edges=[{"sigma": [1e-300, 1e300]}],
    ),
    "cross_entropy_gaussian": Row(
        {"mu1": 0.0, "sigma1": 1.0, "mu2": 1.0, "sigma2": 2.0},
        {
            "mu1": "finite",
            "sigma1": "positive",
            "mu2": "finite",
            "sigma2": "positive",
            "base": "base",
        },
        extra=[("unbroadcastable", {"mu1": [0.0, 1.0], "sigma1": [1.0] * 3}, ValueError, "mu1")],
        edges=[
            {"mu1": 0.0, "sigma1": 1e-300, "mu2": 1e300, "sigma2": 1e300},
            {"mu1": -1.7e308, "sigma1": 5e-324, "mu2": -1.7e308, "sigma2": 1.7976931348623157e308},
        ],
    ),
    "kl_divergence_gaussian": Row(
        {"mu1": 0.0, "sigma1": 1.0, "mu2": 1.0, "sigma2": 2.0},
        {
            "mu1": "finite",
            "sigma1": "positive",
            "mu2": "finite",
            "sigma2": "positive",
            "base": "base",
        },
        extra=[("unbroadcastable", {"mu1": [0.0, 1.0], "sigma1": [1.0] * 3}, ValueError, "mu1")],
        edges=[
            {"mu1": 0.0, "sigma1": 1.0, "mu2": 0.0, "sigma2": 1.0},
            {"mu1": 0.0, "sigma1": 1e-300, "mu2": 1e300, "sigma2": 1e300},
        ],
    ),
    "expected_score": Row(
        {"p": 0.3, "q": 0.6},
        {"p": "unit", "q": "unit", "rule": "choice", "base": "base"},
        extra=[
            ("unbroadcastable", {"p": [0.1, 0.2], "q": [0.1, 0.2, 0.3]}, ValueError, "q"),
            ("a base < 1, brier rule", {"rule": "brier", "base": 0.5}, ValueError, "base"),
            ("a string base, 0-1 rule", {"rule": "zero_one", "base": "2"}, TypeError, "base"),
        ],
        edges=[
            {"p": 0.0, "q": 0.0},
            {"p": 1.0, "q": 0.0},
            {"p": 0.5, "q": 0.5, "rule": "zero_one"},
            {"p": 1.0, "q": 1.0, "rule": "brier"},
        ],
    ),
    "gaussian_nll": Row(
        {"y": [1.0, 2.0], "y_pred": [1.5, 1.5], "sigma": 1.0},
        {"y": "finite", "y_pred": "finite", "sigma": "positive", "reduction": "reduction"},
        extra=[(BAD_SHAPE, {"y_pred": [1.0, 2.0, 3.0]}, ValueError, "y_pred")],
        edges=[
            {"y": [1e8], "y_pred": [-1e8], "sigma": 1e-8},
            {"y": [0.0], "y_pred": [0.0], "sigma": 1e-200},
            {"y": [1e308], "y_pred": [-1e308], "sigma": 1.0},
        ],
    ),
    "perplexity": Row(
        {"cross_entropy": [0.5, 1.0]},
        {"cross_entropy": "nonneg", "base": "base"},
        edges=[{"cross_entropy": [0.0, INF, 1e6]}],
    ),
    "smooth_labels": Row(
        {"labels": [0, 2, 1], "num_classes": 3, "epsilon": 0.1},
        {"labels": "labels3_any", "num_classes": "int2", "epsilon": "unit_scalar"},
        edges=[{"labels": [0, 1], "num_classes": 2, "epsilon": 1.0}],
    ),
    "unigram_model": Row(
        {"text": "abba", "alphabet": "abc", "pseudocount": 1.0},
        {"text": "text", "alphabet": "alphabet", "pseudocount": "nonneg_scalar"},
        extra=[
            ("a character outside the alphabet", {"text": "abz"}, ValueError, "alphabet"),
            ("no text and no pseudocount", {"text": "", "pseudocount": 0}, ValueError, "text"),
        ],
        edges=[
            {"text": "", "alphabet": "ab"},
            {"text": "aa", "alphabet": "ab", "pseudocount": 0},
            {"text": "", "alphabet": "ab", "pseudocount": 1e308},
        ],
    ),
    "zen_of_python": Row(
        {}, {}, extra=[("an argument to a function of none", {"x": 1}, TypeError, "x")]
    ),
    "load_text": Row(
        {"name": "intro_paragraph"},
        {},
        extra=[
            ("an unknown text", {"name": "no-such-text"}, ValueError, "name"),
            ("a number for a name", {"name": 3}, TypeError, "name"),
        ],
    ),
    "expected_code_length": Row(
        {"p": [0.5, 0.25, 0.25], "lengths": [1, 2, 2]},
        {"p": "dist1d", "lengths": "lengths"},
        extra=[(BAD_SHAPE, {"lengths": [1, 2]}, ValueError, "lengths")],
        edges=[{"p": [1.0, 0.0], "lengths": [0, 3]}],
    ),
    "kraft_sum": Row({"lengths": [1, 2, 2]}, {"lengths": "lengths"}, edges=[{"lengths": [0]}]),
    "huffman_code_lengths": Row(
        {"p": [0.5, 0.25, 0.25]},
        {"p": "dist1d"},
        edges=[{"p": [1.0]}, {"p": [1.0, 0.0, 0.0]}],
    ),
    "shannon_code_lengths": Row(
        {"q": [0.5, 0.25, 0.25]},
        {"q": "dist1d"},
        extra=[("a zero probability", {"q": [1.0, 0.0]}, ValueError, "q")],
        edges=[{"q": [1.0]}, {"q": [1 - 1e-300, 1e-300]}],
    ),
    "gaussian_on_grid": Row(
        {"mu": 0.0, "sigma": 1.0, "grid": GRID},
        {"mu": "finite", "sigma": "positive", "grid": "grid"},
        edges=[
            {"mu": 1e8, "sigma": 1e-8, "grid": GRID},
            {"mu": 0.5, "sigma": 1e-3, "grid": GRID},
            {"mu": 0.0, "sigma": 1e300, "grid": GRID},
            {"mu": 1e8, "sigma": 1e-300, "grid": GRID},
            {"mu": 1e308, "sigma": 1e-300, "grid": GRID},
            {"mu": 0.0, "sigma": 1e308, "grid": [-1.7e308, 1.7e308]},  # spacing beyond the range
        ],
    ),
    "fit_gaussian_on_grid": Row(
        {"p": P_GRID, "grid": GRID},
        {"p": "dist1d", "grid": "grid", "direction": "choice"},
        extra=[
            (BAD_SHAPE, {"grid": GRID[:-1]}, ValueError, "grid"),
            ("a start with sigma <= 0", {"start": (0.0, -1.0)}, ValueError, "start"),
            ("a start that is no pair", {"start": 1.0}, ValueError, "start"),
        ],
        edges=[
            {"p": [0.0, 0.0, 1.0, 0.0, 0.0], "grid": GRID},
            {"p": [0.5, 0.5], "grid": [-1.7e308, 1.7e308]},  # a spacing beyond the float range
        ],
    ),
    "fit_gaussian": Row(
        {"samples": [1.0, 2.0, 4.0]},
        {"samples": "finite_vec", "axis": "axis"},
        edges=[{"samples": [3.0]}, {"samples": [1e150, -1e150]}, {"samples": [1e308, 1e308]}],
    ),
    "gaussian_cross_entropy": Row(
        {"samples": [0.0, 1.0, 2.0], "mu": 1.0, "sigma": 1.0},
        {"samples": "finite_vec", "mu": "finite", "sigma": "positive", "base": "base"},
        edges=[
            {"samples": [0.0], "mu": 1e8, "sigma": 1e-8},
            {"samples": [0.0], "mu": 0.0, "sigma": 1e-200},
        ],
    ),
    "linear_logits": Row(
        {"w": [1.0, 0.5], "X": X4},
        {"w": "finite_vec", "X": "finite_2d"},
        extra=[(BAD_SHAPE, {"w": [1.0, 2.0, 3.0]}, ValueError, "w")],
        edges=[
            {"w": [1e308, 1e308], "X": [[1.0]]},
            {"w": [1e308, 1e308, 0.0], "X": [[1e10, -1e10]]},  # products overflow, the sum is 0
        ],
    ),
    "logistic_loss": Row(
        {"w": [1.0, 0.0], "X": X4, "y": [0.0, 0.0, 1.0, 1.0]},
        {"w": "finite_vec", "X": "finite_2d", "y": "unit", "loss": "choice"},
        extra=[
            (BAD_SHAPE, {"y": [0.0, 1.0]}, ValueError, "y"),
            (
                "logits beyond 1.8e308",
                {"w": [1e10, 0.0], "X": [[1e300], [-1e300]], "y": [0, 1]},
                ValueError,
                "X",
            ),
        ],
        edges=[
            {"w": [1e300, 0.0], "X": X4, "y": [0.0, 0.0, 1.0, 1.0]},
            {"w": [1e308, 1e308, 0.0], "X": [[1e10, -1e10]], "y": [1.0]},
        ],
    ),
    "logit_gradient": Row(
        {"y": [0.0, 1.0], "z": [0.5, -0.5]},
        {"y": "unit", "z": "finite", "loss": "choice"},
        extra=[(BAD_SHAPE, {"z": [0.5]}, ValueError, "z")],
        edges=[{"y": [0.0, 1.0], "z": [1e308, -1e308]}],
    ),
    "fit_logistic_regression": Row(
        {"X": X4, "y": [0.0, 0.0, 1.0, 1.0], "steps": 3},
        {"X": "finite_2d", "y": "unit", "lr": "pos_scalar", "steps": "int1", "loss": "choice"},
        extra=[
            (BAD_SHAPE, {"w0": [0.0]}, ValueError, "w0"),
            ("logits that overflow", {"X": [[1e300], [-1e300]], "y": [0, 1]}, ValueError, "X"),
        ],
    ),
    "fit_softmax_regression": Row(
        {"X": X4, "labels": [0, 1, 2, 1], "num_classes": 3, "steps": 3},
        {"X": "finite_2d", "labels": "labels3", "lr": "pos_scalar", "steps": "int1"},
        extra=[
            (BAD_SHAPE, {"W0": [[0.0]]}, ValueError, "W0"),
            ("logits that overflow", {"X": [[1e300], [-1e300]], "labels": [0, 1]}, ValueError, "X"),
            ("no class", {"num_classes": 0}, ValueError, "num_classes"),
            ("targets summing to 1.1", {"labels": [[0.5, 0.6, 0.0]] * 4}, ValueError, "labels"),
            (BAD_SHAPE, {"labels": [[1.0, 0.0, 0.0]]}, ValueError, "labels"),
        ],
    ),
    "make_blobs": Row(
        {"n": 3, "centers": [[0.0, 0.0], [2.0, 2.0]], "rng": np.random.default_rng(0)},
        {"n": "int1", "centers": "finite_2d", "rng": "rng", "scale": "positive"},
    ),
    "reliability_table": Row(
        {"probs": CAL_PROBS, "labels": [2, 1, 1, 0]},
        {"probs": "dist", "labels": "labels3", "n_bins": "int1"},
        extra=[("a 1-d vector", {"probs": P3}, ValueError, "probs")],
        edges=[{"probs": [[1.0, 0.0, 0.0]], "labels": [0], "n_bins": 1}],
    ),
    "expected_calibration_error": Row(
        {"probs": CAL_PROBS, "labels": [2, 1, 1, 0]},
        {"probs": "dist", "labels": "labels3", "n_bins": "int1"},
        extra=[("a 1-d vector", {"probs": P3}, ValueError, "probs")],
        edges=[{"probs": [[0.0, 0.0, 1.0]], "labels": [0], "n_bins": 1}],
    ),
    "fit_temperature": Row(
        {
            "logits": [[1.0, 2.0, 3.0], [0.0, 0.0, 1.0], [2.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            "labels": [2, 0, 0, 1],
        },
        {"logits": "finite_2d", "labels": "labels3"},
        edges=[
            {"logits": [[1e300, -1e300, 0.0]], "labels": [0]},
            {"logits": [[1e308, -1e308, 0.0]], "labels": [0]},
        ],
    ),
    # chapter 8: modern machine learning
    "soft_targets": Row(
        {"logits": [[4.0, 2.0, 0.0]], "temperature": 2.0},
        {"logits": "finite_vec", "temperature": "pos_scalar"},
        edges=[
            {"logits": [[1e300, -1e300]], "temperature": 1e-3},
            {"logits": [[1e10, 0.0]], "temperature": 1e-300},
        ],
    ),
    "distillation_loss": Row(
        {"student_logits": [[1.0, 0.0, -1.0]], "teacher_logits": [[3.0, 0.0, -3.0]]},
        {
            "student_logits": "finite_vec",
            "teacher_logits": "finite_vec",
            "temperature": "pos_scalar",
            "divergence": "choice",
            "reduction": "reduction",
        },
        extra=[
            (BAD_SHAPE, {"teacher_logits": [[1.0, 0.0]]}, ValueError, "teacher_logits"),
            (
                "one class",
                {"student_logits": [[1.0]], "teacher_logits": [[1.0]]},
                ValueError,
                "student_logits",
            ),
        ],
        edges=[
            {"student_logits": [[0.0, 0.0]], "teacher_logits": [[1e300, -1e300]]},
            {
                "student_logits": [[0.0, 0.0]],
                "teacher_logits": [[1e300, -1e300]],
                "divergence": "kl",
            },
            {"student_logits": [[1.0, 0.0]], "teacher_logits": [[1.0, 1e-12]], "divergence": "kl"},
            {
                "student_logits": [[0.0, -1e300]],
                "teacher_logits": [[0.0, 1e300]],
                "divergence": "kl",
            },
            {"student_logits": [[1e308, -1e308]], "teacher_logits": [[1e308, -1e308]]},
            {
                "student_logits": [[1e308, -1e308]],
                "teacher_logits": [[1e308, -1e308]],
                "divergence": "kl",
            },
            {
                "student_logits": [[5e307, -5e307]],
                "teacher_logits": [[0.0, 0.0]],
                "temperature": 0.5,
            },
            {
                "student_logits": [[1e10, 0.0]],
                "teacher_logits": [[0.0, 1e10]],
                "temperature": 1e-300,
            },
        ],
    ),
    "distillation_gradient": Row(
        {"student_logits": [[1.0, 0.0, -1.0]], "teacher_logits": [[3.0, 0.0, -3.0]]},
        {
            "student_logits": "finite_vec",
            "teacher_logits": "finite_vec",
            "temperature": "pos_scalar",
        },
        extra=[(BAD_SHAPE, {"teacher_logits": [[1.0, 0.0]]}, ValueError, "teacher_logits")],
        edges=[
            {"student_logits": [[1e300, -1e300]], "teacher_logits": [[-1e300, 1e300]]},
            {"student_logits": [[1.0, 0.0]], "teacher_logits": [[0.0, 1.0]], "temperature": 1e-310},
        ],
    ),
    "info_nce_loss": Row(
        {"scores": [[2.0, 0.0], [0.5, 1.0]]},
        {"scores": "finite_2d", "reduction": "reduction"},
        extra=[("a non-square matrix", {"scores": [[1.0, 0.0]]}, ValueError, "scores")],
        edges=[{"scores": [[1e300, -1e300], [-1e300, 1e300]]}, {"scores": [[0.0]]}],
    ),
    "info_nce_bound": Row(
        {"scores": [[2.0, 0.0], [0.5, 1.0]]},
        {"scores": "finite_2d"},
        extra=[("a non-square matrix", {"scores": [[1.0, 0.0]]}, ValueError, "scores")],
        edges=[{"scores": [[-1e300, 1e300], [1e300, -1e300]]}],
    ),
    "gaussian_mutual_information": Row(
        {"rho": [0.5, -0.2]},
        {"rho": "finite", "base": "base"},
        extra=[("a correlation of 1", {"rho": [0.5, 1.0]}, ValueError, "rho")],
        edges=[{"rho": [0.0, 1e-300, 1 - 1e-16, -(1 - 1e-16)]}],
    ),
    "gaussian_log_density_ratio": Row(
        {"x": [0.5, 1.0], "y": [0.2, -1.0], "rho": 0.5},
        {"x": "finite", "y": "finite", "rho": "finite"},
        extra=[
            ("a vector rho", {"rho": [0.1, 0.2]}, ValueError, "rho"),
            ("rho = -1", {"rho": -1.0}, ValueError, "rho"),
            ("unbroadcastable", {"y": [0.0, 1.0, 2.0]}, ValueError, "y"),
        ],
        edges=[
            {"x": [1e150, 0.0], "y": [1e150, 0.0], "rho": 1 - 1e-16},
            {"x": [1e200, 1e200], "y": [1e199, -1e200], "rho": 0.5},
        ],
    ),
    "ngram_log_probs": Row(
        {"train": "abbab", "test": "ab", "order": 2},
        NGRAM_KINDS,
        extra=[
            ("a character outside the alphabet", {"alphabet": "a"}, ValueError, "alphabet"),
            ("an empty test text", {"test": ""}, ValueError, "test"),
        ],
        edges=[{"train": "a", "test": "b", "order": 6, "alphabet": "ab", "strength": 1e-300}],
    ),
    "ngram_cross_entropy": Row(
        {"train": "abbab", "test": "ab", "order": 2},
        NGRAM_KINDS,
        extra=[("a character outside the alphabet", {"alphabet": "a"}, ValueError, "alphabet")],
        edges=[{"train": "a", "test": "b", "order": 6, "alphabet": "ab", "strength": 1e300}],
    ),
    "compressed_bits_per_character": Row(
        {"text": "abcabcabc", "compressor": "zlib"},
        {"text": "text", "compressor": "choice", "context": "text"},
        extra=[("an empty text", {"text": ""}, ValueError, "text")],
        edges=[{"text": "a", "compressor": "lzma", "context": "a" * 100}],
    ),
    "bits_per_byte": Row(
        {"loss": [1.0, 2.0], "num_tokens": 4, "num_bytes": 16},
        {"loss": "nonneg", "num_tokens": "int1", "num_bytes": "int1", "loss_base": "base"},
        edges=[
            {"loss": [0.0, 1e300], "num_tokens": 1, "num_bytes": 10**9},
            {"loss": [0.0, 1e308], "num_tokens": 10, "num_bytes": 1},
            {"loss": [0.0, 1.0], "num_tokens": 10**400, "num_bytes": 10},
        ],
    ),
    "reweighted_posterior": Row(
        {"p": P3, "class_weights": [1.0, 2.0, 3.0]},
        {"p": "dist", "class_weights": "positive", "axis": "axis"},
        extra=[("one weight too few", {"class_weights": [1.0, 2.0]}, ValueError, "class_weights")],
        edges=[
            {"p": [1.0, 0.0, 0.0], "class_weights": [1e-300, 1.0, 1e300]},
            {"p": P23, "class_weights": [1e300, 1e300, 1e300]},
        ],
    ),
    "logit_adjustment": Row(
        {"logits": [[0.0, 1.0]], "class_weights": [1.0, 9.0]},
        {"logits": "finite_vec", "class_weights": "positive"},
        extra=[
            ("one weight too many", {"class_weights": [1.0, 2.0, 3.0]}, ValueError, "class_weights")
        ],
        edges=[{"logits": [[1e300, -1e300]], "class_weights": [1e-300, 1e300]}],
    ),
    "focal_loss": Row(
        {"y": [1.0, 0.0], "p": [0.9, 0.3]},
        {"y": "unit", "p": "unit", "gamma": "nonneg_scalar", "reduction": "reduction"},
        extra=[
            ("a soft label", {"y": [0.5, 0.0]}, ValueError, "y"),
            (BAD_SHAPE, {"p": [0.5, 0.5, 0.5]}, ValueError, "p"),
        ],
        edges=[{"y": [1.0, 0.0, 1.0, 0.0], "p": [0.0, 1.0, 1.0, 0.0], "gamma": 0.0}],
    ),
    "focal_minimizer": Row(
        {"p": [0.3, 0.8], "gamma": 2.0},
        {"p": "unit", "gamma": "nonneg_scalar"},
        edges=[{"p": [0.0, 1.0, 5e-324, 1e-300, 1 - 1e-16, 0.5], "gamma": 2.0}],
    ),
    "fit_logistic_regression_weighted": Row(
        {"X": X4, "y": [0.0, 0.0, 1.0, 1.0], "steps": 3},
        {
            "X": "finite_2d",
            "y": "unit",
            "class_weights": "positive",
            "gamma": "nonneg_scalar",
            "lr": "pos_scalar",
            "steps": "int1",
        },
        extra=[
            ("a soft label", {"y": [0.0, 0.5, 1.0, 1.0]}, ValueError, "y"),
            (BAD_SHAPE, {"y": [0.0, 1.0]}, ValueError, "y"),
            ("one weight", {"class_weights": [1.0]}, ValueError, "class_weights"),
        ],
    ),
    "tilted_distribution": Row(
        {"q_ref": P3, "reward": [0.0, 1.0, 2.0], "beta": 1.0},
        {"q_ref": "dist", "reward": "finite", "beta": "pos_scalar", "axis": "axis"},
        extra=[("unbroadcastable", {"reward": [0.0, 1.0]}, ValueError, "reward")],
        edges=[
            {"q_ref": [1.0, 0.0, 0.0], "reward": [0.0, 1e300, -1e300], "beta": 1e-300},
            {"q_ref": [0.5, 0.5, 0.0], "reward": [1e300, -1e300, 0.0], "beta": 1e-300},
            {"q_ref": P23, "reward": [-1e308, 0.0, 1e308], "beta": 1e300},
        ],
    ),
    "kl_regularized_objective": Row(
        {"q": Q3, "q_ref": P3, "reward": [0.0, 1.0, 2.0], "beta": 1.0},
        {"q": "dist", "q_ref": "dist", "reward": "finite", "beta": "pos_scalar", "axis": "axis"},
        extra=[(BAD_SHAPE, {"q": [0.5, 0.5]}, ValueError, "q")],
        edges=[
            {"q": [1.0, 0.0], "q_ref": [0.0, 1.0], "reward": [0.0, 0.0], "beta": 1.0},
            {"q": [0.5, 0.5], "q_ref": [0.5, 0.5], "reward": [1e300, 1e300], "beta": 1e-300},
            {"q": [0.9, 0.1], "q_ref": [0.1, 0.9], "reward": [0.0, 0.0], "beta": 1.7e308},
        ],
    ),
}

TYPE_BAD = [("a string", "abc"), ("None", None), ("booleans", [True, False])]


def _poison(value, new, index=0):
    a = np.array(value, dtype=float)
    a.flat[index] = new
    return a


def not_real(valid) -> list[tuple[str, object, type]]:
    """The valid value in dtypes that are not real numbers, and masked (a TypeError each)."""
    try:
        arr = np.asarray(valid, dtype=float)
    except (TypeError, ValueError):  # not an array argument
        return []
    mask = np.zeros(arr.shape, dtype=bool)
    mask.flat[0] = True
    return [
        ("complex numbers", arr + 5j, TypeError),
        ("timedeltas", arr.astype("m8[s]"), TypeError),
        ("an object array", arr.astype(object), TypeError),
        ("a masked array", np.ma.masked_array(arr, mask=mask), TypeError),
    ]


def bad_inputs(kind: str, valid) -> list[tuple[str, object, type]]:
    """(what, bad value, exception) for an argument of this kind whose valid value is ``valid``."""
    types = [(what, bad, TypeError) for what, bad in TYPE_BAD]
    types.append(("a ragged nested list", [[1.0, 0.0], [1.0]], ValueError))
    if valid is not None and kind not in ("labels3", "labels3_any"):
        types += not_real(valid)
    if kind in (
        "base",
        "axis",
        "reduction",
        "choice",
        "samples",
        "support",
        "text",
        "alphabet",
        "rng",
    ):
        return _bad_options(kind)
    nonfinite = [("NaN", _poison(valid, NAN), ValueError), ("inf", _poison(valid, INF), ValueError)]
    empty = [("an empty array", [], ValueError)]
    scalar = [("a 0-d value", 0.5, ValueError)]
    if kind in ("dist", "dist1d"):
        a = np.array(valid, dtype=float)
        neg = a.copy()
        neg[..., 0] -= 1.0
        neg[..., 1] += 1.0
        rows = [
            ("a non-normalised vector", a * 1.1, ValueError),
            ("a negative probability (summing to 1)", neg, ValueError),
        ]
        if kind == "dist1d":
            rows.append(("a 2-d array", [a, a], ValueError))
        return rows + nonfinite + empty + scalar + types
    if kind in ("unit", "unit_scalar"):
        rows = [("a negative probability", _poison(valid, -0.1), ValueError)]
        rows += [("a probability above 1", _poison(valid, 1.5), ValueError)]
        if kind == "unit_scalar":
            return rows + nonfinite + [("an array", [0.1, 0.2], ValueError)] + types
        return rows + nonfinite + (empty if np.ndim(valid) else []) + types
    if kind in ("finite", "finite_vec", "finite_2d"):
        rows = nonfinite + empty + types
        if kind == "finite_vec":
            rows += scalar
        if kind == "finite_2d":
            rows += [("a 1-d array", np.ravel(valid), ValueError), ("a 0-d value", 1.0, ValueError)]
        return rows
    if kind in ("positive", "pos_scalar"):
        rows = [
            ("zero", _poison(valid, 0.0), ValueError),
            ("negative", _poison(valid, -1.0), ValueError),
        ]
        return rows + nonfinite + types
    if kind in ("nonneg", "nonneg_scalar"):
        rows = [
            ("negative", _poison(valid, -1.0), ValueError),
            ("NaN", _poison(valid, NAN), ValueError),
        ]
        return rows + types
    if kind == "joint":
        a = np.array(valid, dtype=float)
        neg = a.copy()
        neg[0, 0], neg[0, 1] = -0.5, neg[0, 1] + neg[0, 0] + 0.5
        rows = [
            ("a 1-d vector", [0.5, 0.5], ValueError),
            ("a 3-d array", [a / 2, a / 2], ValueError),
            ("a non-normalised table", a * 1.1, ValueError),
            ("a negative entry (summing to 1)", neg, ValueError),
        ]
        return rows + nonfinite + types
    if kind in ("labels3", "labels3_any"):
        rows = [
            ("a negative label", _poison(valid, -1), ValueError),
            ("a label equal to K", _poison(valid, 3), ValueError),
            ("a non-integer label", _poison(valid, 1.5), ValueError),
            ("a NaN label", _poison(valid, NAN), ValueError),
        ]
        if kind == "labels3":
            rows.append(("one label too many", list(valid) + [0], ValueError))
        rows += [("string labels", ["a"] * len(valid), TypeError), ("None", None, TypeError)]
        rows += not_real(valid)
        return rows + [("ragged labels", [[0, 1], [1]], ValueError)]
    if kind in ("int1", "int2"):
        low = int(kind[-1])
        rows = [(f"{low - 1}", low - 1, ValueError), ("-1", -1, ValueError)]
        return rows + [(repr(b), b, TypeError) for b in (2.5, "3", True, None)]
    if kind == "lengths":
        rows = [("a negative length", _poison(valid, -1), ValueError)]
        rows += [("a fractional length", _poison(valid, 1.5), ValueError)]
        return rows + nonfinite + empty + types
    if kind == "grid":
        rows = [
            ("a decreasing grid", valid[::-1], ValueError),
            ("a repeated point", [valid[0]] + list(valid[:-1]), ValueError),
            ("a 2-d grid", [valid, valid], ValueError),
        ]
        return rows + nonfinite + types
    raise AssertionError(f"unknown argument kind {kind!r}")


def _bad_options(kind: str) -> list[tuple[str, object, type]]:
    if kind == "base":  # a base in (0, 1) would make every entropy and divergence negative
        rows = [(f"base={b}", b, ValueError) for b in (1, 1.0, 0, -2, NAN, INF, 0.5, 1e-3)]
        rows += [("base=Fraction(1, 2)", Fraction(1, 2), ValueError)]
        rows += [("base=-10**400", -(10**400), ValueError), ("base=2j", 2j, TypeError)]
        return rows + [("base='2'", "2", TypeError), ("base=True", True, TypeError)]
    if kind == "axis":
        rows = [("axis=5", 5, ValueError), ("axis=-5", -5, ValueError)]
        return rows + [(f"axis={a!r}", a, TypeError) for a in (1.5, "0", True, None)]
    if kind in ("reduction", "choice"):
        return [(f"an unknown option {c!r}", c, ValueError) for c in ("nope", "", None, 1)]
    if kind == "samples":
        return [
            ("a None among the samples", [1, None], TypeError),
            ("a NaN sample", [1.0, NAN], ValueError),
            ("complex samples", [1j, 2j], TypeError),
            ("a masked array", np.ma.masked_array([1, 2], mask=[True, False]), TypeError),
            ("a 2-d array", [[1, 2]], ValueError),
            ("a ragged list", [[1, 2], [3]], ValueError),
            ("an empty array", [], ValueError),
            ("a 0-d value", 3, ValueError),
        ]
    if kind == "support":
        return [
            ("a ragged list", [[1, 2], [3]], ValueError),
            ("a repeated value", [1, 2, 2, 3], ValueError),
            ("an empty support", [], ValueError),
        ]
    if kind == "text":
        return [
            ("bytes", b"abba", TypeError),
            ("a list", list("abba"), TypeError),
            ("None", None, TypeError),
        ]
    if kind == "alphabet":
        return [("a repeated character", "aab", ValueError), ("an empty alphabet", "", ValueError)]
    if kind == "rng":
        return [("a seed instead of a Generator", 0, TypeError), ("None", None, TypeError)]
    raise AssertionError(f"unknown argument kind {kind!r}")


def _table():
    for name, row in HELPERS.items():
        for arg, kind in row.kinds.items():
            for what, bad, exc in bad_inputs(kind, row.call.get(arg, _default(name, arg))):
                yield pytest.param(name, {arg: bad}, exc, arg, id=f"{name}-{arg}-{what}")
        for what, overrides, exc, arg in row.extra:
            yield pytest.param(name, overrides, exc, arg, id=f"{name}-{arg}-{what}")


def _default(name, arg):
    import inspect

    return inspect.signature(getattr(infoloss, name)).parameters[arg].default


def test_every_public_helper_has_a_row():
    missing = sorted(set(infoloss.__all__) - set(HELPERS))
    assert not missing, f"add rows to HELPERS in {__file__} for: {missing}"
    stale = sorted(set(HELPERS) - set(infoloss.__all__))
    assert not stale, f"rows for helpers that are no longer public: {stale}"


@pytest.mark.parametrize("name, overrides, exc, arg", list(_table()))
def test_bad_input_raises_the_right_error_naming_the_argument(name, overrides, exc, arg):
    kwargs = HELPERS[name].call | overrides
    with pytest.raises(exc) as info:
        getattr(infoloss, name)(**kwargs)
    names = re.escape(arg)
    assert re.search(rf"(?<![\w]){names}(?![\w])", str(info.value)), (
        f"{name}: the {exc.__name__} does not name {arg!r}: {info.value}"
    )


def _fresh(call: dict) -> dict:
    """The call with a fresh, identically seeded Generator (a used one would give new data)."""
    return {
        k: np.random.default_rng(0) if isinstance(v, np.random.Generator) else v
        for k, v in call.items()
    }


def _convert(value, seq):
    """Nested lists/tuples/arrays as ``seq`` (list, tuple or np.asarray); others unchanged."""
    if isinstance(value, np.ndarray) and value.dtype != object:
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        inner = [_convert(v, list if seq is np.asarray else seq) for v in value]
        return np.asarray(inner) if seq is np.asarray else seq(inner)
    return value


def _leaves(result):
    """Every number a helper returned, as float arrays (tuples and dicts are walked)."""
    if isinstance(result, dict):
        result = list(result.values())
    if isinstance(result, (tuple, list)) and not isinstance(result, str):
        return [leaf for item in result for leaf in _leaves(item)]
    if isinstance(result, str):
        return []
    return [np.asarray(result, dtype=float)]


def _assert_same(a, b, what):
    la, lb = _leaves(a), _leaves(b)
    assert len(la) == len(lb), what
    for x, y in zip(la, lb, strict=True):
        assert x.shape == y.shape, what
        np.testing.assert_array_equal(x, y, err_msg=what)


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_valid_lists_and_tuples_give_the_same_result_as_arrays(name):
    helper, row = getattr(infoloss, name), HELPERS[name]
    for call in [row.call, *row.edges]:
        expected = helper(**_fresh({k: _convert(v, np.asarray) for k, v in call.items()}))
        for seq in (list, tuple):
            got = helper(**_fresh({k: _convert(v, seq) for k, v in call.items()}))
            _assert_same(got, expected, f"{name}({call}) with {seq.__name__}s")


INT_CALLS = [
    ("entropy", {"p": [1, 0], "base": 2}),
    ("surprisal", {"p": [1, 0]}),
    ("bernoulli_entropy", {"p": 0}),
    ("cross_entropy", {"p": [1, 0], "q": [1, 0], "base": 2}),
    ("kl_divergence", {"p": [0, 1], "q": [0, 1]}),
    ("js_divergence", {"p": [1, 0], "q": [0, 1], "base": 2}),
    ("softmax", {"logits": [1, 2, 3]}),
    ("log_softmax", {"logits": [[1, 2, 3]], "axis": 1}),
    ("cross_entropy_from_logits", {"logits": [[1, 2, 3]], "labels": [2]}),
    ("binary_cross_entropy", {"y": [1, 0], "p": [1, 0]}),
    ("binary_cross_entropy_with_logits", {"y": [1, 0], "z": [2, -1]}),
    ("negative_log_likelihood", {"probabilities": [1, 1]}),
    ("joint_entropy", {"joint": [[1, 0], [0, 0]], "base": 2}),
    ("mutual_information", {"joint": [[1, 0], [0, 0]]}),
    ("differential_entropy_gaussian", {"sigma": 2}),
    ("kl_divergence_gaussian", {"mu1": 0, "sigma1": 1, "mu2": 1, "sigma2": 2}),
    ("gaussian_nll", {"y": [1, 2], "y_pred": [1, 1], "sigma": 2}),
    ("perplexity", {"cross_entropy": 1, "base": 2}),
    ("gaussian_on_grid", {"mu": 0, "sigma": 1, "grid": [-2, -1, 0, 1, 2]}),
    ("fit_gaussian", {"samples": [1, 2, 4]}),
    ("linear_logits", {"w": [1, 2], "X": [[0], [1]]}),
    ("brier_score", {"y": [1, 0], "p": [1, 1]}),
]


def _floats(value):
    if isinstance(value, bool) or not isinstance(value, (int, list, tuple)):
        return value
    return float(value) if isinstance(value, int) else [_floats(v) for v in value]


@pytest.mark.parametrize("name, call", INT_CALLS, ids=[n for n, _ in INT_CALLS])
def test_integer_inputs_give_the_same_result_as_floats(name, call):
    helper = getattr(infoloss, name)
    floats = {k: v if k in ("axis", "base") else _floats(v) for k, v in call.items()}
    _assert_same(helper(**call), helper(**floats), f"{name}({call})")


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_no_helper_returns_nan_on_valid_or_edge_inputs(name):
    helper, row = getattr(infoloss, name), HELPERS[name]
    calls = [row.call, *row.edges]
    if "base" in row.kinds:
        calls += [c | {"base": 2} for c in calls]
    for call in calls:
        for leaf in _leaves(helper(**_fresh(call))):
            assert not np.isnan(leaf).any(), f"{name}({call}) returned nan: {leaf}"


VALID_BASES = [2, 2.0, np.float32(2), np.int64(2), np.longdouble(2), Fraction(2)]


@pytest.mark.parametrize("name", sorted(n for n, row in HELPERS.items() if "base" in row.kinds))
def test_every_form_of_a_valid_base_gives_the_float64_answer(name):
    helper, row = getattr(infoloss, name), HELPERS[name]
    expected = helper(**_fresh(row.call | {"base": 2.0}))
    for base in VALID_BASES:  # log(base) taken in float64, whatever the base's type
        _assert_same(helper(**_fresh(row.call | {"base": base})), expected, f"{name} {base!r}")
    if name == "perplexity":  # base**h, not a conversion of units
        return
    huge = helper(**_fresh(row.call | {"base": 10**400}))  # an int beyond the float range
    in_nats = helper(**_fresh(row.call))
    for h, n in zip(_leaves(huge), _leaves(in_nats), strict=True):
        np.testing.assert_allclose(h, n / (400 * np.log(10)), rtol=1e-14)


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_results_are_float64_whatever_the_input_dtype(name):
    helper, row = getattr(infoloss, name), HELPERS[name]
    expected = helper(**_fresh(row.call))
    for dtype in (np.float32, np.float16, np.longdouble):
        call = {}
        for k, v in row.call.items():
            arr = np.asarray(v) if isinstance(v, (list, tuple, float)) else None
            # (a probability vector must sum to 1 within 2**-30 + n eps AFTER conversion to
            # float64: float32 rounding of 0.1 etc. is beyond that, so those stay float64)
            ok = arr is not None and arr.dtype.kind == "f"
            ok = ok and row.kinds.get(k) not in ("dist", "dist1d", "joint")
            call[k] = arr.astype(dtype) if ok else v
        for leaf in _leaves(helper(**_fresh(call))):
            assert leaf.dtype == np.float64
    del expected


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_no_helper_warns_on_valid_or_edge_inputs(name):
    helper, row = getattr(infoloss, name), HELPERS[name]
    for call in [row.call, *row.edges]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a RuntimeWarning (overflow, 0 * inf) fails
            helper(**_fresh(call))


def test_one_sum_to_1_rule_whatever_the_dtype():
    # |sum - 1| <= 2**-30 + n eps after conversion to float64 (book/notation.md), for every dtype
    off = np.array([0.5, 0.5 + 0.0015], dtype=np.float16)  # float16 once accepted this
    with pytest.raises(ValueError, match="p must sum to 1"):
        infoloss.entropy(off)
    close = [0.5, 0.5 + 2.0**-31]  # within the rule: float64 and longdouble agree
    assert infoloss.entropy(np.array(close, dtype=np.longdouble)) == infoloss.entropy(close)
    n = 10**6
    tol = 2.0**-30 + n * np.finfo(np.float64).eps
    p = np.full(n, 1.0 / n)
    p[0] += 0.9 * tol  # the allowance grows with n: the rounding of normalising n entries
    infoloss.entropy(p)
    p[0] += 0.2 * tol
    with pytest.raises(ValueError, match="within"):
        infoloss.entropy(p)


def test_probabilities_written_to_ten_digits_pass_the_sum_rule_nine_may_not():
    # book/notation.md: ten significant digits always pass (rounding <= 5e-10 in total)
    assert infoloss.entropy([0.3333333333] * 3) == pytest.approx(np.log(3), rel=1e-9)
    with pytest.raises(ValueError, match="p must sum to 1"):
        infoloss.entropy([0.333333333] * 3)  # 1 - 1e-9: further off than 2**-30
