"""Print the built book as one PDF: ``python -m hengyang.pdf`` (``make pdf``).

How: the pages of the built HTML book (``_build/html``) are joined, in the order of
``_toc.yml``, into one print document (``_build/pdf/book.html``): a title page with the
version, the attribution and the licence, a table of contents, then every page's article
with its hidden code cells left out. Headings move one level down so that the parts head the
outline; every ``id`` is prefixed with its page so that links between pages become links
inside the document. Debian's Chromium (the same browser the tests use; ``CHROMIUM``
overrides its path) prints that document once through Playwright with an outline, tagged
text and page numbers; ``pypdf`` then reads on which page each chapter starts, the contents
get those page numbers, and the document is printed again.

Why one combined document rather than one PDF per page merged afterwards: Chromium numbers
pages within one print job, so only one job gives continuous page numbers; links between
chapters work only inside one document; and Chromium builds the outline from the headings
it prints. ``jupyter-book build --builder pdfhtml`` would do much the same but downloads its
own browser, which fails offline; Sphinx's LaTeX route needs a TeX installation and CJK
LaTeX fonts the stack does not have. Figures stay the PNGs the book shows, so the PDF shows
exactly the figures of the web book. Chinese and Japanese names need a CJK font on the
machine (Debian ``fonts-noto-cjk``, installed by ``.ci/run``).
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

from . import ROOT, __version__

# Chromium's PDFs make pypdf log harmless notes ("Object count ... exceeds defined trailer size").
logging.getLogger("pypdf").setLevel(logging.ERROR)

HTML_DIR = ROOT / "_build" / "html"
OUT_DIR = ROOT / "_build" / "pdf"
PDF_NAME = "battle-of-hengyang.pdf"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ATTRIBUTION = (
    "Adapted from <em>Battle of Hengyang</em> by Wikipedia contributors (English Wikipedia), "
    "https://en.wikipedia.org/wiki/Battle_of_Hengyang, licensed CC BY-SA 4.0; narrated in new "
    "words, figures extracted into tables. This book's prose, figures and data are CC BY-SA 4.0 "
    "(https://creativecommons.org/licenses/by-sa/4.0/); its code is MIT."
)

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html, body { background: white !important; color: #1a1a1a; }
body { font-size: 10.5pt; line-height: 1.45; }
.book-page { break-before: page; }
.book-part { break-before: page; padding-top: 30vh; text-align: center; }
.book-part h1 { font-size: 24pt; border: none; }
.title-page { text-align: center; padding-top: 22vh; }
.title-page .book-title { font-size: 28pt; font-weight: 700; margin-bottom: 1em; }
.title-page p { max-width: 34em; margin: 0.8em auto; }
.contents { break-before: page; background: none !important; box-shadow: none !important;
             border: none !important; }
.contents ol { list-style: none; padding-left: 0; }
.contents li { display: flex; align-items: baseline; margin: 0.25em 0; }
.contents li.part { font-weight: 700; margin-top: 0.9em; }
.contents li .dots { flex: 1; border-bottom: 1px dotted #888; margin: 0 0.4em; }
.contents a { color: inherit; text-decoration: none; }
figure, img, tr { break-inside: avoid; }
/* A figure and its caption always fit on one page (A4 less margins is about 259 mm high). */
img { max-width: 100%; max-height: 200mm; width: auto; height: auto; object-fit: contain; }
h2, h3, h4 { break-after: avoid; }
pre { white-space: pre-wrap; font-size: 8.5pt; }
table { font-size: 8.5pt; }
a { color: #0b4f8a; }
"""

