"""Every chapter notebook is stored as a clean, fresh, top-to-bottom run of the project's kernel.

nbval (``make nbval``) proves that the stored outputs are what the code produces today; these
checks prove that what is stored is fit to publish: the notebook is in the table of contents,
was executed once from the top in a fresh ``python3`` kernel, and its outputs hold no errors,
warnings, stderr, machine paths, figure reprs or volatile metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = sorted((ROOT / "book").glob("*.md"))

# Absolute paths of a machine (this one or a reader's), and installed-package locations.
MACHINE_PATH = re.compile(
    r"/work/|/root/|/home/|/tmp/|/Users/|~/|site-packages|dist-packages|[A-Za-z]:\\Users"
)
WARNING_TEXT = re.compile(r"\b\w*Warning\b:|^\s*warnings\.warn\(", re.M)
# A stored repr of a matplotlib object: the cell forgot plt.show() or a trailing ";".
FIGURE_REPR = re.compile(r"^\[?<(?:Figure size|matplotlib\.)|^\[?Text\(|^<Axes[:\s]")


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files


def _text_of(output) -> list[str]:
    """The human-readable texts of one output (images and other binary payloads excluded)."""
    if output.output_type == "stream":
        return [output.text]
    if output.output_type == "error":
        return [output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])]
    data = output.get("data", {})
    return [str(v) for k, v in data.items() if k.startswith("text/") or k.endswith("json")]


def test_every_toc_entry_exists_and_every_page_is_in_the_toc():
    files = _toc_files()
    missing = [
        f for f in files if not any((ROOT / f).with_suffix(s).exists() for s in (".md", ".ipynb"))
    ]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"
    assert len(files) == len(set(files)), f"_toc.yml lists a page twice: {files}"
    listed = {str((ROOT / f).with_suffix("")) for f in files}
    unlisted = [
        str(p.relative_to(ROOT)) for p in NOTEBOOKS + PAGES if str(p.with_suffix("")) not in listed
    ]
    assert not unlisted, (
        f"pages missing from _toc.yml (only_build_toc_files drops them): {unlisted}"
    )


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb(request):
    notebook = nbformat.read(request.param, as_version=4)
    nbformat.validate(notebook)
    return notebook


def test_kernel_is_the_projects_python(nb):
    spec = nb.metadata.get("kernelspec", {})
    assert spec.get("name") == "python3" and spec.get("language") == "python", spec
    assert nb.metadata.get("language_info", {}).get("name") == "python"


def test_no_volatile_metadata(nb):
    # Written by tools/execute_notebooks.py: no timings, no Python version, no widget state.
    assert set(nb.metadata.get("language_info", {})) <= {"name"}, nb.metadata["language_info"]
    assert "widgets" not in nb.metadata
    timed = [
        i
        for i, c in enumerate(nb.cells)
        if "execution" in c.metadata or "ExecuteTime" in c.metadata
    ]
    assert not timed, f"cells {timed} carry execution timings: run tools/execute_notebooks.py"


def test_stream_outputs_are_merged(nb):
    # How prints split into stream messages depends on the kernel's flush timing;
    # tools/execute_notebooks.py merges them so that two runs store the same bytes.
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        split = any(a == b and a[0] == "stream" for a, b in zip(kinds, kinds[1:], strict=False))
        assert not split, f"code cell {n + 1} has split stream outputs: run `make notebooks NB=...`"


def test_code_cells_ran_once_top_to_bottom_in_a_fresh_kernel(nb):
    code = [c for c in nb.cells if c.cell_type == "code"]
    empty = [i for i, c in enumerate(code) if not c.source.strip()]
    assert not empty, f"empty code cells (the kernel skips them; delete them): {empty}"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"execution counts {counts}: re-run with `make notebooks NB=...`"
    )
    for cell in code:
        for out in cell.outputs:
            if "execution_count" in out:
                assert out.execution_count == cell.execution_count


def test_outputs_have_no_errors_stderr_or_warnings(nb):
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for out in cell.outputs:
            where = f"code cell {n + 1}"
            assert out.output_type != "error", f"{where} stores an error: {out.get('ename')}"
            assert out.get("name") != "stderr", f"{where} writes to stderr: {out.text[:200]!r}"
            for text in _text_of(out):
                assert not WARNING_TEXT.search(text), f"{where} shows a warning: {text[:300]!r}"


def test_outputs_have_no_machine_paths_or_figure_reprs(nb):
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for out in cell.outputs:
            where = f"code cell {n + 1}"
            for text in _text_of(out):
                m = MACHINE_PATH.search(text)
                assert not m, (
                    f"{where} shows a machine path: {text[max(0, m.start() - 60) : m.end() + 60]!r}"
                )
            if out.output_type == "execute_result" or out.output_type == "stream":
                for text in _text_of(out):
                    line = text.strip()
                    assert not FIGURE_REPR.search(line), (
                        f"{where} stores a matplotlib repr {line[:60]!r}: end it with plt.show()"
                    )
            if out.output_type == "display_data" and "text/plain" in out.get("data", {}):
                plain = out.data["text/plain"]
                if plain.startswith("<Figure size"):
                    assert "image/png" in out.data or "image/svg+xml" in out.data, where


def test_figures_have_alt_text(nb):
    # myst-nb reads the alt of a cell's images from its metadata, mystnb.image.alt; without it the
    # <img> gets the image's file path, which a screen reader reads out.
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        if not any("image/png" in out.get("data", {}) for out in cell.outputs):
            continue
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        assert isinstance(alt, str) and len(alt.strip()) >= 20, (
            f"code cell {n + 1} draws a figure without alt text: set its metadata "
            f'{{"mystnb": {{"image": {{"alt": "..."}}}}}} (at least 20 characters), got {alt!r}'
        )


def test_hygiene_checks_catch_each_fault():
    """The checks above fail on a notebook with each fault (so a passing run means something)."""
    cells = [
        nbformat.v4.new_code_cell("import numpy as np", execution_count=1),
        nbformat.v4.new_code_cell("x = 1", execution_count=2),
    ]
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    good = nbformat.v4.new_notebook(
        cells=cells, metadata=meta | {"language_info": {"name": "python"}}
    )
    test_kernel_is_the_projects_python(good)
    test_no_volatile_metadata(good)
    test_code_cells_ran_once_top_to_bottom_in_a_fresh_kernel(good)
    test_outputs_have_no_errors_stderr_or_warnings(good)
    test_outputs_have_no_machine_paths_or_figure_reprs(good)
    test_stream_outputs_are_merged(good)
    test_figures_have_alt_text(good)

    def bad(check, mutate):
        nb = nbformat.reads(nbformat.writes(good), as_version=4)
        mutate(nb)
        with pytest.raises(AssertionError):
            check(nb)

    out = nbformat.v4.new_output
    errors, paths = (
        test_outputs_have_no_errors_stderr_or_warnings,
        test_outputs_have_no_machine_paths_or_figure_reprs,
    )
    order = test_code_cells_ran_once_top_to_bottom_in_a_fresh_kernel
    bad(test_kernel_is_the_projects_python, lambda nb: nb.metadata.kernelspec.update(name="ir"))
    bad(test_no_volatile_metadata, lambda nb: nb.metadata.language_info.update(version="3.11.9"))
    bad(test_no_volatile_metadata, lambda nb: nb.cells[0].metadata.update(execution={"a": 1}))
    bad(order, lambda nb: nb.cells[1].update(execution_count=5))
    two = [out("stream", name="stdout", text="a\n"), out("stream", name="stdout", text="b\n")]
    bad(test_stream_outputs_are_merged, lambda nb: nb.cells[1].outputs.extend(two))
    bad(order, lambda nb: nb.cells[0].update(execution_count=None))
    bad(order, lambda nb: nb.cells.append(nbformat.v4.new_code_cell("", execution_count=3)))
    for output, check in [
        (out("error", ename="ValueError", evalue="x", traceback=[]), errors),
        (out("stream", name="stderr", text="oops\n"), errors),
        (out("stream", name="stdout", text="a.py:3: RuntimeWarning: divide by zero\n"), errors),
        (out("stream", name="stdout", text="read /work/main/data.csv\n"), paths),
        (out("stream", name="stdout", text="in /usr/lib/python3/site-packages/x.py\n"), paths),
        (out("stream", name="stdout", text="File ~/.pyenv/versions/3.11.7/x.py\n"), paths),
        (out("execute_result", data={"text/plain": "<Figure size 640x480 with 1 Axes>"}), paths),
        (out("execute_result", data={"text/plain": "[<matplotlib.lines.Line2D at 0x7f>]"}), paths),
    ]:
        bad(check, lambda nb, o=output: nb.cells[1].outputs.append(o))
    figure = out("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})

    def draw(nb, alt=None):
        nb.cells[1].outputs.append(figure)
        if alt is not None:
            nb.cells[1].metadata["mystnb"] = {"image": {"alt": alt}}

    bad(test_figures_have_alt_text, draw)
    bad(test_figures_have_alt_text, lambda nb: draw(nb, alt="a plot"))
    with_alt = nbformat.reads(nbformat.writes(good), as_version=4)
    draw(with_alt, alt="Entropy in bits against the probability of heads")
    test_figures_have_alt_text(with_alt)
