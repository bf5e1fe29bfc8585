"""Give every chapter notebook the same first code cell: install ``infoloss`` where it is missing.

    python tools/notebook_setup.py notebooks/*.ipynb          # insert or update the cell
    python tools/notebook_setup.py --check notebooks/*.ipynb  # fail if a notebook's cell differs

A reader who opens a chapter in Colab (or any Jupyter without this project installed) gets the
helpers from the book's repository; in the project's environment the import succeeds and the cell
prints nothing, so the stored outputs do not change. The repository's address has one home,
``repository.url`` in ``_config.yml`` (which also drives the site's buttons); this tool writes it
into the cell. The cell is tagged ``remove-cell``: the site does not show it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
TAG = "remove-cell"
MARKER = "# Setup for Colab or a fresh Jupyter:"


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def cell_source(url: str | None = None) -> str:
    """The setup cell's code, for the repository at ``url`` (default: ``_config.yml``'s)."""
    url = url or repository_url()
    return (
        f"{MARKER} install this book's helpers if missing.\n"
        "try:\n"
        "    import infoloss  # noqa: F401\n"
        "except ImportError:\n"
        f'    %pip install --quiet "git+{url}"'
    )


def is_setup_cell(cell) -> bool:
    return cell.cell_type == "code" and "".join(cell.source).startswith(MARKER)


def apply(nb) -> bool:
    """Insert or update the setup cell (first code cell); return whether ``nb`` changed."""
    want = cell_source()
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if code and is_setup_cell(nb.cells[code[0]]):
        cell = nb.cells[code[0]]
        changed = cell.source != want or TAG not in cell.metadata.get("tags", [])
        cell.source = want
        cell.metadata["tags"] = sorted({*cell.metadata.get("tags", []), TAG})
        return changed
    cell = nbformat.v4.new_code_cell(want, metadata={"tags": [TAG]})
    cell.id = "setup-infoloss"  # a fixed id: the same cell in every notebook, stable diffs
    nb.cells.insert(code[0] if code else len(nb.cells), cell)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        if apply(nb):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
                print(f"{path}: setup cell written (re-execute it: make notebooks NB={path})")
    if args.check and stale:
        print("setup cell missing or stale in: " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
