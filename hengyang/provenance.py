"""The record of which data rows a notebook read, kept as it reads them.

Every function of :mod:`hengyang.analysis` that picks rows out of a table (a value by its
key, an assumption, a claim, a phase, the events of a phase ...) calls :func:`record`. A
notebook runs in its own kernel, so the record of a kernel is the record of one notebook;
its closing "sources and assumptions" table is :func:`sources_table`, and the "data rows"
column of its key-numbers tables is :func:`rows_text` of the reads made for each number.
Nothing is typed by hand, so the list of sources cannot drift from the computation.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterable, Iterator

import pandas as pd

from .data import load_table

Read = tuple[str, str]  # (table, row id)

_READS: dict[Read, None] = {}  # a dict keeps the order of first reading, without repeats


class Scope:
    """The reads made inside one :func:`tracking` block, and the values read out directly."""

    def __init__(self) -> None:
        self.reads: list[Read] = []
        self.values: list = []


_SCOPES: list[Scope] = []


def table_of(frame: pd.DataFrame) -> str:
    """The name of the table a frame was loaded from (set by :func:`hengyang.data.load_table`).

    Parameters
    ----------
    frame: a table, or a frame that kept its ``attrs["table"]``.

    Returns
    -------
    The table's name. Raises ValueError when the frame carries none.
    """
    name = frame.attrs.get("table")
    if not name:
        raise ValueError("this frame was not loaded with hengyang.data.load_table: no table name")
    return name


def record(frame: pd.DataFrame, row_ids: Iterable[str], value=None) -> None:
    """Note that the rows ``row_ids`` of the table behind ``frame`` were read.

    ``value`` is what a single read returned unchanged (a cell, a written figure), so that a
    key number that is nothing but that value is labelled with the row's own basis.

    Parameters
    ----------
    frame: the table read (see :func:`table_of`; ValueError when it has no table name).
    row_ids: the ids of the rows read (turned into strings).
    value: the value read out unchanged, or None when nothing was read out directly.

    Returns
    -------
    None. The reads go into the process's record and into every open :func:`tracking` scope.
    """
    table = table_of(frame)
    for row_id in row_ids:
        key = (table, str(row_id))
        _READS.setdefault(key, None)
        for scope in _SCOPES:
            if key not in scope.reads:
                scope.reads.append(key)
    if value is not None:
        for scope in _SCOPES:
            scope.values.append(value)


def replay(found: Iterable[Read]) -> None:
    """Record again reads made earlier (a computed frame quoting the rows it was built from).

    Parameters
    ----------
    found: (table, row id) pairs, as :func:`reads` or a scope's ``reads`` give them.

    Returns
    -------
    None. The reads go into the process's record and into every open :func:`tracking` scope.
    """
    for table, row_id in found:
        key = (table, row_id)
        _READS.setdefault(key, None)
        for scope in _SCOPES:
            if key not in scope.reads:
                scope.reads.append(key)


def reads() -> list[Read]:
    """Every (table, row id) read so far in this process, in the order first read.

    Returns
    -------
    A new list of (table, row id) tuples, without repeats.
    """
    return list(_READS)


def reset() -> None:
    """Forget every read (for tests, which share one process).

    Returns
    -------
    None. Open :func:`tracking` scopes keep what they collected.
    """
    _READS.clear()


@contextlib.contextmanager
def tracking() -> Iterator[Scope]:
    """Collect the reads made inside the ``with`` block into the yielded :class:`Scope`.

    Returns
    -------
    A context manager yielding a new :class:`Scope`; scopes nest, and each collects every read
    made while it is open.
    """
    scope = Scope()
    _SCOPES.append(scope)
    try:
        yield scope
    finally:
        _SCOPES[:] = [s for s in _SCOPES if s is not scope]


def basis_of(scope: Scope, value) -> str:
    """ "sourced", "derived" or "assumed" when ``value`` is one row's value read unchanged;
    "computed" when it was worked out from one or more rows.

    Parameters
    ----------
    scope: the :class:`Scope` of the computation.
    value: the value it returned.

    Returns
    -------
    The row's ``basis`` (or "sourced" for a table without one) when the scope read exactly one
    row and read out this very value (same type and equal); "computed" otherwise. The row is
    looked up in the package's own data.
    """
    if len(scope.reads) != 1 or not any(_same(value, v) for v in scope.values):
        return "computed"
    table, row_id = scope.reads[0]
    frame = load_table(table)
    if "basis" not in frame:
        return "sourced"
    return str(frame.loc[frame[frame.columns[0]] == row_id, "basis"].iloc[0])


def _same(a, b) -> bool:
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return False


def rows_text(found: Iterable[Read]) -> str:
    """Reads as a reader sees them: ``force_strengths: fs-a, fs-b; assumptions: as-c``.

    Parameters
    ----------
    found: (table, row id) pairs, in the order to list them.

    Returns
    -------
    The text, tables in order of first appearance; a table with more than four rows read is
    written "N rows, <first> to <last>" (first and last in reading order). "" when nothing was
    read.
    """
    by_table: dict[str, list[str]] = {}
    for table, row_id in found:
        by_table.setdefault(table, []).append(row_id)

    def listed(ids: list[str]) -> str:
        return ", ".join(ids) if len(ids) <= 4 else f"{len(ids)} rows, {ids[0]} to {ids[-1]}"

    return "; ".join(f"{table}: {listed(ids)}" for table, ids in by_table.items())


def sources_table(found: Iterable[Read] | None = None) -> pd.DataFrame:
    """The "sources and assumptions" table: each data row read, its basis and its quote.

    Parameters
    ----------
    found:
        The reads to list; by default every read this notebook made (:func:`reads`).

    Returns
    -------
    A frame indexed by (table, row) with the columns ``basis`` and ``quote (shortened)``.
    """
    found = reads() if found is None else list(found)
    tables = list(dict.fromkeys(table for table, _ in found))
    rows = []
    for name in tables:
        frame = load_table(name)
        ids = [row_id for table, row_id in found if table == name]
        indexed = frame.set_index(frame.columns[0], drop=False)
        missing = sorted(set(ids) - set(indexed.index))
        if missing:
            raise KeyError(f"{name}: no row {missing[0]!r}")
        bases = (
            indexed["basis"] if "basis" in indexed else pd.Series(_basis(indexed), indexed.index)
        )
        if len(ids) == len(frame) > WHOLE_TABLE:
            kinds = ", ".join(f"{n} {b}" for b, n in bases.value_counts().sort_index().items())
            rows.append(
                (name, f"all {len(ids)} rows", kinds, "every row (see the data dictionary)")
            )
            continue
        for row_id in ids:
            quote = indexed.at[row_id, "quote"] if "quote" in indexed else ""
            short = textwrap.shorten(str(quote), 110, placeholder=" ...")
            rows.append((name, row_id, bases[row_id], short))
    columns = ["table", "row", "basis", "quote (shortened)"]
    return pd.DataFrame(rows, columns=columns).set_index(["table", "row"])


def _basis(frame: pd.DataFrame) -> str:
    """The basis of every row of a table without a basis column: a table whose rows carry the
    source's sentence is sourced; one without quotes only wires other rows together (which rows
    a ratio reads, which claims pair) and states no fact of its own."""
    return "sourced" if "quote" in frame else "wiring (states no fact)"


# A table read whole is listed as one line when it has more rows than this.
WHOLE_TABLE = 8
