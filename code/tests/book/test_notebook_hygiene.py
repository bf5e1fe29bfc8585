"""Every chapter notebook is stored as a clean, fresh, top-to-bottom run of the project's kernel.

nbval (``make nbval``) proves that the stored outputs are what the code produces today; these
checks prove that what is stored is fit to publish: the notebook is in the table of contents,
was executed once from the top in a fresh ``python3`` kernel, and its outputs hold no errors,
warnings, stderr, machine paths, figure reprs or volatile metadata; and that it reads well: code
lines fit the page, prose cells are short, every number quoted in the prose is glued or printed,
and the first code cell is the setup cell.

Each check runs on every notebook, and on a small clean notebook that it must pass and copies
of it with one fault planted (``PLANTED``) that it must fail, so that a passing run means something.
"""

import functools
import itertools
import re
import runpy
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
# A float with more significant digits than any CPU-independent result has: numpy's SIMD loops
# (exp, log, sums) are chosen by CPU feature and can differ in the last bit between AVX2 and
# AVX-512 machines, so a stored output (text, a glue record, HTML) may show at most 12 digits,
# leading zeros included (0.000000000000 shows thirteen).
MAX_SIGNIFICANT = 12
_FLOAT = re.compile(r"(?<![\w.])(\d*)\.(\d+)(?:[eE][-+]?\d+)?(?![\w.])")
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


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        return ([node["file"]] if "file" in node else []) + _toc_files(list(node.values()))
    return [f for value in node for f in _toc_files(value)] if isinstance(node, list) else []


def test_every_toc_entry_exists_and_every_page_is_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc.pop("root"), *_toc_files(toc)]
    missing = [
        f for f in files if not any((ROOT / f).with_suffix(s).exists() for s in (".md", ".ipynb"))
    ]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"
    assert len(files) == len(set(files)), f"_toc.yml lists a page twice: {files}"
    seen = {(ROOT / f).with_suffix("") for f in files}
    unlisted = [
        str(p.relative_to(ROOT)) for p in NOTEBOOKS + PAGES if p.with_suffix("") not in seen
    ]
    assert not unlisted, (
        f"pages missing from _toc.yml (only_build_toc_files drops them): {unlisted}"
    )


def _text_of(out) -> list[str]:
    """The human-readable texts of one output (images and other binary payloads excluded)."""
    if out.output_type == "stream":
        return [out.text]
    if out.output_type == "error":
        return [out.get("ename", ""), out.get("evalue", ""), *out.get("traceback", [])]
    data = out.get("data", {})
    return [str(data[k]) for k in data if k.startswith("text/") or k.endswith("json")]


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _outputs(nb):
    """(where, cell, output) for every output of every code cell."""
    return [(f"code cell {n}", c, o) for n, c in enumerate(_code(nb), 1) for o in c.outputs]


def _texts(nb):
    """(where, output, text) for every human-readable text of every output."""
    return [(where, o, t) for where, _, o in _outputs(nb) for t in _text_of(o)]


@functools.cache
def _setup_cell_source() -> str:
    """The setup cell tools/notebook_setup.py writes (run by path: tools/ is no package)."""
    return runpy.run_path(str(ROOT / "tools" / "notebook_setup.py"))["cell_source"]()


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb(request):
    nbformat.validate(notebook := nbformat.read(request.param, as_version=4))
    return notebook


def test_kernel_is_the_projects_python(nb):
    spec, info = nb.metadata.get("kernelspec", {}), nb.metadata.get("language_info", {})
    assert spec.get("name") == "python3" and spec.get("language") == "python", spec
    assert info.get("name") == "python", info


def test_no_volatile_metadata(nb):
    # Written by tools/execute_notebooks.py: no timings, no Python version, no widget state.
    info = set(nb.metadata.get("language_info", {}))
    assert info <= {"name"} and "widgets" not in nb.metadata, nb.metadata
    timed = [n for n, c in enumerate(nb.cells) if {"execution", "ExecuteTime"} & set(c.metadata)]
    assert not timed, f"cells {timed} carry execution timings: run tools/execute_notebooks.py"


def test_stream_outputs_are_merged(nb):
    # How prints split into stream messages depends on the kernel's flush timing;
    # tools/execute_notebooks.py merges them so that two runs store the same bytes.
    for n, cell in enumerate(_code(nb), 1):
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        split = any(a == b and a[0] == "stream" for a, b in itertools.pairwise(kinds))
        assert not split, f"code cell {n} has split stream outputs: run `make notebooks NB=...`"


def test_code_cells_ran_once_top_to_bottom_in_a_fresh_kernel(nb):
    code = _code(nb)
    empty = [n for n, c in enumerate(code, 1) if not c.source.strip()]
    assert not empty, f"empty code cells (the kernel skips them; delete them): {empty}"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"execution counts {counts}: re-run them"
    for where, cell, out in _outputs(nb):
        assert out.get("execution_count", cell.execution_count) == cell.execution_count, where


