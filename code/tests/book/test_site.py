"""The built site, checked as a reader sees it, in a real browser (Debian's chromium, Playwright).

Run by ``make site-test`` after ``make book``. For every page in ``_toc.yml``: no console error, no
request to any host but the local server, every maths block drawn (as SVG, when the site was
built: book/_ext/math_svg.py) with no TeX error,
every image loaded (notebook figures opaque, for the dark theme), every internal link and anchor
resolving, nothing wider than a 390 px phone screen, no WCAG 2 A/AA violation that axe-core finds
in the light or the dark theme, and screenshots in ``_build/screenshots/``
(full page; ``phone/``: the first screen on a phone). A downloaded copy must show its maths
from ``file://`` too, and every page must show it with JavaScript disabled. Then the
planted-fault tests prove each check can fail: a copy of the
site with one page broken in one way must be reported for exactly that fault.

Without chromium the tests are skipped with a loud reason; with ``REQUIRE_BROWSER=1`` they fail.
``SITE_HTML_DIR`` points them at another build (default ``_build/html``); ``SITE_SCREENSHOT_DIR``
moves the screenshots (default: ``screenshots`` next to the html folder); ``CHROMIUM`` names the
browser binary (default: ``chromium`` on the PATH, or ``/usr/bin/chromium``).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "book" / "_ext"))
import math_svg  # noqa: E402 - the site's own renderer (book/_ext), to plant TeX errors

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
HTML_DIR = Path(os.environ.get("SITE_HTML_DIR", ROOT / "_build" / "html")).resolve()
SHOT_DIR = Path(os.environ.get("SITE_SCREENSHOT_DIR", HTML_DIR.parent / "screenshots"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Raw TeX that must not survive typesetting (outside code blocks).
RAW_TEX = re.compile(r"\$\$|\\begin\{|\\\(|\\\)|\\\[|\\\]")
# axe-core from npm (package.json; `make book` installs it), injected into each page.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa"]
PHONE = {"width": 390, "height": 844}


def toc_pages(toc_file: Path = ROOT / "_toc.yml") -> list[str]:
    """Every document of the table of contents, root first, as paths without suffix."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return [str(Path(p).with_suffix("")) for p in pages]


PAGES = toc_pages()
# Pages Sphinx adds beside the table of contents; a reader reaches them from every page.
GENERATED_PAGES = ["search", "genindex"]


