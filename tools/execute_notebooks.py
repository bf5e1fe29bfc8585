"""Re-execute notebooks in place, top to bottom in a fresh kernel, reproducibly.

    python tools/execute_notebooks.py notebooks/*.ipynb          # rewrite them
    python tools/execute_notebooks.py --check notebooks/*.ipynb  # run once, fail unless identical

``--check`` executes each notebook once more and compares the result with the stored file, byte
for byte: the stored file came from an earlier run (``make notebooks``), so a match shows that
two runs agree. What makes two runs byte-identical (and the same on another x86-64 machine with
the pinned packages, whether its CPU has AVX2 or AVX-512):

- the kernel is this interpreter's own ``python3`` (environment kernelspecs first, checked);
- its hash seed is fixed (``PYTHONHASHSEED=0``: set and dict-of-str orders repeat);
- it reads no user configuration: a fresh, empty IPython directory (no startup files, no inline
  backend options) and matplotlib's own default ``matplotlibrc`` (not ``~/.config/matplotlib``);
- ``SOURCE_DATE_EPOCH=0`` pins the dates matplotlib writes into SVG/PDF metadata; the inline
  backend's PNGs carry only the matplotlib version;
- the helpers never call BLAS (OpenBLAS runs another dot kernel on AVX-512 than on AVX2, with
  another summation order), and a cell that shows rounding error computes it with exactly rounded
  sums (``math.fsum``);
- consecutive stream outputs are merged (how prints split into messages depends on timing);
- no timing metadata is recorded, volatile notebook metadata (Python version, widget state) is
  dropped, and nbformat writes sorted keys, in UTF-8, with one trailing newline.

A notebook whose execution fails is reported and left untouched; the exit status is 1.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from hashlib import md5
from pathlib import Path

import matplotlib
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def kernel_environment(ipython_dir: str) -> None:
    """Set the environment the kernel inherits (see the module docstring)."""
    os.environ["PYTHONHASHSEED"] = "0"
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


def first_difference(a: str, b: str, label_a: str, label_b: str, limit: int = 12) -> str:
    """A short unified diff, with long (base64 image) lines cut, to show what moved."""

    def cut(text: str) -> list[str]:  # a long line (an image) is shown by its start and hash
        return [
            line if len(line) < 160 else f"{line[:100]}... [md5 {md5(line.encode()).hexdigest()}]"
            for line in text.splitlines()
        ]

    diff = list(difflib.unified_diff(cut(a), cut(b), label_a, label_b, n=1, lineterm=""))
    return "\n".join(diff[:limit] + (["..."] if len(diff) > limit else []))


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
        kernel_environment(ipython_dir)  # inherited by the workers and their kernels
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
        elif fresh == stored:
            print(f"{path}: reproducible (a fresh run is the stored file) {seconds}")
        else:
            failed.append(path)
            print(f"{path}: DIFFERS (the stored file and a fresh run) {seconds}")
            print(first_difference(stored, fresh, "stored", "fresh"))
    if failed and args.check:
        print("run `make notebooks NB=...` after an intended change; nondeterminism needs a fix")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
