"""Re-execute notebooks in place, top to bottom in a fresh kernel, reproducibly.

    python tools/execute_notebooks.py notebooks/*.ipynb          # rewrite them
    python tools/execute_notebooks.py --check notebooks/*.ipynb  # run twice, fail on any difference

The kernel gets a fixed hash seed; timing metadata is not recorded; volatile metadata is
stripped; nbformat writes with sorted keys. Running it twice leaves the files byte-identical.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def execute(path: Path) -> str:
    """Execute one notebook and return its normalised JSON text (nothing is written)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="execute twice; fail on a diff")
    args = parser.parse_args(argv)
    os.environ["PYTHONHASHSEED"] = "0"  # inherited by the kernel: set/dict orders are fixed
    os.environ.pop("MPLBACKEND", None)  # the kernel must use the inline backend
    failed = []
    for path in args.notebooks:
        start = time.perf_counter()
        first = execute(path)
        if args.check:
            second = execute(path)
            same = first == second and first == path.read_text()
            status = "reproducible" if same else "DIFFERS (between runs or from the stored file)"
            if not same:
                failed.append(path)
        else:
            path.write_text(first)
            status = "executed"
        print(f"{path}: {status} in {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
