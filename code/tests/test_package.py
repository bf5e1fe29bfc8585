"""The package as a whole: what every module of ``infoloss`` must respect.

Modules that share only public names, docstrings whose LaTeX survives (raw strings, no control
characters), and a public API grouped by concept in ``__init__.py``.
"""

import ast
import re
from pathlib import Path

import infoloss as il

MODULES = sorted(Path(il.__file__).parent.glob("*.py"))
DOCUMENTED = (ast.Module, ast.FunctionDef, ast.ClassDef)


def test_no_private_name_is_imported_across_modules():
    """Modules share public names only; ``_validation`` (argument checks) is the one private
    module every helper imports."""
    found = [
        f"{path.name}: from {node.module} import {alias.name}"
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("infoloss")
        for alias in node.names
        if (alias.name.startswith("_") and alias.name != "_validation") or "._" in node.module
    ]
    assert not found, "\n".join(found)


def test_docstrings_with_a_backslash_are_raw_and_hold_no_control_characters():
    """A ``\\frac`` in a plain string is a form feed and ``rac``; a ``\\top`` a tab and ``op``."""
    found = []
    for path in MODULES:
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, DOCUMENTED) and ast.get_docstring(node):
                literal = ast.get_source_segment(source, node.body[0].value)
                control = re.search(r"[\x00-\x09\x0b-\x1f]", ast.literal_eval(literal))
                if control or ("\\" in literal and not literal.lower().startswith(("r'", 'r"'))):
                    found.append(f"{path.name}: {getattr(node, 'name', 'module')}")
    assert not found, f"a control character or a backslash in a non-raw docstring: {found}"


def test_every_public_name_is_exported_once_from_the_module_named_for_its_concept():
    modules = {getattr(il, n).__module__ for n in il.__all__}
    assert all(m.startswith("infoloss.") and not m.split(".")[-1].startswith("_") for m in modules)
    groups = re.findall(r"^    # (.+)$", Path(il.__file__).read_text(), re.M)
    assert groups and not any(re.search(r"chapter|\bch\d", g, re.I) for g in groups), groups
    assert sorted(il.__all__) == sorted(set(il.__all__))
