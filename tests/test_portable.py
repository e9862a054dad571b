"""What a reader takes away works: the PDF, the launch buttons, a notebook on its own, the data
as one download, the citation, the version, and a publishing workflow that passes an audit.

Tests marked ``book`` read the built book and its PDF (``make test`` builds both first).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from hengyang import ROOT, __version__
from hengyang.archive import ARCHIVE_NAME, build_data_archive
from hengyang.pdf import PDF_NAME, outline_pages, reading_order

HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "pdf" / PDF_NAME
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
ZIZMOR = ROOT / ".venv" / "bin" / "zizmor"
# The Citation File Format's schema, read from the pinned validator's wheel (cffconvert itself
# cannot be installed beside jsonschema 4, which the book needs).
CFFCONVERT = "cffconvert==2.0.0"
CFF_SCHEMA = "cffconvert/schemas/1.2.0/schema.json"
GUARD = "except ModuleNotFoundError:"


def _soup(page: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")


def _first_code_cell(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


# --- one version, one citation ------------------------------------------------------------


def test_the_version_has_one_source_that_packaging_citation_and_data_agree_with():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "hengyang.__version__"}
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == __version__
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == __version__


@pytest.fixture(scope="module")
def cff_validator():
    from jsonschema import Draft7Validator

    cache = ROOT / "_build" / "tools"
    wheels = sorted(cache.glob("cffconvert-2.0.0-*.whl"))
    if not wheels:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--dest",
                str(cache),
                CFFCONVERT,
            ],
            check=True,
        )
        wheels = sorted(cache.glob("cffconvert-2.0.0-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        schema = json.loads(wheel.read(CFF_SCHEMA))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def test_citation_file_is_valid_citation_file_format(cff_validator):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in cff_validator.iter_errors(citation)
    ]
    assert errors == []
    assert citation["cff-version"] == "1.2.0"


def test_the_citation_check_catches_a_citation_without_authors_or_with_a_bad_date(cff_validator):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del citation["authors"]
    citation["date-released"] = "26 November"
    messages = " ".join(e.message for e in cff_validator.iter_errors(citation))
    assert "'authors' is a required property" in messages and "26 November" in messages


def test_the_introduction_says_how_to_cite_the_book_with_its_version():
    intro = nbformat.read(ROOT / "chapters" / "introduction.ipynb", as_version=4)
    text = " ".join(c.source for c in intro.cells if c.cell_type == "markdown")
    assert (
        "## How to cite" in text and "{glue:text}`book_version`" in text and "CITATION.cff" in text
    )
    assert f"'{__version__}'" in json.dumps(
        [o for c in intro.cells if c.cell_type == "code" for o in c.outputs]
    )


# --- the data as one download -------------------------------------------------------------


def test_the_data_archive_is_a_valid_data_package_with_licence_attribution_and_citation(tmp_path):
    from frictionless import Package

    archive = build_data_archive(tmp_path / "out")
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        zipped.extractall(tmp_path / "unpacked")
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["path"] for r in descriptor["resources"]}
    assert (
        tables
        | {
            "datapackage.json",
            "LICENSE-CONTENT.md",
            "ATTRIBUTION.txt",
            "CITATION.cff",
            "seeds/battle_of_hengyang.txt",
        }
        == names
    )
    attribution = (tmp_path / "unpacked" / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "Wikipedia contributors" in attribution and "CC BY-SA 4.0" in attribution
    assert f"version {__version__}" in attribution
    report = Package(str(tmp_path / "unpacked" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_data_archive_is_reproducible_byte_for_byte(tmp_path):
    first = build_data_archive(tmp_path / "a").read_bytes()
    assert build_data_archive(tmp_path / "b").read_bytes() == first


def test_an_archive_of_broken_data_fails_validation(tmp_path, data_copy):
    from conftest import set_cell
    from frictionless import Package

    set_cell(data_copy, "casualty_claims", 1, "low", "many")
    archive = build_data_archive(tmp_path / "out", data_dir=data_copy)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unpacked")
    assert not Package(str(tmp_path / "unpacked" / "datapackage.json")).validate().valid


# --- a notebook on its own ----------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_first_checks_for_the_package_and_says_how_to_get_it(path):
    source = _first_code_cell(path)
    assert source.startswith("try:\n    import hengyang")
    assert GUARD in source and "pip install 'hengyang-book @ git+" in source


def test_without_the_package_the_first_cell_stops_with_one_line_saying_how_to_get_it(tmp_path):
    source = _first_code_cell(ROOT / "chapters" / "01_road_to_hengyang.ipynb")
    # -S: no site-packages, so neither the book's package nor anything else is importable.
    result = subprocess.run(
        [sys.executable, "-S", "-c", source], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: pip install 'hengyang-book @ git+")


def _text_outputs(nb) -> list[list[str]]:
    def text(output):
        if output.get("output_type") == "stream":
            return output["text"]
        data = output.get("data", {})
        return "|".join(f"{k}={data[k]}" for k in sorted(data) if not k.startswith("image/"))

    return [
        [re.sub(r"at 0x[0-9a-fA-F]+", "at 0x", text(o)) for o in c.outputs]
        for c in nb.cells
        if c.cell_type == "code"
    ]


def test_a_downloaded_notebook_runs_in_a_fresh_directory_with_the_package_installed(
    tmp_path, monkeypatch
):
    from nbclient import NotebookClient

    source = tmp_path / "source"  # the working tree's package files, nothing else
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source)
    for name in ("hengyang", "data", "seeds"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            "--target",
            str(site),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    assert (site / "hengyang" / "_data" / "datapackage.json").is_file()
    assert (site / "hengyang" / "_seeds" / "battle_of_hengyang.txt").is_file()

    downloads = tmp_path / "Downloads"  # no data/, no seeds/, no package beside the notebook
    downloads.mkdir()
    stored = nbformat.read(ROOT / "chapters" / "01_road_to_hengyang.ipynb", as_version=4)
    nb = nbformat.from_dict(json.loads(json.dumps(stored)))
    nb.cells.append(nbformat.v4.new_code_cell("import hengyang\nprint(hengyang.DATA_DIR)"))
    monkeypatch.setenv("PYTHONPATH", str(site))  # ahead of the clone on the kernel's path
    NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(downloads)}},
    ).execute()
    where = nb.cells[-1].outputs[0]["text"].strip()
    assert where == str(site / "hengyang" / "_data")
    nb.cells.pop()
    assert _text_outputs(nb) == _text_outputs(stored)


def test_the_downloaded_copy_names_the_repository_and_commit_to_install_from():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        from portable_book import PLACEHOLDER, name_the_repository
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    text = f"pip install 'hengyang-book @ git+{PLACEHOLDER}'"
    url = "https://github.com/someone/hengyang"
    assert (
        name_the_repository(text, url, "abc123")
        == f"pip install 'hengyang-book @ git+{url}@abc123'"
    )
    assert name_the_repository(text, "https://github.com/OWNER/REPOSITORY", "abc123") == text


# --- Binder -------------------------------------------------------------------------------


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_binder_environment_is_the_pinned_one_and_installs_the_package():
    binder = ROOT / "binder"
    lines = [
        ln.strip()
        for ln in (binder / "requirements.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert lines == ["-r ../requirements.txt", "-c ../constraints.txt"]
    direct, frozen = _pins(ROOT / "requirements.txt"), _pins(ROOT / "constraints.txt")
    assert {name: frozen.get(name) for name in direct} == direct
    runtime = (binder / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    assert (
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
        == ">=3.11"
    )
    post_build = (binder / "postBuild").read_text()
    assert "pip install --no-deps ." in post_build and (binder / "postBuild").stat().st_mode & 0o111


# --- the publishing workflow --------------------------------------------------------------


def _zizmor(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--persona", "pedantic", "--no-progress", str(path)],
        capture_output=True,
        text=True,
    )


def test_the_publishing_workflow_passes_a_zizmor_audit_with_no_finding():
    result = _zizmor(ROOT / ".github" / "workflows")
    assert result.returncode == 0, result.stdout
    assert "No findings to report" in result.stdout + result.stderr


def test_the_audit_catches_a_tag_reference_broad_permissions_and_persisted_credentials(tmp_path):
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    bad = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", workflow)
    bad = bad.replace("          persist-credentials: false\n", "          fetch-depth: 1\n")
    bad = bad.replace(
        "permissions: {}", "permissions:\n  contents: read\n  pages: write\n  id-token: write"
    )
    (tmp_path / "pages.yml").write_text(bad, encoding="utf-8")
    result = _zizmor(tmp_path / "pages.yml")
    assert result.returncode != 0
    for audit in ("unpinned-uses", "artipacked", "excessive-permissions"):
        assert audit in result.stdout, audit


def test_every_action_is_pinned_to_a_full_commit_with_its_tag_in_a_comment():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", workflow)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.search(r"# v\d+\.\d+\.\d+", comment), action


# --- the built book (browser) -------------------------------------------------------------

NOTEBOOK_PAGES = [p.stem for p in NOTEBOOKS]


def _repository():
    url = CONFIG["repository"]["url"].rstrip("/")
    org, repo = url.split("/")[-2:]
    return url, org, repo, CONFIG["repository"]["branch"]


@pytest.mark.book
@pytest.mark.parametrize("notebook", NOTEBOOK_PAGES)
def test_each_notebook_page_launches_itself_on_binder_and_colab(notebook):
    _, org, repo, branch = _repository()
    links = {a["href"] for a in _soup(f"chapters/{notebook}.html").find_all("a", href=True)}
    assert (
        f"https://mybinder.org/v2/gh/{org}/{repo}/{branch}"
        f"?urlpath=lab/tree/chapters/{notebook}.ipynb"
    ) in links
    assert (
        f"https://colab.research.google.com/github/{org}/{repo}/blob/{branch}/chapters/{notebook}.ipynb"
        in links
    )


@pytest.mark.book
@pytest.mark.parametrize("page", ["chapters/rerun.html", "chapters/execution_statistics.html"])
def test_pages_without_a_notebook_offer_no_launch_button(page):
    links = " ".join(a["href"] for a in _soup(page).find_all("a", href=True))
    assert "mybinder.org" not in links and "colab.research.google.com" not in links


@pytest.mark.book
@pytest.mark.parametrize("page", [f"{e.docname}.html" for e in reading_order()])
def test_every_page_footer_shows_the_books_version(page):
    footer = " ".join(" ".join(f.get_text(" ") for f in _soup(page).find_all("footer")).split())
    assert f"Version {__version__} of this book" in footer


@pytest.mark.book
def test_the_data_dictionary_and_the_site_root_offer_the_data_archive():
    links = [a["href"] for a in _soup("chapters/data_dictionary.html").find_all("a", href=True)]
    archive = [h for h in links if h.endswith(f"/{ARCHIVE_NAME}")]
    assert archive and (HTML / "chapters" / archive[0]).resolve().is_file()
    assert (HTML / ARCHIVE_NAME).read_bytes() == (
        HTML / "chapters" / archive[0]
    ).resolve().read_bytes()
    assert ARCHIVE_NAME in (ROOT / "README.md").read_text(encoding="utf-8")


# --- the PDF (browser: Chromium printed it) -----------------------------------------------


@pytest.fixture(scope="module")
def pdf():
    from pypdf import PdfReader

    assert PDF.is_file(), "print the book first: make pdf"
    return PdfReader(str(PDF))


@pytest.fixture(scope="module")
def pdf_text(pdf):
    return [page.extract_text() or "" for page in pdf.pages]


def _figures():
    figures = {}
    for entry in reading_order():
        for fig in _soup(f"{entry.docname}.html").select("figure[id^=fig-]"):
            figures[fig["id"]] = (
                fig.select_one(".caption-number").get_text().strip(),
                fig.find("img")["src"].rsplit("/", 1)[-1],
            )
    return figures


@pytest.mark.book
def test_the_pdf_has_a_title_page_with_version_and_attribution_and_a_sane_page_count(pdf, pdf_text):
    chapters = len(reading_order())
    assert chapters + 3 <= len(pdf.pages) <= 400
    first = " ".join(pdf_text[0].split())
    assert f"Version {__version__}" in first
    assert "Battle of Hengyang by Wikipedia contributors" in first and "CC BY-SA 4.0" in first


@pytest.mark.book
def test_the_pdf_outline_lists_every_part_and_chapter_in_reading_order(pdf):
    outline = outline_pages(PDF)
    titles = [title for _, title, _ in outline]
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    expected = []
    for entry in reading_order():
        if entry.part:
            expected.append(entry.part)
        heading = _soup(f"{entry.docname}.html").find("article").find("h1")
        for link in heading.select("a.headerlink"):
            link.decompose()
        expected.append(" ".join(heading.get_text(" ").split()))
    positions = [titles.index(t) for t in expected]
    assert positions == sorted(positions)
    numbered = [t for t in expected if t[:1].isdigit()]
    assert len(numbered) == sum(len(p["chapters"]) for p in toc["parts"] if p.get("numbered"))
    pages = [page for _, title, page in outline if title in expected]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)  # each starts a new page


@pytest.mark.book
def test_every_figure_of_the_book_is_in_the_pdf_with_its_number_and_image(pdf, pdf_text):
    figures = _figures()
    assert len(figures) >= 30
    text = " ".join(" ".join(pdf_text).split())
    missing = [f"{name} ({number})" for name, (number, _) in figures.items() if number not in text]
    assert missing == []
    images = set()
    for page in pdf.pages:
        resources = page.get("/Resources") or {}
        for obj in (resources.get("/XObject") or {}).values():
            if obj.get_object().get("/Subtype") == "/Image":
                images.add(obj.get_object().indirect_reference or id(obj))
    assert len(images) >= len({src for _, src in figures.values()})


@pytest.mark.book
def test_no_pdf_page_is_blank_and_every_page_is_numbered(pdf, pdf_text):
    total = len(pdf.pages)
    for number, (page, text) in enumerate(zip(pdf.pages, pdf_text), start=1):
        assert f"{number} / {total}" in text, f"page {number} has no page number"
        body = text.replace(f"{number} / {total}", "").replace(
            f"The Battle of Hengyang, 1944 · version {__version__} · CC BY-SA 4.0, adapted from Wikipedia",  # noqa: E501
            "",
        )
        has_image = any(
            o.get_object().get("/Subtype") == "/Image"
            for o in ((page.get("/Resources") or {}).get("/XObject") or {}).values()
        )
        assert body.strip() or has_image, f"page {number} is blank"


@pytest.mark.book
def test_the_pdf_prints_chinese_and_japanese_names_and_links_within_itself(pdf, pdf_text):
    # Chromium maps some CJK glyphs to their Kangxi-radical twins (U+2F75 for 竹): NFKC folds them.
    text = unicodedata.normalize("NFKC", "".join(pdf_text)).replace(" ", "").replace("\n", "")
    assert "竹内" in text and "黑濑平一" in text
    internal = 0
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if "/Dest" in annot or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    assert internal >= len(reading_order())  # at least the contents link to every page


def test_a_folded_cell_prints_its_output_open_and_its_code_not_at_all(tmp_path):
    from bs4 import BeautifulSoup

    from hengyang import pdf

    page = BeautifulSoup(
        '<article><h1>Ch</h1><div class="cell tag_hide-cell"><details class="above-input">'
        "<summary>Show the table</summary><div class='cell_input'>sources_table()</div>"
        "<div class='cell_output'><table><tr><td>fs-1</td></tr></table></div></details></div>"
        "</article>",
        "html.parser",
    )
    section = pdf._article(page, pdf.Entry("chapters/x"), {}, tmp_path, tmp_path, False)
    text = section.get_text(" ")
    assert "fs-1" in text and "sources_table" not in text and "Show the table" not in text
