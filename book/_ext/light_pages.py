"""Pages that are light on a phone: nothing the reader does not need, and nothing that moves.

- The theme's ``fontawesome.js`` (1.45 MB, which rewrites every icon in the page's DOM) is
  dropped: pydata-sphinx-theme's own stylesheet already carries Font Awesome's CSS and web
  fonts, so the same ``<i class="fa-...">`` icons show without it.
- The scripts Sphinx and its extensions put in ``<head>`` (search index, copy and toggle
  buttons...) move, in their order, to the end of ``<body>``: the page paints before they
  run, and they still run before the document is ready. (The theme's own inline script, which
  sets the light or dark mode before the first paint, stays.)
- The page's local stylesheets (about fifteen: the theme's and each extension's), in their
  order, are served as one file (``_static/bundle-<hash>.css``, relative ``url()`` references and
  ``@import`` rules resolved): a phone waits for one download before it paints, not fifteen.
- That file keeps only the rules some page can use: once every page is written, npm
  ``purgecss`` (``purge_css.cjs``, run with node) drops each rule whose selector names a class,
  id, tag or attribute found in no built page and no script under ``_static``, and the custom
  properties, ``@keyframes`` and ``@font-face`` rules that nothing left uses (557 KB to 133 KB,
  91 KB to 25 KB gzipped: most of what goes is Font Awesome's icon rules and Bootstrap's unused
  components). Its name is the hash of what is left.
- Every local ``<img>`` gets its intrinsic ``width`` and ``height`` (the layout does not shift
  as images arrive; ``light_pages.css`` keeps them responsive).
- Every page gets a ``<meta name="description">``: its front matter's ``description`` if it
  has one, else its first paragraph (formulas read as plain text), cut at a word near 155
  characters.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
from pathlib import Path

import imagesize
from docutils import nodes

HERE = Path(__file__).resolve().parent
PURGE_CSS = HERE / "purge_css.cjs"
FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
    r"</script>"
)
HEAD_SCRIPT = re.compile(
    r"[ \t]*<script(?![^>]*\b(?:defer|async|data-cfasync)\b)[^>]*>.*?</script>\n?", re.S
)
STYLESHEET = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")(?![^>]*\bmedia=)[^>]*>\n?')
HREF = re.compile(r'\shref="([^"]+)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;""")
IMG = re.compile(r"<img\b[^>]*>")
BUNDLE_NAME = re.compile(r"bundle-[0-9a-f]{12}\.css")
SRC = re.compile(r'\ssrc="([^"]+)"')
DESCRIPTION_CHARS = 155
# A formula in a description: a few TeX commands spelled as their text, the rest dropped.
TEX_WORDS = {r"\|": "‖", r"\mid": "|", r"\log": "log", r"\sum": "Σ", r"\ne": "≠"}


def _tex_as_text(tex: str) -> str:
    for command, text in TEX_WORDS.items():
        tex = tex.replace(command, text)
    tex = re.sub(r"\\(mathrm|operatorname|text|mathbb|mathcal|boldsymbol)\b", "", tex)
    tex = re.sub(r"\\[,;:! ]|\\[A-Za-z]+", " ", tex)
    return re.sub(r"\s+", " ", tex.replace("{", "").replace("}", "")).strip()


def _text(node) -> str:
    if isinstance(node, nodes.math):
        return _tex_as_text(node.astext())
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(_text(child) for child in node.children)


def describe(doctree, metadata) -> str | None:
    """The page's description: front matter ``description``, else its first paragraph."""
    if metadata.get("description"):
        text = str(metadata["description"])
    else:
        for para in doctree.findall(nodes.paragraph):
            if isinstance(para.parent, nodes.section | nodes.document):
                text = _text(para)
                break
        else:
            return None
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > DESCRIPTION_CHARS:
        text = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def add_description(app, pagename, templatename, context, doctree):
    text = describe(doctree, app.env.metadata.get(pagename, {})) if doctree else None
    text = (
        text or f"{app.config.html_title or app.config.project}: {context.get('title', pagename)}"
    )
    meta = f'<meta name="description" content="{html.escape(text, quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + meta


