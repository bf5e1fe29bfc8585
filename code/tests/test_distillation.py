"""Tests of infoloss.distillation: soft targets, the soft-target loss and its gradient."""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import logit_arrays
from infoloss.distillation import distillation_gradient, distillation_loss, soft_targets


def _mp_softmax(z, t):
    e = [mp.e ** (mp.mpf(float(x)) / t) for x in z]
    s = mp.fsum(e)
    return [x / s for x in e]


def _mp_kl(zs, zt, t):
    with mp.workdps(60):
        p, q = _mp_softmax(zt, mp.mpf(t)), _mp_softmax(zs, mp.mpf(t))
        return float(mp.fsum(a * mp.log(a / b) for a, b in zip(p, q, strict=True)))


def test_soft_targets_are_the_softmax_of_scaled_logits():
    z = np.array([[4.0, 2.0, 0.0], [-1.0, 0.0, 30.0]])
    for t in (0.5, 1.0, 4.0):
        expected = np.exp(z / t) / np.exp(z / t).sum(axis=1, keepdims=True)
        assert np.allclose(soft_targets(z, t), expected, rtol=1e-13, atol=0)


def test_high_temperature_flattens_the_targets_towards_uniform():
    z = [[5.0, 0.0, -5.0]]
    assert np.allclose(soft_targets(z, 1e6), 1 / 3, rtol=1e-5)


@given(logit_arrays(scale=30.0), logit_arrays(scale=30.0), st.floats(0.25, 20.0))
def test_cross_entropy_minus_kl_is_the_teacher_entropy(zs, zt, t):
    rows, k = min(len(zs), len(zt)), min(zs.shape[1], zt.shape[1])
    zs, zt = zs[:rows, :k], zt[:rows, :k]
    ce = distillation_loss(zs, zt, t, "cross_entropy", "none")
    kl = distillation_loss(zs, zt, t, "kl", "none")
    p = soft_targets(zt, t)
    with np.errstate(divide="ignore"):
        h = -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=-1)
    assert np.allclose(ce - kl, h, rtol=1e-9, atol=1e-9)
    assert (kl >= 0).all()


@pytest.mark.parametrize("gap", [1e-2, 1e-5, 1e-8, 1e-11])
def test_tiny_kl_has_relative_accuracy_against_mpmath(gap):
    zs = np.array([[1.0, 0.0, -1.0, 2.5]])
    zt = zs + np.array([[gap, -2 * gap, 0.5 * gap, 0.0]])
    for t in (1.0, 3.0):
        got = float(distillation_loss(zs, zt, t, "kl"))
        assert got == pytest.approx(_mp_kl(zs[0], zt[0], t), rel=1e-9)


def test_kl_of_confident_teacher_against_mpmath():
    zs, zt = np.array([[0.0, 0.0, 0.0]]), np.array([[300.0, 0.0, -300.0]])
    got = float(distillation_loss(zs, zt, 1.0, "kl"))
    assert got == pytest.approx(_mp_kl(zs[0], zt[0], 1.0), rel=1e-12)


def test_identical_logits_give_zero_kl():
    z = [[0.3, -1.2, 2.0]]
    assert float(distillation_loss(z, z, 2.0, "kl")) == 0.0


def test_gradient_matches_central_differences():
    rng = np.random.default_rng(3)
    zs, zt = rng.normal(size=(4, 5)), 3 * rng.normal(size=(4, 5))
    for t in (1.0, 4.0):
        g = distillation_gradient(zs, zt, t)
        h = 1e-6
        fd = np.zeros_like(zs)
        for idx in np.ndindex(zs.shape):
            up, dn = zs.copy(), zs.copy()
            up[idx] += h
            dn[idx] -= h
            fd[idx] = (
                distillation_loss(up, zt, t, reduction="sum")
                - distillation_loss(dn, zt, t, reduction="sum")
            ) / (2 * h)
        assert np.allclose(g, fd, rtol=1e-6, atol=1e-9)


def test_reductions_agree():
    zs, zt = [[1.0, 0.0], [0.0, 2.0]], [[0.0, 1.0], [3.0, 0.0]]
    per = distillation_loss(zs, zt, 2.0, reduction="none")
    assert per.shape == (2,)
    assert float(distillation_loss(zs, zt, 2.0, reduction="sum")) == pytest.approx(per.sum())
    assert float(distillation_loss(zs, zt, 2.0)) == pytest.approx(per.mean())
