"""Shared hypothesis strategies and test settings for the infoloss tests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "book", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("book")


@st.composite
def prob_vectors(draw, min_size=1, max_size=12, n=None, allow_zeros=True):
    """A probability vector: non-negative float64 entries that sum to 1 (to rounding)."""
    size = n if n is not None else draw(st.integers(min_size, max_size))
    low = 0.0 if allow_zeros else 1e-6
    w = draw(st.lists(st.floats(low, 1.0), min_size=size, max_size=size))
    w = np.array(w, dtype=np.float64)
    if w.sum() == 0:
        w[0] = 1.0
    return w / w.sum()


@st.composite
def prob_pairs(draw, min_size=1, max_size=12, allow_zeros=True):
    """Two probability vectors of the same length (q strictly positive unless allow_zeros)."""
    n = draw(st.integers(min_size, max_size))
    p = draw(prob_vectors(n=n, allow_zeros=allow_zeros))
    q = draw(prob_vectors(n=n, allow_zeros=allow_zeros))
    return p, q


@st.composite
def logit_arrays(draw, max_rows=6, max_classes=8, scale=50.0):
    rows = draw(st.integers(1, max_rows))
    k = draw(st.integers(2, max_classes))
    vals = draw(st.lists(st.floats(-scale, scale), min_size=rows * k, max_size=rows * k))
    return np.array(vals, dtype=np.float64).reshape(rows, k)


def pytest_configure(config):
    # A test that checks a numbered claim of the book names its label: @pytest.mark.claim("eq-x").
    config.addinivalue_line("markers", "claim(label): checks the book's claim with this label")


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)


def pytest_terminal_summary(terminalreporter):
    # test_claims_registry.py records its claims -> tests table as a user property, which also
    # travels back from pytest-xdist workers; print it once at the end of the run.
    for reports in list(terminalreporter.stats.values()):
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "claims_table" and getattr(report, "when", "") == "call":
                    terminalreporter.write_sep("=", "claims -> tests (code/tests/definitions.py)")
                    terminalreporter.write_line(value)
