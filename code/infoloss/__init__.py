"""infoloss: the tested helpers behind the book *Why cross-entropy is the loss*.

Every function takes array-likes, works along ``axis=-1`` by default, measures in nats unless
``base=2`` (bits) is given, follows scipy's conventions (0 log 0 = 0; a divergence is +inf where
p > 0 and q = 0) and raises a ValueError or TypeError naming the argument on bad input.
"""

from infoloss.divergence import cross_entropy, kl_divergence
from infoloss.entropy import bernoulli_entropy, entropy, surprisal
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

__all__ = [
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
]
