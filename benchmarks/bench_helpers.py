"""Speed of the infoloss helpers against the practical floor and against scipy.

    python benchmarks/bench_helpers.py

Times, interleaved in one process (best of several rounds, so that a busy machine slows every
contender alike; run it a few times and keep the smallest ratios): entropy, kl_divergence and
cross_entropy at n = 10**6 against one np.log pass (the floor: each needs at least one log per
element) and against scipy.stats.entropy; and cross_entropy_from_logits at (1e5, 10) and
(1e4, 1000) against scipy.special.log_softmax + take_along_axis. Targets (argument checks
included): every helper <= 4x the log floor and <= 0.5x scipy.stats.entropy; logits at least as
fast as the scipy route. The helpers are plain vectorised numpy: speed is a bound they must
meet, never a reason for their shape. This is a benchmark to read, not a timed test.
"""

from __future__ import annotations

import platform
import timeit

import numpy as np
import scipy.special
import scipy.stats

from infoloss import cross_entropy, cross_entropy_from_logits, entropy, kl_divergence


def best_times(candidates: dict, rounds: int = 25, number: int = 3) -> dict:
    """Best per-call time (s) of each callable, interleaving the candidates round by round."""
    best = dict.fromkeys(candidates, np.inf)
    for _ in range(rounds):
        for name, fn in candidates.items():
            best[name] = min(best[name], timeit.timeit(fn, number=number) / number)
    return best


def _simd() -> str:
    """The widest SIMD extension numpy dispatches to on this CPU (AVX512F, AVX2, ...)."""
    found = [k for k, ok in np._core._multiarray_umath.__cpu_features__.items() if ok]
    for name in ("AVX512F", "AVX2", "ASIMD", "SSE42"):
        if name in found:
            return name
    return "baseline"


def main() -> None:
    rng = np.random.default_rng(0)
    n = 10**6
    p = rng.dirichlet(np.ones(n))
    q = rng.dirichlet(np.ones(n))
    t = best_times(
        {
            "np.log(p)": lambda: np.log(p),
            "entropy": lambda: entropy(p),
            "cross_entropy": lambda: cross_entropy(p, q),
            "kl_divergence": lambda: kl_divergence(p, q),
            "scipy.stats.entropy(p)": lambda: scipy.stats.entropy(p),
            "scipy.stats.entropy(p, q)": lambda: scipy.stats.entropy(p, q),
        }
    )
    floor = t["np.log(p)"]
    print(f"n = {n:,}: one np.log pass = {floor * 1e3:.2f} ms ({platform.machine()}, {_simd()})")
    print(f"{'helper':<16}{'ms':>8}{'x log floor':>13}{'x scipy':>9}  target")
    rows = [
        ("entropy", "scipy.stats.entropy(p)", "<= 4x floor, <= 0.5x scipy"),
        ("cross_entropy", "scipy.stats.entropy(p)", "<= 4x floor, <= 0.5x scipy"),
        ("kl_divergence", "scipy.stats.entropy(p, q)", "<= 4x floor, <= 0.5x scipy"),
    ]
    for name, ref, target in rows:
        print(
            f"{name:<16}{t[name] * 1e3:>8.2f}{t[name] / floor:>13.2f}{t[name] / t[ref]:>9.2f}"
            f"  {target}"
        )
    print("(cross_entropy is compared with scipy.stats.entropy(p), scipy having no CE function)")
    for rows_, k in [(10**5, 10), (10**4, 1000)]:
        z = rng.normal(size=(rows_, k))
        y = rng.integers(0, k, size=rows_)

        def scipy_route(z=z, y=y):
            logp = scipy.special.log_softmax(z, axis=1)
            return -np.take_along_axis(logp, y[:, None], axis=1).mean()

        tt = best_times(
            {"infoloss": lambda z=z, y=y: cross_entropy_from_logits(z, y), "scipy": scipy_route},
            rounds=10,
        )
        print(
            f"cross_entropy_from_logits {rows_:>6} x {k:<5}: {tt['infoloss'] * 1e3:7.2f} ms, "
            f"scipy log_softmax+take_along_axis {tt['scipy'] * 1e3:7.2f} ms, "
            f"ratio {tt['infoloss'] / tt['scipy']:.2f} (target <= 1)"
        )


if __name__ == "__main__":
    main()
