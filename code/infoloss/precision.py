"""Low-precision floating point: rounding to bfloat16, the 16-bit format of accelerators.

numpy has float16 (IEEE half precision: 11 significant bits, largest finite value 65504) but no
bfloat16 (8 significant bits, the exponent range of float32). :func:`round_to_bfloat16`
simulates it: a float32 whose lower 16 bits are rounded away.
"""

from __future__ import annotations

import numpy as np

from infoloss import _validation as v

# bfloat16 keeps the upper 16 bits of a float32: sign, 8 exponent bits, 7 stored mantissa bits
_LOW_BITS = np.uint32(0xFFFF)
_HALF_ULP = np.uint32(0x7FFF)


def round_to_bfloat16(x):
    r"""Round to the nearest bfloat16 value (ties to even), returned as float32.

    Parameters
    ----------
    x : array_like
        Real numbers; they are first rounded to float32, as a float32 tensor would be.

    Returns
    -------
    numpy.float32 or numpy.ndarray of float32
        The bfloat16 value nearest to each float32 :math:`x`: 8 significant bits, so a relative
        rounding error of at most :math:`2^{-8}` (half the spacing :math:`2^{-7}` relative to
        the leading bit). Values beyond the largest bfloat16 (about 3.39e38) round to
        :math:`\pm\infty`, as the hardware does.

    Raises
    ------
    TypeError
        If `x` is not real-valued.
    ValueError
        If `x` holds nan, or a finite value beyond the float32 range.

    Notes
    -----
    The float32 bit pattern is an unsigned 32-bit integer ``b``; adding ``0x7FFF`` plus the
    lowest kept bit and clearing the lower 16 bits rounds to nearest with ties to even (the
    carry, if any, moves into the exponent, which is what rounding up across a power of two
    needs). Near 1 the bfloat16 values are :math:`1 - 2^{-8}, 1, 1 + 2^{-7}`: a probability
    above :math:`1 - 2^{-9}` is stored as exactly 1.

    Examples
    --------
    >>> from infoloss import round_to_bfloat16
    >>> float(round_to_bfloat16(1 / 3))  # 8 significant bits
    0.333984375
    >>> round_to_bfloat16([0.999, 0.998, 0.99])  # probabilities near 1 collapse
    array([1.        , 0.99609375, 0.98828125], dtype=float32)
    """
    arr = v.as_float_array(x, "x")
    if np.isnan(arr).any():
        raise ValueError("x must not contain nan")
    big = np.isfinite(arr) & (np.abs(arr) > np.finfo(np.float32).max)
    if big.any():
        raise ValueError(
            f"x must lie within the float32 range (|x| <= 3.4e38); got {arr[big].flat[0]!r}"
        )
    bits = np.array(arr, dtype=np.float32, order="C").reshape(arr.shape).view(np.uint32)
    lowest_kept = (bits >> np.uint32(16)) & np.uint32(1)
    rounded = (bits + _HALF_ULP + lowest_kept) & ~_LOW_BITS
    out = rounded.view(np.float32)
    return out[()] if out.ndim == 0 else out
