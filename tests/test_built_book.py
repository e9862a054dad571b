"""The built book shows what the committed notebooks show, and both what a fresh run computes.

Strict nbval proves stored outputs equal a fresh execution; this proves the pages that
`make book` built carry the same outputs as the stored notebooks, however the notebooks
were re-run (a stale execution cache, or a rerun by hand, would make them differ), and that
each page's prose shows every glued value as its role formats it (`{glue:text}`name:,d``).
"""

import configparser
import json
import re

import nbformat
import pytest
from gluecheck import prose_differences

from hengyang import ROOT

pytestmark = pytest.mark.book

EXECUTED = ROOT / "_build" / "jupyter_execute" / "chapters"
PAGES = ROOT / "_build" / "html" / "chapters"
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
# Figures are compared too: matplotlib writes the same PNG bytes for the same drawing, so a
# stored figure that differs from the built one is stale (nbval itself skips images).
IMAGES = {"image/png", "image/jpeg"}


def _sanitizers():
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


SANITIZERS = _sanitizers()


def _clean(text: str) -> str:
    for pattern, replacement in SANITIZERS:
        text = pattern.sub(replacement, text)
    return text


GLUE = "application/papermill.record/"


def text_outputs(notebook) -> list[tuple[int, str, str]]:
    """(cell number, kind, text) for every text output of every code cell, glue aside."""
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        stream = {}
        for output in cell.get("outputs", []):
            kind = output["output_type"]
            if kind == "stream":
                stream[output["name"]] = stream.get(output["name"], "") + output["text"]
            elif kind == "error":
                found.append((number, "error", f"{output['ename']}: {output['evalue']}"))
            elif "scrapbook" not in output.get("metadata", {}):
                for mime, value in sorted(output.get("data", {}).items()):
                    text = value if isinstance(value, str) else "".join(value)
                    # the sanitizers are for text: run over a long base64 image, the temp-path
                    # pattern backtracks for minutes (225 s for the claims chapter)
                    found.append((number, mime, text if mime in IMAGES else _clean(text)))
        found.extend(
            (number, f"stream/{name}", _clean(text)) for name, text in sorted(stream.items())
        )
    return found


def glued_values(notebook) -> dict[str, dict[str, str]]:
    """What each glued name holds, by mime type, as stored in the notebook."""
    glued = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued[name] = {m.removeprefix(GLUE): _clean(v) for m, v in output["data"].items()}
    return glued


def built_glue(path) -> dict[str, dict[str, str]]:
    """The glued values the build rendered into the page (myst-nb keeps them beside it)."""
    stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {name: {m: _clean(v) for m, v in out["data"].items()} for name, out in stored.items()}


def _first_difference(kind: str, stored: str, built: str) -> str:
    if kind in IMAGES:
        return "the built figure differs from the stored one"
    for number, (a, b) in enumerate(zip(stored.splitlines(), built.splitlines()), start=1):
        if a != b:
            return f"line {number}: the built book shows {b.strip()[:90]!r}, the notebook {a.strip()[:90]!r}"  # noqa: E501
    return (
        f"the built book has {len(built.splitlines())} lines, "
        f"the notebook {len(stored.splitlines())}"
    )