def test_outputs_have_no_errors_stderr_warnings_machine_paths_or_figure_reprs(nb):
    for where, out, text in _texts(nb):  # (an error or a stream output always has a text)
        assert out.output_type != "error", f"{where} stores an error: {out.get('ename')}"
        assert out.get("name") != "stderr", f"{where} writes to stderr: {text[:200]!r}"
        assert not WARNING_TEXT.search(text), f"{where} shows a warning: {text[:300]!r}"
        m, line, kind = MACHINE_PATH.search(text), text.strip(), out.output_type
        assert not m, f"{where}: a machine path in {text[max(0, m.start() - 60) : m.end() + 60]!r}"
        shown = kind in ("execute_result", "stream") and FIGURE_REPR.search(line)
        assert not shown, f"{where}: a matplotlib repr {line[:60]!r}: end it with plt.show()"
        if kind == "display_data" and out.data.get("text/plain", "").startswith("<Figure size"):
            assert {"image/png", "image/svg+xml"} & set(out.data), f"{where}: a figure's repr only"


def test_figures_have_alt_text(nb):
    # myst-nb reads the alt of a cell's images from its metadata, mystnb.image.alt; without it the
    # <img> gets the image's file path, which a screen reader reads out.
    for n, cell in enumerate(_code(nb), 1):
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        if any("image/png" in out.get("data", {}) for out in cell.outputs):
            assert isinstance(alt, str) and len(alt.strip()) >= 20, (
                f"code cell {n}: a figure without alt text (20+ characters in mystnb.image.alt)"
            )


def test_outputs_show_no_digit_a_cpu_can_change(nb):
    for where, _, text in _texts(nb):
        found = [m[0] for m in _FLOAT.finditer(text) if len(m[1] + m[2]) > MAX_SIGNIFICANT]
        assert not found, f"{where}: {found[:3]} show over {MAX_SIGNIFICANT} digits; round them"


def test_code_lines_fit_the_page(nb):
    # The setup cell is exempt only where its pip line carries the repository URL (unbreakable).
    for n, cell in enumerate(_code(nb), 1):
        for m, line in enumerate(cell.source.splitlines(), 1):
            pip = cell.source == _setup_cell_source() and line.lstrip().startswith("%pip install")
            assert len(line) <= MAX_CODE_LINE or pip, f"code cell {n}, line {m}: {line[:60]!r}..."


def test_prose_cells_are_short(nb):
    for n, cell in enumerate(nb.cells):
        lines = len(cell.source.splitlines()) * (cell.cell_type == "markdown")
        assert lines <= MAX_MARKDOWN_LINES, f"cell {n}: {lines} markdown lines"


def prose_text(markdown: str) -> str:
    """The running text of a markdown cell: maths, code, roles, links, labels, directive
    options and fenced code removed (a directive's body, fenced with ``{name}``, is prose)."""
    lines, fence = [], None
    for line in markdown.splitlines():
        m = _FENCE_LINE.match(line)
        if fence is not None:
            if m and m.group(1) == fence and not m.group(2).strip():
                fence = None
        elif m and not m.group(2).strip().startswith("{"):
            fence = m.group(1)
        elif not (m or _LABEL_LINE.match(line) or _OPTION_LINE.match(line)):
            lines.append(line)
    text = "\n".join(lines)
    for pattern in (_MATH_BLOCK, _MATH_INLINE, _ROLE, _CODE_SPAN, _LINK):
        text = pattern.sub(" ", text)
    return text


def _same_digits(number: str) -> str:
    """1.7500 and 1.75 are the same number as printed: drop trailing zeros of a decimal part."""
    mantissa, e, exponent = number.lower().partition("e")
    return (mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa) + e + exponent


def test_numbers_in_the_prose_are_glued_or_shown_in_the_outputs(nb):
    shown = {_same_digits(x) for *_, text in _texts(nb) for x in DECIMAL.findall(text)}
    glued = {o.get("metadata", {}).get("scrapbook", {}).get("name") for *_, o in _outputs(nb)}
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            quoted = DECIMAL.findall(prose_text(cell.source))
            found = [x for x in quoted if _same_digits(x) not in shown]
            assert not found, f"cell {n} quotes {found}, which no output shows: glue or print them"
            missing = set(_GLUE_REF.findall(cell.source)) - glued
            assert not missing, f"cell {n} quotes glue keys that no cell stores: {missing}"


def test_first_code_cell_is_the_setup_cell(nb):
    first = (_code(nb) or [nbformat.v4.new_code_cell()])[0]
    setup = first.source == _setup_cell_source()
    tagged = "remove-cell" in first.metadata.get("tags", [])
    assert setup and tagged, "first code cell: not the setup cell; run tools/notebook_setup.py"


