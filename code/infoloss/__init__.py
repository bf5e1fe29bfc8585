"""infoloss: the tested helpers behind the book *Why cross-entropy is the loss*.

Every function takes array-likes, works along ``axis=-1`` by default, measures in nats unless
``base=2`` (bits) is given, follows scipy's conventions (0 log 0 = 0; a divergence is +inf where
p > 0 and q = 0) and raises a ValueError or TypeError naming the argument on bad input.
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
from infoloss.datasets import load_text
from infoloss.distillation import distillation_gradient, distillation_loss, soft_targets
from infoloss.divergence import cross_entropy, kl_divergence
from infoloss.entropy import bernoulli_entropy, entropy, surprisal
from infoloss.family import (
    conditional_entropy,
    cross_entropy_gaussian,
    differential_entropy_gaussian,
    joint_entropy,
    js_divergence,
    kl_divergence_gaussian,
    mutual_information,
)
from infoloss.grid import fit_gaussian_on_grid, gaussian_on_grid
from infoloss.imbalance import (
    fit_logistic_regression_weighted,
    focal_loss,
    focal_minimizer,
    logit_adjustment,
    reweighted_posterior,
)
from infoloss.language import (
    bits_per_byte,
    compressed_bits_per_character,
    ngram_cross_entropy,
    ngram_log_probs,
)
from infoloss.likelihood import (
    binary_cross_entropy,
    empirical_distribution,
    negative_log_likelihood,
)
from infoloss.logits import (
    binary_cross_entropy_with_logits,
    cross_entropy_from_logits,
    log_softmax,
    softmax,
)
from infoloss.models import (
    fit_gaussian,
    fit_logistic_regression,
    fit_softmax_regression,
    gaussian_cross_entropy,
    linear_logits,
    logistic_gradient,
    logistic_loss,
    logit_gradient,
    make_blobs,
    softmax_gradient,
)
from infoloss.practice import (
    brier_score,
    expected_score,
    gaussian_nll,
    perplexity,
    smooth_labels,
    softmax_regression_path,
    unigram_model,
    zen_of_python,
)
from infoloss.tilting import kl_regularized_objective, tilted_distribution

__all__ = [
    "load_text",
    "bernoulli_entropy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_from_logits",
    "empirical_distribution",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "negative_log_likelihood",
    "softmax",
    "surprisal",
    # chapter 6: the wider family
    "conditional_entropy",
    "cross_entropy_gaussian",
    "differential_entropy_gaussian",
    "joint_entropy",
    "js_divergence",
    "kl_divergence_gaussian",
    "mutual_information",
    # chapter 7: cross-entropy in practice
    "brier_score",
    "expected_score",
    "gaussian_nll",
    "perplexity",
    "smooth_labels",
    "softmax_regression_path",
    "unigram_model",
    "zen_of_python",
    # chapters 2-3: grids for continuous fits, prefix-code lengths
    "expected_code_length",
    "fit_gaussian_on_grid",
    "gaussian_on_grid",
    "huffman_code_lengths",
    "kraft_sum",
    "shannon_code_lengths",
    # chapters 4-5: models fitted by minimising cross-entropy
    "fit_gaussian",
    "fit_logistic_regression",
    "fit_softmax_regression",
    "gaussian_cross_entropy",
    "linear_logits",
    "logistic_gradient",
    "logistic_loss",
    "logit_gradient",
    "make_blobs",
    "softmax_gradient",
    # chapter 5: calibration of a classifier
    "expected_calibration_error",
    "fit_temperature",
    "reliability_table",
    # chapter 8: modern machine learning
    "bits_per_byte",
    "compressed_bits_per_character",
    "distillation_gradient",
    "distillation_loss",
    "fit_logistic_regression_weighted",
    "focal_loss",
    "focal_minimizer",
    "gaussian_log_density_ratio",
    "gaussian_mutual_information",
    "info_nce_bound",
    "info_nce_loss",
    "kl_regularized_objective",
    "logit_adjustment",
    "ngram_cross_entropy",
    "ngram_log_probs",
    "reweighted_posterior",
    "soft_targets",
    "tilted_distribution",
]
