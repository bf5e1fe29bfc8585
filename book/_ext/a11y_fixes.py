"""Accessibility fixes of the HTML that docutils and the theme generate (WCAG 2 A/AA, axe-core).

- Citations: docutils marks each bibliography entry ``role="doc-biblioentry"`` inside a
  ``role="list"``; ARIA 1.3 deprecates that role, and a list's children must be list items.
  Each entry becomes ``role="listitem"``.
- Link contrast inside exercise and solution boxes: ``book/_static/a11y.css``.
"""

from __future__ import annotations


def _citations_as_list_items(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _citations_as_list_items)
    app.add_css_file("a11y.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
