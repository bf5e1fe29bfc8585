"""The repository says how it may be reused and cited: licence files, CITATION.cff valid per
the Citation File Format 1.2.0 schema (``data/cff-1.2.0-schema.json``, the schema file of
citation-file-format 1.2.0 as cffconvert 2.0.0 ships it, CC BY 4.0), and the same licences on
the site's footer, the README and the bibliography page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((Path(__file__).parent / "data" / "cff-1.2.0-schema.json").read_text("utf-8"))


def cff_errors(cff: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return sorted(f"{list(e.path)}: {e.message}" for e in validator.iter_errors(cff))


def test_citation_cff_is_valid_cff_1_2_0():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff_errors(cff) == []
    assert set(cff["license"]) == {"CC-BY-4.0", "MIT"}


@pytest.mark.parametrize(
    "fault, expected",
    [
        (lambda c: c.pop("authors"), "'authors' is a required property"),
        (lambda c: c.update(license="MIT-ish"), "is not valid under any of the given schemas"),
        (lambda c: c.update({"date-released": "yesterday"}), "does not match"),
    ],
)
def test_schema_rejects_a_broken_citation(fault, expected):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    fault(cff)
    errors = cff_errors(cff)
    assert any(expected in e for e in errors), errors


def test_licence_files_say_what_they_cover():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    text = (ROOT / "LICENSE-CC-BY-4.0").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "LICENSE-CC-BY-4.0" in code
    assert "Creative Commons Attribution 4.0 International Public License" in text
    assert "Section 8 -- Interpretation." in text  # the whole legal code, not a summary


def test_readme_footer_and_bibliography_state_the_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    footer = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]
    bibliography = (ROOT / "book" / "bibliography.md").read_text(encoding="utf-8")
    for where, text in [("README", readme), ("footer", footer["extra_footer"])]:
        assert "CC BY 4.0" in text and "MIT" in text, where
    assert "## How to cite this book" in bibliography and "CITATION.cff" in bibliography