def find_chromium() -> str | None:
    """Debian's chromium, or only the path in $CHROMIUM when that is set."""
    if "CHROMIUM" in os.environ:
        candidates = [os.environ["CHROMIUM"]]
    else:
        candidates = [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def no_browser(reason: str):
    message = f"\n{'!' * 78}\nBROWSER TESTS NOT RUN: {reason}\n{'!' * 78}"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + "\n(REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(message + "\n(install Debian's chromium, or set REQUIRE_BROWSER=1 to fail)")


# --- the local server and the browser ------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class LocalSite:
    """Serve one html folder on 127.0.0.1 (a free port) until ``close()``."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        handler = functools.partial(_QuietHandler, directory=str(self.directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser_context():
    """One chromium for the module; every request leaving 127.0.0.1 is recorded, then aborted."""
    chromium = find_chromium()
    if chromium is None:
        no_browser("Debian's chromium was not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is pinned in requirements.txt
        no_browser(f"playwright is not importable ({exc})")
    profile = tempfile.mkdtemp(prefix="site-test-profile-")
    external: list[str] = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,  # never a browser downloaded by playwright
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )

        def gatekeeper(route):
            url = route.request.url
            parts = urlsplit(url)
            if parts.hostname == "127.0.0.1" or parts.scheme == "file":
                route.continue_()
            else:
                external.append(url)
                route.abort()

        context.route("**/*", gatekeeper)
        context.external_requests = external
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site():
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(f"no built site at {HTML_DIR}: run `make book` first", pytrace=False)
    served = LocalSite(HTML_DIR)
    yield served
    served.close()


# --- checking one page -----------------------------------------------------------------------


@dataclass
class PageReport:
    page: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    external_resources: list[str] = field(default_factory=list)
    math_elements: int = 0
    math_untypeset: list[str] = field(default_factory=list)
    math_errors: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    transparent_figures: list[str] = field(default_factory=list)
    links_checked: int = 0
    dead_links: list[str] = field(default_factory=list)
    phone_overflow: list[str] = field(default_factory=list)
    a11y_violations: list[str] = field(default_factory=list)
    screenshot: Path | None = None

    def problems(self) -> dict[str, list[str]]:
        names = [
            "console_errors",
            "failed_requests",
            "external_requests",
            "external_resources",
            "math_untypeset",
            "math_errors",
            "raw_tex",
            "broken_images",
            "transparent_figures",
            "dead_links",
            "phone_overflow",
            "a11y_violations",
        ]
        return {name: getattr(self, name) for name in names if getattr(self, name)}


_INSPECT = r"""() => {
  const local = (u) => { try { return new URL(u, location.href).hostname === '127.0.0.1'; }
                         catch (e) { return true; } };
  const math = Array.from(document.querySelectorAll('.math'));
  const untypeset = math.filter(m => !m.querySelector('mjx-container') &&
                                     !m.closest('mjx-container'))
                        .map(m => m.textContent.trim().slice(0, 80));
  // TeX errors: parse errors become <merror>; unknown macros (MathJax's noundefined) red text.
  const errors = Array.from(document.querySelectorAll('mjx-assistive-mml merror'))
                      .map(e => e.getAttribute('data-mjx-error') || e.textContent)
                      .concat(Array.from(document.querySelectorAll('mjx-assistive-mml mtext'))
                              .filter(t => t.getAttribute('mathcolor') === 'red' &&
                                           t.textContent.startsWith('\\'))
                              .map(t => 'undefined macro ' + t.textContent));
  const skip = new Set(['PRE', 'CODE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'MJX-CONTAINER']);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let el = node.parentElement; el; el = el.parentElement) {
        if (skip.has(el.tagName.toUpperCase())) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }});
  while (walker.nextNode()) texts.push(walker.currentNode.textContent.replace(/\s+/g, ' '));
  const loading = ['stylesheet', 'preload', 'prefetch', 'preconnect', 'dns-prefetch', 'icon',
                   'manifest', 'modulepreload'];
  const resources = [];
  document.querySelectorAll('[src]').forEach(el => {
    const src = el.getAttribute('src');
    if (src && !src.startsWith('data:') && !local(src)) resources.push(el.tagName + ' ' + src);
  });
  document.querySelectorAll('link[href]').forEach(el => {
    const rels = (el.getAttribute('rel') || '').toLowerCase().split(/\s+/);
    if (rels.some(r => loading.includes(r)) && !local(el.href)) {
      resources.push('LINK ' + el.getAttribute('href'));
    }
  });
  // A notebook figure must be opaque: a transparent one shows black text on the dark theme.
  const opaque = (img) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const w = c.width - 1, h = c.height - 1;
    const corners = [[0, 0], [w, 0], [0, h], [w, h]];
    try {
      return corners.every(([x, y]) => g.getImageData(x, y, 1, 1).data[3] === 255);
    } catch (e) {
      return true;  // a file:// page taints the canvas; the served site never does
    }
  };
  const images = Array.from(document.images).map(img => {
    const ok = img.complete && img.naturalWidth > 0;
    const figure = ok && img.closest('.cell_output') !== null;
    return {src: img.getAttribute('src'), ok, transparent: figure && !opaque(img)};
  });
  const links = Array.from(document.querySelectorAll('a[href]'))
                     .map(a => ({raw: a.getAttribute('href'), href: a.href}));
  return {count: math.length, untypeset, errors, text: texts.join(' '), resources, images, links};
}"""

_LOAD_ALL_IMAGES = """async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(img => { img.loading = 'eager'; });
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(r => {
    img.addEventListener('load', r); img.addEventListener('error', r);
    setTimeout(r, 5000); })));
}"""


_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => v.id + ' (' + v.nodes.length + '): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""

# The theme's buttons fade their colours (CSS transitions of 0.15 s): axe must read the colours
# after every transition the switch started has ended, or it measures a colour halfway.
_SET_THEME = """async (mode) => {
  document.documentElement.dataset.theme = mode;
  document.documentElement.dataset.mode = mode;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}"""


def axe_violations(tab) -> list[str]:
    """WCAG 2 A/AA violations that axe-core finds on the open page, in the light and dark theme."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `npm ci` (`make book` does)"
    tab.add_script_tag(path=str(AXE_JS))
    found = []
    for mode in ("light", "dark"):
        tab.evaluate(_SET_THEME, mode)
        found += [f"{mode}: {v}" for v in tab.evaluate(_AXE_RUN, AXE_TAGS)]
    return found


