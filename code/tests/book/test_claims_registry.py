"""The claims registry: every labelled claim in the book is checked by a test, and back.

A label is a display equation's ``$$ ... $$ (eq-...)``, a ``prf:theorem`` (lemma, corollary,
proposition) ``:label:``, or any ``:label:`` with a claim prefix (``eq-``, ``thm-``, ``lem-``,
``cor-``, ``prop-``; ``{math}`` blocks), in a markdown cell of ``notebooks/*.ipynb`` or in
``book/*.md``. Each label is either a pure definition listed in ``definitions.DEFINITIONS`` or a
claim named by a test marked ``@pytest.mark.claim("<label>")``. The markers are read from pytest's
own collection of ``code/tests`` (in a subprocess, so parametrised tests, class marks and
``pytest.param(..., marks=...)`` all count, however this file itself was selected). The table of
claims and the tests that check them is printed in the terminal summary.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from definitions import DEFINITIONS

ROOT = Path(__file__).resolve().parents[3]
TESTS = ROOT / "code" / "tests"
CLAIM_PREFIXES = ("eq-", "thm-", "lem-", "cor-", "prop-")
THEOREM_LIKE = ("theorem", "lemma", "corollary", "proposition")

_DOLLAR_LABEL = re.compile(r"\$\$[ \t]*\(([^()\s]+)\)")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_INLINE_CODE = re.compile(r"(?<!})`[^`\n]*`")  # a role's target ({eq}`x`) is kept: it is harmless
_DIRECTIVE = re.compile(r"^[ \t]*(?::{3,}|`{3,})\{(?:prf:)?(\w+)\}")
_OPTION = re.compile(r"^[ \t]*:(\w[\w-]*):[ \t]*(.*?)[ \t]*$")

# Loaded into the collecting subprocess with -p: writes {label: [test node ids]} as JSON.
_PLUGIN = """
import json, os

def pytest_collection_modifyitems(config, items):
    claims, empty = {}, []
    for item in items:
        for mark in item.iter_markers("claim"):
            if not mark.args:
                empty.append(item.nodeid)
            for label in mark.args:
                claims.setdefault(str(label), []).append(item.nodeid)
    with open(os.environ["INFOLOSS_CLAIMS_JSON"], "w") as f:
        json.dump({"claims": claims, "empty": empty}, f)