FOOTER = (
    '<div style="font-size:8px; width:100%; padding:0 16mm; color:#444; '
    'display:flex; justify-content:space-between; font-family:sans-serif;">'
    "<span>The Battle of Hengyang, 1944 &middot; version {version} &middot; "
    "CC BY-SA 4.0, adapted from Wikipedia</span>"
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


@dataclass
class Entry:
    """One page of the book in reading order, with the part it opens (if any)."""

    docname: str
    part: str | None = None

    @property
    def key(self) -> str:
        return self.docname.replace("/", "-")


def reading_order(toc: Path = ROOT / "_toc.yml") -> list[Entry]:
    """The book's pages in reading order, from the table of contents.

    Parameters
    ----------
    toc: the ``_toc.yml`` to read (root, then parts with their chapters).

    Returns
    -------
    A list of :class:`Entry`: the root page first, then each chapter; the first chapter of a
    part carries the part's caption.
    """
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    entries = [Entry(data["root"])]
    for part in data.get("parts", []):
        for i, chapter in enumerate(part["chapters"]):
            entries.append(Entry(chapter["file"], part.get("caption") if i == 0 else None))
    return entries


def _title(soup) -> str:
    heading = soup.find("article").find("h1")
    for link in heading.find_all("a", class_="headerlink"):
        link.decompose()
    return " ".join(heading.get_text(" ").split())


def _page_soup(html_dir: Path, entry: Entry) -> BeautifulSoup:
    path = html_dir / f"{entry.docname}.html"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: build the book first (make book)")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _article(
    soup, entry: Entry, pages: dict[str, str], html_dir: Path, out_dir: Path, in_part: bool
):
    """The page's article, ready to sit inside the combined document."""
    article = soup.find("article")
    page_dir = posixpath.dirname(entry.docname)
    # Hidden code stays hidden on paper; the outputs it made stay. A folded cell (hide-cell)
    # folds its output too: paper cannot unfold it, so the output is printed open.
    for folded in article.select("details.above-input"):
        for output in folded.select("div.cell_output"):
            folded.insert_before(output.extract())
    for hidden in article.select("details.above-input, div.tag_remove-input, a.headerlink, button"):
        hidden.decompose()
    for tag in article.find_all(id=True):
        tag["id"] = f"{entry.key}--{tag['id']}"
    if in_part:  # parts head the outline; a chapter's title becomes level 2
        for level in range(6, 0, -1):
            for heading in article.find_all(f"h{level}"):
                heading.name = f"h{min(level + 1, 6)}"
    for img in article.find_all("img", src=True):
        target = (html_dir / page_dir / img["src"]).resolve()
        img["src"] = os.path.relpath(target, out_dir)
    for link in article.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.scheme or link["href"].startswith("//"):
            continue  # outside the book: kept as it is
        if not parts.path:  # an anchor on this page
            link["href"] = (
                f"#{entry.key}--{parts.fragment}" if parts.fragment else f"#page-{entry.key}"
            )
            continue
        target = posixpath.normpath(posixpath.join(page_dir, parts.path))
        docname = target[:-5] if target.endswith(".html") else None
        if docname in pages:
            key = pages[docname]
            link["href"] = f"#{key}--{parts.fragment}" if parts.fragment else f"#page-{key}"
        else:  # a download or a page not in the book: words only on paper
            link.unwrap()
    section = soup.new_tag("section", attrs={"class": "book-page", "id": f"page-{entry.key}"})
    for child in list(article.children):
        section.append(child.extract())
    return section


def _stylesheets(html_dir: Path, out_dir: Path, first: Entry) -> str:
    soup = _page_soup(html_dir, first)
    page_dir = html_dir / posixpath.dirname(first.docname)
    links = []
    for link in soup.head.find_all("link", rel="stylesheet"):
        href = link["href"].split("?")[0]
        links.append(
            f'<link rel="stylesheet" href="{os.path.relpath((page_dir / href).resolve(), out_dir)}">'  # noqa: E501
        )
    return "\n".join(links)


