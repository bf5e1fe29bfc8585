"""Tests of infoloss.distillation: soft targets, the soft-target loss and its gradient, against
mpmath near the teacher and for confident logits; bad input."""

import mpmath as mp
import numpy as np
import pytest

from infoloss.distillation import distillation_gradient, distillation_loss

TINY = np.finfo(np.float64).tiny


def _mp_pair(zs, zt, t):
    """(q_T, p_T, KL(p_T || q_T)) of one row, in mpmath."""
    soft = [[mp.exp(mp.mpf(float(x)) / t) for x in z] for z in (zs, zt)]
    q, p = ([x / mp.fsum(e) for x in e] for e in soft)
    return q, p, mp.fsum(a * mp.log(a / b) for a, b in zip(p, q, strict=True))


def test_reductions_and_identical_logits():
    """The default 'mean' is the mean of 'none' (and 'sum' is checked in eq-modern-distill-grad's
    test); a student equal to its teacher has exactly zero KL and zero gradient."""
    z = np.array([[4.0, 2.0, 0.0], [-1.0, 0.0, 30.0]])
    per_row = distillation_loss(z, z[::-1], 2.0, reduction="none")
    assert float(distillation_loss(z, z[::-1], 2.0)) == pytest.approx(per_row.mean())
    assert float(distillation_loss(z, z, 2.0, "kl")) == 0.0
    assert not distillation_gradient(z, z, 2.0).any()


@pytest.mark.parametrize("gap", [1e-1, 1e-4, 1e-8, 1e-12])
@pytest.mark.parametrize("t", [0.5, 3.0])
def test_gradient_and_kl_near_the_teacher_against_mpmath(gap, t):
    """(q - p) / T by subtraction would keep only the digits in which q and p differ."""
    zs = np.array([[1.0, 0.0, -1.0, 2.5, 7.0]])
    zt = zs + gap * np.array([[1.0, -2.0, 0.5, 0.0, 0.25]])
    with mp.workdps(60):
        q, p, kl = _mp_pair(zs[0], zt[0], mp.mpf(t))
        exact = np.array([float((a - b) / t) for a, b in zip(q, p, strict=True)])
    got = distillation_gradient(zs, zt, t)[0]
    assert np.all(np.abs(got - exact) <= 1e-14 * np.max(np.abs(exact)))
    got_kl = float(distillation_loss(zs, zt, t, "kl"))  # accurate to the softmaxes' rounding
    assert got_kl >= 0.0 and abs(got_kl - float(kl)) <= 1e-15 * np.sqrt(float(kl))


@pytest.mark.parametrize(
    ("zs", "zt"),
    [
        ([0.0, 0.0, 0.0], [300.0, 0.0, -300.0]),
        ([300.0, 0.0], [0.0, 300.0]),
        ([0.0, 1e3], [1e3, 0]),
        ([0.0, -1e300], [0.0, -709.5]),  # p_T = 7e-309 (subnormal) times log q_T = -1e300
    ],
)
def test_confident_logits_against_mpmath(zs, zt):
    with mp.workdps(60):
        q, p, kl = _mp_pair(zs, zt, mp.mpf(1))
        exact = np.array([float(a - b) for a, b in zip(q, p, strict=True)])
    assert float(distillation_loss([zs], [zt], 1.0, "kl")) == pytest.approx(float(kl), rel=1e-12)
    got = distillation_gradient([zs], [zt], 1.0)[0]
    assert np.all(np.abs(got - exact) <= 2e-15 * np.max(np.abs(exact)) + TINY)  # 0 below TINY


ZS, ZT = [[1.0, 0.0, -1.0]], [[3.0, 0.0, -3.0]]
BAD = [  # (helper, arguments, exception, the argument named): one row per class of bad input
    (distillation_loss, (ZS, [[1.0, 0.0]]), ValueError, "teacher_logits"),
    (distillation_loss, ([["a", "b"]], ZT), TypeError, "student_logits"),
    (distillation_gradient, (ZS, ZT, 0.0), ValueError, "temperature"),
    (distillation_loss, (ZS, ZT, 1.0, "js"), ValueError, "divergence"),
    # the range edge: z / T beyond 1e300
    (distillation_gradient, ([[1e300, 0]], [[0, 0]], 0.5), ValueError, "logits / temperature"),
]


@pytest.mark.parametrize(("helper", "args", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, args, error, name):
    with pytest.raises(error, match=name):
        helper(*args)
