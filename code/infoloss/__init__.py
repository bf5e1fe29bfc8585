r"""infoloss: the tested helpers behind the book *Why cross-entropy is the loss*.

**The design rule.** Each helper is the chapter's formula, plus at most the numerical idea the
book itself teaches: the log-sum-exp shift with ``log1p`` of the rest (``log_softmax``),
``log1p`` in the Bernoulli loss, the per-sign form of the binary cross-entropy from logits, the
cancellation-free KL terms :math:`p \log(1 + d) - (p - q) = q\,[(1 + d)\log(1 + d) - d]`
(``kernels.kl_terms``, with the series where the two parts cancel), and :math:`0 \log 0 = 0`
(``xlogy``, or the log of :math:`\max(p, 2.2 \times 10^{-308})` multiplied by :math:`p = 0`).
Sums over outcomes are plain numpy, dot products included (``p @ log_q``). Nothing else: a
reader who clicks from a chapter to the code should recognise the chapter's equation.

**The supported range.** Probabilities are exact 0 or normal floats (at least 2.2e-308) and
probability vectors sum to 1 within ``2**-30 + K * eps`` of their dtype (used as given, never
renormalised); logits and other reals are finite with magnitude at most 1e300. Inside it each
helper is accurate to the relative error its docstring states (tested against mpmath); outside
it, it raises a ValueError or TypeError naming the argument and the rule, never a wrong number,
a ``nan`` or a warning.

Every function takes array-likes, works along ``axis=-1`` by default, measures in nats unless
``base=2`` (bits) is given, and follows scipy's conventions (0 log 0 = 0; a divergence is +inf
where p > 0 and q = 0). ``p`` is the truth, ``q`` the model's prediction.

The modules are named for what they hold: ``entropy``, ``divergence``, ``normal``
(closed forms between normals), ``normal_fit`` (a normal fitted to data), ``normal_grid``,
``losses``, ``logits``, ``linear`` (logistic and softmax regression), ``estimation``,
``coding``, ``calibration``, ``imbalance``, ``distillation``, ``contrastive``, ``tilting``,
``language``, ``datasets``, ``plotting``, ``glue``; ``_validation`` holds the argument checks
and ``kernels`` the one numerical kernel that several modules share.
"""

from infoloss.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability_table,
)
from infoloss.coding import (
    expected_code_length,
    huffman_code_lengths,
    kraft_sum,
    shannon_code_lengths,
)
from infoloss.contrastive import (
    gaussian_log_density_ratio,
    gaussian_mutual_information,
    info_nce_bound,
)
from infoloss.datasets import load_text, make_blobs, zen_of_python
from infoloss.distillation import distillation_gradient, distillation_loss, soft_targets
from infoloss.divergence import cross_entropy, js_divergence, kl_divergence, mutual_information
from infoloss.entropy import (
    bernoulli_entropy,
    conditional_entropy,
    entropy,
    joint_entropy,
    surprisal,
)
from infoloss.estimation import empirical_distribution, unigram_model
from infoloss.imbalance import (
    fit_logistic_regression_weighted,
    focal_minimizer,
    focal_minimizer_inverse,
    logit_adjustment,
)
from infoloss.label_noise import corrupt_labels, noisy_label_distribution
from infoloss.language import (
    bits_per_byte,
    compressed_bits_per_character,
    ngram_cross_entropy,
    ngram_log_probs,
)
from infoloss.linear import (
    fit_logistic_regression,
    fit_softmax_regression,
    linear_logits,
    logistic_loss,
    logit_gradient,
)
from infoloss.logits import log_softmax, softmax
from infoloss.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    brier_score,
    cross_entropy_from_logits,
    expected_score,
    negative_log_likelihood,
    perplexity,
    smooth_labels,
)
from infoloss.normal import normal_cross_entropy, normal_entropy, normal_kl_divergence
from infoloss.normal_fit import fit_normal, normal_nll
from infoloss.normal_grid import fit_normal_on_grid, normal_on_grid
from infoloss.precision import round_to_bfloat16
from infoloss.reductions import masked_mean, weighted_mean
from infoloss.surrogates import classifier_objective, fit_linear_classifier
from infoloss.tilting import kl_regularized_objective, tilted_distribution

__all__ = [
    # entropy of a distribution
    "bernoulli_entropy",
    "conditional_entropy",
    "entropy",
    "joint_entropy",
    "surprisal",
    # divergences between distributions
    "cross_entropy",
    "js_divergence",
    "kl_divergence",
    "mutual_information",
    # normal densities: closed forms, the fit to data and its NLL, normals on a grid
    "normal_cross_entropy",
    "normal_entropy",
    "normal_kl_divergence",
    "fit_normal",
    "normal_nll",
    "fit_normal_on_grid",
    "normal_on_grid",
    # losses of a prediction
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "brier_score",
    "cross_entropy_from_logits",
    "expected_score",
    "negative_log_likelihood",
    "perplexity",
    "smooth_labels",
    # logits to probabilities
    "log_softmax",
    "softmax",
    # linear models: logistic and softmax regression
    "fit_logistic_regression",
    "fit_softmax_regression",
    "linear_logits",
    "logistic_loss",
    "logit_gradient",
    # estimating a distribution from data
    "empirical_distribution",
    "unigram_model",
    # prefix codes
    "expected_code_length",
    "huffman_code_lengths",
    "kraft_sum",
    "shannon_code_lengths",
    # calibration of a classifier
    "expected_calibration_error",
    "fit_temperature",
    "reliability_table",
    # imbalanced classes
    "fit_logistic_regression_weighted",
    "focal_minimizer",
    "focal_minimizer_inverse",
    "logit_adjustment",
    # distillation
    "distillation_gradient",
    "distillation_loss",
    "soft_targets",
    # contrastive learning
    "gaussian_log_density_ratio",
    "gaussian_mutual_information",
    "info_nce_bound",
    # tilting a distribution by a reward
    "kl_regularized_objective",
    "tilted_distribution",
    # language models and compression
    "bits_per_byte",
    "compressed_bits_per_character",
    "ngram_cross_entropy",
    "ngram_log_probs",
    # data for the examples
    "load_text",
    "make_blobs",
    "zen_of_python",
    # label noise, low precision, reductions, other losses of a linear classifier
    "corrupt_labels",
    "noisy_label_distribution",
    "round_to_bfloat16",
    "masked_mean",
    "weighted_mean",
    "classifier_objective",
    "fit_linear_classifier",
]