"""


def _prose(text: str) -> list[str]:
    """Lines of markdown with literal code (fenced blocks, inline code spans) blanked out.

    A backtick fence whose info string starts with ``{`` is a directive (its body is prose); a
    bare fence closes the innermost open directive, or else opens a code block.
    """
    out, code, directives = [], None, []
    for line in text.splitlines():
        m = _FENCE.match(line)
        if code is not None:
            if m and m.group(1).startswith(code) and not m.group(2).strip():
                code = None
            out.append("")
        elif m and m.group(2).strip().startswith("{"):
            directives.append(m.group(1))
            out.append(line)
        elif m and not m.group(2).strip() and directives and m.group(1) == directives[-1]:
            directives.pop()
            out.append("")
        elif m:
            code = m.group(1)
            out.append("")
        else:
            out.append(_INLINE_CODE.sub("``", line))
    return out


def labels_in_markdown(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    """Return ({claim label: where}, [problems]) for one markdown text."""
    labels: dict[str, str] = {}
    problems: list[str] = []
    lines = _prose(text)

    def add(label: str) -> None:
        if label in labels:
            problems.append(f"label {label!r} appears twice in {where}")
        labels[label] = where

    for i, line in enumerate(lines):
        for label in _DOLLAR_LABEL.findall(line):
            add(label)
        directive = _DIRECTIVE.match(line)
        if not directive:
            continue
        options = {}
        for opt_line in lines[i + 1 :]:
            m = _OPTION.match(opt_line)
            if not m:
                break
            options[m.group(1)] = m.group(2)
        label = options.get("label", "")
        if directive.group(1) in THEOREM_LIKE:
            if not label:
                problems.append(f"a {directive.group(1)} in {where} has no :label:")
            else:
                add(label)
        elif label.startswith(CLAIM_PREFIXES):
            add(label)
    return labels, problems


def book_labels(root: Path = ROOT) -> tuple[dict[str, str], list[str]]:
    """Every claim label of the book's notebooks and pages, with where it is, and problems."""
    labels: dict[str, str] = {}
    problems: list[str] = []
    sources = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for n, cell in enumerate(nb.get("cells", [])):
            if cell.get("cell_type") == "markdown":
                src = cell.get("source", "")
                text = "".join(src) if isinstance(src, list) else src
                sources.append((text, f"{path.relative_to(root)} (cell {n})"))
    for path in sorted((root / "book").glob("*.md")):
        sources.append((path.read_text(encoding="utf-8"), str(path.relative_to(root))))
    for text, where in sources:
        found, bad = labels_in_markdown(text, where)
        problems += bad
        for label, place in found.items():
            if label in labels:
                problems.append(f"label {label!r} is defined twice: {labels[label]} and {place}")
            labels[label] = place
    return labels, problems


def collect_claims(tests_dir: Path, tmp_path: Path) -> dict[str, list[str]]:
    """{label: [node ids]} of every ``claim`` marker pytest collects under ``tests_dir``."""
    (tmp_path / "infoloss_claims_dump.py").write_text(_PLUGIN)
    out = tmp_path / "claims.json"
    env = dict(os.environ, INFOLOSS_CLAIMS_JSON=str(out))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH")]))
    env.pop("PYTEST_XDIST_WORKER", None)
    cmd = [
        sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
        "-p", "infoloss_claims_dump", "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
        "-o", "addopts=", str(tests_dir),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists():
        pytest.fail(
            "collecting the test suite failed, so its claim markers cannot be read:\n"
            + (proc.stdout + proc.stderr)[-3000:]
        )
    data = json.loads(out.read_text())
    if data["empty"]:
        pytest.fail(f"claim markers without a label: {data['empty']}")
    return data["claims"]


def find_problems(
    labels: dict[str, str], definitions: dict[str, str], claims: dict[str, list[str]]
) -> list[str]:
    """The registry's two rules, as a list of readable problems (empty when all is well)."""
    problems = []
    for label, where in sorted(labels.items()):
        if label not in definitions and label not in claims:
            problems.append(
                f"{label} ({where}) has no test: mark one with @pytest.mark.claim({label!r}), "
                "or, if it is a pure definition, list it in code/tests/definitions.py"
            )
    for label in sorted(definitions):
        if label not in labels:
            problems.append(f"DEFINITIONS lists {label!r}, which is no label in the book")
    for label, tests in sorted(claims.items()):
        if label not in labels:
            problems.append(f"{', '.join(tests)} claim(s) {label!r}, which is no label in the book")
    return problems


def claims_table(
    labels: dict[str, str], definitions: dict[str, str], claims: dict[str, list[str]]
) -> str:
    rows = []
    for label in sorted(set(labels) | set(definitions) | set(claims)):
        where = labels.get(label, "MISSING FROM THE BOOK")
        if label in claims:
            checks = [t.split("/")[-1] for t in claims[label]]
            shown = checks[:3] + ([f"... and {len(checks) - 3} more"] if len(checks) > 3 else [])
        elif label in definitions:
            shown = [f"(definition: {definitions[label]})"]
        else:
            shown = ["NO TEST"]
        rows += [(label, where, shown[0])] + [("", "", s) for s in shown[1:]]
    w1 = max([len(r[0]) for r in rows] + [5])
    w2 = max([len(r[1]) for r in rows] + [5])
    lines = [f"{'label':<{w1}}  {'where':<{w2}}  checked by", "-" * (w1 + w2 + 40)]
    lines += [f"{a:<{w1}}  {b:<{w2}}  {c}" for a, b, c in rows]
    n_claims = sum(1 for label in labels if label in claims)
    n_defs = sum(1 for label in labels if label in definitions and label not in claims)
    lines.append(f"{len(labels)} labels: {n_claims} claims with tests, {n_defs} definitions")
    return "\n".join(lines)


def test_every_claim_has_a_test_and_every_test_names_a_live_label(tmp_path, record_property):
    labels, problems = book_labels()
    claims = collect_claims(TESTS, tmp_path)
    problems += find_problems(labels, DEFINITIONS, claims)
    table = claims_table(labels, DEFINITIONS, claims)
    record_property("claims_table", table)  # printed in the terminal summary (see conftest.py)
    assert not problems, "claims registry:\n  " + "\n  ".join(problems) + "\n\n" + table


# The checker itself: it must fail when a claim loses its test, or a test its claim.


def test_checker_passes_when_every_label_is_claimed_or_defined():
    labels = {"eq-a": "ch1", "thm-b": "ch2", "eq-def": "ch1"}
    claims = {"eq-a": ["t.py::test_a"], "thm-b": ["t.py::test_b[1]", "t.py::test_b[2]"]}
    assert find_problems(labels, {"eq-def": "a definition"}, claims) == []


def test_checker_fails_when_a_claim_loses_its_test():
    labels = {"eq-a": "ch1", "thm-b": "ch2"}
    problems = find_problems(labels, {}, {"eq-a": ["t.py::test_a"]})
    assert len(problems) == 1 and problems[0].startswith("thm-b (ch2) has no test")


def test_checker_fails_when_a_test_or_definition_names_a_vanished_label():
    labels = {"eq-a": "ch1"}
    problems = find_problems(labels, {"eq-old-def": "x"}, {"eq-a": ["t"], "eq-gone": ["t.py::t"]})
    assert len(problems) == 2
    assert "'eq-old-def'" in problems[0] and "'eq-gone'" in problems[1]


def test_labels_are_read_from_dollarmath_directives_and_theorems_but_not_code():
    text = textwrap.dedent(
        r"""
        $$ H(p) = -\sum_x p(x) \log p(x) $$ (eq-entropy)

        $$
        H(p, q) = H(p) + D(p \| q)
        $$ (eq-ce-decomp)

        :::{prf:theorem} Gibbs
        :label: thm-gibbs
        :nonumber:
        KL is non-negative.
        :::

        ```{math}
        :label: eq-in-math-block
        a = b
        ```

        :::{exercise}
        :label: ex-not-a-claim
        :::

        Write `$$ x $$ (eq-in-inline-code)` to label an equation, then cite {eq}`eq-entropy`.

        ```python
        s = "$$ y $$ (eq-in-a-code-block)"
        ```
        """
    )
    labels, problems = labels_in_markdown(text, "ch")
    assert sorted(labels) == ["eq-ce-decomp", "eq-entropy", "eq-in-math-block", "thm-gibbs"]
    assert problems == []


def test_an_unlabelled_theorem_and_a_duplicate_label_are_problems():
    text = ":::{prf:lemma} L\nx\n:::\n\n$$ a $$ (eq-a)\n\n$$ b $$ (eq-a)\n"
    labels, problems = labels_in_markdown(text, "ch")
    assert labels == {"eq-a": "ch"}
    assert len(problems) == 2 and "no :label:" in problems[0] and "twice" in problems[1]


def test_collection_sees_parametrised_tests_class_marks_and_param_marks(tmp_path):
    tests = tmp_path / "fake_tests"
    tests.mkdir()
    (tests / "test_fake.py").write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.claim("eq-a")
            @pytest.mark.parametrize("n", [1, 2])
            def test_a(n):
                pass

            @pytest.mark.claim("thm-b")
            class TestB:
                def test_b(self):
                    pass

            @pytest.mark.parametrize("n", [1, pytest.param(2, marks=pytest.mark.claim("eq-c"))])
            def test_c(n):
                pass

            def test_unmarked():
                pass
            """
        )
    )
    claims = collect_claims(tests, tmp_path)
    assert sorted(claims) == ["eq-a", "eq-c", "thm-b"]
    assert [c.split("::", 1)[1] for c in claims["eq-a"]] == ["test_a[1]", "test_a[2]"]
    assert [c.split("::", 1)[1] for c in claims["eq-c"]] == ["test_c[2]"]
    # Delete the claim on test_c and the registry reports eq-c as a claim without a test.
    labels = {"eq-a": "ch", "thm-b": "ch", "eq-c": "ch"}
    del claims["eq-c"]
    assert find_problems(labels, {}, claims) == [
        "eq-c (ch) has no test: mark one with @pytest.mark.claim('eq-c'), "
        "or, if it is a pure definition, list it in code/tests/definitions.py"
    ]
