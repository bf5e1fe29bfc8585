"""The package as a whole: what every module of ``infoloss`` must respect.

Modules that share only public names, docstrings whose LaTeX survives (raw strings, no control
characters), and a public API grouped by concept in ``__init__.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import infoloss as il

PACKAGE = Path(il.__file__).parent


# --- modules ---------------------------------------------------------------------------------


def test_no_private_name_is_imported_across_modules():
    """Modules share public names only; ``_validation`` (argument checks) is the one private
    module every helper imports."""
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("infoloss"):
                for alias in node.names:
                    private = alias.name.startswith("_") and alias.name != "_validation"
                    if private or "._" in (node.module or ""):
                        found.append(f"{path.name}: from {node.module} import {alias.name}")
    assert not found, "\n".join(found)


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