def _clean_notebook():
    code, out = nbformat.v4.new_code_cell, nbformat.v4.new_output
    setup = code(_setup_cell_source(), execution_count=1, metadata={"tags": ["remove-cell"]})
    alt = {"mystnb": {"image": {"alt": "Entropy in bits against the probability of heads"}}}
    shown = code("print(0.368)", execution_count=2, metadata=alt)
    shown.outputs = [
        out("stream", name="stdout", text="D = 0.368064, L = 1.7500\n"),
        out("display_data", data={"text/plain": "1.23"}, metadata={"scrapbook": {"name": "g"}}),
        out("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
    ]
    # The numbers in maths, code, roles, links, labels, options and fences, and years, need no glue.
    prose = nbformat.v4.new_markdown_cell(
        "(ch-x)=\n# Title\n\nIt costs 0.368064 nats, 1.75 bits, {glue:text}`g:.3f` bits,\n"
        "$0.25 + x$, in 2024, `np.float64(0.1)`, {cite}`a1.2`, [a link](https://x.org/v1.2/), "
        "and\n\n$$\nq = 0.75\n$$ (eq-x)\n\n```python\nx = 0.5\n```\n\n:::{figure} a.png\n"
        ":width: 0.5\n:::\n"
    )
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    meta = {"kernelspec": kernel, "language_info": {"name": "python"}}
    return nbformat.v4.new_notebook(cells=[prose, setup, shown], metadata=meta)


def _stdout(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def _shows(text, output_type="display_data", mime="text/plain"):
    return nbformat.v4.new_output(output_type, data={mime: text})


# A planted fault changes the clean notebook: a function, the text of a markdown cell to append,
# or outputs to append to its last code cell (cells[1] is the setup cell, cells[2] that cell).
PLANTED = {
    test_kernel_is_the_projects_python: [
        lambda nb: nb.metadata.kernelspec.update(name="ir"),
        lambda nb: nb.metadata.language_info.update(name="R"),
    ],
    test_no_volatile_metadata: [
        lambda nb: nb.metadata.language_info.update(version="3.11.9"),
        lambda nb: nb.metadata.update(widgets={}),
        lambda nb: nb.cells[1].metadata.update(execution={"a": 1}),
    ],
    test_stream_outputs_are_merged: [[_stdout("a\n"), _stdout("b\n")]],
    test_code_cells_ran_once_top_to_bottom_in_a_fresh_kernel: [
        lambda nb: nb.cells[2].update(execution_count=5),
        lambda nb: nb.cells.append(nbformat.v4.new_code_cell("", execution_count=3)),
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=7),
    ],
    test_outputs_have_no_errors_stderr_warnings_machine_paths_or_figure_reprs: [
        nbformat.v4.new_output("error", ename="ValueError", evalue="x", traceback=[]),
        _stdout("oops\n", name="stderr"),
        _stdout("a.py:3: RuntimeWarning: divide by zero\n"),
        _stdout("read /work/main/data.csv\n"),
        _shows("<Figure size 640x480 with 1 Axes>", "execute_result"),
        _shows("<Figure size 640x480 with 1 Axes>"),
    ],
    test_figures_have_alt_text: [lambda nb: nb.cells[2].metadata.mystnb.image.update(alt="a plot")],
    test_outputs_show_no_digit_a_cpu_can_change: [_stdout("gap 0.000000000000 nats\n")],
    test_code_lines_fit_the_page: [lambda nb: nb.cells[2].update(source="x = 1" + " " * 80)],
    test_prose_cells_are_short: ["line\n" * 61],
    test_numbers_in_the_prose_are_glued_or_shown_in_the_outputs: [
        "It costs 0.511 nats.",
        "{glue:text}`nowhere:.2f`",
    ],
    test_first_code_cell_is_the_setup_cell: [
        lambda nb: nb.cells[1].update(source=nb.cells[1].source.replace("infoloss/", "x/")),
        lambda nb: nb.cells[1].metadata.update(tags=[]),
    ],
}


FAULTS = [(check, fault) for check, faults in PLANTED.items() for fault in faults]


@pytest.mark.parametrize(("check", "fault"), FAULTS, ids=lambda v: getattr(v, "__name__", "f"))
def test_each_check_passes_a_clean_notebook_and_fails_a_planted_fault(check, fault):
    nb = _clean_notebook()
    nbformat.validate(nb)
    check(nb)
    if callable(fault):
        fault(nb)
    elif isinstance(fault, str):
        nb.cells.append(nbformat.v4.new_markdown_cell(fault))
    else:
        nb.cells[2].outputs.extend(fault if isinstance(fault, list) else [fault])
    with pytest.raises(AssertionError):
        check(nb)
