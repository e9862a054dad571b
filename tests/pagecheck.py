"""Open built pages in headless Chromium and report what a reader would hit.

Used by tests/test_browser.py against the built book, and against deliberately
broken pages to prove each check can fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

from bs4 import BeautifulSoup

# Debian's chromium by default (.ci/run installs it); CHROMIUM overrides, e.g. on GitHub's runners.
# The same browser and flags that print the PDF.
from hengyang.pdf import CHROMIUM, FLAGS  # noqa: E402

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve ``root`` on a free loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    overflows_horizontally: bool = False

    def problems(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "url" and v}


class Browser:
    """One Chromium for many pages; each page gets a fresh context."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        return self

    def __exit__(self, *exc):
        self.browser.close()
        self._pw.stop()

    def check(
        self,
        url: str,
        base: str,
        viewport: dict = DESKTOP,
        axe: bool = True,
        screenshot: Path | None = None,
        element: str | None = None,
    ) -> PageReport:
        from axe_playwright_python.sync_playwright import Axe

        report = PageReport(url)
        context = self.browser.new_context(viewport=viewport)
        page = context.new_page()

        def route(r):
            if r.request.url.startswith(base):
                r.continue_()
            else:  # the book must read fully offline: record and refuse anything else
                report.outside_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on(
            "console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: report.console_errors.append(str(e)))
        page.on(
            "response",
            lambda r: (
                report.failed_loads.append(f"{r.status} {r.url}") if r.status >= 400 else None
            ),
        )
        page.on(
            "requestfailed",
            lambda r: (
                report.failed_loads.append(f"failed {r.url}") if r.url.startswith(base) else None
            ),
        )
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        report.images_without_alt = page.eval_on_selector_all(
            "img", "els => els.filter(e => !(e.getAttribute('alt') || '').trim()).map(e => e.src)"
        )
        report.broken_images = page.eval_on_selector_all(
            "img", "els => els.filter(e => e.complete && e.naturalWidth === 0).map(e => e.src)"
        )
        report.overflows_horizontally = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        )
        if axe:
            # axe fetches stylesheets itself and resolves their @imports against the page,
            # which 404s on pydata-sphinx-theme's "../basic.css": not a reader's load, so the
            # lists are frozen before axe runs.
            seen_errors, seen_loads = list(report.console_errors), list(report.failed_loads)
            results = Axe().run(page, options=WCAG_21_AA)
            report.console_errors, report.failed_loads = seen_errors, seen_loads
            report.axe_violations = sorted(
                f"{v['id']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]
            )
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            target = page.locator(element).first if element else page
            target.screenshot(path=str(screenshot))
        context.close()
        return report


def broken_links(root: Path) -> list[str]:
    """Internal links and anchors in the built HTML that lead nowhere."""
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids[path] = {t["id"] for t in soup.find_all(id=True)} | {
                t["name"] for t in soup.find_all("a", attrs={"name": True})
            }
        return ids[path]

    problems = []
    for page in sorted(root.rglob("*.html")):
        if "_static" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for node in soup.find_all(tag, attrs={attr: True}):
                ref = node[attr]
                if ref.startswith(("http://", "https://", "mailto:", "data:", "javascript:")):
                    continue
                target, anchor = urldefrag(ref)
                path = page if not target else (page.parent / target.split("?")[0]).resolve()
                if not path.exists():
                    problems.append(f"{page.relative_to(root)}: {ref} (no such file)")
                elif anchor and path.suffix == ".html" and anchor not in anchors(path):
                    problems.append(f"{page.relative_to(root)}: {ref} (no such anchor)")
    return problems
