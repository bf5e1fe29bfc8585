"""Maths rendered when the site is built: MathJax 3 (npm ``mathjax-full``) turns each formula
into SVG with its MathML beside it for assistive technology, so a page shows its equations
with no script at all (and reads the same from ``file://`` or with JavaScript off).

An HTML math renderer (``html_math_renderer = "math_svg"``): Sphinx still numbers the
equations and resolves ``{eq}`` references; only the drawing of each formula changes. One node
process (``tex2svg.cjs``) serves the whole build. A TeX error or an undefined macro is a
build warning (so an error with ``--warningiserror``) at the formula's source line.

Each formula is drawn with its own glyph definitions (MathJax's "local" font cache); once the
pages are written, the glyphs a page uses are defined once, in one hidden ``<svg>`` at the top
of its body, and every formula points to those (a third of the page's bytes on a long
chapter, the same picture).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "tex2svg.cjs"
CSS_NAME = "mathjax-svg.css"


class _Renderer:
    """One ``node tex2svg.cjs`` per build process, fed one formula per line."""

    def __init__(self):
        self.proc = None
        self.pid = None

    def _start(self):
        root = HERE.parents[1]
        env = dict(os.environ, NODE_PATH=str(root / "node_modules"))
        self.proc = subprocess.Popen(
            ["node", str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=root,
            env=env,
        )
        self.pid = os.getpid()
        atexit.register(self.close)

    def render(self, tex: str, display: bool) -> tuple[str, list[str]]:
        if self.proc is None or self.pid != os.getpid():
            self._start()
        self.proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{SCRIPT.name} stopped (is `npm ci` done?)")
        answer = json.loads(line)
        return answer["html"], list(dict.fromkeys(answer["errors"]))

    def close(self):
        if self.proc is not None and self.pid == os.getpid():
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc = None


RENDERER = _Renderer()


def render(tex: str, display: bool, node=None) -> str:
    """The SVG of one formula; a TeX error is logged as a warning at ``node``."""
    html, errors = RENDERER.render(tex, display)
    for error in errors:
        logger.warning("TeX error in %r: %s", tex[:60], error, location=node)
    return html


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(render(node.astext(), False, node) + "</span>")
    raise nodes.SkipNode


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display block, assembled exactly as Sphinx's MathJax renderer does."""
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(parts) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}\end{align}"
    return parts[0] if parts else ""


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node["nowrap"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # A wide formula scrolls sideways: keyboard users must be able to focus it (WCAG 2.1.1).
    html = render(display_tex(node), True, node).replace(
        "<mjx-container ", '<mjx-container tabindex="0" ', 1
    )
    self.body.append(html + "</div>\n")
    raise nodes.SkipNode


LOCAL_GLYPH = re.compile(r'<path id="MJX-\d+-(TEX-[A-Z0-9-]+)" d="([^"]*)"></path>')
GLYPH_USE = re.compile(r'xlink:href="#MJX-\d+-(TEX-[A-Z0-9-]+)"')
EMPTY_DEFS = "<defs></defs>"


def share_glyphs(text: str) -> str:
    """One definition per glyph on the page, in a hidden SVG after ``<body ...>``."""
    glyphs: dict[str, set[str]] = {}
    for key, path in LOCAL_GLYPH.findall(text):
        glyphs.setdefault(key, set()).add(path)
    shared = {key: paths.pop() for key, paths in glyphs.items() if len(paths) == 1}
    if not shared:
        return text

    def drop(match):
        return "" if match.group(1) in shared else match.group(0)

    def point(match):
        key = match.group(1)
        return f'xlink:href="#MJX-{key}"' if key in shared else match.group(0)

    text = GLYPH_USE.sub(point, LOCAL_GLYPH.sub(drop, text)).replace(EMPTY_DEFS, "")
    defs = "".join(f'<path id="MJX-{key}" d="{path}"></path>' for key, path in shared.items())
    cache = (
        '<svg id="MJX-SVG-global-cache" xmlns="http://www.w3.org/2000/svg" '
        f'style="display: none" aria-hidden="true"><defs>{defs}</defs></svg>'
    )
    body = re.search(r"<body\b[^>]*>", text)
    return text[: body.end()] + cache + text[body.end() :] if body else text


def write_css(app, exception):
    if exception is None and app.builder.format == "html":
        css = subprocess.run(
            ["node", str(SCRIPT), "--css"],
            check=True,
            capture_output=True,
            text=True,
            cwd=HERE.parents[1],
        ).stdout
        static = Path(app.outdir) / "_static"
        static.mkdir(exist_ok=True)
        (static / CSS_NAME).write_text(css, encoding="utf-8")
        for page in Path(app.outdir).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if "<mjx-container" in text:
                page.write_text(share_glyphs(text), encoding="utf-8")
    RENDERER.close()


def setup(app):
    app.add_html_math_renderer("math_svg", (visit_math, None), (visit_displaymath, None))
    app.add_css_file(CSS_NAME)
    app.connect("build-finished", write_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
