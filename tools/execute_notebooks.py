"""Re-execute notebooks in place, top to bottom in a fresh kernel, reproducibly.

    python tools/execute_notebooks.py notebooks/*.ipynb          # rewrite them
    python tools/execute_notebooks.py --check notebooks/*.ipynb  # run once more and compare

What reproducible means here (the README states it as the book's promise): on any x86-64 machine
with the pinned packages, a fresh run of a notebook gives

- **every text output exactly** (stream text, results, glue records, HTML): the notebooks print
  rounded numbers and ``infoloss.glue`` rounds what it stores, so the last-bit differences between
  CPUs (numpy picks its exp/log/sum loops by CPU feature, OpenBLAS its kernels) never show;
- **every figure within a pixel tolerance**: the same size, at most 1 % of its pixels different,
  and none by more than 64 of 255 in any channel (:data:`MAX_CHANGED_PIXELS`,
  :data:`MAX_PIXEL_CHANGE`); a figure that moved visibly fails.

``--check`` executes each notebook once more with another hash seed than the stored run
(``PYTHONHASHSEED`` 1 against 0), so an output that depends on set or dict order fails it, and
compares the result with the stored file by those rules. Writing a notebook also makes its file
stable in bytes on one machine (so that diffs show only real changes):

- the kernel is this interpreter's own ``python3`` (environment kernelspecs first, checked);
- it reads no user configuration: a fresh, empty IPython directory (no startup files, no inline
  backend options) and matplotlib's own default ``matplotlibrc`` (not ``~/.config/matplotlib``);
- ``SOURCE_DATE_EPOCH=0`` pins the dates matplotlib writes into SVG/PDF metadata; the inline
  backend's PNGs carry only the matplotlib version;
- consecutive stream outputs are merged (how a cell's prints split into messages depends on
  when the kernel flushes, every 0.2 s; Jupyter shows them as one text, and nbval merges them too);
- no timing metadata is recorded, volatile notebook metadata (Python version, widget state) is
  dropped, and nbformat writes sorted keys, in UTF-8, with one trailing newline.

A notebook whose execution fails is reported and left untouched; the exit status is 1.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from PIL import Image

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")
STORED_SEED, CHECK_SEED = "0", "1"  # hash seeds of a stored run and of the check's run
MAX_CHANGED_PIXELS = 0.01  # a figure matches if at most 1 % of its pixels differ ...
MAX_PIXEL_CHANGE = 64  # ... and none by more than 64 of 255 in any channel


def kernel_environment(ipython_dir: str, hash_seed: str) -> None:
    """Set the environment the kernel inherits (see the module docstring)."""
    os.environ["PYTHONHASHSEED"] = hash_seed
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    os.environ["IPYTHONDIR"] = ipython_dir
    os.environ["MATPLOTLIBRC"] = str(Path(matplotlib.get_data_path()) / "matplotlibrc")
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    os.environ.pop("MPLBACKEND", None)  # the kernel must use the inline backend
    argv = KernelSpecManager().get_kernel_spec(KERNEL["name"]).argv
    if argv[0] not in ("python", "python3", sys.executable):
        raise SystemExit(f"kernelspec python3 runs {argv[0]!r}, not this environment's python")


def normalise(nb) -> None:
    """Drop volatile metadata, keep everything an author set on purpose (tags, mystnb options)."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)


def coalesce_streams(cell) -> None:
    """Merge consecutive stdout (or stderr) outputs into one, as nbval does before comparing.

    How a cell's printing is split into messages depends on when ipykernel flushes its buffer
    (every 0.2 s): a slow cell that prints twice may give one output or two. Merged, it is stable.
    """
    merged = []
    for out in cell.outputs:
        last = merged[-1] if merged else None
        if out.output_type == "stream" and last is not None and last.output_type == "stream":
            if last.name == out.name:
                last.text += out.text
                continue
        merged.append(out)
    cell.outputs = merged