_PHONE_LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const images = Array.from(document.querySelectorAll('#main-content img'))
                      .filter(img => img.getBoundingClientRect().right > width + 1)
                      .map(img => img.getAttribute('src'));
  return {width, scrollWidth: document.documentElement.scrollWidth, images};
}"""


@functools.cache
def _ids_in(html_file: Path) -> frozenset[str]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def resolve_link(html_dir: Path, origin: str, href: str) -> str | None:
    """None if an internal link resolves (file exists, anchor present); else what is wrong."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None  # external or javascript:/mailto: -- a link, never fetched by the page
    target = html_dir / unquote(parts.path).lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"{href}: no file {target.relative_to(html_dir)}"
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html" and anchor not in _ids_in(target):
        return f"{href}: no element with id '{anchor}' in {target.relative_to(html_dir)}"
    return None


def check_page(
    context, served: LocalSite, page: str, shot_dir: Path | None = None, axe: bool = True
) -> PageReport:
    """Load one page and report every problem a reader would meet on it (``axe``: also the
    accessibility scan, which the planted-fault pages other than its own do not need)."""
    report = PageReport(page)
    external = context.external_requests
    seen = len(external)
    tab = context.new_page()
    tab.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
    tab.on("pageerror", lambda e: report.console_errors.append(f"uncaught: {e}"))
    tab.on(
        "requestfailed",
        lambda r: (
            urlsplit(r.url).hostname == "127.0.0.1"
            and report.failed_requests.append(f"{r.url} ({r.failure})")
        ),
    )
    tab.on(
        "response",
        lambda r: r.status >= 400 and report.failed_requests.append(f"{r.url} (HTTP {r.status})"),
    )
    try:
        tab.goto(f"{served.origin}/{page}.html", wait_until="load")
        tab.evaluate(_LOAD_ALL_IMAGES)
        tab.wait_for_load_state("networkidle", timeout=15_000)
        found = tab.evaluate(_INSPECT)
        if shot_dir is not None:
            report.screenshot = shot_dir / f"{page}.png"
            report.screenshot.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(report.screenshot), full_page=True)
        if axe:
            report.a11y_violations = axe_violations(tab)
        # The same page on a phone: nothing may scroll sideways, every figure must fit.
        tab.set_viewport_size(PHONE)
        tab.wait_for_timeout(100)
        phone = tab.evaluate(_PHONE_LAYOUT)
        if shot_dir is not None:
            phone_shot = shot_dir / "phone" / f"{page}.png"
            phone_shot.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(phone_shot))  # the first screen, as a phone shows it
    finally:
        tab.close()
    report.external_requests = list(external[seen:])
    report.external_resources = found["resources"]
    report.math_elements = found["count"]
    report.math_untypeset = found["untypeset"]
    report.math_errors = found["errors"]
    report.raw_tex = [
        found["text"][max(0, m.start() - 30) : m.end() + 30]
        for m in RAW_TEX.finditer(found["text"])
    ]
    report.images = len(found["images"])
    report.broken_images = [img["src"] for img in found["images"] if not img["ok"]]
    report.transparent_figures = [img["src"] for img in found["images"] if img["transparent"]]
    if phone["scrollWidth"] > phone["width"]:
        report.phone_overflow.append(f"page is {phone['scrollWidth']} px wide on a 390 px screen")
    report.phone_overflow += [f"figure wider than a phone: {src}" for src in phone["images"]]
    report.links_checked = len(found["links"])
    for link in found["links"]:
        problem = resolve_link(served.directory, served.origin, link["href"])
        if problem:
            report.dead_links.append(problem)
    return report


# --- the site as built -----------------------------------------------------------------------


def test_toc_has_pages_and_every_page_was_built():
    assert len(PAGES) >= 2 and PAGES[0] == "book/intro"
    missing = [p for p in PAGES if not (HTML_DIR / f"{p}.html").is_file()]
    assert not missing, f"pages of _toc.yml missing from {HTML_DIR}: {missing}"


@pytest.mark.parametrize("page", PAGES + GENERATED_PAGES)
def test_page_reads_offline_with_typeset_maths_images_and_links(browser_context, site, page):
    report = check_page(browser_context, site, page, SHOT_DIR)
    assert report.screenshot is not None and report.screenshot.stat().st_size > 10_000
    assert report.links_checked > 0  # the page has at least its navigation
    assert not report.problems(), f"{page}: {report.problems()}"


def _pages_with_maths() -> list[str]:
    return [p for p in PAGES if 'class="math' in (HTML_DIR / f"{p}.html").read_text("utf-8")]