def _sized(tag: str, page: Path) -> str:
    src = SRC.search(tag)
    if " width=" in tag or src is None or ":" in src.group(1):
        return tag
    image = (page.parent / html.unescape(src.group(1)).split("?")[0]).resolve()
    try:
        width, height = imagesize.get(image)
    except (OSError, ValueError):
        return tag
    if width <= 0 or height <= 0:
        return tag
    return f'<img width="{round(width)}" height="{round(height)}"' + tag[len("<img") :]


def _scripts_to_body_end(text: str) -> str:
    head_end = text.find("</head>")
    body_end = text.rfind("</body>")
    if head_end < 0 or body_end < 0:
        return text
    head = text[:head_end]
    moved = HEAD_SCRIPT.findall(head)
    if not moved:
        return text
    rest = text[head_end:body_end]
    return HEAD_SCRIPT.sub("", head) + rest + "".join(moved) + text[body_end:]


def _css_for_bundle(css_file: Path, bundle_dir: Path) -> str:
    """One stylesheet's text with its imports inlined and its urls relative to ``bundle_dir``."""
    text = css_file.read_text(encoding="utf-8")

    def inline_file(target):
        return _css_for_bundle((css_file.parent / target).resolve(), bundle_dir)

    def rebase(match):
        quote, target = match.groups()
        if re.match(r"^(data:|[a-z]+:|/|#)", target):
            return match.group(0)
        path, _, query = target.partition("?")
        moved = os.path.relpath((css_file.parent / path).resolve(), bundle_dir)
        return f"url({quote}{moved}{'?' + query if query else ''}{quote})"

    # Rebase this file's own urls first: an imported file's text comes rebased already.
    parts = CSS_IMPORT.split(CSS_URL.sub(rebase, text))
    text = "".join(inline_file(part) if i % 2 else part for i, part in enumerate(parts))
    return re.sub(r"@charset\s+[^;]+;", "", text)


def _bundle_stylesheets(text: str, page: Path, static: Path, written: dict) -> str:
    head_end = text.find("</head>")
    links = [m for m in STYLESHEET.finditer(text, 0, head_end)]
    files = []
    for link in links:
        href = HREF.search(link.group(0))
        if href is None or ":" in href.group(1):
            return text
        files.append((page.parent / html.unescape(href.group(1)).split("?")[0]).resolve())
    if len(files) < 2 or not all(f.is_file() for f in files):
        return text
    key = tuple(files)
    if key not in written:
        css = "\n".join(
            f"/* {f.relative_to(static.parent)} */\n" + _css_for_bundle(f, static) for f in files
        )
        name = f"bundle-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        (static / name).write_text(css, encoding="utf-8")
        written[key] = static / name
    href = os.path.relpath(written[key], page.parent)
    first = links[0]
    out = text[: first.start()] + f'<link rel="stylesheet" href="{href}" />\n'
    last = first.end()
    for link in links[1:]:
        out += text[last : link.start()]
        last = link.end()
    return out + text[last:]


def _purge(out: Path, bundles: list[Path]) -> None:
    """Each bundle without the rules no page uses, renamed by its new hash in every page."""
    root = HERE.parents[1]
    env = dict(os.environ, NODE_PATH=str(root / "node_modules"))
    command = ["node", str(PURGE_CSS), str(out), *map(str, bundles)]
    if subprocess.run(command, cwd=root, env=env).returncode != 0:
        raise RuntimeError(f"{PURGE_CSS.name} failed (is `npm ci` done?)")
    renamed = {}
    for bundle in bundles:
        digest = hashlib.sha256(bundle.read_bytes()).hexdigest()[:12]
        renamed[bundle.name] = bundle.rename(bundle.with_name(f"bundle-{digest}.css")).name
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = BUNDLE_NAME.sub(lambda m: renamed.get(m.group(0), m.group(0)), text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def lighten(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    bundles: dict = {}
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _scripts_to_body_end(FONTAWESOME_JS.sub("", text))
        new = _bundle_stylesheets(new, page, out / "_static", bundles)
        new = IMG.sub(lambda m, page=page: _sized(m.group(0), page), new)
        if new != text:
            page.write_text(new, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)
    if bundles:  # after fontawesome.js is gone: it names every icon
        _purge(out, list(bundles.values()))


def setup(app):
    app.connect("html-page-context", add_description)
    # After the theme's own build-finished step, which rewrites pygments.css.
    app.connect("build-finished", lighten, priority=900)
    app.add_css_file("light_pages.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
