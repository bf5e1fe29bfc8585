"""infoloss: the tested helpers behind the book *Why cross-entropy is the loss*.

Every function takes array-likes, works along ``axis=-1`` by default, measures in nats unless
``base=2`` (bits) is given, follows scipy's conventions (0 log 0 = 0; a divergence is +inf where
p > 0 and q = 0) and raises a ValueError or TypeError naming the argument on bad input.

The modules are named for what they hold: ``entropy``, ``divergence``, ``gaussian``,
``losses``, ``logits``, ``linear`` (logistic and softmax regression), ``estimation``,
``coding``, ``calibration``, ``imbalance``, ``distillation``, ``contrastive``, ``tilting``,
``language``, ``datasets``, ``plotting``, ``glue``.
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
    info_nce_loss,
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
from infoloss.gaussian import (
    cross_entropy_gaussian,
    differential_entropy_gaussian,
    fit_gaussian,
    fit_gaussian_on_grid,
    gaussian_cross_entropy,
    gaussian_nll,
    gaussian_on_grid,
    kl_divergence_gaussian,
)
from infoloss.imbalance import (
    fit_logistic_regression_weighted,
    focal_loss,
    focal_minimizer,
    logit_adjustment,
    reweighted_posterior,
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
    # Gaussians: entropy, cross-entropy, likelihood, KL, fits, grids
    "cross_entropy_gaussian",
    "differential_entropy_gaussian",
    "fit_gaussian",
    "fit_gaussian_on_grid",
    "gaussian_cross_entropy",
    "gaussian_nll",
    "gaussian_on_grid",
    "kl_divergence_gaussian",
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
    "focal_loss",
    "focal_minimizer",
    "logit_adjustment",
    "reweighted_posterior",
    # distillation
    "distillation_gradient",
    "distillation_loss",
    "soft_targets",
    # contrastive learning
    "gaussian_log_density_ratio",
    "gaussian_mutual_information",
    "info_nce_bound",
    "info_nce_loss",
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