def combined_html(
    html_dir: Path = HTML_DIR, out_dir: Path = OUT_DIR, page_numbers: dict[str, int] | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """The whole book as one HTML document, and its (key, title) contents in reading order.

    Hidden inputs are dropped (their outputs kept), ids and links are made unique per page,
    images point at the built book, and a title page and a contents list come first. The
    pages are those of this repository's ``_toc.yml`` (see :func:`reading_order`).

    Parameters
    ----------
    html_dir: the built HTML book (FileNotFoundError when a page is missing).
    out_dir: where the document will be written; image and stylesheet paths are relative to it.
    page_numbers: contents key -> page number, printed in the contents list; none when None.

    Returns
    -------
    A tuple: the document as a string, and a list of (key, title) for every part and page.
    """
    html_dir, out_dir = Path(html_dir).resolve(), Path(out_dir).resolve()
    entries = reading_order()
    pages = {e.docname: e.key for e in entries}
    page_numbers = page_numbers or {}
    body, contents, toc_rows = [], [], []
    in_part = False
    for entry in entries:
        in_part = in_part or bool(entry.part)
        soup = _page_soup(html_dir, entry)
        title = _title(soup)
        if entry.part:
            part_key = f"part-{len(contents)}"
            body.append(
                f'<div class="book-part" id="{part_key}"><h1>{html.escape(entry.part)}</h1></div>'
            )
            contents.append((part_key, entry.part))
            toc_rows.append((part_key, entry.part, "part"))
        body.append(str(_article(soup, entry, pages, html_dir, out_dir, in_part)))
        contents.append((f"page-{entry.key}", title))
        toc_rows.append((f"page-{entry.key}", title, "page"))
    toc = "\n".join(
        f'<li class="{kind}"><a href="#{key}">{html.escape(title)}</a><span class="dots"></span>'
        f'<span class="page-no">{page_numbers.get(key, "")}</span></li>'
        for key, title, kind in toc_rows
    )
    book_title = html.escape(_title(_page_soup(html_dir, entries[0])))
    document = f"""<!DOCTYPE html>
<html lang="en" data-theme="light" data-mode="light">
<head><meta charset="utf-8"><title>{book_title}</title>
{_stylesheets(html_dir, out_dir, entries[0])}
<style>{PRINT_CSS}</style></head>
<body><main class="bd-article-container"><article class="bd-article">
<div class="title-page">
<p class="book-title">{book_title}</p>
<p>A computational essay. Version {__version__}.</p>
<p>The Hengyang book authors</p>
<p>{ATTRIBUTION}</p>
<p>How to cite: see the section "How to cite" in the introduction, or the file CITATION.cff of
the book's repository.</p>
</div>
<nav class="contents" aria-label="Contents"><h1 id="contents">Contents</h1><ol>{toc}</ol></nav>
{"".join(body)}
</article></main></body></html>"""
    return document, contents


def _print(source: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            # Only the book's own files: the document must print offline.
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto(source.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                outline=True,
                tagged=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER.format(version=__version__),
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
            )
        finally:
            browser.close()


def outline_pages(pdf: Path) -> list[tuple[int, str, int]]:
    """The PDF's outline as (depth, title, 1-based page) in reading order.

    Parameters
    ----------
    pdf: the PDF file.

    Returns
    -------
    A list of (depth, title, page) tuples; depth 0 is the top level, titles have their white
    space collapsed.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append(
                    (
                        depth,
                        " ".join(str(item.title).split()),
                        reader.get_destination_page_number(item) + 1,
                    )
                )

    walk(reader.outline, 0)
    return found


def _heading_texts(document: str) -> list[str]:
    soup = BeautifulSoup(document, "html.parser")
    return [" ".join(h.get_text(" ").split()) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def _tidy_outline(pdf: Path, headings: list[str]) -> None:
    """Give the outline the headings' own words.

    Chromium takes an outline entry's title from the laid-out text: a heading that wraps loses
    the space at the break, and one at the top of a page can come out twice. The entries come
    in document order, one per heading, so each gets the text of its heading back.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    items = []

    def walk(node):  # an entry, then its children, then its next sibling: document order
        while node is not None:
            node = node.get_object()
            items.append(node)
            walk(node.get("/First"))
            node = node.get("/Next")

    outlines = writer.root_object.get("/Outlines")
    walk(outlines.get_object().get("/First") if outlines is not None else None)
    if len(items) != len(headings):
        raise RuntimeError(f"{pdf}: {len(items)} outline entries for {len(headings)} headings")
    for item, text in zip(items, headings):
        item[NameObject("/Title")] = TextStringObject(text)
    with pdf.open("wb") as fh:
        writer.write(fh)


def build_pdf(html_dir: Path = HTML_DIR, out_dir: Path = OUT_DIR) -> Path:
    """Write the book as ``out_dir/battle-of-hengyang.pdf`` and return its path.

    Prints the combined document with Chromium twice: the second time the contents carry the
    page each part and page starts on (read from the first print's outline).

    Parameters
    ----------
    html_dir: the built HTML book.
    out_dir: the folder for ``book.html`` and the PDF (created if missing).

    Returns
    -------
    The path of the PDF.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    source, target = out_dir / "book.html", out_dir / PDF_NAME
    document, contents = combined_html(html_dir, out_dir)
    source.write_text(document, encoding="utf-8")
    _print(source, target)
    _tidy_outline(target, _heading_texts(document))
    # Second pass: the contents get the page on which each part and page starts.
    starts = {}
    outline = outline_pages(target)
    for key, title in contents:
        for _, heading, page in outline:
            if heading == " ".join(title.split()) and page not in starts.values():
                starts[key] = page
                break
    document, _ = combined_html(html_dir, out_dir, page_numbers=starts)
    source.write_text(document, encoding="utf-8")
    _print(source, target)
    _tidy_outline(target, _heading_texts(document))
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m hengyang.pdf [HTML_DIR [OUT_DIR]]`` prints the built book as one
    PDF and prints its path and number of pages.

    Parameters
    ----------
    argv: the arguments (``sys.argv[1:]`` when None): the built HTML folder and the output
        folder, both optional.

    Returns
    -------
    The exit status, 0.
    """
    args = sys.argv[1:] if argv is None else argv
    html_dir = Path(args[0]) if args else HTML_DIR
    out_dir = Path(args[1]) if len(args) > 1 else OUT_DIR
    path = build_pdf(html_dir, out_dir)
    from pypdf import PdfReader

    print(f"{path}: {len(PdfReader(str(path)).pages)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
