"""Tests of infoloss.datasets: shipped texts and labelled blobs (bad inputs: test_bad_inputs.py)."""

import codecs
import contextlib
import importlib
import io
from pathlib import Path

import numpy as np
import pytest

import infoloss
from infoloss import load_text, make_blobs, zen_of_python
from infoloss.datasets import TEXTS

DATA = Path(infoloss.__file__).parent / "data"


def test_make_blobs_is_seeded_and_centred():
    X, y = make_blobs(2000, [[0.0, 0.0], [4.0, -4.0]], np.random.default_rng(3), scale=0.5)
    again = make_blobs(2000, [[0.0, 0.0], [4.0, -4.0]], np.random.default_rng(3), scale=0.5)
    assert np.array_equal(X, again[0]) and np.array_equal(y, again[1])
    assert np.allclose(X[y == 1].mean(axis=0), [4.0, -4.0], atol=0.05)
    assert X[y == 0].std(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)


def test_every_shipped_text_loads_and_the_zen_is_the_standard_librarys():
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(TEXTS)
    assert all(load_text(n) == (DATA / f"{n}.txt").read_text(encoding="utf-8") for n in TEXTS)
    with contextlib.redirect_stdout(io.StringIO()):  # importing this prints the Zen
        this = importlib.import_module("this")
    assert zen_of_python() == codecs.decode(this.s, "rot13")
