"""Every page of the built book works in a real browser, offline, for every reader.

Needs the built book (`make book`; `make test` builds it first) and Debian's chromium.
"""

import re

import pytest
import yaml
from pagecheck import DESKTOP, PHONE, Browser, broken_links, serve

from hengyang import ROOT

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
# index.html is only a redirect to the introduction; genindex.html is Sphinx's empty index.
PAGES = sorted(
    str(p.relative_to(HTML))
    for p in HTML.rglob("*.html")
    if "_static" not in p.parts and p.name not in ("index.html", "genindex.html")
)


@pytest.fixture(scope="module")
def browser():
    with Browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(browser):
    assert HTML.is_dir(), "build the book first: make book"
    with serve(HTML) as base:
        yield base, browser


def test_the_built_book_has_a_page_for_every_toc_entry():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    entries = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for entry in entries:
        assert (HTML / f"{entry}.html").is_file(), f"{entry} was not built"
    assert len(PAGES) >= len(entries)


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_without_errors_and_passes_wcag_aa(site, page):
    base, browser = site
    report = browser.check(base + page, base)
    assert report.problems() == {}, report.problems()


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("chapters/")])
def test_page_is_readable_at_phone_width_without_horizontal_scrolling(site, page):
    base, browser = site
    report = browser.check(base + page, base, viewport=PHONE, axe=False)
    assert not report.overflows_horizontally


@pytest.mark.parametrize("viewport_name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_of_the_introduction_and_a_figure_are_saved(site, viewport_name, viewport):
    base, browser = site
    intro = SHOTS / f"introduction-{viewport_name}.png"
    figure = SHOTS / f"dispute-figure-{viewport_name}.png"
    browser.check(
        base + "chapters/introduction.html", base, viewport=viewport, axe=False, screenshot=intro
    )
    browser.check(
        base + "chapters/numbers_in_dispute.html",
        base,
        viewport=viewport,
        axe=False,
        screenshot=figure,
        element="#fig-dispute-claims",
    )
    assert intro.stat().st_size > 10_000 and figure.stat().st_size > 10_000


def test_the_checks_catch_a_broken_image_an_outside_script_and_missing_alt(tmp_path, browser):
    (tmp_path / "ok.png").write_bytes((ROOT / "tests" / "fixtures" / "pixel.png").read_bytes())
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang='en'><head><title>bad</title>"
        "<script src='https://cdn.example.org/lib.js'></script></head><body><main>"
        "<img src='missing.png' alt='a picture that is not there'>"
        "<img src='ok.png'>"
        "<script>console.error('boom')</script></main></body></html>"
    )
    with serve(tmp_path) as base:
        report = browser.check(base + "bad.html", base)
    assert report.outside_requests == ["https://cdn.example.org/lib.js"]
    assert any("missing.png" in f for f in report.failed_loads)
    assert any("missing.png" in src for src in report.broken_images)
    assert [src.rsplit("/", 1)[1] for src in report.images_without_alt] == ["ok.png"]
    assert "boom" in " ".join(report.console_errors)
    assert any(v.startswith("image-alt") for v in report.axe_violations)


def test_no_internal_link_or_anchor_is_broken():
    assert HTML.is_dir(), "build the book first: make book"
    assert broken_links(HTML) == []


def test_the_link_check_catches_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        "<a href='b.html#there'>b</a> <a href='gone.html'>gone</a> <p id='here'></p>"
        "<a href='#here'>ok</a> <a href='#nowhere'>bad</a>"
    )
    (tmp_path / "b.html").write_text("<p id='elsewhere'></p>")
    assert broken_links(tmp_path) == [
        "a.html: b.html#there (no such anchor)",
        "a.html: gone.html (no such file)",
        "a.html: #nowhere (no such anchor)",
    ]


def _soup(page):
    from bs4 import BeautifulSoup

    return BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("notebook", sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb")))
def test_each_notebook_page_offers_its_notebook_for_download(notebook):
    links = [a["href"] for a in _soup(f"chapters/{notebook}.html").find_all("a", href=True)]
    assert f"../_sources/chapters/{notebook}.ipynb" in links
    assert (HTML / "_sources" / "chapters" / f"{notebook}.ipynb").is_file()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_carries_the_attribution_in_its_footer(page):
    footer = " ".join(" ".join(f.get_text(" ") for f in _soup(page).find_all("footer")).split())
    assert "Battle of Hengyang by Wikipedia contributors" in footer and "CC BY-SA 4.0" in footer


def test_the_sidebar_numbers_the_chapters_in_toc_order():
    nav = [
        a.get_text(" ", strip=True)
        for a in _soup("chapters/introduction.html").select("nav.bd-links a")
    ]
    numbered = [t for t in nav if t[:1].isdigit()]
    assert numbered and [int(t.split(".")[0]) for t in numbered] == list(
        range(1, len(numbered) + 1)
    )
    assert "Execution statistics" in nav


def test_the_data_dictionary_offers_every_table_and_the_descriptor_for_download():
    from hengyang.data import table_names

    links = " ".join(
        a["href"] for a in _soup("chapters/data_dictionary.html").find_all("a", href=True)
    )
    for name in table_names() + ["datapackage"]:
        assert re.search(rf"_downloads/[0-9a-f]+/{name}\.(csv|json)", links), name
