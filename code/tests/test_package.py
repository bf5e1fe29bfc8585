"""The package as a whole: what every module of ``infoloss`` must respect.

No BLAS (the stored outputs must not depend on the CPU), docstrings whose LaTeX survives (raw
strings, no control characters), and a public API grouped by concept in ``__init__.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import infoloss as il

PACKAGE = Path(il.__file__).parent


# --- the same bits on every CPU --------------------------------------------------------------

BLAS_CALLS = {"dot", "matmul", "vecdot", "inner", "tensordot", "vdot", "linalg"}


def _blas_uses(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult):
            found.append((node.lineno, "@"))
        if isinstance(node, ast.Attribute) and node.attr in BLAS_CALLS:
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if node.attr == "dot" or owner in ("np", "numpy", "scipy"):  # a.dot(b) is BLAS too
                found.append((node.lineno, f"{owner}.{node.attr}"))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("numpy", "scipy")):
            found += [(node.lineno, f"import {a.name}") for a in node.names if a.name in BLAS_CALLS]
    return found


def test_infoloss_never_calls_blas():
    """No ``@``, ``np.dot`` (or ``a.dot``), ``np.matmul``, ``np.vecdot``, ``np.inner``,
    ``np.tensordot`` or ``np.linalg`` anywhere in the package's code or its doctests.

    OpenBLAS picks a different dot kernel on AVX2 and on AVX-512 processors, and their
    summation orders differ in the last bits, so anything computed through BLAS would make the
    book's stored outputs depend on the CPU that executed them. Reductions go through
    ``infoloss._validation.vecdot``/``matmul`` (numpy's einsum), ``np.add.reduce`` or
    ``math.fsum`` instead.
    """
    package = PACKAGE
    found = []
    for path in sorted(package.glob("*.py")):
        source = path.read_text()
        found += [f"{path.name}:{n}: {what}" for n, what in _blas_uses(ast.parse(source))]
        doctest = "\n".join(  # the Examples run as doctests: the same rule
            m.group(2) for m in re.finditer(r"^\s*(>>>|\.\.\.) ?(.*)$", source, re.M)
        )
        try:
            found += [f"{path.name} doctest: {what}" for _, what in _blas_uses(ast.parse(doctest))]
        except SyntaxError:  # doctest lines that only parse with their neighbours: line by line
            for line in doctest.splitlines():
                if re.search(r"(?<![\w.])@(?![\w])|\b(dot|matmul|vecdot|inner|tensordot)\(", line):
                    found.append(f"{path.name} doctest: {line.strip()}")
    assert not found, "BLAS in infoloss (use _validation.vecdot/matmul):\n" + "\n".join(found)


def test_the_blas_check_catches_each_form():
    snippets = [
        "a @ b",
        "np.dot(a, b)",
        "a.dot(b)",
        "np.matmul(a, b)",
        "np.vecdot(a, b)",
        "np.inner(a, b)",
        "np.tensordot(a, b, 1)",
        "np.linalg.norm(a)",
        "from numpy import dot",
        "a @= b",
    ]
    for code in snippets:
        assert _blas_uses(ast.parse(code)), code
    assert not _blas_uses(ast.parse("v.vecdot(a, b, -1) + v.matmul(a, b) + np.einsum('i,i', a, b)"))


# --- docstrings ------------------------------------------------------------------------------


def _docstrings(source: str):
    tree = ast.parse(source)
    for node in [tree, *ast.walk(tree)]:
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(
            node
        ):
            literal = node.body[0].value
            yield getattr(node, "name", "module"), ast.get_source_segment(source, literal)


def test_docstrings_with_a_backslash_are_raw_and_hold_no_control_characters():
    """A ``\\frac`` in a plain string is a form feed and ``rac``; a ``\\top`` a tab and ``op``."""
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for name, literal in _docstrings(path.read_text()):
            text = ast.literal_eval(literal)
            if re.search(r"[\x00-\x08\x0b-\x1f]", text.replace("\t", "\x01")):
                found.append(f"{path.name}: {name} has a control character")
            if "\\" in literal and not literal.lower().startswith(("r'", 'r"')):
                found.append(f"{path.name}: {name} holds a backslash in a non-raw string")
    assert not found, "\n".join(found)


# --- the public API --------------------------------------------------------------------------


def test_every_public_name_is_exported_from_the_module_named_for_its_concept():
    modules = {getattr(il, n).__module__ for n in il.__all__}
    assert all(m.startswith("infoloss.") and not m.split(".")[-1].startswith("_") for m in modules)
    init = (PACKAGE / "__init__.py").read_text()
    groups = re.findall(r"^    # (.+)$", init, re.M)
    assert groups and not any(re.search(r"chapter|\bch\d", g, re.I) for g in groups), groups
    assert sorted(il.__all__) == sorted(set(il.__all__))
