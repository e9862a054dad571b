"""The chapters follow the book's conventions, and strict nbval really compares their outputs."""

import ast
import json
import re
import subprocess
import sys

import pytest
import yaml
from gluecheck import numbers_glued_as_text, numbers_without_a_spec

from hengyang import ROOT
from hengyang.data import load_table, table_names

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def _cells(path, kind=None):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if kind is None or c["cell_type"] == kind]


def _source(cell):
    return "".join(cell["source"])


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def test_every_notebook_is_in_the_table_of_contents_and_every_entry_exists():
    in_toc = set(_toc_files())
    on_disk = {str(p.relative_to(ROOT).with_suffix("")) for p in CHAPTERS}
    assert on_disk - in_toc == set(), "notebooks missing from _toc.yml"
    for entry in in_toc:
        assert list(ROOT.glob(entry + ".*")), f"{entry} in _toc.yml has no file"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_figure_has_a_caption_a_name_and_alt_text(path):
    for cell in _cells(path, "code"):
        draws = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if draws:
            meta = cell["metadata"].get("mystnb", {})
            assert meta.get("figure", {}).get("caption"), _source(cell)[:60]
            assert meta.get("figure", {}).get("name"), _source(cell)[:60]
            assert len(meta.get("image", {}).get("alt", "")) > 40, (
                "alt text must say what the figure shows"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_outputs_come_from_one_fresh_top_to_bottom_run(path):
    counts = [c["execution_count"] for c in _cells(path, "code")]
    assert None not in counts, "a code cell was never executed: run `make rerun`"
    assert counts == list(range(1, len(counts) + 1))


def _text_outputs(cell):
    return [
        o
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream"
        or "text/plain" in o.get("data", {})
        and "image/png" not in o.get("data", {})
        or any(k.startswith("application/papermill.record") for k in o.get("data", {}))
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_cell_that_draws_nothing_shows_text_for_nbval_to_check(path):
    # A cell with no text output is run by nbval but compared with nothing; a figure cell is
    # compared only by its glue (nbval skips PNGs), so it must draw.
    for cell in _cells(path, "code")[1:]:  # the set-up cell only imports and loads
        draws = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        assert draws or _text_outputs(cell), f"no text output: {_source(cell)[:80]!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_each_notebook_shows_a_table_or_printed_text(path):
    # Glue alone is invisible to a reader: every page also shows what it computed.
    shown = [
        o
        for c in _cells(path, "code")
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" or "text/html" in o.get("data", {})
    ]
    assert shown


def _glue_only(source):
    """True when every statement of a cell is a call of glue() or glue_all(), or a loop that
    does nothing else."""
    tree = ast.parse(source)

    def is_glue(stmt):
        if isinstance(stmt, ast.For):  # for name, value in {...}.items(): glue(name, value)
            return all(is_glue(s) for s in stmt.body)
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
            return False
        func = stmt.value.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        return name in ("glue", "glue_all")

    return bool(tree.body) and all(is_glue(s) for s in tree.body)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_code_cell_carries_its_allowed_tag(path):
    # The set-up cell and cells that only glue are plumbing (remove-input); every cell that
    # computes or draws can be opened by the reader (hide-input).
    wrong = []
    for i, cell in enumerate(_cells(path, "code")):
        want = "remove-input" if i == 0 or _glue_only(_source(cell)) else "hide-input"
        tags = set(cell["metadata"].get("tags", [])) & {"remove-input", "hide-input", "remove-cell"}
        if tags != {want}:
            wrong.append((i, sorted(tags), want, _source(cell)[:60]))
    assert not wrong, wrong


def test_the_tag_rule_tells_glue_only_cells_from_cells_that_compute():
    assert _glue_only("glue_all({'a': 1})\nglue('b', 2, display=False)")
    assert not _glue_only("x = 1\nglue_all({'a': x})")
    assert not _glue_only("an.events_view(events)")
    assert _glue_only("for k, v in {'a': 1}.items():\n    glue(k, v, display=False)")
    assert not _glue_only("for k in keys:\n    x = k\n    glue(k, x)")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_notebook_types_its_sources_by_hand(path):
    # The sources table and the "data rows" columns are generated from the record of reads
    # (hengyang.provenance); a hand-typed list would drift from the computation.
    code = " ".join(_source(c) for c in _cells(path, "code"))
    assert "rows_used" not in code and '"data rows"' not in code


# Reader-facing tables: no raw floats, no missing-value markers, no private columns. A
# decimal with three or more decimals is raw unless it is rounded to at most three
# significant figures, as derived figures are ("about 0.286", "about 0.0813").
_RAW = re.compile(r"\bNaN\b|<NA>|\bNaT\b|\b\d+\.\d{3,}\b|\b\d{2,}\.0\b|\b_\w+")


def _is_raw(token: str) -> bool:
    if re.fullmatch(r"\d+\.\d{3,}", token):
        return len(token.replace(".", "").lstrip("0")) > 3
    return True


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_tables_shown_to_readers_hold_no_raw_floats_nan_or_private_columns(path):
    found = []
    for cell in _cells(path, "code"):
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            text = re.sub(r"<[^>]+>", " ", html)
            found += [t for t in _RAW.findall(text) if _is_raw(t)]
    assert not found, found[:5]


@pytest.mark.parametrize(
    "path", [p for p in CHAPTERS if p.stem != "data_dictionary"], ids=lambda p: p.name
)
def test_every_row_the_code_names_is_in_the_generated_sources_table(path):
    # The closing table comes from the record of reads; a row the code names but never reads
    # through the package (so never recorded) would be missing from it.
    ids: dict[str, set[str]] = {}  # a key may be the key of several tables (event_places)
    for name in table_names():
        frame = load_table(name)
        for v in frame.iloc[:, 0]:
            ids.setdefault(str(v), set()).add(name)
    code = " ".join(_source(c) for c in _cells(path, "code"))
    if not re.search(r"\ban\.(value_of|figure_of|assumption|rows|claims_table|phase_row)\(", code):
        pytest.skip("a reference page: it reads no data row by its id")
    named = {s for s in re.findall(r'"([a-z0-9][a-z0-9-]+)"', code) if s in ids}
    named |= {s for s in re.findall(r"'([a-z0-9][a-z0-9-]+)'", code) if s in ids}
    wiring = {"loss_pairings", "loss_pairing_claims", "force_ratios", "force_ratio_inputs"}
    named = {s for s in named if ids[s] - wiring}
    last = _cells(path, "code")[-1]
    assert "sources_table()" in _source(last), "the last code cell shows sources_table()"
    listed = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in last["outputs"])
    whole = set(re.findall(r"^(\w+)\s+all \d+ rows", listed, flags=re.M))
    missing = sorted(s for s in named if s not in listed and not ids[s] & whole)
    assert not missing, missing


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_code_cell_ends_with_a_semicolon(path):
    # Under nbval a trailing ';' does not hide the value, so the stored output would differ.
    assert not [c for c in _cells(path, "code") if _source(c).rstrip().endswith(";")]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_glued_name_used_in_the_prose_is_glued_in_the_notebook(path):
    used = {
        m
        for c in _cells(path, "markdown")
        for m in re.findall(r"\{glue:\w+\}`([\w-]+)", _source(c))
    }
    glued = {
        o["metadata"]["scrapbook"]["name"]
        for c in _cells(path, "code")
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    assert used <= glued, f"used in prose but never glued: {sorted(used - glued)}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_numbers_are_glued_raw_and_formatted_in_the_prose(path):
    # A count glued as "16,275" hides the number from the book and fixes its format in code;
    # glued as 16275 it is pasted with `{glue:text}`name:,d``. Phrases a package function
    # words ("about 2.1 to 3.9", "fewer than 197") stay text.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    as_text = numbers_glued_as_text(notebook)
    assert not as_text, f"glue these raw and format them in the prose: {as_text}"
    without_spec = numbers_without_a_spec(notebook)
    assert not without_spec, without_spec


def _chapter_one_with(source_change=None, output_change=None, prose_change=None):
    notebook = json.loads((ROOT / "chapters" / "01_road_to_hengyang.ipynb").read_text())
    for cell in notebook["cells"]:
        source = _source(cell)
        if source_change and source_change[0] in source:
            cell["source"] = source.replace(*source_change)
        if prose_change and prose_change[0] in source:
            cell["source"] = source.replace(*prose_change)
        for output in cell.get("outputs", []):
            if (
                output_change
                and output.get("metadata", {}).get("scrapbook", {}).get("name") == output_change[0]
            ):
                output["data"]["application/papermill.record/text/plain"] = output_change[1]
    return notebook


def test_a_count_glued_as_formatted_text_is_reported():
    raw = 'an.value_of(strengths, "fs-10army-pei-xiao")'
    formatted = "f\"{an.value_of(strengths, 'fs-10army-pei-xiao'):,}\""
    notebook = _chapter_one_with(
        source_change=(raw, formatted), output_change=("defenders", "'16,275'")
    )
    assert numbers_glued_as_text(notebook) == ["defenders = '16,275'"]
    assert not numbers_glued_as_text(_chapter_one_with())


def test_a_raw_count_pasted_without_its_format_spec_is_reported():
    notebook = _chapter_one_with(prose_change=("`defenders:,d`", "`defenders`"))
    assert [p.split(": ", 1)[1] for p in numbers_without_a_spec(notebook)] == [
        "defenders = 16275 has no format spec"
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_notebook_glues_through_the_one_helper(path):
    # hengyang.book.glue_all glues a dict of values; no notebook repeats its own glue loop.
    code = [_source(c) for c in _cells(path, "code")]
    assert not [s for s in code if re.search(r"\bglue\(|import glue\b", s)]
    assert any("glue_all(" in s for s in code) or not any(
        "{glue:" in _source(c) for c in _cells(path, "markdown")
    )


# A number of three or more digits in prose should have been glued; years, ordinals
# ("116th"), hill names ("227.7"), calibres ("100 mm") and times are names or dates,
# not computed values.
_TYPED_NUMBER = re.compile(
    r"(?<![\w.`/-])(\d{1,3}(?:,\d{3})+|\d{3,})(?![\w.,]*\d)(?!th|st|nd|rd|s\b|\s?mm\b)"
)
_ALLOWED = re.compile(r"^(1[89]\d\d|20[0-2]\d|227|221|141)$")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_large_numbers_in_the_prose_are_glued_not_typed(path):
    typed = []
    for cell in _cells(path, "markdown"):
        text = re.sub(
            r"\{glue:\w+\}`[^`]*`|`[^`]*`|\{download\}`[^`]*`|\([^)]*\.(csv|json)\)",
            "",
            _source(cell),
        )
        typed += [m for m in _TYPED_NUMBER.findall(text) if not _ALLOWED.match(m.replace(",", ""))]
    assert not typed, f"numbers typed into prose instead of glued: {typed}"


def test_the_data_dictionary_documents_every_table():
    text = " ".join(_source(c) for c in _cells(ROOT / "chapters" / "data_dictionary.ipynb"))
    for name in table_names():
        assert f'describe("{name}")' in text and f"../data/{name}.csv" in text, name


def test_strict_nbval_fails_when_a_stored_output_is_wrong(tmp_path):
    notebook = json.loads((ROOT / "chapters" / "introduction.ipynb").read_text())
    tampered = False
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get("application/papermill.record/text/plain")
            if record == "47" and not tampered:
                output["data"]["application/papermill.record/text/plain"] = "48"
                tampered = True
    assert tampered, "the introduction no longer glues the 47 days"
    target = tmp_path / "introduction.ipynb"
    target.write_text(json.dumps(notebook))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xdist",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "sanitize.cfg"),
            "-c",
            "/dev/null",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "48" in result.stdout and "47" in result.stdout


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_notebook_prints_warnings_or_errors(path):
    # A warning in a stored output is a bug waiting to change under nbval, and readers see it.
    streams = [
        o
        for c in _cells(path, "code")
        for o in c.get("outputs", [])
        if o.get("name") == "stderr" or o.get("output_type") == "error"
    ]
    assert not streams, streams[:1]


def _numbers(text):
    return {
        m.replace(",", "")
        for m in re.findall(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?", text)
    }


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_numbers_in_captions_and_alt_text_come_from_the_data_or_the_outputs(path):
    # Captions and alt text cannot be glued, so every number in them must be one the data
    # hold or the notebook prints; a figure described with a stale number fails here.
    import pandas as pd

    from hengyang.data import load_table

    known = set()
    for name in table_names():
        frame = load_table(name)
        for column in ("written", "low", "high", "quote"):
            if column in frame:
                known |= _numbers(" ".join(str(v) for v in frame[column] if not pd.isna(v)))
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                known |= {str(d.day) for d in frame[column].dropna()}
    for cell in _cells(path, "code"):
        for output in cell.get("outputs", []):
            for key, value in output.get("data", {}).items():
                if key.startswith(("text/plain", "application/papermill")):
                    known |= _numbers("".join(value))
    for cell in _cells(path, "code"):
        meta = cell["metadata"].get("mystnb", {})
        text = (
            meta.get("figure", {}).get("caption", "") + " " + meta.get("image", {}).get("alt", "")
        )
        unknown = sorted(
            n for n in _numbers(text) - known if not re.fullmatch(r"19\d\d|20[0-2]\d", n)
        )
        assert not unknown, f"{meta.get('figure', {}).get('name')}: {unknown}"


def _shingles(words, n):
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_narration_is_in_our_own_words(path):
    # Quotations are allowed when marked with quotation marks; anything else sharing a run of ten
    # words with the seed (longer than any proper name in it) was copied, not narrated.
    from hengyang.seed import seed_text

    def words(text):
        return re.findall(r"[a-z0-9']+", text.lower())

    seed = _shingles(words(seed_text()), 10)
    copied = []
    for cell in _cells(path, "markdown"):
        prose = re.sub(r'"[^"]*"|“[^”]*”', " | ", _source(cell))
        copied += sorted(_shingles(words(prose), 10) & seed)
    assert not copied, copied[:5]


# Chapters whose closing "sources and assumptions" table is folded into a collapsible block
# (issue 14, part 7); a chapter is added here when its sources cell gets the same metadata.
FOLDED = [
    "01_road_to_hengyang",
    "02_preparing_the_defence",
    "03_opening_moves",
    "04_first_offensive",
    "05_regrouping",
    "06_second_offensive",
    "07_the_siege_tightens",
    "08_the_fall",
    "09_the_relief",
    "10_aftermath_and_memory",
]


@pytest.mark.parametrize("stem", FOLDED)
def test_the_sources_table_is_folded_behind_a_prompt_that_says_what_it_hides(stem):
    last = _cells(ROOT / "chapters" / f"{stem}.ipynb", "code")[-1]
    assert "sources_table()" in _source(last)
    assert "hide-cell" in last["metadata"].get("tags", [])
    prompt = last["metadata"].get("mystnb", {}).get("code_prompt_show", "")
    assert "table" in prompt and "{type}" not in prompt, prompt
