"""The claims registry: every labelled claim in the book is checked by a test, and back.

A label is a display equation's ``$$ ... $$ (eq-...)``, a ``prf:theorem`` (lemma, corollary,
proposition) ``:label:``, or any ``:label:`` with a claim prefix (``eq-``, ``thm-``, ``lem-``,
``cor-``, ``prop-``; ``{math}`` blocks), in a markdown cell of ``notebooks/*.ipynb`` or in
``book/*.md``. The markdown is read by markdown-it-py with the mdit-py-plugins MyST itself uses
(dollarmath with labels, colon fences; a directive's body is parsed again as markdown), so code
blocks and inline code never count. Each label is either a pure definition listed in
``definitions.DEFINITIONS`` or a claim named by a test marked ``@pytest.mark.claim("<label>")``.

The markers are read in-process from pytest's own collection (parametrised tests, class marks
and ``pytest.param(..., marks=...)`` all count): conftest.py records them for the session; when
the session did not collect every test file (this file run alone), ``code/tests`` is collected
once more, in-process. The table of claims and their tests is printed at the end of the run.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from definitions import DEFINITIONS
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

from conftest import COLLECTED_CLAIMS, COLLECTED_FILES, claim_marks

ROOT = Path(__file__).resolve().parents[3]
TESTS = ROOT / "code" / "tests"
CLAIM_PREFIXES = ("eq-", "thm-", "lem-", "cor-", "prop-")
THEOREM_LIKE = ("theorem", "lemma", "corollary", "proposition")
NOT_MARKDOWN = ("math", "code-cell", "code", "code-block")  # directives whose body is no prose

MYST = (
    MarkdownIt("commonmark")
    .use(dollarmath_plugin, allow_labels=True, allow_space=True, allow_digits=True,
         double_inline=True)
    .use(colon_fence_plugin)
)  # fmt: skip


def _directive(token) -> tuple[str, dict[str, str], str] | None:
    """(name, options, body) of a MyST directive (a fence whose info is ``{name} ...``), or None
    for a code block. ``prf:theorem`` is named ``theorem``; options are the leading
    ``:key: value`` lines."""
    info = token.info.strip()
    if not info.startswith("{") or "}" not in info:
        return None
    name = info[1 : info.index("}")].split(":")[-1]
    lines = token.content.splitlines()
    options: dict[str, str] = {}
    while lines and lines[0].startswith(":") and ":" in lines[0][1:]:
        key, _, value = lines.pop(0)[1:].partition(":")
        options[key.strip()] = value.strip()
    return name, options, "\n".join(lines)


def labels_in_markdown(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    """Return ({claim label: where}, [problems]) for one markdown text."""
    labels: dict[str, str] = {}
    problems: list[str] = []

    def add(label: str) -> None:
        if label in labels:
            problems.append(f"label {label!r} appears twice in {where}")
        labels[label] = where

    def walk(markdown: str) -> None:
        for token in MYST.parse(markdown):
            if token.type == "math_block_label":
                add(token.info)
            elif token.type in ("colon_fence", "fence") and (d := _directive(token)):
                name, options, body = d
                label = options.get("label", "")
                if name in THEOREM_LIKE and not label:
                    problems.append(f"a {name} in {where} has no :label:")
                elif name in THEOREM_LIKE or label.startswith(CLAIM_PREFIXES):
                    add(label)
                if name not in NOT_MARKDOWN:
                    walk(body)

    walk(text)
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


class _Recorder:
    """A plugin for an in-process collection: keeps the claim marks it sees."""

    claims: dict[str, list[str]] | None = None

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        self.claims = claim_marks(items)


def collect_claims(tests_dir: Path) -> dict[str, list[str]]:
    """{label: [node ids]} of every ``claim`` mark pytest collects under ``tests_dir``, collected
    in this process by pytest itself."""
    recorder = _Recorder()
    args = ["--collect-only", "-qq", "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts="]
    args += ["--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(tests_dir)]
    code = pytest.main(args, plugins=[recorder])
    if code != pytest.ExitCode.OK or recorder.claims is None:
        pytest.fail(f"collecting {tests_dir} failed ({code!r}), so its claim marks are unknown")
    return recorder.claims


def session_claims(config: pytest.Config) -> dict[str, list[str]]:
    """The claim marks of this session's collection if it saw every test file, else collected."""
    files = {str(p) for p in TESTS.rglob("test_*.py")}
    if files <= config.stash.get(COLLECTED_FILES, set()):
        return config.stash[COLLECTED_CLAIMS]
    return collect_claims(TESTS)


def find_problems(
    labels: dict[str, str], definitions: dict[str, str], claims: dict[str, list[str]]
) -> list[str]:
    """The registry's two rules, as a list of readable problems (empty when all is well)."""
    problems = [f"claim marks without a label: {claims['']}"] if "" in claims else []
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
        if label and label not in labels:
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


def test_every_claim_has_a_test_and_every_test_names_a_live_label(pytestconfig, record_property):
    labels, problems = book_labels()
    claims = session_claims(pytestconfig)
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
    claims = collect_claims(tests)
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