def execute(path: Path) -> str:
    """Execute one notebook and return its normalised JSON text (nothing is written)."""
    nb = nbformat.read(path, as_version=4)
    normalise(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(
        nb,
        kernel_name=KERNEL["name"],
        timeout=600,
        record_timing=False,
        coalesce_streams=True,  # one print can arrive as several stream messages under load
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    normalise(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            coalesce_streams(cell)
    return nbformat.writes(nb) + "\n"


def _pixels(png: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGBA"), dtype=int)


def figure_difference(stored: str, fresh: str) -> str | None:
    """None if two base64 PNGs match within the tolerance, else what differs."""
    if stored == fresh:
        return None
    a, b = _pixels(stored), _pixels(fresh)
    if a.shape != b.shape:
        return f"figure size {a.shape[1]}x{a.shape[0]} became {b.shape[1]}x{b.shape[0]}"
    change = np.abs(a - b).max(axis=-1)
    share, largest = float(np.mean(change > 0)), int(change.max())
    if share > MAX_CHANGED_PIXELS or largest > MAX_PIXEL_CHANGE:
        return f"{share:.2%} of the pixels differ, the largest change {largest} of 255"
    return None


def differences(stored, fresh) -> list[str]:
    """How two runs of one notebook differ by the rules of the module docstring: text outputs
    exactly, figures (PNG) within the pixel tolerance, everything else exactly."""
    found = []
    if len(stored.cells) != len(fresh.cells):
        return [f"{len(stored.cells)} cells became {len(fresh.cells)}"]
    for n, (a, b) in enumerate(zip(stored.cells, fresh.cells, strict=True)):
        if a.get("outputs", []) == b.get("outputs", []):
            continue
        outs_a, outs_b = a.get("outputs", []), b.get("outputs", [])
        if len(outs_a) != len(outs_b):
            found.append(f"cell {n}: {len(outs_a)} outputs became {len(outs_b)}")
            continue
        for out_a, out_b in zip(outs_a, outs_b, strict=True):
            data_a, data_b = out_a.get("data", {}), out_b.get("data", {})
            png_a, png_b = data_a.get("image/png"), data_b.get("image/png")
            if png_a is not None and png_b is not None:
                change = figure_difference(png_a, png_b)
                if change:
                    found.append(f"cell {n}: {change}")
                out_a = dict(out_a, data={k: v for k, v in data_a.items() if k != "image/png"})
                out_b = dict(out_b, data={k: v for k, v in data_b.items() if k != "image/png"})
            if out_a != out_b:
                text_a, text_b = (str(o.get("text", o.get("data")))[:300] for o in (out_a, out_b))
                found.append(f"cell {n}: stored {text_a!r}\n    fresh  {text_b!r}")
    return found


def _run_one(path: Path) -> tuple[Path, str | None, str, float]:
    """Execute one notebook (in a worker process): (path, fresh text or None, error, seconds)."""
    start = time.perf_counter()
    try:
        return path, execute(path), "", time.perf_counter() - start
    except CellExecutionError as exc:
        return path, None, str(exc), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="execute once; fail on any difference")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (2)")
    args = parser.parse_args(argv)
    failed = []
    with tempfile.TemporaryDirectory(prefix="ipython-") as ipython_dir:
        seed = CHECK_SEED if args.check else STORED_SEED
        kernel_environment(ipython_dir, seed)  # inherited by the workers and their kernels
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(_run_one, args.notebooks))
    for path, fresh, error, elapsed in results:
        seconds = f"in {elapsed:.1f} s"
        if fresh is None:
            failed.append(path)
            print(f"{path}: FAILED to execute, left unchanged\n{error}", file=sys.stderr)
            continue
        stored = path.read_text(encoding="utf-8")
        if not args.check:
            path.write_text(fresh, encoding="utf-8")
            print(f"{path}: executed {seconds}")
        else:
            found = differences(nbformat.reads(stored, 4), nbformat.reads(fresh, 4))
            if not found:
                same = "the stored file" if fresh == stored else "the stored text and figures"
                print(f"{path}: reproducible (a fresh run gives {same}) {seconds}")
            else:
                failed.append(path)
                print(f"{path}: DIFFERS from a fresh run {seconds}")
                print("\n".join(f"  {line}" for line in found[:12]))
    if failed and args.check:
        print("run `make notebooks NB=...` after an intended change; nondeterminism needs a fix")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