def differences(name: str, stored, built, built_glued=None) -> list[str]:
    """Each place where the built notebook's text differs from the stored one."""
    want, have = text_outputs(stored), text_outputs(built)
    if [(c, k) for c, k, _ in want] != [(c, k) for c, k, _ in have]:
        return [f"{name}: the built page has a different set of outputs"]
    found = [
        f"{name}, cell {cell} ({kind}): {_first_difference(kind, w, h)}"
        for (cell, kind, w), (_, _, h) in zip(want, have)
        if w != h
    ]
    if built_glued is not None:
        stored_glued = glued_values(stored)
        for key in sorted(set(stored_glued) | set(built_glued)):
            if stored_glued.get(key) != built_glued.get(key):
                found.append(
                    f"{name}, glued {key!r}: the built book shows {built_glued.get(key)}, "
                    f"the notebook {stored_glued.get(key)}"
                )
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_built_page_shows_the_stored_outputs(path):
    built = EXECUTED / path.name
    assert built.is_file(), f"{built} is missing: build the book first (make book)"
    found = differences(
        path.name,
        nbformat.read(path, as_version=4),
        nbformat.read(built, as_version=4),
        built_glue(built.with_suffix(".glue.json")),
    )
    assert not found, (
        "\n".join(found) + "\nre-run the notebook (make rerun) and rebuild (make book)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_built_page_prose_shows_each_glued_value_as_its_role_formats_it(path):
    # The stored value, formatted by myst-nb's own rule (format spec after the name), must be on
    # the page between the words around its role: a raw 16275 pasted as "16275", or a stale
    # page, fails here.
    page = PAGES / f"{path.stem}.html"
    assert page.is_file(), f"{page} is missing: build the book first (make book)"
    found = prose_differences(
        path.name, nbformat.read(path, as_version=4), page.read_text(encoding="utf-8")
    )
    assert not found, "\n".join(found) + "\nre-run the notebook (make rerun) and rebuild"


def _one_glued_count(value: str, role: str):
    cell = nbformat.v4.new_code_cell(
        outputs=[
            nbformat.v4.new_output(
                "display_data",
                {"application/papermill.record/text/plain": value},
                metadata={
                    "scrapbook": {"name": "men", "mime_prefix": "application/papermill.record/"}
                },
            )
        ]
    )
    prose = nbformat.v4.new_markdown_cell(f"The corps counted {role} men in all.")
    return nbformat.v4.new_notebook(cells=[cell, prose])


def test_a_page_that_shows_a_glued_number_unformatted_is_reported():
    notebook = _one_glued_count("16275", "{glue:text}`men:,d`")
    good = "<article><p>The corps counted <span>16,275</span> men in all.</p></article>"
    bad = good.replace("16,275", "16275")
    assert prose_differences("x.ipynb", notebook, good) == []
    assert prose_differences("x.ipynb", notebook, bad) == [
        "x.ipynb, cell 2: the page does not show 'The corps counted 16,275 men in all.' "
        "('men' = 16275 with spec ',d')"
    ]


def test_a_glued_number_pasted_without_a_spec_is_expected_as_plain_text():
    notebook = _one_glued_count("'16,275'", "{glue:text}`men`")
    page = "<article><p>The corps counted 16,275 men in all.</p></article>"
    assert prose_differences("x.ipynb", notebook, page) == []


def _with_first_output_changed(mime: str, change):
    """The first chapter, and a copy whose first output of ``mime`` is changed; its cell number."""
    stored = nbformat.read(NOTEBOOKS[0], as_version=4)
    stale = nbformat.read(NOTEBOOKS[0], as_version=4)
    cell_number, cell = next(
        (n, c)
        for n, c in enumerate(stale.cells, start=1)
        if any(mime in o.get("data", {}) for o in c.get("outputs", []))
    )
    output = next(o for o in cell.outputs if mime in o.get("data", {}))
    output["data"][mime] = change(output["data"][mime])
    return stored, stale, cell_number


def test_a_built_page_with_an_old_value_is_reported_with_its_cell():
    stored, stale, cell_number = _with_first_output_changed("text/plain", lambda _: "an old value")
    found = differences("x.ipynb", stored, stale)
    assert len(found) == 1 and found[0].startswith(f"x.ipynb, cell {cell_number} (text/plain)")


def test_a_glued_number_that_differs_from_the_page_is_reported_by_name():
    stored = nbformat.read(NOTEBOOKS[0], as_version=4)
    glued = glued_values(stored)
    name = sorted(glued)[0]
    stale = {**glued, name: {"text/plain": "'an old value'"}}
    found = differences("x.ipynb", stored, stored, stale)
    assert found == [
        f"x.ipynb, glued {name!r}: the built book shows {stale[name]}, the notebook {glued[name]}"
    ]


def test_a_stale_figure_is_reported_without_dumping_the_image():
    stored, stale, cell_number = _with_first_output_changed("image/png", lambda png: png[::-1])
    assert differences("x.ipynb", stored, stale) == [
        f"x.ipynb, cell {cell_number} (image/png): the built figure differs from the stored one"
    ]


def test_a_changed_table_row_is_shown_by_its_first_differing_line():
    stored = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output(
                        "execute_result", {"text/plain": "a  1\nb  2"}, execution_count=1
                    )
                ]
            )
        ]
    )
    built = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output(
                        "execute_result", {"text/plain": "a  1\nb  3"}, execution_count=1
                    )
                ]
            )
        ]
    )
    assert differences("x.ipynb", stored, built) == [
        "x.ipynb, cell 1 (text/plain): line 2: the built book shows 'b  3', the notebook 'b  2'"
    ]


# A number in running text: "3,200", "2.5", "47"; not a unit's ordinal ("79th") or part of a word.
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")


def figure_numbers_not_on_the_page(html: str) -> list[str]:
    """Numbers a figure's caption or alt text states that the rest of the page does not show.

    Captions and alt texts are written by hand in cell metadata; the page's prose, tables and
    outputs are computed by the build. A number only the description carries may be stale.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    described = []
    for figure in soup.select("figure"):
        caption, image = figure.find("figcaption"), figure.find("img")
        label = (figure.get("id") or "figure") if figure else "figure"
        described.append((label, "caption", caption.get_text(" ") if caption else ""))
        described.append((label, "alt text", image.get("alt", "") if image else ""))
        if caption:
            caption.decompose()
    shown = {n.replace(",", "") for n in _NUMBER.findall(soup.get_text(" "))}
    return [
        f"{label} {kind}: {sorted(missing)}"
        for label, kind, text in described
        if (missing := {n for n in _NUMBER.findall(text) if n.replace(",", "") not in shown})
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_number_a_figure_description_states_is_computed_on_its_page(path):
    page = PAGES / f"{path.stem}.html"
    assert page.is_file(), f"{page} is missing: build the book first (make book)"
    found = figure_numbers_not_on_the_page(page.read_text(encoding="utf-8"))
    assert not found, "\n".join(found) + "\nthe caption or alt text is stale: compute or fix it"


def test_a_stale_number_in_alt_text_is_reported():
    html = (
        '<figure id="fig-x"><img alt="China, 3,200 mortar shells" src="x.png">'
        "<figcaption>Shells delivered.</figcaption></figure><table><td>3,300</td></table>"
    )
    assert figure_numbers_not_on_the_page(html) == ["fig-x alt text: ['3,200']"]
