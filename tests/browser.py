"""Real-browser helpers: Debian's Chromium driven by Playwright, and a static server that
sends the same headers as netlify.toml, so pages are tested as they are published.

Pages are laid out with a known font forced on every family through fontconfig: by default
Noto Sans (Debian's fonts-noto-core, the fonts Android phones carry), and, for the reflow checks,
also a wider fallback (DejaVu Sans, fonts-dejavu-core) standing for a phone that has none of the
theme's families. So a layout measured here is the same on any machine.

Without Chromium, Playwright or those fonts the browser tests skip with the reason; in CI
(CI=true), where .ci/run installs them, they fail instead.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import threading
import tomllib
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote_plus

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "tests/js/node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Added to a page or context before it loads; `csp_violations(page)` reads what the policy blocked
# on the page shown now, `watch_csp_violations(context)` everything blocked in the context.
RECORD_CSP_VIOLATIONS = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => {"
    " const seen = e.violatedDirective + ' ' + e.blockedURI; window.__csp.push(seen);"
    " if (window.__cspSeen) window.__cspSeen(seen); });"
)


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def watch_csp_violations(context) -> list[str]:
    """A list that fills as the context's pages record violations; unlike `csp_violations`, it can
    be read after the page navigated away (a sign-in sending the officer to another server)."""
    seen: list[str] = []
    context.expose_binding("__cspSeen", lambda source, violation: seen.append(violation))
    return seen


def missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must have it: .ci/run installs it)")
    pytest.skip(reason)


def netlify_headers(folder: Path | None = None) -> list[tuple[str, dict[str, str]]]:
    """The header rules Netlify applies: netlify.toml's, then the built `_headers` file's."""
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    rules = [(rule["for"], dict(rule["values"])) for rule in config.get("headers", [])]
    built = folder / "_headers" if folder else None
    if built and built.is_file():
        for line in built.read_text(encoding="utf-8").splitlines():
            if line and not line[0].isspace():
                rules.append((line.strip(), {}))
            elif line.strip():
                name, _, value = line.strip().partition(":")
                rules[-1][1][name.strip()] = value.strip()
    return rules


class _PublishedHandler(SimpleHTTPRequestHandler):
    """Serves the output folder under the site's sub-path like a host would: the
    netlify.toml headers, and 404.html for missing pages."""

    rules: list[tuple[str, dict[str, str]]] = []
    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def end_headers(self):
        path = "/" + self.path.split("?", 1)[0][len(self.prefix) :]
        for pattern, values in self.rules:
            if fnmatch.fnmatchcase(path, pattern) or (pattern.endswith("/*") and path == pattern[:-1]):
                for name, value in values.items():
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve_published(folder: Path, prefix: str = "/"):
    """Serve `folder` at `prefix` on a free loopback port; returns (URL of the site root without
    its trailing slash, stop function)."""
    handler = type("Handler", (_PublishedHandler,), {"rules": netlify_headers(folder), "prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    # stopping waits for the loop's next look at its flag: every 50 ms, not the default 500 ms
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}", server.shutdown


@dataclass(frozen=True)
class FontSet:
    """One font given to every CSS family the pages ask for (system-ui, Roboto, sans-serif, …)."""

    family: str
    package: str  # the Debian package .ci/run installs for it


ANDROID_FONTS = FontSet("Noto Sans", "fonts-noto-core")
WIDE_FALLBACK_FONTS = FontSet("DejaVu Sans", "fonts-dejavu-core")
FONT_SETS = {"noto": ANDROID_FONTS, "wide": WIDE_FALLBACK_FONTS}

_FORCED_FONT_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern"><edit name="family" mode="prepend" binding="strong"><string>{family}</string></edit></match>
</fontconfig>
"""


