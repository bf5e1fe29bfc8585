"""Tests of infoloss.distillation: soft targets, the soft-target loss and its gradient."""

import mpmath as mp
import numpy as np
import pytest

from infoloss.distillation import distillation_gradient, distillation_loss, soft_targets

NAN = float("nan")
ZS, ZT = [[1.0, 0.0, -1.0]], [[3.0, 0.0, -3.0]]


def _mp_pair(zs, zt, t):
    """(q_T, p_T, KL(p_T || q_T)) of one row, in mpmath."""
    soft = [[mp.exp(mp.mpf(float(x)) / t) for x in z] for z in (zs, zt)]
    q, p = ([x / mp.fsum(e) for x in e] for e in soft)
    return q, p, mp.fsum(a * mp.log(a / b) for a, b in zip(p, q, strict=True))


def test_soft_targets_are_the_softmax_of_scaled_logits():
    z = np.array([[4.0, 2.0, 0.0], [-1.0, 0.0, 30.0]])
    for t in (0.5, 1.0, 4.0):
        expected = np.exp(z / t) / np.exp(z / t).sum(axis=1, keepdims=True)
        assert np.allclose(soft_targets(z, t), expected, rtol=1e-13, atol=0)
    assert np.allclose(soft_targets(z, 1e6), 1 / 3, rtol=1e-4)  # hot: towards uniform


def test_identical_logits_give_zero_kl_and_zero_gradient():
    z = [[0.3, -1.2, 2.0]]
    assert float(distillation_loss(z, z, 2.0, "kl")) == 0.0
    assert not distillation_gradient(z, z, 2.0).any()


def test_reductions_agree():
    zs, zt = [[1.0, 0.0], [0.0, 2.0]], [[0.0, 1.0], [3.0, 0.0]]
    per = distillation_loss(zs, zt, 2.0, reduction="none")
    assert per.shape == (2,)
    assert float(distillation_loss(zs, zt, 2.0, reduction="sum")) == pytest.approx(per.sum())
    assert float(distillation_loss(zs, zt, 2.0)) == pytest.approx(per.mean())


@pytest.mark.parametrize("gap", [1e-1, 1e-4, 1e-8, 1e-12])
@pytest.mark.parametrize("t", [0.5, 1.0, 3.0])
def test_gradient_near_the_teacher_against_mpmath(gap, t):
    # (q - p) / T by subtraction would keep only the digits in which q and p differ
    zs = np.array([[1.0, 0.0, -1.0, 2.5, 7.0]])
    zt = zs + gap * np.array([[1.0, -2.0, 0.5, 0.0, 0.25]])
    with mp.workdps(60):
        q, p, _ = _mp_pair(zs[0], zt[0], mp.mpf(t))
        exact = np.array([float((a - b) / t) for a, b in zip(q, p, strict=True)])
    got = distillation_gradient(zs, zt, t)[0]
    assert np.all(np.abs(got - exact) <= 1e-14 * np.max(np.abs(exact)))


@pytest.mark.parametrize(
    ("zs", "zt"),
    [
        ([0.0, 0.0, 0.0], [300.0, 0.0, -300.0]),
        ([300.0, 0.0], [0.0, 300.0]),
        ([0.0, 1e3], [1e3, 0.0]),
    ],
)
def test_confident_logits_against_mpmath(zs, zt):
    with mp.workdps(60):
        q, p, kl = _mp_pair(zs, zt, mp.mpf(1))
        exact = np.array([float(a - b) for a, b in zip(q, p, strict=True)])
    assert float(distillation_loss([zs], [zt], 1.0, "kl")) == pytest.approx(float(kl), rel=1e-12)
    got = distillation_gradient([zs], [zt], 1.0)[0]
    assert np.all(np.abs(got - exact) <= 2e-15 * np.max(np.abs(exact)))


@pytest.mark.parametrize("gap", [1e-2, 1e-5, 1e-8])
def test_kl_near_the_teacher_is_accurate_to_the_rounding_of_the_softmaxes(gap):
    zs = np.array([[1.0, 0.0, -1.0, 2.5]])
    zt = zs + gap * np.array([[1.0, -2.0, 0.5, 0.0]])
    with mp.workdps(60):
        kl = float(_mp_pair(zs[0], zt[0], mp.mpf(2))[2])
    got = float(distillation_loss(zs, zt, 2.0, "kl"))
    assert got >= 0.0 and abs(got - kl) <= 1e-15 * np.sqrt(kl)


BAD = [  # (arguments, exception, the argument named): one row per class of bad input
    ({"student_logits": ZS, "teacher_logits": [[1.0, 0.0]]}, ValueError, "teacher_logits"),
    ({"student_logits": [[1.0, NAN, 0.0]], "teacher_logits": ZT}, ValueError, "student_logits"),
    ({"student_logits": [["a", "b"]], "teacher_logits": ZT}, TypeError, "student_logits"),
    ({"student_logits": ZS, "teacher_logits": ZT, "temperature": 0.0}, ValueError, "temperature"),
    ({"student_logits": ZS, "teacher_logits": ZT, "temperature": [1.0]}, ValueError, "temperature"),
    # the range edge: z / T beyond 1e300
    ({"student_logits": [[1e300, 0]], "teacher_logits": [[0, 0]], "temperature": 0.5}, ValueError,
     "student_logits / temperature"),
]  # fmt: skip


@pytest.mark.parametrize("helper", [distillation_loss, distillation_gradient])
@pytest.mark.parametrize(("kwargs", "error", "name"), BAD)
def test_bad_input_raises_an_error_naming_the_argument(helper, kwargs, error, name):
    with pytest.raises(error, match=name):
        helper(**kwargs)


def test_bad_options_and_soft_targets_name_their_argument():
    with pytest.raises(ValueError, match="divergence"):
        distillation_loss(ZS, ZT, divergence="js")
    with pytest.raises(ValueError, match="reduction"):
        distillation_loss(ZS, ZT, reduction="max")
    with pytest.raises(ValueError, match="logits / temperature"):
        soft_targets([[1e10, 0.0]], 1e-300)
