"""Labels in the book that are pure definitions, with why: exempt from needing a claim test.

Every other ``eq-``/``thm-`` label in ``book/*.md`` and ``notebooks/*.ipynb`` states a fact about
numbers, and a test marked ``@pytest.mark.claim("<label>")`` must check it numerically.
"""

DEFINITIONS: dict[str, str] = {
    "eq-surprisal": "defines the surprisal -log p(x)",
    "eq-entropy": "defines the Shannon entropy H(p)",
}
