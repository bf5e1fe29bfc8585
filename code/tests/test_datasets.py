"""Tests of infoloss.datasets: shipped texts and labelled blobs."""

from __future__ import annotations

import codecs
import contextlib
import importlib
import io
from pathlib import Path

import numpy as np
import pytest

import infoloss
from infoloss import (
    load_text,
    make_blobs,
    zen_of_python,
)
from infoloss.datasets import TEXTS

DATA = Path(infoloss.__file__).parent / "data"


def test_make_blobs_is_seeded_and_centred():
    X1, y1 = make_blobs(2000, [[0.0, 0.0], [4.0, -4.0]], np.random.default_rng(3), scale=0.5)
    X2, y2 = make_blobs(2000, [[0.0, 0.0], [4.0, -4.0]], np.random.default_rng(3), scale=0.5)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert X1.shape == (4000, 2) and np.array_equal(np.bincount(y1), [2000, 2000])
    assert np.allclose(X1[y1 == 1].mean(axis=0), [4.0, -4.0], atol=0.05)
    assert X1[y1 == 0].std(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)


def test_zen_of_python_is_the_standard_librarys_text_and_is_not_printed(capsys):
    zen = zen_of_python()
    assert zen.startswith("The Zen of Python, by Tim Peters")
    assert "Namespaces are one honking great idea" in zen
    assert capsys.readouterr().out == ""
    with contextlib.redirect_stdout(io.StringIO()):
        this = importlib.import_module("this")
    assert zen == codecs.decode(this.s, "rot13")  # the shipped file is the module's text


def test_load_text_reads_every_shipped_text():
    for name in TEXTS:
        assert load_text(name) == (DATA / f"{name}.txt").read_text(encoding="utf-8")
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(TEXTS)


BLOBS = {"n": 3, "centers": [[0.0, 0.0], [2.0, 2.0]], "rng": np.random.default_rng(0)}
BAD = [  # one row per class of bad input and helper family
    (load_text, {"name": "no-such-text"}, ValueError, "name"),
    (load_text, {"name": 3}, TypeError, "name"),
    (zen_of_python, {"x": 1}, TypeError, "x"),
    (make_blobs, {**BLOBS, "n": 0}, ValueError, "n"),
    (make_blobs, {**BLOBS, "n": 2.5}, TypeError, "n"),
    (make_blobs, {**BLOBS, "centers": [0.0, 1.0]}, ValueError, "centers"),
    (make_blobs, {**BLOBS, "centers": [[np.nan, 0.0]]}, ValueError, "centers"),
    (make_blobs, {**BLOBS, "rng": 0}, TypeError, "rng"),
    (make_blobs, {**BLOBS, "scale": 0.0}, ValueError, "scale"),
    (make_blobs, {**BLOBS, "scale": [1.0, 2.0, 3.0]}, ValueError, "scale"),
]


@pytest.mark.parametrize(("helper", "bad", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, bad, error, name):
    with pytest.raises(error, match=name):
        helper(**bad)
