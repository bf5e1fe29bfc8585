"""Tests of infoloss.tilting: the KL-penalised optimum and its objective."""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoloss import kl_regularized_objective, tilted_distribution

EPS = 2.0**-52
WEIGHTS = st.lists(st.one_of(st.just(0.0), st.floats(1e-300, 1.0)), min_size=2, max_size=5)
Q_REFS = WEIGHTS.filter(lambda w: sum(w) > 0).map(lambda w: np.array(w) / sum(w))


REWARDS = st.lists(st.floats(-10, 10), min_size=5, max_size=5)


@given(Q_REFS, REWARDS, st.sampled_from([1e-3, 0.1, 1.0, 10.0, 1e6]))
def test_tilted_distribution_and_objective_match_mpmath(q_ref, rewards, beta):
    """q* to 8 ulps of its logits (zeros of q_ref included), J(q*) to a few ulps of its terms."""
    r = np.array(rewards[: q_ref.size])
    got = tilted_distribution(q_ref, r, beta)
    with mp.workdps(60):
        w = [mp.mpf(p) * mp.exp(mp.mpf(x) / beta) for p, x in zip(q_ref, r, strict=True)]
        support = q_ref > 0  # the logits' magnitude, which eps multiplies
        mag = np.abs(np.log(q_ref[support])).max() + np.ptp(r[support]) / beta
        for g, e in zip(got, [x / sum(w) for x in w], strict=True):
            assert abs(g - e) <= 8 * EPS * mag * e + 2.0**-1022  # (below that: 0)
        # E_q[r] - beta KL(q || q_ref) mixes signs: a few ulps of both (KL's own: 1e-12)
        gain = [mp.mpf(a) * mp.mpf(x) for a, x in zip(got, r, strict=True)]
        kl = sum(mp.mpf(a) * mp.log(mp.mpf(a) / c) for a, c in zip(got, q_ref, strict=True) if a)
        allowed = 8 * EPS * sum(map(abs, gain)) + beta * (1e-12 * abs(kl) + 16 * EPS)
        j = kl_regularized_objective(got, q_ref, r, beta)
        assert abs(j - (sum(gain) - beta * kl)) <= allowed


def test_a_1d_reward_follows_the_outcomes_axis_on_square_input():
    """A reward of one entry per outcome lies along `axis` (it once followed the last axis)."""
    q_ref, q = np.array([[0.5, 0.5], [0.9, 0.1]]), np.array([[0.2, 0.8], [0.6, 0.4]])
    r = [0.0, 1.0]
    rows = tilted_distribution(q_ref, r, 1.0)
    np.testing.assert_array_equal(tilted_distribution(q_ref.T, r, 1.0, axis=0), rows.T)
    j = kl_regularized_objective(q, q_ref, r, 2.0)
    np.testing.assert_array_equal(kl_regularized_objective(q.T, q_ref.T, r, 2.0, axis=0), j)


P3, R3 = [0.2, 0.3, 0.5], [0.0, 1.0, 2.0]
BAD = [  # (helper, arguments, exception, the argument named): one row per kind of bad input
    (tilted_distribution, (P3, [0.0, 1.0], 1.0), ValueError, "reward"),
    (tilted_distribution, (P3, R3, 1e-301), ValueError, "beta"),  # the range's boundary
    (tilted_distribution, (P3, R3, 1.0, 1), ValueError, "axis"),
    (kl_regularized_objective, ([0.5, 0.5], P3, R3, 1.0), ValueError, "q and q_ref"),
]


@pytest.mark.parametrize(("helper", "args", "exc", "name"), BAD)
def test_bad_input_raises_naming_the_argument(helper, args, exc, name):
    with pytest.raises(exc, match=name):
        helper(*args)
