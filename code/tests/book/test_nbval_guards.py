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

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[3]
TOOL = ROOT / "tools" / "execute_notebooks.py"
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

SITECUSTOMIZE = """\
import sys

import infoloss

_entropy = infoloss.entropy


def entropy(*args, **kwargs):  # the helper's result drifts by one part in ten thousand
    return _entropy(*args, **kwargs) * (1 + 1e-4)


infoloss.entropy = entropy  # from infoloss import entropy
sys.modules["infoloss.entropy"].entropy = entropy  # from infoloss.entropy import entropy
"""


def _fixture_notebook():
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
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNEL})


def _run(cmd, env=None):
    env = dict(os.environ if env is None else env)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


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
    proc = _run(cmd, env)
    assert report.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    verdict: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("classname", "")  # "clean.ipynb" (rootdir is the folder itself)
        for child in case:
            if child.tag in ("failure", "error"):
                drift = "Cell outputs differ" in (child.get("message", "") + (child.text or ""))
                if verdict.get(name) != "error":
                    verdict[name] = "drift" if drift else "error"
        verdict.setdefault(name, "pass")
    return verdict


def _perturbed_env(folder: Path) -> dict:
    shim = folder / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("PYTHONPATH")]))
    return env


def _chapter_with_code() -> Path | None:
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        source = "".join("".join(c["source"]) for c in code)
        # A copy in a temporary folder cannot read files next to the book ("../book/data/...").
        if code and "entropy" in source and "../" not in source:
            return path
    return None


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """The fixture notebook, executed by the project's tool (as `make notebooks` would)."""
    folder = tmp_path_factory.mktemp("fixture")
    path = folder / "fixture.ipynb"
    nbformat.write(_fixture_notebook(), path)
    proc = _run([sys.executable, str(TOOL), str(path)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = path.read_text(encoding="utf-8")
    assert "H(p) = " in text and "KL(p || uniform) = " in text
    return path


def test_nbval_passes_clean_copies_and_fails_drifted_ones(executed, tmp_path):
    clean = tmp_path / "clean.ipynb"
    shutil.copy(executed, clean)
    nb = nbformat.read(executed, as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("default_rng(0)", "default_rng(1)")
    nbformat.write(nb, tmp_path / "seed_changed.ipynb")

    nb = nbformat.read(executed, as_version=4)
    out = nb.cells[3].outputs[0]
    value = out.text.split("= ")[1].split(" ")[0]  # a stored number, "0.123456"
    last = value[-1]
    out.text = out.text.replace(value, value[:-1] + ("1" if last != "1" else "2"))
    nbformat.write(nb, tmp_path / "output_edited.ipynb")

    results = _nbval(tmp_path)  # (the real chapters pass as stored: that is `make nbval`)
    assert results["clean.ipynb"] == "pass", "nbval fails a clean, freshly executed notebook"
    assert results["seed_changed.ipynb"] == "drift", "nbval missed a changed seed"
    assert results["output_edited.ipynb"] == "drift", "nbval missed an edited stored output"


def test_nbval_fails_when_a_helper_result_drifts(executed, tmp_path):
    shutil.copy(executed, tmp_path / "fixture.ipynb")
    chapter = _chapter_with_code()
    if chapter is not None:
        shutil.copy(chapter, tmp_path / f"chapter_{chapter.name}")
    results = _nbval(tmp_path, _perturbed_env(tmp_path))
    assert results["fixture.ipynb"] == "drift", "nbval missed infoloss.entropy drifting by 1e-4"
    if chapter is not None:
        assert results[f"chapter_{chapter.name}"] == "drift", (
            f"{chapter.name}: nbval missed infoloss.entropy drifting by 1e-4"
        )


def _tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png(pixels) -> str:
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(pixels.astype("uint8")).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def test_reproducibility_check_compares_text_exactly_and_figures_within_tolerance():
    import numpy as np

    tool = _tool()
    white = np.full((100, 100, 3), 255)

    def notebook(text, pixels):
        cell = nbformat.v4.new_code_cell("x", execution_count=1)
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=text),
            nbformat.v4.new_output(
                "display_data", data={"image/png": _png(pixels), "text/plain": "<Figure>"}
            ),
        ]
        return nbformat.v4.new_notebook(cells=[cell])

    stored = notebook("H = 0.693147 nats\n", white)
    faint = white.copy()
    faint[:5, :10] = 200  # 0.5 % of the pixels, by 55 of 255: within the tolerance
    assert tool.differences(stored, notebook("H = 0.693147 nats\n", white)) == []
    assert tool.differences(stored, notebook("H = 0.693147 nats\n", faint)) == []
    many = white.copy()
    many[:20, :10] = 250  # 2 % of the pixels
    strong = white.copy()
    strong[0, 0] = 0  # one pixel, by 255
    for text, pixels in [("H = 0.693148 nats\n", white), ("H = 0.693147 nats\n", many)]:
        assert tool.differences(stored, notebook(text, pixels)), (text, pixels.min())
    assert tool.differences(stored, notebook("H = 0.693147 nats\n", strong))
    assert tool.differences(stored, notebook("H = 0.693147 nats\n", white[:50]))
