"""Load the tables in ``data/`` as typed pandas DataFrames, refusing bad data loudly.

Every table is checked twice before a notebook sees it:

1. against its Table Schema in ``data/datapackage.json`` by the ``frictionless``
   validator (types, required values, enums, ranges, dates inside the table's
   window, unique primary keys, foreign keys);
2. against the provenance rules of this book (:func:`provenance_problems`): the
   quote stands verbatim in the seed, the written value stands in the quote, the
   stored bounds equal the written value, derived and assumed rows say how.

Any failure raises :class:`DataError`, whose message names the file, the row, the
column and the rule for every problem found. Nothing is dropped or coerced to NaN.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import DATA_DIR, ROOT, SEED_PATH
from .seed import normalise, quote_in_seed, sections_of
from .written_numbers import UnreadableNumber, bounds

PACKAGE_FILE = "datapackage.json"


@dataclass(frozen=True)
class Problem:
    """One broken rule in one cell (``row`` counts data rows from 1; the header is line 1)."""

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column:
            where += f", column '{self.column}'"
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            where += f", value {shown!r}"
        return f"{where}: rule '{self.rule}' broken: {self.message}"


class DataError(ValueError):
    """Raised when a table is missing, unknown or breaks a rule."""

    def __init__(self, problems: list[Problem] | str):
        self.problems = [] if isinstance(problems, str) else list(problems)
        text = problems if isinstance(problems, str) else "\n".join(str(p) for p in self.problems)
        super().__init__(text)


def _descriptor(data_dir: Path) -> dict:
    path = Path(data_dir) / PACKAGE_FILE
    if not path.is_file():
        raise DataError(f"{path}: data package descriptor not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{path}, line {exc.lineno}, column {exc.colno}: rule 'valid-json' broken: {exc.msg}"
        ) from None


def table_names(data_dir: Path = DATA_DIR) -> list[str]:
    """The names of the package's tables, in the descriptor's order.

    Parameters
    ----------
    data_dir: the folder of ``datapackage.json``.

    Returns
    -------
    A list of resource names. Raises :class:`DataError` when the descriptor is missing or is
    not valid JSON.
    """
    return [r["name"] for r in _descriptor(data_dir)["resources"]]


def schema(name: str, data_dir: Path = DATA_DIR) -> dict:
    """The descriptor's resource for one table: its path, schema, keys and description.

    Parameters
    ----------
    name: the table's name.
    data_dir: the folder of ``datapackage.json``.

    Returns
    -------
    The resource as a dict. Raises :class:`DataError` for an unknown table (the message lists
    the known ones).
    """
    for resource in _descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(table_names(data_dir))
    raise DataError(
        f"{Path(data_dir) / PACKAGE_FILE}: unknown table '{name}'; known tables: {known}"
    )


def _shape_problems(name: str, data_dir: Path) -> list[Problem]:
    """Missing, extra or misordered columns and empty tables, named as such.

    Checked before frictionless, whose report on a deleted column names the wrong one
    (it compares by position) and then fails every row.
    """
    resource = schema(name, data_dir)
    file = f"{Path(data_dir).name}/{resource['path']}"
    with (Path(data_dir) / resource["path"]).open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return [Problem(file, None, None, "has-header", "the file is empty: not even a header")]
        rows = sum(1 for row in reader if any(cell.strip() for cell in row))
    expected = [f["name"] for f in resource["schema"]["fields"]]
    problems = [
        Problem(file, None, c, "missing-column", f"the schema requires column {c!r}")
        for c in expected
        if c not in header
    ]
    problems += [
        Problem(file, None, c, "extra-column", f"column {c!r} is not in the schema")
        for c in header
        if c not in expected
    ]
    if not problems and header != expected:
        problems.append(
            Problem(
                file,
                None,
                None,
                "column-order",
                f"columns must be in the schema's order: {', '.join(expected)}",
            )
        )
    if not problems and rows == 0 and not resource.get("allowEmpty", False):
        problems.append(
            Problem(
                file,
                None,
                None,
                "not-empty",
                "the table has a header but no rows (its schema does not allow that)",
            )
        )
    return problems


def _schema_problems(name: str, data_dir: Path) -> list[Problem]:
    # Imported here: frictionless is slow to import and only needed on a cold load.
    from frictionless import Package

    package = Package(str(Path(data_dir) / PACKAGE_FILE))
    resource = package.get_resource(name)
    report = resource.validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row_number = getattr(error, "row_number", None)
            # a foreign key names its columns and values in lists; say them like any other cell
            columns = getattr(error, "field_names", None) or []
            cells = getattr(error, "field_cells", None) or []
            column = getattr(error, "field_name", None) or ", ".join(columns) or None
            cell = getattr(error, "cell", None)
            value = str(cell) if cell is not None else ", ".join(map(str, cells)) or None
            problems.append(
                Problem(
                    file=f"{Path(data_dir).name}/{resource.path}",
                    row=row_number - 1 if row_number else None,
                    column=column,
                    rule=error.type,
                    message=_rows_as_we_count(error.note or error.message),
                    value=value,
                )
            )
    return _one_line_a_fault(problems)


def _one_line_a_fault(problems: list[Problem]) -> list[Problem]:
    """frictionless reports a repeated key twice (the column's uniqueness and the primary key)
    and a blank row twice (blank, and a key of nothing): keep the line that says what is wrong."""
    said = {(p.file, p.row) for p in problems if p.rule in ("unique-error", "blank-row")}
    return [p for p in problems if not (p.rule == "primary-key" and (p.file, p.row) in said)]


def _rows_as_we_count(message: str) -> str:
    """frictionless says "row at position 3" counting the header as 1; we count data rows."""
    return re.sub(
        r"\b[Rr]ow at position \"?(\d+)\"?",
        lambda m: f"row {int(m.group(1)) - 1} (line {m.group(1)})",
        message,
    )


def _number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def provenance_problems(
    name: str, data_dir: Path = DATA_DIR, seed: Path = SEED_PATH
) -> list[Problem]:
    """Rules a Table Schema cannot state: quotes against the seed, values against their quotes.

    Also: a section that matches where the quote stands, low not above high, bounds equal to
    what the written value gives, a rule for derived and assumed rows, ``kept_in`` rows that
    quote the number, dates in order.

    Parameters
    ----------
    name: the table's name.
    data_dir: the folder of ``datapackage.json`` and the table.
    seed: the source text the quotes must stand in.

    Returns
    -------
    A list of :class:`Problem`, rows counted from 1; empty when the table keeps every rule.
    """
    resource = schema(name, data_dir)
    file = f"{Path(data_dir).name}/{resource['path']}"
    frame = pd.read_csv(Path(data_dir) / resource["path"], dtype=str, keep_default_na=False)
    cols = set(frame.columns)
    problems: list[Problem] = []

    def add(row: int, column: str, rule: str, message: str) -> None:
        problems.append(Problem(file, row, column, rule, message))

    # Tables of extracted numbers quote a sentence; the ledger of left-out numbers quotes
    # its context.
    quote_col = "quote" if "quote" in cols else "context" if "context" in cols else None
    for i, rec in enumerate(frame.to_dict("records"), start=1):
        quote = rec.get(quote_col, "") if quote_col else ""
        if quote:
            if not quote_in_seed(quote, seed):
                add(
                    i,
                    quote_col,
                    "quote-in-seed",
                    f"not found verbatim in {Path(seed).name}: {quote[:80]!r}",
                )
            elif "section" in cols and rec["section"] not in sections_of(quote, seed):
                found = ", ".join(sorted(sections_of(quote, seed)))
                add(
                    i,
                    "section",
                    "section-matches-quote",
                    f"quote stands under {found!r}, not {rec['section']!r}",
                )
        if "dates_written" in cols and normalise(rec["dates_written"]) not in normalise(quote):
            add(
                i,
                "dates_written",
                "written-in-quote",
                f"{rec['dates_written']!r} does not occur in the quote",
            )
        if (
            "written" in cols
            and rec["written"]
            and normalise(rec["written"]) not in normalise(quote)
        ):
            add(
                i,
                "written",
                "written-in-quote",
                f"{rec['written']!r} does not occur in the {quote_col}",
            )
        if rec.get("reach") == "city edge":
            # A place at the city's own edge, named without a mileage: no number to check,
            # none to store.
            if rec["low"] or rec["high"] or rec["written"]:
                add(
                    i,
                    "low",
                    "edge-has-no-distance",
                    "a 'city edge' position stores no written value, low or high",
                )
        elif "written" in cols and "low" in cols:
            written = rec["written"]
            try:
                low, high = _number(rec["low"]), _number(rec["high"])
            except ValueError:
                continue  # a type error, already reported by the schema check
            if low is None and high is None:
                add(i, "low", "bounds-present", "low and high are both empty")
            if low is not None and high is not None and low > high:
                add(i, "low", "low-not-above-high", f"low {low:g} is above high {high:g}")
            # Whatever the basis: a derived row reads its written value through the
            # conversion its rule names (see written_numbers.CONVERSIONS).
            if written:
                try:
                    want = bounds(written, rec["qualifier"], rec.get("unit"))
                except (UnreadableNumber, ValueError) as exc:
                    add(i, "written", "written-is-readable", str(exc))
                    continue
                for column, have, expected in (("low", low, want[0]), ("high", high, want[1])):
                    same = (have is None and expected is None) or (
                        have is not None and expected is not None and math.isclose(have, expected)
                    )
                    if not same:
                        add(
                            i,
                            column,
                            "value-equals-written",
                            f"{rec[column] or 'empty'} but {written!r} ({rec['qualifier']}) gives "
                            f"{'empty' if expected is None else format(expected, 'g')}",
                        )
        if (
            "basis" in cols
            and rec["basis"] in ("derived", "assumed")
            and not rec.get("rule", "").strip()
        ):
            add(
                i,
                "rule",
                "derived-rows-explain",
                f"a {rec['basis']} row must state its rule or assumption",
            )
        if rec.get("kept_in"):
            message = _kept_in_problem(rec, data_dir)
            if message:
                add(i, "kept_in", "kept-in-row-quotes-it", message)
        elif "kept_in" in cols and re.search(r"\bkept\b|\bin events\b", rec.get("reason", "")):
            add(
                i,
                "kept_in",
                "kept-in-named",
                "the reason says the number is kept elsewhere but names no row",
            )
        for first, last in (("start", "end"), ("period_start", "period_end")):
            if (
                first in cols
                and last in cols
                and rec[first]
                and rec[last]
                and rec[first] > rec[last]
            ):
                add(i, last, "dates-in-order", f"{last} {rec[last]} is before {first} {rec[first]}")
    return problems


def _kept_in_problem(rec: dict, data_dir: Path) -> str | None:
    """Why a ledger row's ``kept_in`` is wrong, or None: the named row must exist and quote the
    number the reason says is kept (the ledger's own ``written`` in its quote, or its ``written``
    in the reason)."""
    table, _, key = rec["kept_in"].partition(":")
    try:
        resource = schema(table, data_dir)
    except DataError as exc:
        return str(exc)
    frame = pd.read_csv(Path(data_dir) / resource["path"], dtype=str, keep_default_na=False)
    row = frame.loc[frame.iloc[:, 0] == key]
    if len(row) != 1:
        return f"{table} has no row {key!r}"
    row = row.iloc[0]
    quote, written = normalise(row.get("quote", "")), normalise(row.get("written", ""))
    if normalise(rec["written"]) in quote or (written and written in normalise(rec["reason"])):
        return None
    return (
        f"{table}:{key} neither quotes {rec['written']!r} nor has its written value in the reason"
    )


def validate_table(name: str, data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem of one table: its file, its shape, its Table Schema, then its provenance.

    Each stage runs only on a table that passed the one before, so one bad cell gives one
    message, not a cascade of consequences.

    Parameters
    ----------
    name: the table's name.
    data_dir: the folder of ``datapackage.json`` and the table (the seed is always the
        package's own).

    Returns
    -------
    A list of :class:`Problem`; empty when the table is valid.
    """
    resource = schema(name, data_dir)
    path = Path(data_dir) / resource["path"]
    if not path.is_file():
        return [
            Problem(
                f"{Path(data_dir).name}/{resource['path']}",
                None,
                None,
                "file-exists",
                f"{path} is missing",
            )
        ]
    # Each stage runs only on a table that passed the one before, so one bad cell gives one
    # message, not a cascade of consequences.
    problems = _shape_problems(name, data_dir)
    if not problems:
        problems = _schema_problems(name, data_dir)
    if not problems:
        problems = provenance_problems(name, data_dir)
    return problems


def _referenced_tables(name: str, data_dir: Path) -> set[str]:
    keys = schema(name, data_dir)["schema"].get("foreignKeys", [])
    return {fk["reference"]["resource"] for fk in keys if fk["reference"].get("resource")} - {name}


def validate_package(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem of every table in the package (an empty list when all is well).

    Foreign-key failures of a table that refers to a broken table only repeat that
    table's problem: one line says so instead. Files in the data folder that the
    descriptor does not declare are problems too (nothing is silently ignored).

    Parameters
    ----------
    data_dir: the folder of ``datapackage.json`` and its tables.

    Returns
    -------
    A list of :class:`Problem`, table by table in the descriptor's order, then undeclared files.
    """
    names = table_names(data_dir)
    found = {name: validate_table(name, data_dir) for name in names}
    broken = {name for name in names if found[name]}
    problems: list[Problem] = []
    for name in names:
        waiting = sorted(_referenced_tables(name, data_dir) & broken)
        echoes = [p for p in found[name] if waiting and p.rule == "foreign-key"]
        problems.extend(p for p in found[name] if p not in echoes)
        if echoes:
            problems.append(
                Problem(
                    echoes[0].file,
                    None,
                    None,
                    "foreign-key",
                    f"{len(echoes)} reference(s) not checked: they point to "
                    f"{', '.join(waiting)}, which has problems of its own (fix that first)",
                )
            )
    declared = {schema(n, data_dir)["path"] for n in names} | {PACKAGE_FILE}
    # every file below the data folder, subfolders too: a table there would be silently ignored
    for path in sorted(Path(data_dir).rglob("*")):
        name = path.relative_to(data_dir).as_posix()
        hidden = any(part.startswith(".") for part in path.relative_to(data_dir).parts)
        if path.is_file() and name not in declared and not hidden:
            problems.append(
                Problem(
                    f"{Path(data_dir).name}/{name}",
                    None,
                    None,
                    "declared-file",
                    "not a resource of datapackage.json: "
                    "declare it or move it out of the data folder",
                )
            )
    return problems


# What the validity of the data depends on: the tables, the seed and the rules that check them.
_VALIDATION_CODE = ("data.py", "written_numbers.py", "seed.py")


def data_digest(data_dir: Path = DATA_DIR, seed: Path = SEED_PATH) -> str:
    """A hash of the data package, the seed and the validation code.

    Parameters
    ----------
    data_dir: the data folder; every file under it counts (by name and content).
    seed: the source text.

    Returns
    -------
    The SHA-256 hex digest as a string.
    """
    digest = hashlib.sha256()
    files = sorted(p for p in Path(data_dir).rglob("*") if p.is_file())
    files += [Path(seed)] + [Path(__file__).with_name(n) for n in _VALIDATION_CODE]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def validated_marker() -> Path:
    """Where ``python -m hengyang.validate`` notes the digest of data it has validated.

    Returns
    -------
    The path ``_build/.validated-data`` under the repository's root (the file may not exist).
    """
    return ROOT / "_build" / ".validated-data"


def already_validated(data_dir: Path) -> bool:
    """True when the marker holds this data's digest: validated already, by this code and seed.

    Parameters
    ----------
    data_dir: the data folder (its digest is taken with the package's own seed).

    Returns
    -------
    True or False (False when there is no marker).
    """
    marker = validated_marker()
    return marker.is_file() and marker.read_text().strip() == data_digest(data_dir)


def _typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    for field in fields:
        column, kind = field["name"], field["type"]
        if kind == "integer":
            frame[column] = pd.array(
                [int(v) if v != "" else pd.NA for v in frame[column]], dtype="Int64"
            )
        elif kind == "number":
            frame[column] = pd.array(
                [float(v) if v != "" else pd.NA for v in frame[column]], dtype="Float64"
            )
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column].replace("", None), format="%Y-%m-%d")
    return frame


@functools.cache
def _already_validated(data_dir: str) -> bool:
    return already_validated(Path(data_dir))


@functools.cache
def _load(name: str, data_dir: str) -> pd.DataFrame:
    # The build and the tests validate the whole package once, before any notebook runs,
    # and note the digest of what they validated; a notebook then loads without
    # re-validating. Data that differ from what was validated are validated here.
    if not _already_validated(data_dir):
        problems = validate_table(name, Path(data_dir))
        if problems:
            raise DataError(problems)
    resource = schema(name, Path(data_dir))
    frame = pd.read_csv(Path(data_dir) / resource["path"], dtype=str, keep_default_na=False)
    frame = _typed(frame, resource["schema"]["fields"])
    frame.attrs["table"] = name  # so that reads of its rows can be recorded by table
    return frame


def load_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Return table ``name`` validated and typed (dates as datetimes, counts as Int64).

    The table is validated unless the whole package was validated already (see
    :func:`already_validated`); it is read once per process and later calls return a fresh copy.

    Parameters
    ----------
    name: the table's name in ``datapackage.json``.
    data_dir: the data folder.

    Returns
    -------
    A new DataFrame; empty cells of text columns are "", numbers are Int64 or Float64 with
    NA, and ``attrs["table"]`` holds ``name``. Raises :class:`DataError` when the table has
    problems.
    """
    return _load(name, str(Path(data_dir).resolve())).copy()


def field_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The data dictionary of one table: each column with its type, rule and meaning.

    Parameters
    ----------
    name: the table's name.
    data_dir: the folder of ``datapackage.json``.

    Returns
    -------
    A text frame indexed by ``column`` with ``type``, ``rules`` (primary key, reference,
    required, allowed values, bounds) and ``meaning`` (the field's description).
    """
    resource = schema(name, data_dir)
    keys = set(resource["schema"].get("primaryKey", []))
    foreign = {fk["fields"][0]: fk["reference"] for fk in resource["schema"].get("foreignKeys", [])}
    rows = []
    for field in resource["schema"]["fields"]:
        c = field.get("constraints", {})
        rules = []
        if field["name"] in keys:
            rules.append("primary key")
        if field["name"] in foreign:
            ref = foreign[field["name"]]
            rules.append(f"refers to {ref['resource']}.{ref['fields'][0]}")
        if c.get("required"):
            rules.append("required")
        if "enum" in c and field["name"] != "section":
            rules.append("one of: " + ", ".join(c["enum"]))
        if field["name"] == "section":
            rules.append("a section heading of the seed")
        if "minimum" in c:
            rules.append(f"≥ {c['minimum']}")
        if "maximum" in c:
            rules.append(f"≤ {c['maximum']}")
        rows.append((field["name"], field["type"], "; ".join(rules), field.get("description", "")))
    return pd.DataFrame(rows, columns=["column", "type", "rules", "meaning"]).set_index("column")


def load_tables(*names: str, data_dir: Path = DATA_DIR) -> tuple[pd.DataFrame, ...]:
    """Several tables at once, each validated once per process.

    ``phases, events = load_tables("phases", "events")``

    Parameters
    ----------
    names: the tables' names.
    data_dir: the data folder.

    Returns
    -------
    A tuple of frames, in the order of ``names`` (see :func:`load_table`).
    """
    return tuple(load_table(name, data_dir) for name in names)