def test_a_downloaded_copy_reads_from_disk_with_typeset_maths(browser_context):
    """Opened as file://, with no server at all, a chapter still shows every formula."""
    pages = _pages_with_maths()
    assert pages, "no page of the book has maths"
    notebooks = [p for p in pages if p.startswith("notebooks/")]
    for page in [pages[0], *notebooks[:1]]:
        errors: list[str] = []
        tab = browser_context.new_page()
        tab.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        tab.on("requestfailed", lambda r, errors=errors: errors.append(f"failed: {r.url}"))
        try:
            tab.goto((HTML_DIR / f"{page}.html").as_uri(), wait_until="load")
            found = tab.evaluate(_INSPECT)
        finally:
            tab.close()
        assert found["count"] > 0 and not found["untypeset"], f"{page}: {found['untypeset']}"
        assert not found["errors"] and not errors, f"{page}: {found['errors']} {errors}"


_DRAWN_MATHS = r"""() => {
  const math = Array.from(document.querySelectorAll('.math'));
  const drawn = math.filter(m => {
    const svg = m.querySelector('mjx-container > svg');
    if (!svg) return false;
    // Folded away (a closed <details>) or not shown at this width (the page's contents box).
    if (m.closest('details:not([open])') || !m.checkVisibility()) return true;
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
  // The text a reader sees outside code and formulas (no TreeWalker filter: scripts are off).
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, textarea, mjx-container')
      .forEach(e => e.remove());
  return {count: math.length, drawn: drawn.length, text: copy.textContent.replace(/\s+/g, ' '),
          errors: document.querySelectorAll('mjx-assistive-mml merror').length,
          scripts: Array.from(document.scripts).map(s => s.src).filter(s => /mathjax/i.test(s))};
}"""


def test_every_page_shows_its_maths_with_javascript_disabled(browser_context, site):
    """The maths is drawn when the site is built: with scripts off, every formula is an SVG
    of non-zero size on the page, no raw TeX shows, and no page loads MathJax at all."""
    pages = _pages_with_maths()
    assert len(pages) >= 5, pages
    for page in pages:
        tab = browser_context.new_page()
        cdp = browser_context.new_cdp_session(tab)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            tab.goto(f"{site.origin}/{page}.html", wait_until="load")
            script_ran = tab.evaluate("() => document.documentElement.dataset.mode")
            drawn = tab.evaluate(_DRAWN_MATHS)
        finally:
            tab.close()
        assert not script_ran, f"{page}: the page's own scripts ran (mode {script_ran!r})"
        assert drawn["count"] > 0 and drawn["drawn"] == drawn["count"], f"{page}: {drawn}"
        assert drawn["scripts"] == [], f"{page}: {drawn['scripts']}"
        raw = [
            drawn["text"][max(0, m.start() - 30) : m.end() + 30]
            for m in RAW_TEX.finditer(drawn["text"])
        ]
        assert not raw and drawn["errors"] == 0, f"{page}: {raw} {drawn['errors']} TeX errors"


def test_search_page_finds_entropy(browser_context, site):
    tab = browser_context.new_page()
    try:
        tab.goto(f"{site.origin}/search.html?q=entropy", wait_until="load")
        # Sphinx lists results one by one, then writes "Search finished, found N page(s) ...".
        summary = tab.wait_for_selector("#search-results p.search-summary", timeout=20_000)
        tab.wait_for_function(
            "document.querySelector('#search-results p.search-summary')"
            ".textContent.includes('finished')",
            timeout=20_000,
        )
        found = re.search(r"found (\d+) page", summary.inner_text())
        results = tab.locator("#search-results ul.search li").all_inner_texts()
    finally:
        tab.close()
    assert found and int(found.group(1)) == len(results) > 0, (found, len(results))
    titles = [r.splitlines()[0].lower() for r in results]
    assert any("entropy" in t for t in titles), titles  # a page titled with the word itself


# --- planted faults: each check must be able to fail -----------------------------------------


