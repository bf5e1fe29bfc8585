"""Statements corrected in chapter 6's text, checked (its labelled claims: test_family.py)."""

import math

import numpy as np
import pytest

from infoloss import differential_entropy_gaussian, kl_divergence, mutual_information

WEATHER = np.array([[0.40, 0.05, 0.25], [0.05, 0.20, 0.05]])


def test_mutual_information_is_the_divergence_from_the_joint_to_the_product():
    # "the KL divergence from the real table to that independent one": D(p(x, y) || p(x) p(y)).
    product = np.outer(WEATHER.sum(axis=1), WEATHER.sum(axis=0))
    forward = kl_divergence(WEATHER.ravel(), product.ravel())
    reverse = kl_divergence(product.ravel(), WEATHER.ravel())
    assert mutual_information(WEATHER) == pytest.approx(forward, rel=1e-12)
    assert abs(reverse - forward) > 0.01  # the other direction is a different number


def test_equal_entropy_uniform_and_gaussian_compared_by_standard_deviation():
    # Exercise ex-fam-uniform-bits: at h = -3 bits the uniform on [0, 1/8] and the Gaussian with
    # sigma = (1/8) / sqrt(2 pi e); by standard deviation the uniform is sqrt(2 pi e / 12) ~ 1.19
    # times wider (its full width is sqrt(2 pi e) ~ 4.13 times sigma).
    a = 2.0**-3
    sigma = a / math.sqrt(2 * math.pi * math.e)
    assert differential_entropy_gaussian(sigma, base=2) == pytest.approx(-3.0, rel=1e-12)
    ratio = (a / math.sqrt(12)) / sigma
    assert ratio == pytest.approx(math.sqrt(2 * math.pi * math.e / 12), rel=1e-12)
    assert round(ratio, 2) == 1.19 and round(a / sigma, 2) == 4.13
