"""Shared hypothesis strategies and test settings for the infoloss tests."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from infoloss import make_blobs

# Derandomized by default, so that `make test`, CI and a reader's run draw the same examples and
# a failure is reproducible from the test's name alone; no example database, so no state carries
# over between runs either. HYPOTHESIS_PROFILE=explore draws fresh random examples (more of them)
# when hunting for new failures by hand.
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=200,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", parent=settings.get_profile("ci"), derandomize=False, max_examples=2000
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@st.composite
def prob_vectors(draw, min_size=1, max_size=12, n=None, allow_zeros=True):
    """A probability vector: non-negative float64 entries that sum to 1 (to rounding)."""
    size = n if n is not None else draw(st.integers(min_size, max_size))
    low = 0.0 if allow_zeros else 1e-6
    w = draw(st.lists(st.floats(low, 1.0), min_size=size, max_size=size))
    w = np.array(w, dtype=np.float64)
    w[w < 1e-300] = 0.0  # subnormal probabilities are outside infoloss's supported range
    if w.sum() == 0:
        w[0] = 1.0
    return w / w.sum()


@st.composite
def prob_pairs(draw, min_size=1, max_size=12, allow_zeros=True):
    """Two probability vectors of the same length (q strictly positive unless allow_zeros)."""
    vector = prob_vectors(n=draw(st.integers(min_size, max_size)), allow_zeros=allow_zeros)
    return draw(vector), draw(vector)  # p first, then q


@st.composite
def logit_arrays(draw, max_rows=6, max_classes=8, scale=50.0):
    rows = draw(st.integers(1, max_rows))
    k = draw(st.integers(2, max_classes))
    vals = draw(st.lists(st.floats(-scale, scale), min_size=rows * k, max_size=rows * k))
    return np.array(vals, dtype=np.float64).reshape(rows, k)


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)


@pytest.fixture
def blobs2(rng):
    """Two labelled classes in the plane (linear-model tests)."""
    # Overlapping classes: the cross-entropy has a finite minimiser.
    return make_blobs(60, [[-1.0, -0.5], [1.0, 0.5]], rng, scale=1.2)


@pytest.fixture
def blobs3(rng):
    """Three labelled classes in the plane."""
    return make_blobs(50, [[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]], rng, scale=1.5)
