"""The claims registry: every labelled claim in the book is checked by a test, and back.

A label is a display equation's ``$$ ... $$ (eq-...)``, or the ``:label:`` of a theorem-like
directive or of any directive whose label has a claim prefix, in a markdown cell of
``notebooks/*.ipynb`` or in ``book/*.md``. The markdown is parsed with the markdown-it plugins
MyST itself uses, so code blocks and inline code never count. Each label is either a pure
definition listed in ``definitions.DEFINITIONS`` or named by a test marked
``@pytest.mark.claim("<label>")``; the marks are read from the test files' syntax trees.
"""

import ast
import json
from pathlib import Path

from definitions import DEFINITIONS
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

ROOT = Path(__file__).resolve().parents[3]
CLAIM_PREFIXES = ("eq-", "thm-", "lem-", "cor-", "prop-")
THEOREM_LIKE = ("theorem", "lemma", "corollary", "proposition")
MYST = MarkdownIt("commonmark").use(dollarmath_plugin, allow_labels=True).use(colon_fence_plugin)


def labels_in(markdown: str) -> list[str]:
    """The claim labels of one markdown text, in order (a directive's body is markdown again)."""
    found = []
    for token in MYST.parse(markdown):
        if token.type == "math_block_label":
            found.append(token.info)
        elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            name = token.info[1:].split("}")[0].split(":")[-1]
            lines = token.content.splitlines()
            options = [line.split(":", 2) for line in lines if line.startswith(":")]
            label = next((opt[2].strip() for opt in options if opt[1] == "label"), "")
            if name in THEOREM_LIKE or label.startswith(CLAIM_PREFIXES):
                found.append(label or f"<a {name} without :label:>")
            if name not in ("math", "code-cell", "code", "code-block"):
                found += labels_in("\n".join(line for line in lines if not line.startswith(":")))
    return found


def book_labels() -> list[str]:
    texts = [page.read_text(encoding="utf-8") for page in sorted(ROOT.glob("book/*.md"))]
    for notebook in sorted(ROOT.glob("notebooks/*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts += ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return [label for text in texts for label in labels_in(text)]


def claim_marks(source: str) -> list[str]:
    """The labels of every ``pytest.mark.claim("<label>", ...)`` call in a Python source."""
    return [
        arg.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("mark.claim")
        for arg in node.args
        if isinstance(arg, ast.Constant)
    ]


def test_every_claim_has_a_test_and_every_test_names_a_live_label():
    labels = book_labels()
    claimed = {m for f in ROOT.glob("code/tests/test_*.py") for m in claim_marks(f.read_text())}
    assert claimed, "no claim marks found"
    assert not [label for label in set(labels) if labels.count(label) > 1], "labels used twice"
    assert not [label for label in labels if label.startswith("<")], "a theorem without :label:"
    assert sorted(set(labels) - claimed - set(DEFINITIONS)) == [], "claims with no test"
    assert sorted((claimed | set(DEFINITIONS)) - set(labels)) == [], "tests of no label"


def test_the_reader_finds_equations_theorems_and_nested_labels_but_not_code():
    text = (
        "$$ a $$ (eq-a)\n\n:::{prf:theorem} T\n:label: thm-t\nx\n:::\n\n"
        "::::{note}\n$$ b $$ (eq-in-note)\n::::\n\n:::{prf:lemma} L\nx\n:::\n\n"
        "```{math}\n:label: eq-math\nc\n```\n\n`$$ d $$ (eq-inline)`\n\n"
        '```python\ns = "$$ e $$ (eq-code)"\n```\n'
    )
    assert labels_in(text) == [
        "eq-a",
        "thm-t",
        "eq-in-note",
        "<a lemma without :label:>",
        "eq-math",
    ]


def test_marks_are_read_from_decorators_and_params_but_not_from_strings():
    source = (
        '@pytest.mark.claim("eq-a")\ndef test_a(): pass\n'
        'P = [pytest.param(1, marks=pytest.mark.claim("eq-b", "thm-c"))]\n'
        "S = \"pytest.mark.claim('eq-not')\"\n"
    )
    assert sorted(claim_marks(source)) == ["eq-a", "eq-b", "thm-c"]