@pytest.fixture(scope="module")
def faulty_site(tmp_path_factory, site):
    """A copy of the built site plus one page per planted fault, beside the page it copies."""
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(f"no built site at {HTML_DIR}: run `make book` first", pytrace=False)
    copy = tmp_path_factory.mktemp("faulty") / "html"
    shutil.copytree(HTML_DIR, copy, ignore=shutil.ignore_patterns("_sources"))
    shutil.copytree(HTML_DIR / "_sources", copy / "_sources")
    with_math = _pages_with_maths()
    assert with_math, "no page of the book has maths to plant a fault in"
    base = with_math[0]
    html = (HTML_DIR / f"{base}.html").read_text(encoding="utf-8")
    folder = Path(base).parent
    body_end = "</article>" if "</article>" in html else "</body>"

    def plant(name: str, text: str) -> str:
        (copy / folder / f"{name}.html").write_text(text, encoding="utf-8")
        return str(folder / name)

    Image.new("RGBA", (64, 48), (0, 0, 0, 0)).save(copy / folder / "planted-clear.png")
    drawn = re.compile(r"<mjx-container.*?</mjx-container>", re.S)
    assert drawn.search(html), f"{base}.html has no formula drawn at build time"
    bad_fraction = math_svg.RENDERER.render(r"\frac{1}", False)[0]
    bad_macro = math_svg.RENDERER.render(r"\nosuchmacro", False)[0]
    pages = {
        "control": plant("planted_control", html),
        # Formulas left as TeX, as if the build had not drawn them.
        "maths": plant("planted_maths", drawn.sub(r"\\(x^2\\)", html)),
        # Formulas drawn with TeX errors (the build refuses them; a page must show them too).
        "tex_error": plant(
            "planted_tex_error",
            html.replace(
                body_end,
                f'<p><span class="math">{bad_fraction}</span>'
                f'<span class="math">{bad_macro}</span></p>' + body_end,
                1,
            ),
        ),
        "image": plant(
            "planted_image",
            html.replace(body_end, '<img src="images/no-such-figure.png" alt="x">' + body_end, 1),
        ),
        "wide": plant(
            "planted_wide",
            html.replace(
                body_end,
                '<img src="planted-clear.png" alt="wide" style="width: 900px; max-width: none">'
                + body_end,
                1,
            ),
        ),
        "transparent": plant(
            "planted_transparent",
            html.replace(
                body_end,
                '<div class="cell_output"><img src="planted-clear.png" alt="clear"></div>'
                + body_end,
                1,
            ),
        ),
        "xref": plant(
            "planted_xref",
            html.replace(
                body_end,
                f'<a href="{Path(base).name}.html#no-such-equation">eq</a>'
                '<a href="no-such-chapter.html">chapter</a>' + body_end,
                1,
            ),
        ),
        "a11y": plant(
            "planted_a11y",
            html.replace(
                body_end,
                '<p style="color: #b0b0b0; background: #ffffff">faint text</p>'
                '<img src="planted-clear.png">' + body_end,
                1,
            ),
        ),
        "cdn": plant(
            "planted_cdn",
            html.replace(
                "</head>",
                '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>'
                "</head>",
                1,
            ),
        ),
    }
    served = LocalSite(copy)
    yield served, pages
    served.close()


def test_planted_control_page_is_clean(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["control"])
    assert report.math_elements > 0
    assert not report.problems(), report.problems()


def test_planted_undrawn_maths_is_reported_as_untypeset_maths(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["maths"], axe=False)
    assert report.math_elements > 0
    assert len(report.math_untypeset) == report.math_elements
    assert report.raw_tex, "raw \\( ... \\) should be visible when the maths is not drawn"


def test_planted_tex_error_is_reported(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["tex_error"], axe=False)
    assert report.math_errors == ["Missing argument for \\frac", "undefined macro \\nosuchmacro"]


def test_planted_broken_image_is_reported(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["image"], axe=False)
    assert report.broken_images == ["images/no-such-figure.png"]
    assert any("no-such-figure.png" in r for r in report.failed_requests)


def test_planted_transparent_figure_is_reported(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["transparent"], axe=False)
    assert report.transparent_figures == ["planted-clear.png"]
    assert not report.broken_images


def test_planted_figure_wider_than_a_phone_is_reported(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["wide"], axe=False)
    assert "figure wider than a phone: planted-clear.png" in report.phone_overflow
    assert any(r.startswith("page is ") for r in report.phone_overflow), report.phone_overflow


def test_planted_dead_cross_references_are_reported(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["xref"], axe=False)
    dead = " ".join(report.dead_links)
    assert len(report.dead_links) == 2, report.dead_links
    assert "no-such-equation" in dead and "no-such-chapter.html" in dead


def test_planted_cdn_script_is_reported_and_never_fetched(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["cdn"], axe=False)
    assert report.external_resources == [
        "SCRIPT https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"
    ]
    assert report.external_requests == ["https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"]


def test_planted_accessibility_faults_are_reported(browser_context, faulty_site):
    served, pages = faulty_site
    report = check_page(browser_context, served, pages["a11y"])
    found = " ".join(report.a11y_violations)
    assert "light: color-contrast (1)" in found, report.a11y_violations
    assert "light: image-alt (1)" in found and "dark: image-alt (1)" in found, found