def rendered_fonts(page, selector: str) -> set[str]:
    """The families Chromium actually drew the element's text with (not what the CSS asked for)."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return {font["familyName"] for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    finally:
        session.detach()


def launch_chromium(playwright, fonts: FontSet, folder: Path):
    """Chromium laying pages out with `fonts` alone; skips (fails in CI) when that font is missing."""
    conf = folder / "fonts.conf"
    conf.write_text(_FORCED_FONT_CONF.format(family=fonts.family), encoding="utf-8")
    instance = playwright.chromium.launch(
        executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
        args=CHROMIUM_ARGS,
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
    )
    probe = instance.new_page()
    try:
        probe.set_content('<p style="font-family: system-ui, Roboto, sans-serif; font-weight: 700">Tìm thủ tục đăng ký</p>')
        drawn = rendered_fonts(probe, "p")
    finally:
        probe.close()
    if drawn != {fonts.family}:
        instance.close()
        missing(f"{fonts.family} is not installed (apt-get install {fonts.package}); text was drawn with {sorted(drawn)}")
    return instance


def _playwright():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (python3 build.py test installs it)")
    return sync_playwright()


@pytest.fixture(scope="session")
def playwright_driver():
    with _playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver, tmp_path_factory):
    """The Chromium every browser test shares, with the Android phones' fonts."""
    instance = launch_chromium(playwright_driver, ANDROID_FONTS, tmp_path_factory.mktemp("fonts-noto"))
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def wide_font_browser(playwright_driver, tmp_path_factory):
    """A second Chromium whose only font is a wider one: reflow must not depend on the font's width."""
    instance = launch_chromium(playwright_driver, WIDE_FALLBACK_FONTS, tmp_path_factory.mktemp("fonts-wide"))
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def context(browser):
    """One browser context for a module's pages: they share its HTTP and script caches (the
    search's WebAssembly and axe-core are compiled once, not once per page). The site keeps
    nothing in the browser (no storage, no cookies), so one page cannot change what another
    shows. Every page records what the CSP blocked (`csp_violations`)."""
    context = browser.new_context()
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


def new_page(context, width: int = 1280, height: int = 900):
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return page


def watched_page(context, width: int, height: int):
    """(a page, the script errors it raised): one tab a module's tests share, see `without_script_errors`."""
    page = new_page(context, width, height)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, errors


def without_script_errors(watched, size: dict):
    """For a fixture (`yield from`): the shared tab at `size`; after the test, no script error."""
    page, errors = watched
    errors.clear()
    page.set_viewport_size(size)
    yield page
    assert errors == []


@pytest.fixture(scope="module")
def phone(context):
    """One 360×800 page (a phone) shared by a module's tests."""
    page = new_page(context, 360, 800)
    yield page
    page.close()


WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # the rules assessors hold portals to (WCAG 2.2 A/AA)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG violations on the page as laid out now (axe_source already evaluated in it).
    Only violations are listed node by node: the passing rules' node lists (each with a CSS
    selector computed per node) took half of axe's time and nothing reads them."""
    return page.evaluate(
        "options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    )["violations"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing("axe-core is not installed (python3 build.py test runs npm ci in tests/js)")
    return AXE.read_text(encoding="utf-8")


DONE = re.compile(r"^(Tìm thấy|Không tìm thấy)")


def wait_for_results(page):
    from playwright.sync_api import expect

    expect(page.locator("[data-search-status]")).to_have_text(DONE, timeout=15_000)


def results(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.search-result')].map(li => ({
             href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,
             meta: li.querySelector('.meta').textContent, excerpt: li.querySelector('.search-excerpt').textContent,
             marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))"""
    )


def found_and_kinds_counted(page) -> tuple[int, int]:
    """How many results the status says were found, and the sum of the "Loại nội dung" filter's
    counts (the filters box open): each result has one kind, so the two must agree."""
    from playwright.sync_api import expect

    kinds = page.locator("fieldset", has=page.locator("legend", has_text="Loại nội dung")).locator("label")
    expect(kinds.first).to_be_visible()
    found = int(re.search(r"Tìm thấy (\d+)", page.locator("[data-search-status]").text_content()).group(1))
    return found, sum(int(re.search(r"\((\d+)\)$", text).group(1)) for text in kinds.all_text_contents())


def search(page, base: str, query: str) -> list[dict]:
    """The search page opened with the query in its address (a shared link, the header's box)."""
    page.goto(f"{base}/tim-kiem/?q={quote_plus(query)}")
    wait_for_results(page)
    return results(page)


def search_in_place(page, base: str, query: str) -> list[dict]:
    """The same search typed into the box of the search page already open and sent with Enter,
    as a citizen trying one query after another: no reload per query. The submit shows
    "Đang tìm…" at once, so the status naming this query is this search's, finished."""
    from playwright.sync_api import expect

    if not page.url.startswith(f"{base}/tim-kiem/"):
        page.goto(f"{base}/tim-kiem/")
    box = page.locator("#search-page")
    box.fill(query)
    box.press("Enter")
    expect(page.locator("[data-search-status]")).to_have_text(
        re.compile(r"^(Tìm thấy|Không tìm thấy).* cho “" + re.escape(query.strip()) + "”"), timeout=15_000
    )
    return results(page)


def describe_violations(violations) -> str:
    """axe-core's violations, one line each: rule, impact, what to fix, the first elements at fault."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)
