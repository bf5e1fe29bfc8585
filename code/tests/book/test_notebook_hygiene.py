"""Every chapter notebook is stored as a clean, fresh, top-to-bottom run of the project's kernel.

nbval (``make nbval``) proves that the stored outputs are what the code produces today; these
checks prove that what is stored is fit to publish: the notebook is in the table of contents,
was executed once from the top in a fresh ``python3`` kernel, and its outputs hold no errors,
warnings, stderr, machine paths, figure reprs or volatile metadata.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
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


def _fails_when_planted(good, check, mutate) -> None:
    """``check`` passes ``good`` (asserted by the caller) and fails a copy changed by ``mutate``."""
    nb = nbformat.reads(nbformat.writes(good), as_version=4)
    mutate(nb)
    with pytest.raises(AssertionError):
        check(nb)


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


# A float with more significant digits than any CPU-independent result has: numpy's SIMD loops
# (exp, log, sums) are chosen by CPU feature and can differ in the last bit between AVX2 and
# AVX-512 machines, so a stored output (text, a glue record, HTML) may show at most 12 digits,
# leading zeros included (0.000000000000 shows thirteen).
MAX_SIGNIFICANT = 12
_FLOAT = re.compile(r"(?<![\w.])(\d*)\.(\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def too_precise_floats(text: str) -> list[str]:
    """The floats in ``text`` written with more than MAX_SIGNIFICANT digits (zeros too)."""
    found = []
    for m in _FLOAT.finditer(text):
        if len(m.group(1) + m.group(2)) > MAX_SIGNIFICANT:
            found.append(m.group(0))
    return found


def test_outputs_show_no_digit_a_cpu_can_change(nb):
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for out in cell.outputs:
            for text in _text_of(out):
                found = too_precise_floats(text)
                assert not found, (
                    f"code cell {n + 1} stores {found[:3]} (over {MAX_SIGNIFICANT} significant "
                    "digits): print it rounded, or glue it with infoloss.glue (which rounds)"
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
    test_outputs_show_no_digit_a_cpu_can_change(good)

    bad = functools.partial(_fails_when_planted, good)

    out = nbformat.v4.new_output
    errors, paths = (
        test_outputs_have_no_errors_stderr_or_warnings,
        test_outputs_have_no_machine_paths_or_figure_reprs,
    )
    order = test_code_cells_ran_once_top_to_bottom_in_a_fresh_kernel
    precise = test_outputs_show_no_digit_a_cpu_can_change
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
        (out("stream", name="stdout", text="CE = 1.983950511979\n"), precise),
        (out("display_data", data={"text/plain": "0.8159540770709662"}), precise),
        (out("stream", name="stdout", text="gap 0.000000000000 nats\n"), precise),
        (out("display_data", data={"text/html": "<td>3.0012345678901e-05</td>"}), precise),
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


# --- What a reader sees: line width, quoted numbers, the setup cell -------------------------

MAX_CODE_LINE = 79  # the page shows about 80 characters of a code line and clips the rest
MAX_MARKDOWN_LINES = 60  # a prose cell longer than a screen or two is a section to split

# A decimal number in running text: digits with a decimal point (0.511, 4.1, 99.999), or
# scientific notation (1e-6, 2.5e-3). Integers and years are not decimal numbers, and neither
# is a section number (§5.5).
DECIMAL = re.compile(r"(?<![\w.§])(?:\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w]|\.\d)")
_MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.S)
_MATH_INLINE = re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$")
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")  # {cite}`...`, {eq}`...`, {glue:text}`...`, ...
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
_LINK = re.compile(r"\]\([^)\s]*\)|<https?://[^>\s]*>|https?://\S+")
_LABEL_LINE = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
_OPTION_LINE = re.compile(r"^\s*:[\w-]+:.*$")
_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_GLUE_REF = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)")


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _setup_cell_source() -> str:
    """The setup cell tools/notebook_setup.py writes (imported by path: tools/ is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "notebook_setup", ROOT / "tools" / "notebook_setup.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cell_source()


def long_code_lines(nb) -> list[str]:
    """Code lines wider than the page, as "cell N, line M (W chars)" (the setup cell exempt only
    where its pip line carries the repository URL, which cannot be broken)."""
    setup = _setup_cell_source()
    found = []
    for n, cell in enumerate(_code_cells(nb)):
        for m, line in enumerate(cell.source.splitlines()):
            if len(line) <= MAX_CODE_LINE:
                continue
            if cell.source == setup and line.lstrip().startswith("%pip install"):
                continue
            found.append(f"code cell {n + 1}, line {m + 1} ({len(line)} chars): {line[:60]!r}")
    return found


def prose_text(markdown: str) -> str:
    """The running text of a markdown cell: maths, code, roles, links, labels, directive
    options and fenced code removed (a directive's body, fenced with ``{name}``, is prose)."""
    lines, fence = [], None
    for line in markdown.splitlines():
        m = _FENCE_LINE.match(line)
        if fence is not None:
            if m and m.group(1) == fence and not m.group(2).strip():
                fence = None
            continue
        if m and not m.group(2).strip().startswith("{"):
            fence = m.group(1)
            continue
        if m or _LABEL_LINE.match(line) or _OPTION_LINE.match(line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    for pattern in (_MATH_BLOCK, _MATH_INLINE, _ROLE, _CODE_SPAN, _LINK):
        text = pattern.sub(" ", text)
    return text


def stored_output_text(nb) -> str:
    return "\n".join(t for c in _code_cells(nb) for out in c.outputs for t in _text_of(out))


def _same_digits(number: str) -> str:
    """1.7500 and 1.75 are the same number as printed: drop trailing zeros of a decimal part."""
    mantissa, e, exponent = number.lower().partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return mantissa + e + exponent


def unbacked_prose_numbers(nb) -> list[str]:
    """Decimal numbers in the prose that neither are glued nor appear in the stored outputs."""
    shown = {_same_digits(x) for x in DECIMAL.findall(stored_output_text(nb))}
    found = []
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for number in DECIMAL.findall(prose_text(cell.source)):
            if _same_digits(number) not in shown:
                found.append(f"cell {n} ({cell.get('id', '?')}): {number}")
    return found


def glued_names(nb) -> set[str]:
    names = set()
    for cell in _code_cells(nb):
        for out in cell.outputs:
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                names.add(name)
    return names


def test_code_lines_fit_the_page(nb):
    found = long_code_lines(nb)
    assert not found, f"code lines over {MAX_CODE_LINE} characters:\n" + "\n".join(found)


def test_prose_cells_are_short(nb):
    long = [
        f"cell {n} ({len(c.source.splitlines())} lines)"
        for n, c in enumerate(nb.cells)
        if c.cell_type == "markdown" and len(c.source.splitlines()) > MAX_MARKDOWN_LINES
    ]
    assert not long, f"markdown cells over {MAX_MARKDOWN_LINES} lines: {long}"


def test_numbers_in_the_prose_are_glued_or_shown_in_the_outputs(nb):
    found = unbacked_prose_numbers(nb)
    assert not found, (
        "decimal numbers in the prose that no stored output shows; glue them "
        "(infoloss.glue + {glue:text}) or print them:\n" + "\n".join(found)
    )
    refs = {r for c in nb.cells if c.cell_type == "markdown" for r in _GLUE_REF.findall(c.source)}
    missing = sorted(refs - glued_names(nb))
    assert not missing, (
        f"the prose quotes glue keys that no cell of this notebook stores: {missing}"
    )


def test_first_code_cell_is_the_setup_cell(nb):
    code = _code_cells(nb)
    assert code and code[0].source == _setup_cell_source(), (
        "the first code cell is not tools/notebook_setup.py's setup cell (with _config.yml's "
        "repository URL): run `python tools/notebook_setup.py notebooks/NN_x.ipynb`"
    )
    assert "remove-cell" in code[0].metadata.get("tags", [])


def test_reader_checks_catch_each_fault():
    """The reader checks above fail on a notebook with each fault, and pass on a clean one."""
    md = nbformat.v4.new_markdown_cell
    setup = nbformat.v4.new_code_cell(_setup_cell_source(), metadata={"tags": ["remove-cell"]})
    shown = nbformat.v4.new_code_cell("print(0.368)", execution_count=2)
    text = "D = 0.368064, L = 1.7500\n"
    shown.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    prose = (
        "(ch-x)=\n# Title\n\nIt costs 0.368064 nats, 1.75 bits, {glue:text}`g:.3f` bits,\n"
        "$0.25 + x$, "
        "in 2024, `np.float64(0.1)`, {cite}`a1.2`, [a link](https://x.org/v1.2/), and\n\n"
        "$$\nq = 0.75\n$$ (eq-x)\n\n```python\nx = 0.5\n```\n\n:::{figure} a.png\n"
        ":width: 0.5\n:::\n"
    )
    glued = nbformat.v4.new_output(
        "display_data", data={"text/plain": "1.23"}, metadata={"scrapbook": {"name": "g"}}
    )
    shown.outputs.append(glued)
    good = nbformat.v4.new_notebook(cells=[md(prose), setup, shown])
    assert not long_code_lines(good)
    assert not unbacked_prose_numbers(good), unbacked_prose_numbers(good)
    test_numbers_in_the_prose_are_glued_or_shown_in_the_outputs(good)
    test_first_code_cell_is_the_setup_cell(good)
    test_prose_cells_are_short(good)

    bad = functools.partial(_fails_when_planted, good)
    bad(test_prose_cells_are_short, lambda nb: nb.cells.append(md("line\n" * 61)))

    bad(test_code_lines_fit_the_page, lambda nb: nb.cells[2].update(source="x = 1" + " " * 80))
    bad(test_code_lines_fit_the_page, lambda nb: nb.cells[1].update(source="y" * 90))
    for text in ("It costs 0.511 nats.", "A gap of 1e-6.", "About 4.1 times narrower."):
        bad(test_numbers_in_the_prose_are_glued_or_shown_in_the_outputs, lambda nb, t=text: (
            nb.cells.append(md(t))
        ))  # fmt: skip
    bad(test_numbers_in_the_prose_are_glued_or_shown_in_the_outputs, lambda nb: (
        nb.cells.append(md("{glue:text}`nowhere:.2f`"))
    ))  # fmt: skip
    bad(test_first_code_cell_is_the_setup_cell, lambda nb: nb.cells.pop(1))
    bad(test_first_code_cell_is_the_setup_cell, lambda nb: nb.cells[1].update(
        source=nb.cells[1].source.replace("infoloss/why", "someone/else")
    ))  # fmt: skip
