"""nbval guards the book: a notebook whose numbers drift from its stored outputs fails.

A small notebook that imports ``infoloss`` is written to a temporary folder and executed with
``tools/execute_notebooks.py`` (the tool behind ``make notebooks``). Copies of it are perturbed the
three ways a chapter drifts: a changed seed in the source, a stored output edited by hand, and a
helper whose result changed (``infoloss.entropy`` shifted by one part in ten thousand, through a
``sitecustomize`` on the PYTHONPATH of the nbval run, which its kernel inherits). nbval, run as
``make nbval`` runs it, must pass the clean copy and fail every perturbed one because "Cell
outputs differ". A real chapter is checked the same way: with the shifted helper it fails (its
clean copy passing is what ``make nbval`` shows, so it is not executed a second time here).
"""

import base64
import io
import os
import runpy
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[3]
TOOL = ROOT / "tools" / "execute_notebooks.py"
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
RUN = {"cwd": ROOT, "capture_output": True, "text": True, "timeout": 300}
# The helper's result drifts by one part in ten thousand, whichever way a notebook imports it
# (from infoloss import entropy; from infoloss.entropy import entropy).
SITECUSTOMIZE = """\
import sys
import infoloss
_entropy = infoloss.entropy
def entropy(*args, **kwargs):
    return _entropy(*args, **kwargs) * (1 + 1e-4)
infoloss.entropy = sys.modules["infoloss.entropy"].entropy = entropy
"""


def _nbval(folder: Path, env: dict | None = None) -> dict[str, str]:
    """Run nbval as ``make nbval`` does over the notebooks in ``folder``.

    Returns {file name: "pass" | "drift" | "error"}: "drift" when every failing cell failed
    because its outputs differ from the stored ones, "error" for any other failure.
    """
    report = folder / "nbval.xml"
    cmd = [
        sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(SANITIZE), "-p", "no:cacheprovider", "-p", "no:xdist",
        "-o", "addopts=", "-o", "filterwarnings=", "--rootdir", str(folder),
        f"--junitxml={report}", str(folder),
    ]  # fmt: skip
    proc = subprocess.run(cmd, env=env, **RUN)
    assert report.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    drifts: dict[str, list[bool]] = {}  # per file, per failing cell: did its outputs differ?
    for case in ET.parse(report).getroot().iter("testcase"):
        failed = drifts.setdefault(case.get("classname", ""), [])  # "clean.ipynb"
        for child in (c for c in case if c.tag in ("failure", "error")):
            failed.append("Cell outputs differ" in child.get("message", "") + (child.text or ""))
    return {name: "error" if not all(d) else "drift" if d else "pass" for name, d in drifts.items()}


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """The fixture notebook, executed by the project's tool (as `make notebooks` would)."""
    path = tmp_path_factory.mktemp("fixture") / "fixture.ipynb"
    code = nbformat.v4.new_code_cell
    cells = [
        nbformat.v4.new_markdown_cell("# A fixture chapter"),
        code("import numpy as np\n\nfrom infoloss import entropy, kl_divergence"),
        code(
            "rng = np.random.default_rng(0)\n"
            "p = rng.dirichlet(np.ones(5))\n"
            'print(f"H(p) = {entropy(p):.6f} nats")'
        ),
        code('print(f"KL(p || uniform) = {kl_divergence(p, np.full(5, 0.2)):.6f} nats")'),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNEL}), path)
    proc = subprocess.run([sys.executable, str(TOOL), str(path)], **RUN)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = path.read_text(encoding="utf-8")
    assert "H(p) = " in text and "KL(p || uniform) = " in text
    return path


def test_nbval_passes_clean_copies_and_fails_drifted_ones(executed, tmp_path):
    shutil.copy(executed, tmp_path / "clean.ipynb")
    nb = nbformat.read(executed, as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("default_rng(0)", "default_rng(1)")
    nbformat.write(nb, tmp_path / "seed_changed.ipynb")
    nb = nbformat.read(executed, as_version=4)
    out = nb.cells[3].outputs[0]
    value = out.text.split("= ")[1].split(" ")[0]  # a stored number, "0.123456"
    out.text = out.text.replace(value, value[:-1] + ("1" if value[-1] != "1" else "2"))
    nbformat.write(nb, tmp_path / "output_edited.ipynb")
    # (the real chapters pass as stored: that is `make nbval`)
    want = {"clean.ipynb": "pass", "seed_changed.ipynb": "drift", "output_edited.ipynb": "drift"}
    assert _nbval(tmp_path) == want


def test_nbval_fails_when_a_helper_result_drifts(executed, tmp_path):
    shutil.copy(executed, tmp_path / "fixture.ipynb")
    want = {"fixture.ipynb": "drift"}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):  # the first chapter with entropy
        source = "".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")
        # A copy in a temporary folder cannot read files next to the book ("../book/data/...").
        if "entropy" in source and "../" not in source:
            shutil.copy(path, tmp_path / f"chapter_{path.name}")
            want[f"chapter_{path.name}"] = "drift"
            break
    (tmp_path / "shim").mkdir()
    (tmp_path / "shim" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    pythonpath = os.pathsep.join(filter(None, [str(tmp_path / "shim"), os.getenv("PYTHONPATH")]))
    results = _nbval(tmp_path, dict(os.environ, PYTHONPATH=pythonpath))
    assert results == want, "nbval missed infoloss.entropy drifting by 1e-4"


def _notebook(text: str, pixels) -> nbformat.NotebookNode:
    """A notebook of one cell that prints ``text`` and draws ``pixels``."""
    buf = io.BytesIO()
    Image.fromarray(pixels.astype("uint8")).save(buf, format="PNG")
    png = base64.b64encode(buf.getvalue()).decode()
    cell = nbformat.v4.new_code_cell("x", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=text),
        nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
    ]
    return nbformat.v4.new_notebook(cells=[cell])


def test_reproducibility_check_compares_text_exactly_and_figures_within_tolerance():
    differences = runpy.run_path(str(TOOL))["differences"]
    white = np.full((100, 100, 3), 255)
    faint, many, strong = white.copy(), white.copy(), white.copy()
    faint[:5, :10] = 200  # 0.5 % of the pixels, by 55 of 255: within the tolerance
    many[:20, :10] = 250  # 2 % of the pixels
    strong[0, 0] = 0  # one pixel, by 255
    h = "H = 0.693147 nats\n"
    stored = _notebook(h, white)
    for pixels in (white, faint):  # the same text, and a figure within the tolerance
        assert differences(stored, _notebook(h, pixels)) == []
    for text, pixels in [("H = 0.693148 nats\n", white), (h, many), (h, strong), (h, white[:50])]:
        assert differences(stored, _notebook(text, pixels)), (text, pixels.shape)
