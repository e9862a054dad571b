"""The small computations the chapters show: days, ratios, shares, claims side by side.

Functions take the typed tables from :func:`hengyang.data.load_table` and return plain
Python numbers or small DataFrames, so notebooks can show and glue them as text.
Open bounds stay open (``None``): a ratio built on "more than 2,000" has no upper
end, and we do not invent one.
"""

from __future__ import annotations

from collections.abc import Callable
from math import floor, log10

import pandas as pd

from . import DATA_DIR, provenance
from .data import load_tables

Bound = float | None


def battle_phases(phases: pd.DataFrame) -> pd.DataFrame:
    """The six phases that tile the battle, in order, with their length in days.

    Parameters
    ----------
    phases: the phase table (``data/phases.csv``); rows whose ``kind`` is not "battle" are left out.

    Returns
    -------
    A new frame of the battle phases sorted by ``order`` (index 0, 1, ...) with an added
    ``days`` column (end minus start plus 1, both days counted). The phases' reads are recorded.
    """
    battle = phases[phases["kind"] == "battle"].sort_values("order").reset_index(drop=True)
    provenance.record(phases, battle["phase_id"])
    battle["days"] = (battle["end"] - battle["start"]).dt.days + 1
    return battle


def battle_window(phases: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the battle (23 June and 8 August 1944), from the phase table.

    Parameters
    ----------
    phases: the phase table; only rows whose ``kind`` is "battle" count.

    Returns
    -------
    A tuple (first day, last day) of timestamps: the earliest ``start`` and the latest ``end``
    of the battle phases. The battle phases' reads are recorded.
    """
    # What battle_phases(phases) gives, without building its frame: this runs for every date.
    battle = (phases["kind"] == "battle").to_numpy()
    order = phases["order"].to_numpy()[battle].argsort(kind="stable")
    provenance.record(phases, phases["phase_id"].to_numpy()[battle][order])
    return phases["start"][battle].min(), phases["end"][battle].max()


def days_of_battle(phases: pd.DataFrame) -> int:
    """Length of the battle in days, first and last day included.

    Parameters
    ----------
    phases: the phase table (see :func:`battle_window`).

    Returns
    -------
    The number of days as an int (47 for 23 June - 8 August 1944).
    """
    start, end = battle_window(phases)
    return int((end - start).days) + 1


def day_of_battle(date, phases: pd.DataFrame) -> int:
    """Day number within the battle, 23 June 1944 being day 1 (negative or 0 before it).

    Parameters
    ----------
    date: anything :class:`pandas.Timestamp` accepts ("1944-07-19", a timestamp).
    phases: the phase table (see :func:`battle_window`).

    Returns
    -------
    The day number as an int; dates after the battle get numbers above its length.
    """
    start, _ = battle_window(phases)
    return int((pd.Timestamp(date) - start).days) + 1


def phases_tile_the_battle(phases: pd.DataFrame) -> bool:
    """True when the battle phases follow one another with no gap and no overlap.

    Parameters
    ----------
    phases: the phase table (see :func:`battle_phases`).

    Returns
    -------
    True when each battle phase starts the day after the previous one ends, else False.
    """
    battle = battle_phases(phases)
    gaps = (battle["start"].iloc[1:].values - battle["end"].iloc[:-1].values) / pd.Timedelta(days=1)
    return bool((gaps == 1).all())


def force_ratio(attacker: float, defender: float) -> float:
    """Attacker strength divided by defender strength at one time.

    Parameters
    ----------
    attacker: the attacker's strength (any unit, the same as the defender's).
    defender: the defender's strength; must be positive.

    Returns
    -------
    The ratio ``attacker / defender`` as a float. Raises ValueError when ``defender`` is 0 or less.
    """
    if defender <= 0:
        raise ValueError("defender strength must be positive")
    return attacker / defender


def ratio_bounds(
    num_low: Bound, num_high: Bound, den_low: Bound, den_high: Bound
) -> tuple[Bound, Bound]:
    """Lowest and highest ratio two uncertain quantities allow; an open side stays None.

    The lowest ratio pairs the smallest numerator with the largest denominator.
    A missing lower bound of a count is read as 0 (a count cannot be negative).

    Parameters
    ----------
    num_low: lower bound of the numerator; None, NA or NaN reads as 0.
    num_high: upper bound of the numerator; None, NA or NaN when open.
    den_low: lower bound of the denominator; None, NA, NaN or 0 leaves the upper ratio open.
    den_high: upper bound of the denominator; None, NA or NaN when open.

    Returns
    -------
    A tuple (low, high) of floats, each None where the inputs leave it open.
    """
    num_low = 0.0 if _missing(num_low) else float(num_low)
    low = None if _missing(den_high) else num_low / float(den_high)
    if _missing(num_high) or _missing(den_low) or float(den_low) == 0:
        high = None
    else:
        high = float(num_high) / float(den_low)
    return low, high


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def written_bounds(low: Bound, high: Bound, qualifier: str, fmt: str = "{:,.0f}") -> str:
    """Bounds as words a reader expects: "16,275", "more than 2,000", "80,000 to 90,000".

    Parameters
    ----------
    low: the lower bound (used for "range", "more than", "about" and any other qualifier).
    high: the upper bound (used for "range", "fewer than", "almost" and "at most").
    qualifier: the row's qualifier ("exact", "about", "range", "more than", ...); an unknown
        qualifier is written as the bare ``low``.
    fmt: the format applied to each bound (thousands separators, no decimals by default).

    Returns
    -------
    The figure as a string.
    """
    if qualifier == "range":
        return f"{fmt.format(low)} to {fmt.format(high)}"
    if qualifier == "more than":
        return f"more than {fmt.format(low)}"
    if qualifier in ("fewer than", "almost", "at most"):
        return f"{qualifier} {fmt.format(high)}"
    prefix = "about " if qualifier == "about" else ""
    return prefix + fmt.format(low)


def ratio_text(bounds: tuple[Bound, Bound], digits: int = 1) -> str:
    """A ratio range as text, with open sides said in words.

    Parameters
    ----------
    bounds: (low, high), either side None when open, as :func:`ratio_bounds` gives them.
    digits: decimal places, rounded half up (see :func:`half_up`).

    Returns
    -------
    "2.1" (both sides round alike), "2.1 to 3.0", "at least 2.1", "at most 3.0", or
    "not computable" when both sides are open.
    """
    low, high = bounds
    f = f"{{:.{digits}f}}"
    low, high = (None if v is None else half_up(v, digits) for v in (low, high))
    if low is not None and high is not None:
        return f.format(low) if low == high else f"{f.format(low)} to {f.format(high)}"
    if low is not None:
        return f"at least {f.format(low)}"
    if high is not None:
        return f"at most {f.format(high)}"
    return "not computable"


def value_of(table: pd.DataFrame, key: str, column: str = "low"):
    """One cell by primary key, as a plain Python value; the read is recorded.

    Parameters
    ----------
    table: a table from :func:`hengyang.data.load_table` (its first column is the key).
    key: the row's primary key.
    column: the column to read (``low`` by default).

    Returns
    -------
    None for an empty cell, an int for a whole number, else the cell's value.
    """
    value = _plain(_cell(table, key, column))
    provenance.record(table, [key], value)
    return value


def figure_of(table: pd.DataFrame, key: str) -> str:
    """A row's figure as the source puts it ("more than 2,000", "80,000 to 90,000").

    Parameters
    ----------
    table: a table with ``low``, ``high`` and ``qualifier`` columns, its key the first column.
    key: the row's primary key; KeyError unless it is found exactly once.

    Returns
    -------
    The figure as text (see :func:`written_bounds`); the read is recorded.
    """
    row = _row(table, key)
    text = written_bounds(row["low"], row["high"], row["qualifier"])
    provenance.record(table, [key], text)
    return text


def _row(table: pd.DataFrame, key: str) -> pd.Series:
    return table.iloc[_position(table, key)]


def _position(table: pd.DataFrame, key: str) -> int:
    """Where the row with this primary key stands (the key column is the first)."""
    found = (table.iloc[:, 0].to_numpy() == key).nonzero()[0]
    if len(found) != 1:
        raise KeyError(f"{key!r} not found once in the table")
    return int(found[0])


def _cell(table: pd.DataFrame, key: str, column: str):
    """One cell, read from its column: as the row would give it, without building the row."""
    value = table[column].iloc[_position(table, key)]
    return value


def all_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The whole table, its every row recorded as read (for counts and whole-table figures).

    Parameters
    ----------
    table: a table from :func:`hengyang.data.load_table` (its first column is the key).

    Returns
    -------
    The same table object, unchanged.
    """
    provenance.record(table, table.iloc[:, 0])
    return table


def rows(table: pd.DataFrame, which) -> pd.DataFrame:
    """The rows of a table picked by a list of keys (in that order) or by a boolean mask;
    the reads are recorded. The key stays a column, so the table's columns are unchanged.

    Parameters
    ----------
    table: a table from :func:`hengyang.data.load_table` (its first column is the key).
    which: a boolean Series aligned with ``table``, or an iterable of keys (a missing key
        raises KeyError).

    Returns
    -------
    The picked rows as a frame; a mask keeps the table's index, a list of keys gets 0, 1, ...
    """
    if isinstance(which, pd.Series) and which.dtype == bool:
        picked = table[which]
    else:
        keys = list(which)
        picked = table.set_index(table.columns[0], drop=False).loc[keys].reset_index(drop=True)
    provenance.record(table, picked.iloc[:, 0])
    return picked


def claims_table(claims: pd.DataFrame, ids: list[str] | None = None) -> pd.DataFrame:
    """Claims as readers see them: claimant, about whom, period, what is counted, the figure.

    Parameters
    ----------
    claims: the casualty claims table.
    ids: the claim ids to show, in this order; every claim when None.

    Returns
    -------
    A text frame indexed by claim id with columns ``claimant``, ``about``, ``period``,
    ``counted`` and ``figure``; the reads are recorded.
    """
    view = rows(claims, claims["claim_id"].notna() if ids is None else ids)
    return pd.DataFrame(
        {
            "claimant": list(view["claimant"]),
            "about": list(view["about_side"]),
            "period": [
                _period(a, b, scope)
                for a, b, scope in zip(view["period_start"], view["period_end"], view["scope"])
            ],
            "counted": list(view["counted"]),
            "figure": [
                _figure_with_words(written_bounds(lo, hi, q), w)
                for lo, hi, q, w in zip(
                    view["low"], view["high"], view["qualifier"], view["written"]
                )
            ],
        },
        index=pd.Index(list(view["claim_id"]), name="claim"),
    )


def _figure_with_words(figure: str, written) -> str:
    """A figure the source gives in words that say more than the digits keeps them beside the
    digits: a round "three dozen" is not read as an exact 36 ("about 36 (three dozen)"), and
    "3 (two soldiers and one squad leader)" says what was counted. Plain number words
    ("forty-one", "about a thousand") add nothing and are left out."""
    import re

    from .written_numbers import _UNITS, QUALIFIER_WORDS

    if not isinstance(written, str) or not written or re.search(r"\d", written):
        return figure
    plain = set(_UNITS) | set(QUALIFIER_WORDS) | {"more", "fewer", "no", "at", "most", "and"}
    plain |= {"hundred", "thousand", "million"}
    words = re.findall(r"[a-z]+", written.lower())
    return figure if all(w in plain for w in words) else f"{figure} ({written})"


def _period(start: pd.Timestamp, end: pd.Timestamp, scope: str = "") -> str:
    """A claim's period in words; a count of what happened in captivity after the fall is
    undated in the source and says so ("after 8 Aug (undated)")."""
    if scope == "captivity":
        return f"after {start.day} {start:%b} (undated)"
    if start == end:
        return f"{start.day} {start:%b}"
    return f"{start.day} {start:%b} - {end.day} {end:%b}"


def key_numbers_table(quantities: dict[str, Callable[[], object]]) -> pd.DataFrame:
    """A chapter's headline numbers as a text table: quantity, value, data rows, basis.

    Parameters
    ----------
    quantities:
        Each quantity's name and a function of no arguments that computes it from the
        tables. The function runs while reads are recorded, so the "data rows" column lists
        exactly the rows it read, and "basis" is the row's own basis when the value is one
        row read unchanged, "computed" otherwise.

    Returns
    -------
    A frame indexed by quantity; values are text (thousands separators, no trailing .0),
    so the table reads the same in the book and in the output that nbval checks.
    """
    out = []
    for what, compute in quantities.items():
        with provenance.tracking() as scope:
            value = compute()
        rows_read = provenance.rows_text(scope.reads) or "none"
        out.append((what, display_value(value), rows_read, provenance.basis_of(scope, value)))
    columns = ["quantity", "value", "data rows", "basis"]
    return pd.DataFrame(out, columns=columns).set_index("quantity")


def display_value(value) -> str:
    """A number as a table shows it: "16,275", "2.14", "True"; text unchanged.

    Parameters
    ----------
    value: a bool, None, int, float or anything else (shown with ``str``).

    Returns
    -------
    The value as text: whole numbers with thousands separators, other floats to at most two
    decimals with trailing zeros dropped.
    """
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def sum_bounds(lows, highs) -> tuple[Bound, Bound]:
    """Bounds of a sum of uncertain counts: an open upper side anywhere leaves the sum open.

    A missing lower bound ("fewer than 500") counts as 0, the least a count can be.

    Parameters
    ----------
    lows: the terms' lower bounds (None, NA or NaN read as 0).
    highs: the terms' upper bounds (None, NA or NaN when open).

    Returns
    -------
    A tuple (low, high): the float sum of the lows, and the float sum of the highs or None.
    """
    low = sum(0.0 if _missing(v) else float(v) for v in lows)
    high = None if any(_missing(v) for v in highs) else sum(float(v) for v in highs)
    return low, high


def claims_total(claims: pd.DataFrame, ids: list[str]) -> tuple[Bound, Bound]:
    """Total of several claims by their ids (the same claimant's killed + wounded, say).

    Parameters
    ----------
    claims: the casualty claims table.
    ids: the claim ids to add; the reads are recorded.

    Returns
    -------
    The bounds (low, high) of the sum as :func:`sum_bounds` gives them. Raises ValueError when
    the claims come from more than one claimant.
    """
    picked = rows(claims, ids)
    claimants = set(picked["claimant"])
    if len(claimants) > 1:
        raise ValueError(f"refusing to add claims of different claimants: {sorted(claimants)}")
    return sum_bounds(picked["low"], picked["high"])


def exchange_ratios(phase_id: str | None = None, data_dir=DATA_DIR) -> pd.DataFrame:
    """Japanese losses per Chinese loss implied by each pairing of one claimant's figures.

    The pairings are data: ``data/loss_pairings.csv`` names each pairing (and the phase it
    belongs to, if any), ``data/loss_pairing_claims.csv`` lists the claims on each side.

    Parameters
    ----------
    phase_id: only the pairings of this phase; all pairings when None.
    data_dir: the data package's folder (the package's own data by default).

    Returns
    -------
    One row per pairing, indexed by its title: claimant, both sides' losses as text, the
    ratio's bounds (``ratio_low``, ``ratio_high``; None where open) and the ratio as text.

    Both sides of a pairing must come from the same claimant, and each claim must be about
    the side it is paired on: a ratio of one side's claim to the other side's claim would
    measure the disagreement, not the battle. A pairing that breaks either rule, or has an
    empty side, raises ValueError.
    """
    claims, pairings, members = load_tables(
        "casualty_claims", "loss_pairings", "loss_pairing_claims", data_dir=data_dir
    )
    if phase_id is not None:
        pairings = pairings[pairings["phase_id"] == phase_id]
    out = []
    for pairing in pairings.itertuples(index=False):
        mine = members[members["pairing_id"] == pairing.pairing_id]
        sides = {side: list(mine.loc[mine["side"] == side, "claim_id"]) for side in SIDES}
        for side, ids in sides.items():
            about = set(rows(claims, ids)["about_side"])
            if not ids or about != {side}:
                raise ValueError(f"pairing {pairing.pairing_id!r}: {side} side holds {about}")
        claimants = set(rows(claims, sides["Japan"] + sides["China"])["claimant"])
        if len(claimants) != 1:
            raise ValueError(f"pairing {pairing.pairing_id!r} mixes claimants {sorted(claimants)}")
        jp, cn = claims_total(claims, sides["Japan"]), claims_total(claims, sides["China"])
        low, high = ratio_bounds(jp[0], jp[1], cn[0], cn[1])
        written = rows(claims, sides["Japan"] + sides["China"])["written"]
        out.append(
            {
                "pairing": pairing.title,
                "claimant": claimants.pop(),
                "Japanese losses": _bounds_text(jp),
                "Chinese losses": _bounds_text(cn),
                "ratio_low": low,
                "ratio_high": high,
                "Japanese per Chinese": derived_bounds_text((low, high), *written),
            }
        )
    return pd.DataFrame(out).set_index("pairing")


SIDES = ("Japan", "China")


def exchange_view(ratios: pd.DataFrame) -> pd.DataFrame:
    """The exchange ratios as a reader's table: text columns only.

    Parameters
    ----------
    ratios: the frame :func:`exchange_ratios` returns.

    Returns
    -------
    Its ``claimant``, ``Japanese losses``, ``Chinese losses`` and ``Japanese per Chinese``
    columns (the numeric bounds left out).
    """
    return ratios[["claimant", "Japanese losses", "Chinese losses", "Japanese per Chinese"]]


def _bounds_text(bounds: tuple[Bound, Bound]) -> str:
    low, high = bounds
    if high is None:
        return f"more than {low:,.0f}" if low else "unknown"
    return f"{low:,.0f}" if low == high else f"{low:,.0f} to {high:,.0f}"


def _numbered(columns: dict[str, list]) -> pd.DataFrame:
    """A table numbered 1, 2, ... in the order the figures number their marks."""
    rows = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.RangeIndex(1, rows + 1, name="no."))


def events_between(events: pd.DataFrame, start, end) -> pd.DataFrame:
    """Events from ``start`` to ``end`` (inclusive), numbered 1, 2, ... in time order as the
    figures number them; the reads are recorded.

    Parameters
    ----------
    events: the events table.
    start: the first day (anything :class:`pandas.Timestamp` accepts).
    end: the last day, included.

    Returns
    -------
    The event rows (all columns of the events table, ``date`` a timestamp) indexed by number,
    ordered by date, time (untimed events last on their day) and id.
    Show them with :func:`events_view`.
    """
    inside = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= pd.Timestamp(end))]
    order = inside.assign(clock=inside["time"].replace("", "99:99"))
    order = order.sort_values(["date", "clock", "event_id"]).drop(columns="clock")
    provenance.record(events, order["event_id"])
    return order.set_index(pd.RangeIndex(1, len(order) + 1, name="no."))


def date_text(date, precision: str = "day") -> str:
    """A date in words, no more precise than the source gives it: "14 July 1944" for a day,
    "1983" for a year-only date (stored as 1 January, which is a placeholder, not a day).

    Parameters
    ----------
    date: anything :class:`pandas.Timestamp` accepts.
    precision: "day" or "year"; anything else raises ValueError.

    Returns
    -------
    The date as text.
    """
    date = pd.Timestamp(date)
    if precision == "year":
        return f"{date.year}"
    if precision == "day":
        return f"{date.day} {date:%B %Y}"
    raise ValueError(f"unknown date precision {precision!r}")


def _dates_text(table: pd.DataFrame) -> list[str]:
    precision = table["date_precision"] if "date_precision" in table else ["day"] * len(table)
    return [date_text(d, p) for d, p in zip(table["date"], precision)]


def events_view(numbered: pd.DataFrame) -> pd.DataFrame:
    """Numbered events as a reader's table: date in words (year only where the source gives only
    the year), time, side, what happened.

    Parameters
    ----------
    numbered: events as :func:`events_between` or :func:`phase_events` return them.

    Returns
    -------
    A text frame with the same index: ``date``, ``time`` ("not given" when empty), ``side``
    and ``what happened``.
    """
    return pd.DataFrame(
        {
            "date": _dates_text(numbered),
            "time": [t or "not given" for t in numbered["time"]],
            "side": numbered["side"],
            "what happened": numbered["summary"],
        },
        index=numbered.index,
    )


def phase_events(events: pd.DataFrame, phase_id: str, since=None) -> pd.DataFrame:
    """The events of one phase (optionally from ``since`` on), numbered like :func:`events_between`.

    Chapters select their events by phase, not by date window, so no event is told in two
    chapters' tables: phase windows overlap (the relief runs beside the second offensive and
    the siege), the phase tags of ``events`` do not.

    Parameters
    ----------
    events: the events table.
    phase_id: the phase whose events are wanted (an unknown id gives an empty frame).
    since: a date (anything :class:`pandas.Timestamp` accepts); events before it are left out.

    Returns
    -------
    The phase's events indexed 1, 2, ... in time order (empty when there are none); the reads
    are recorded.
    """
    mine = events[events["phase_id"] == phase_id]
    if since is not None:
        mine = mine[mine["date"] >= pd.Timestamp(since)]
    if mine.empty:
        return events_between(mine, "1900-01-01", "1900-01-01")
    return events_between(mine, mine["date"].min(), mine["date"].max())


def chronology(events: pd.DataFrame, phases: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Every event once, in time order: date, time, side, place, phase and the chapter that
    tells it.

    The chapter is the phase's own: phase ``order`` n is told in chapter n.

    Parameters
    ----------
    events: the events table (every row is shown).
    phases: the phase table, for each event's phase title and order.
    places: a table with ``event_id`` and ``place`` columns; an event not in it gets
        "not stated".

    Returns
    -------
    A frame indexed 1, 2, ... with columns ``date`` (in words), ``time``, ``side``, ``place``,
    ``phase``, ``chapter``, ``what happened`` and ``event`` (the id). Every event, phase and
    place row is recorded as read.
    """
    provenance.record(events, events["event_id"])
    provenance.record(phases, phases["phase_id"])
    provenance.record(places, places["event_id"])
    phase = phases.set_index("phase_id")
    where = places.set_index("event_id")["place"]
    ordered = events.assign(_t=events["time"].replace("", "99:99")).sort_values(
        ["date", "_t", "event_id"]
    )
    return _numbered(
        {
            "date": _dates_text(ordered),
            "time": list(ordered["time"]),
            "side": list(ordered["side"]),
            "place": [where.get(e, "not stated") for e in ordered["event_id"]],
            "phase": [phase.loc[p, "title"] for p in ordered["phase_id"]],
            "chapter": [int(phase.loc[p, "order"]) for p in ordered["phase_id"]],
            "what happened": list(ordered["summary"]),
            "event": list(ordered["event_id"]),
        }
    )


def events_per_day(events: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """Number of dated events on each day of the battle (days 1-47), one column per side.

    Parameters
    ----------
    events: the events table; events outside the battle's window are not counted.
    phases: the phase table, for the battle's window.

    Returns
    -------
    A frame indexed by day of the battle (1 to the battle's length), one int column per side
    that has events in the window, 0 on days without any.
    """
    start, end = battle_window(phases)
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    days = pd.date_range(start, end, freq="D")
    table = pd.crosstab(inside["date"], inside["side"]).reindex(days, fill_value=0)
    table.index = pd.RangeIndex(1, len(days) + 1, name="day of the battle")
    table.columns.name = None
    return table


def busiest_days(events: pd.DataFrame, phases: pd.DataFrame, at_least: int = 3) -> pd.DataFrame:
    """The battle's days with at least ``at_least`` dated events, most events first (ties in
    time order): day of the battle, date and number of events.

    Parameters
    ----------
    events: the events table.
    phases: the phase table, for the battle's window.
    at_least: the fewest events a day needs to be listed.

    Returns
    -------
    A frame indexed by day of the battle with ``date`` ("8 August", no year) and ``events``.
    """
    per_day = events_per_day(events, phases).sum(axis=1)
    start, _ = battle_window(phases)
    busy = per_day[per_day >= at_least].sort_values(ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "date": [
                f"{(start + pd.Timedelta(days=d - 1)).day} {start + pd.Timedelta(days=d - 1):%B}"
                for d in busy.index
            ],
            "events": busy.to_numpy(),
        },
        index=busy.index,
    )


def busiest_days_text(busiest: pd.DataFrame) -> str:
    """The busiest days in words: "8 August (5 events), 6 August (4) and 20 July (3)".

    Parameters
    ----------
    busiest: the frame :func:`busiest_days` returns.

    Returns
    -------
    The days as one string ("" for an empty frame).
    """
    parts = [
        f"{date} ({n} events)" if i == 0 else f"{date} ({n})"
        for i, (date, n) in enumerate(zip(busiest["date"], busiest["events"]))
    ]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def chronology_counts(events: pd.DataFrame, phases: pd.DataFrame) -> dict[str, int]:
    """Events in all, within the battle, before and after it, the last year, and dated days.

    Parameters
    ----------
    events: the events table.
    phases: the phase table, for the battle's window.

    Returns
    -------
    A dict of ints: ``n_events``, ``n_battle``, ``n_days`` (the battle's length), ``n_before``,
    ``n_after``, ``last_year`` (of the latest event) and ``n_days_with`` (battle days with at
    least one event).
    """
    per_day = events_per_day(events, phases)
    start, end = battle_window(phases)
    return {
        "n_events": len(events),
        "n_battle": int(per_day.to_numpy().sum()),
        "n_days": days_of_battle(phases),
        "n_before": int((events["date"] < start).sum()),
        "n_after": int((events["date"] > end).sum()),
        "last_year": int(events["date"].max().year),
        "n_days_with": int((per_day.sum(axis=1) > 0).sum()),
    }


def phase_row(phases: pd.DataFrame, phase_id: str) -> pd.Series:
    """One phase's row (title, start, end ...); the read is recorded.

    Parameters
    ----------
    phases: the phase table.
    phase_id: the phase's id; KeyError unless it is found exactly once.

    Returns
    -------
    The row as a Series.
    """
    row = phases.loc[phases["phase_id"] == phase_id]
    if len(row) != 1:
        raise KeyError(f"no phase {phase_id!r}")
    provenance.record(phases, [phase_id])
    return row.iloc[0]


def phase_dates_text(phases: pd.DataFrame, phase_id: str, year: bool = True) -> str:
    """A phase's dates in words, from the phase table.

    Parameters
    ----------
    phases: the phases table.
    phase_id: the phase's id (see :func:`phase_row`; the read is recorded).
    year: end with the year ("28 June - 2 July 1944"), or not ("28 June - 2 July", for a
        figure's title inside a book about 1944).

    Returns
    -------
    The text; a phase within one month names it once ("23-27 June 1944").
    """
    row = phase_row(phases, phase_id)
    start, end = row["start"], row["end"]
    last = f"{end:%B %Y}" if year else f"{end:%B}"
    if start.month == end.month:
        return f"{start.day}-{end.day} {last}"
    return f"{start.day} {start:%B} - {end.day} {last}"


def assumption(assumptions: pd.DataFrame, assumption_id: str) -> tuple[float, float]:
    """Bounds of an assumption row, as plain floats; the read is recorded.

    Parameters
    ----------
    assumptions: the assumptions table.
    assumption_id: the row's id; KeyError unless it is found exactly once.

    Returns
    -------
    A tuple (low, high) of floats.
    """
    row = assumptions.loc[assumptions["assumption_id"] == assumption_id]
    if len(row) != 1:
        raise KeyError(f"no assumption {assumption_id!r}")
    provenance.record(assumptions, [assumption_id])
    return float(row.iloc[0]["low"]), float(row.iloc[0]["high"])


def days_text(low: int, high: int | None = None) -> str:
    """A number of days as text: "1 day", "3 days", "10 to 14 days".

    Parameters
    ----------
    low: the (lower) number of days.
    high: the upper number of days; the same as ``low`` when None.

    Returns
    -------
    The days as a string with thousands separators.
    """
    high = low if high is None else high
    if low == high:
        return f"{low:,} day" + ("" if low == 1 else "s")
    return f"{low:,} to {high:,} days"


def sig(value: float, digits: int = 2) -> float:
    """Round to ``digits`` significant figures: a result is never more precise than its source
    ("5.3 million" has two).

    Parameters
    ----------
    value: the number to round.
    digits: how many significant figures to keep (halves away from zero, see :func:`half_up`).

    Returns
    -------
    The rounded float (0.0 for 0).
    """
    if value == 0:
        return 0.0
    return half_up(value, -int(floor(log10(abs(value)))) + digits - 1)


def half_up(value: float, decimals: int = 0) -> float:
    """``value`` rounded to ``decimals`` places, halves away from zero as a reader rounds them
    (Python's ``round`` takes 2.25 to 2.2: binary floats and banker's rounding).

    Parameters
    ----------
    value: the number to round (rounded as its shortest decimal ``repr``).
    decimals: decimal places to keep; negative rounds to tens, hundreds ...

    Returns
    -------
    The rounded value as a float.
    """
    from decimal import ROUND_HALF_UP, Decimal

    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def sig_text(value: float, digits: int = 2) -> str:
    """:func:`sig` as text: "380,000", "68", "0.2".

    Parameters
    ----------
    value: the number to round.
    digits: how many significant figures to keep.

    Returns
    -------
    The rounded number as a string: with thousands separators and no decimals when it is whole
    or at least 10, else in ``g`` format.
    """
    rounded = sig(value, digits)
    return (
        f"{rounded:,.0f}" if abs(rounded) >= 10 or float(rounded).is_integer() else f"{rounded:g}"
    )


def event_times(numbered: pd.DataFrame) -> pd.Series:
    """Date and clock time of each numbered event as one timestamp; NaT where no time is given.

    Parameters
    ----------
    numbered: events with a ``date`` (timestamp) and a ``time`` ("HH:MM" or "") column.

    Returns
    -------
    A Series of timestamps with the same index.
    """
    return pd.Series(
        [
            d + pd.Timedelta(hours=int(t[:2]), minutes=int(t[3:])) if t else pd.NaT
            for d, t in zip(numbered["date"], numbered["time"])
        ],
        index=numbered.index,
    )


def shortage_table(shortages: pd.DataFrame) -> pd.DataFrame:
    """Shortages in time order, numbered as the shortage figure numbers them; reads recorded.

    Parameters
    ----------
    shortages: the shortages table.

    Returns
    -------
    The shortage rows (``date`` a timestamp) sorted by date then id and indexed 1, 2, ...;
    show them with :func:`shortages_view`.
    """
    order = shortages.sort_values(["date", "shortage_id"])
    provenance.record(shortages, order["shortage_id"])
    return order.set_index(pd.RangeIndex(1, len(order) + 1, name="no."))


def shortages_view(numbered: pd.DataFrame) -> pd.DataFrame:
    """Numbered shortages as a reader's table.

    Parameters
    ----------
    numbered: the frame :func:`shortage_table` returns.

    Returns
    -------
    A text frame with the same index: ``date`` ("14 July", no year), ``category``, ``ran out``,
    ``replaced by`` and ``date note``.
    """
    return pd.DataFrame(
        {
            "date": [f"{d.day} {d:%B}" for d in numbered["date"]],
            "category": numbered["category"],
            "ran out": numbered["ran_out"],
            "replaced by": numbered["substitute"],
            "date note": numbered["date_note"],
        },
        index=numbered.index,
    )


def strength_timeline(
    strengths: pd.DataFrame, claims: pd.DataFrame, phases: pd.DataFrame
) -> pd.DataFrame:
    """The 10th Army's strength through the battle, one row per figure, by day of the battle.

    Mixes two measures on purpose and says so in ``measure``: all ranks at the start,
    combat troops later (the source gives nothing else); one derived point is the telegram's
    starting strength less its losses to 19 July.

    Parameters
    ----------
    strengths: the force strengths table (rows ``fs-10army-...`` are read by id).
    claims: the casualty claims table (Fang's ``cc-fang-...`` losses are read by id).
    phases: the phase table, for the day of the battle.

    Returns
    -------
    A frame indexed by row id (the derived point's is "fs-10army-telegram less cc-fang-*"),
    sorted by ``day``, with ``day``, ``low``, ``high``, ``measure``, ``basis`` and ``figure``
    (as written). The reads are recorded.
    """
    start = value_of(strengths, "fs-10army-telegram")
    lost = sum(
        value_of(claims, f"cc-fang-{k}")
        for k in ["school-officers", "junior-officers", "soldiers-killed", "soldiers-wounded"]
    )
    out = []
    for key, measure in [
        ("fs-10army-pei-xiao", "all ranks"),
        ("fs-10army-combat-2000", "combat troops"),
        ("fs-10army-combat-jul31", "combat troops"),
    ]:
        row = _row(strengths, key)
        provenance.record(strengths, [key])
        out.append(
            {
                "row": key,
                "day": day_of_battle(row["as_of"], phases),
                "low": _plain(row["low"]),
                "high": _plain(row["high"]),
                "measure": measure,
                "basis": "sourced",
                "figure": written_bounds(row["low"], row["high"], row["qualifier"]),
            }
        )
    out.append(
        {
            "row": "fs-10army-telegram less cc-fang-*",
            "day": day_of_battle("1944-07-19", phases),
            "low": start - lost,
            "high": start - lost,
            "measure": "not killed or wounded (all ranks)",
            "basis": "derived",
            "figure": f"{start - lost:,}",
        }
    )
    return pd.DataFrame(out).sort_values("day").set_index("row")


def strength_view(timeline: pd.DataFrame) -> pd.DataFrame:
    """The strength timeline as a reader's table: day, figure as written, measure, basis.

    Parameters
    ----------
    timeline: the frame :func:`strength_timeline` returns.

    Returns
    -------
    Those four columns of it, same index.
    """
    return timeline[["day", "figure", "measure", "basis"]]


def _force_ratio_tables(data_dir) -> dict[str, pd.DataFrame]:
    names = ["phases", "force_ratios", "force_ratio_inputs", *INPUT_TABLES.values()]
    return dict(zip(names, load_tables(*names, data_dir=data_dir)))


def _ratio_inputs(tables: dict, ratio) -> tuple[dict, list, dict]:
    """The inputs of one ratio: role -> (low, high), the figures as written, and the
    qualifier of each input that has one."""
    inputs = tables["force_ratio_inputs"]
    given, written, qualifiers = {}, [], {}
    for row in inputs[inputs["ratio_id"] == ratio.ratio_id].itertuples(index=False):
        column = next(c for c in INPUT_TABLES if getattr(row, c))
        table = tables[INPUT_TABLES[column]]
        key = getattr(row, column)
        given[row.role] = (value_of(table, key, "low"), value_of(table, key, "high"))
        if "qualifier" in table:
            qualifiers[row.role] = value_of(table, key, "qualifier")
        if column != "assumption_id":  # the source's figures set the precision
            written.append(value_of(table, key, "written"))
    return given, written, qualifiers


def force_ratio_timeline(data_dir=DATA_DIR) -> pd.DataFrame:
    """Every force ratio the book computes or the source states, by day of the battle.

    The ratios and their inputs are data: ``data/force_ratios.csv`` says when each ratio
    stands, what it measures, how it is worked out, whose counts it reads and what it does
    about losses; ``data/force_ratio_inputs.csv`` names the row behind each input (foreign
    keys into the strength, assumption, claim and stated ratio tables). Ratios in
    regiment-for-division terms (the Japanese historians' rule), in infantry battalions and
    in men are different measures; ``measure`` keeps them apart.

    Parameters
    ----------
    data_dir: the data package's folder (the package's own data by default).

    Returns
    -------
    One row per ratio, indexed by ``when``: ``day`` of the battle, ``low`` and ``high``
    (None where open), ``measure``, ``ratio`` as text, ``claimant``, ``losses`` and the
    ``data rows`` it was computed from. ``attrs["reads"]`` keeps each ratio's reads for
    :func:`ratio_at`. Raises ValueError when a ratio reads counts of a claimant other than
    the one it names.
    """
    tables = _force_ratio_tables(data_dir)
    phases, ratios = tables["phases"], tables["force_ratios"]
    for ratio_id, row in _claimants_read(tables).iterrows():
        if row["read"] != [row["claimant"]]:
            raise ValueError(
                f"force ratio {ratio_id} mixes claimants: it names {row['claimant']!r} "
                f"and reads {row['read']}"
            )
    out, reads = [], {}
    for ratio in ratios.sort_values("order").itertuples(index=False):
        with provenance.tracking() as scope:
            given, written, qualifiers = _ratio_inputs(tables, ratio)
            bounds = _RATIO_METHODS[ratio.method](given, ratio)
            if ratio.method == "stated":  # the claimant's own qualifier: "almost 2.5"
                text = f"{qualifiers['stated']} {_plain(bounds[1] or bounds[0])}"
            else:
                # no more precise than the least precise figure it rests on (two significant
                # figures at most: the assumptions behind the rules are rough)
                text = derived_bounds_text(bounds, *written, most=2)
        reads[ratio.when] = scope.reads
        out.append(
            {
                "when": ratio.when,
                "day": day_of_battle(ratio.date, phases),
                "low": bounds[0],
                "high": bounds[1],
                "measure": ratio.measure,
                "ratio": text,
                "claimant": ratio.claimant,
                "losses": ratio.losses,
                "data rows": provenance.rows_text(scope.reads),
            }
        )
    timeline = pd.DataFrame(out).set_index("when")
    timeline.attrs["reads"] = reads
    return timeline


def force_ratio_claimants(data_dir=DATA_DIR) -> pd.DataFrame:
    """Whose counts each force ratio reads: one row per ratio with the claimant it names and
    the claimants of the strengths and claims among its inputs (a rule such as the
    regiment-for-division rule is a conversion, not a count, and is left out).

    Parameters
    ----------
    data_dir: the data package's folder (the package's own data by default).

    Returns
    -------
    A frame indexed by ``ratio_id`` with ``claimant`` (named by the ratio) and ``read`` (a
    sorted list of the claimants read; for a stated ratio, the stated ratio's claimant too).
    """
    return _claimants_read(_force_ratio_tables(data_dir))


def _claimants_read(tables: dict) -> pd.DataFrame:
    inputs = tables["force_ratio_inputs"]
    out = []
    for ratio in tables["force_ratios"].sort_values("order").itertuples(index=False):
        mine = inputs[inputs["ratio_id"] == ratio.ratio_id]
        read = set()
        for column in ("strength_id", "claim_id"):
            table = tables[INPUT_TABLES[column]]
            read |= {value_of(table, key, "claimant") for key in mine[column] if key}
        if ratio.method == "stated":
            read |= {
                value_of(tables["stated_ratios"], k, "claimant") for k in mine["stated_ratio_id"]
            }
        out.append({"ratio_id": ratio.ratio_id, "claimant": ratio.claimant, "read": sorted(read)})
    return pd.DataFrame(out).set_index("ratio_id")


def force_ratio_sensitivity(data_dir=DATA_DIR, steps: int = 9) -> pd.DataFrame:
    """How each computed force ratio moves across the range of each assumption it rests on.

    For every computed ratio and every input that is an assumption with a range (low below
    high), the ratio is worked out again with that assumption held at ``steps`` values from
    its low to its high end, the other inputs as they are.

    Parameters
    ----------
    data_dir: the data package's folder (the package's own data by default).
    steps: how many evenly spaced values, both ends included (at least 2).

    Returns
    -------
    A tidy frame, one row per point: ``when`` (the ratio), ``measure``, ``assumption``
    (its id), ``statement``, ``unit``, ``value`` of the assumption, ``low`` and ``high`` of
    the ratio at that value (equal unless another input is a range too).
    """
    tables = _force_ratio_tables(data_dir)
    inputs, assumptions = tables["force_ratio_inputs"], tables["assumptions"]
    out = []
    for ratio in tables["force_ratios"].sort_values("order").itertuples(index=False):
        if ratio.method == "stated":
            continue
        given, _, _ = _ratio_inputs(tables, ratio)
        mine = inputs[(inputs["ratio_id"] == ratio.ratio_id) & (inputs["assumption_id"] != "")]
        for row in mine.itertuples(index=False):
            low, high = given[row.role]
            if low == high:
                continue
            for step in range(steps):
                value = low + (high - low) * step / (steps - 1)
                bounds = _RATIO_METHODS[ratio.method]({**given, row.role: (value, value)}, ratio)
                out.append(
                    {
                        "when": ratio.when,
                        "measure": ratio.measure,
                        "assumption": row.assumption_id,
                        "statement": value_of(assumptions, row.assumption_id, "statement"),
                        "unit": _SIDE_WORD.get(row.assumption_id[3:6], "")
                        + str(value_of(assumptions, row.assumption_id, "unit")),
                        "value": value,
                        "low": bounds[0],
                        "high": bounds[1],
                    }
                )
    return pd.DataFrame(out)


# An assumption's side, from its id ("as-jp-...", "as-cn-..."), for axis labels.
_SIDE_WORD = {"jp-": "Japanese ", "cn-": "Chinese "}

# The column of data/force_ratio_inputs.csv that names an input's row, and the table it is in.
INPUT_TABLES = {
    "strength_id": "force_strengths",
    "assumption_id": "assumptions",
    "claim_id": "casualty_claims",
    "stated_ratio_id": "stated_ratios",
}


def _japanese_regiments(given: dict, ratio) -> tuple[float, float]:
    """Japanese regiments: divisions x regiments per division plus the independent ones, or,
    where the source counts battalions, battalions / battalions per regiment (the fewest
    regiments where each has the most battalions)."""
    if "jp_battalions" in given:
        battalions = given["jp_battalions"][0]
        fewest, most = given["jp_battalions_per_regiment"]
        return battalions / most, battalions / fewest
    divisions = given["jp_divisions"][0]
    extra = ratio.extra_regiments or 0
    low, high = given["jp_regiments_per_division"]
    return divisions * low + extra, divisions * high + extra


def _regiment_rule(given: dict, ratio) -> tuple[Bound, Bound]:
    """Japanese regiments against Chinese divisions (a regiment fought like a division, as
    the Japanese military historians reckon: ``regiment_equals_division``). Chinese
    divisions: the regiments the corps had in reality / regiments per division. Neither
    side is reduced for losses."""
    worth = given["regiment_equals_division"][0]  # Chinese divisions one regiment equals
    low, high = (worth * n for n in _japanese_regiments(given, ratio))
    cn_divisions = given["cn_regiments"][0] / given["cn_regiments_per_division"][0]
    return ratio_bounds(low, high, cn_divisions, cn_divisions)


def _in_battalions(given: dict, ratio) -> tuple[Bound, Bound]:
    """Japanese infantry battalions against the battalions of the Chinese regiments."""
    attackers = given["jp_battalions"][0]
    low, high = (given["cn_regiments"][0] * n for n in given["cn_battalions_per_regiment"])
    return ratio_bounds(attackers, attackers, low, high)


def _in_men(given: dict, ratio) -> tuple[Bound, Bound]:
    """Japanese troops against Chinese troops, as one claimant counts them on one date."""
    attackers = given["attackers"][0]
    return ratio_bounds(attackers, attackers, *given["defenders"])


def _stated(given: dict, ratio) -> tuple[Bound, Bound]:
    """A ratio the source states, with its bounds as written."""
    return given["stated"]


_RATIO_METHODS = {
    "regiment-rule": _regiment_rule,
    "battalions": _in_battalions,
    "men": _in_men,
    "stated": _stated,
}


def force_ratio_view(timeline: pd.DataFrame) -> pd.DataFrame:
    """The force ratios as a reader's table, numbered as the overview figure numbers them:
    when, day, ratio as text, measure, what it does about losses, data rows.

    Parameters
    ----------
    timeline: the frame :func:`force_ratio_timeline` returns.

    Returns
    -------
    Those columns (``when`` as a column) indexed 1, 2, ... in the timeline's order.
    """
    view = timeline.reset_index()[["when", "day", "ratio", "measure", "losses", "data rows"]]
    return view.set_index(pd.RangeIndex(1, len(view) + 1, name="no."))


def ratio_words(timeline: pd.DataFrame, when: str) -> str:
    """The text of one row of :func:`force_ratio_timeline` ("about 40 to 60", "at most 60"), so that
    chapters quote the ratio exactly as the overview shows it.

    Parameters
    ----------
    timeline: the frame :func:`force_ratio_timeline` returns.
    when: the row's ``when`` label.

    Returns
    -------
    The row's ``ratio`` column as a string; the rows the ratio was computed from are recorded
    as read again, as :func:`ratio_at` does.
    """
    provenance.replay(timeline.attrs.get("reads", {}).get(when, []))
    return str(timeline.loc[when, "ratio"])


def _plain(value):
    """A cell as a plain Python value: None for missing, int for whole numbers (never np.int64)."""
    if _missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def ratio_at(timeline: pd.DataFrame, when: str) -> tuple[Bound, Bound]:
    """One row of :func:`force_ratio_timeline` as (low, high), open sides as None, so that every
    chapter quotes the very ratio the overview figure draws.

    Parameters
    ----------
    timeline: the frame :func:`force_ratio_timeline` returns.
    when: the row's ``when`` label.

    Returns
    -------
    A tuple (low, high) of floats or None; the rows the ratio was computed from are recorded
    as read again.
    """
    row = timeline.loc[when]
    provenance.replay(timeline.attrs.get("reads", {}).get(when, []))
    return tuple(None if _missing(v) else float(v) for v in (row["low"], row["high"]))


def assumption_text(assumptions: pd.DataFrame, assumption_id: str) -> str:
    """An assumption's value as prose glues it: "3", "2 to 4".

    Parameters
    ----------
    assumptions: the assumptions table.
    assumption_id: the row's id (see :func:`assumption`; the read is recorded).

    Returns
    -------
    The bounds in ``g`` format, one number when they are equal.
    """
    low, high = assumption(assumptions, assumption_id)
    return f"{low:g}" if low == high else f"{low:g} to {high:g}"


# --- Precision: a derived figure is never shown more precisely than its least precise input.


def significant_figures(number) -> int | None:
    """How many significant figures a number as written carries; None for an exact count.

    A count written without trailing zeros is exact ("16,275", "47", "a dozen", "three"); a round
    number is known only to its last non-zero digit ("16,000" -> 2, "4,000" -> 1, "a hundred" -> 1);
    a decimal to its last digit ("5.3 million" -> 2, "0.5" -> 1).

    Parameters
    ----------
    number: a figure as written (its first run of digits is read, else its number words) or
        a number.

    Returns
    -------
    The number of significant figures as an int, or None for an exact count.
    """
    import re

    from .written_numbers import parse_written

    if isinstance(number, str):
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", number)
        if digits:
            text = digits.group(0).replace(",", "")
        else:
            value = parse_written(number)[0]
            text = f"{value:g}" if not float(value).is_integer() else str(int(value))
    else:
        value = float(number)
        text = str(int(value)) if value.is_integer() else repr(value)
    if "." in text:
        return len(text.replace(".", "").lstrip("0")) or 1
    stripped = text.rstrip("0")
    return None if stripped == text else max(len(stripped), 1)


def derived_text(value: float, *inputs, most: int = 3) -> str:
    """A derived figure as text, with no more significant figures than its least precise input.

    ``inputs`` are the figures it was computed from, as written ("16,000") or as numbers. The
    result is rounded to that many significant figures (at most ``most``) and says "about"
    when rounding dropped digits: 16,000 / 4,000 -> "4"; 32,000 / 16,275 -> "about 2".

    Parameters
    ----------
    value: the derived figure.
    inputs: the figures it was computed from (see :func:`significant_figures`).
    most: the most significant figures shown, whatever the inputs.

    Returns
    -------
    The figure as a string with thousands separators, "about " in front when rounded.
    """
    from math import floor, isclose, log10

    known = [n for n in (significant_figures(x) for x in inputs) if n is not None]
    digits = min(known + [most])
    rounded = sig(value, digits)
    if rounded == 0:
        text = "0"
    else:
        decimals = max(0, digits - 1 - int(floor(log10(abs(rounded)))))
        text = f"{rounded:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text if isclose(rounded, value, rel_tol=1e-9, abs_tol=1e-12) else f"about {text}"


def derived_bounds_text(bounds: tuple[Bound, Bound], *inputs, most: int = 3) -> str:
    """Bounds of a derived figure at the inputs' precision; an open side is said in words
    ("at least 47", "at most 3"), never invented.

    Parameters
    ----------
    bounds: (low, high), either side None when open.
    inputs: the figures the bounds were computed from (see :func:`derived_text`).
    most: the most significant figures shown.

    Returns
    -------
    "4", "about 2 to 3" (only the low side carries "about"), "at least 47" (a floor rounded
    down), "at most 3" (a ceiling rounded up) or "not computable".
    """
    low, high = bounds
    if low is not None and high is not None:
        lo, hi = derived_text(low, *inputs, most=most), derived_text(high, *inputs, most=most)
        return lo if lo == hi else f"{lo} to {hi.removeprefix('about ')}"
    if low is not None:  # a floor is rounded down, so that it stays a floor
        return f"at least {_toward(low, _digits(inputs, most), down=True)}"
    if high is not None:  # a ceiling is rounded up
        return f"at most {_toward(high, _digits(inputs, most), down=False)}"
    return "not computable"


def place_of(number) -> float:
    """The place of the last digit a written figure vouches for: 1 for an exact count
    ("16,275", "47"), 100 for "13,300", 1,000 for a round "3,000". A bound ("more than 6,000",
    "fewer than 197") is exact as a bound, so 1: arithmetic on it stays a true bound.

    Parameters
    ----------
    number: a figure as written or a number (see :func:`significant_figures`).

    Returns
    -------
    The place as a float (1.0, 100.0, 1000.0 ...).
    """
    if isinstance(number, str) and number.lstrip().lower().startswith(_BOUND_WORDS):
        return 1.0
    digits = significant_figures(number)
    if digits is None:
        return 1.0
    value = abs(_number_of(number))
    if value == 0:
        return 1.0
    return float(10 ** (int(floor(log10(value))) - digits + 1))


_BOUND_WORDS = ("more than", "fewer than", "less than", "at least", "at most", "almost", "over")


def _number_of(number) -> float:
    import re

    from .written_numbers import parse_written

    if isinstance(number, str):
        found = re.search(r"\d[\d,]*(?:\.\d+)?", number)
        return float(found.group(0).replace(",", "")) if found else float(parse_written(number)[0])
    return float(number)


def round_to_place(value: float, place: float, how: str = "nearest") -> float:
    """``value`` rounded to ``place`` (``how``: "nearest", "down" for a floor that must stay a
    floor, "up" for a ceiling). A value smaller than the place keeps one significant figure
    rather than vanish: 187 at the thousands is 200, not 0.

    Parameters
    ----------
    value: the number to round.
    place: the place to round to (1, 100, 1000 ...), as :func:`place_of` gives it.
    how: "nearest" (halves up), "down" or "up"; anything else raises KeyError.

    Returns
    -------
    The rounded value (0.0 for 0).
    """
    from math import ceil

    if value == 0:
        return 0.0
    if abs(value) < place:
        place = float(10 ** int(floor(log10(abs(value)))))
    step = {"nearest": lambda x: floor(x + 0.5), "down": floor, "up": ceil}[how]
    return step(round(value / place, 9)) * place


def derived_sum_text(value: float, *inputs, how: str = "nearest") -> str:
    """A sum or difference of written figures as text, no more precise than the coarsest of them
    (sums are known to the place of their least precise term, not to a count of digits):
    4,100 + 13,300 - 16,275 -> "about 1,100"; 7,898 + 3,000 - 16,275 + 5,564 -> "about 200".
    ``how`` = "down" or "up" rounds a floor or a ceiling outward and never says "about".

    Parameters
    ----------
    value: the sum or difference.
    inputs: its terms as written or as numbers (see :func:`place_of`).
    how: "nearest", "down" or "up" (see :func:`round_to_place`).

    Returns
    -------
    The rounded figure as a string with thousands separators, "about " in front when
    ``how`` is "nearest" and rounding changed it.
    """
    place = max([place_of(x) for x in inputs] + [1.0])
    rounded = round_to_place(value, place, how)
    text = f"{rounded:,.0f}"
    return text if how != "nearest" or rounded == value else f"about {text}"


def floor_text(value: float, *inputs, most: int = 3) -> str:
    """A lower bound at the inputs' precision, rounded down so that it stays a lower bound:
    7,898 + 3,000 + 6,000 - 16,275 = 623 -> "600" (3,000 and 6,000 are known to one figure).

    Parameters
    ----------
    value: the lower bound.
    inputs: the figures it was computed from (see :func:`significant_figures`).
    most: the most significant figures kept.

    Returns
    -------
    The bound rounded down, as a string with thousands separators (never "about").
    """
    return _toward(value, _digits(inputs, most), down=True)


def _digits(inputs, most: int) -> int:
    return min([n for n in (significant_figures(x) for x in inputs) if n is not None] + [most])


def _toward(value: float, digits: int, down: bool) -> str:
    from math import ceil, floor, log10

    if value == 0:
        return "0"
    step = 10 ** (int(floor(log10(abs(value)))) - digits + 1)
    rounded = (floor if down else ceil)(round(value / step, 9)) * step
    decimals = max(0, -int(floor(log10(step))))
    text = f"{rounded:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def days_after(said_on, phases: pd.DataFrame) -> int:
    """Days of battle that followed a forecast made on ``said_on``: the whole battle for a forecast
    made before it began, the days after that day for one made during it (27 June -> 42).

    Parameters
    ----------
    said_on: the day of the forecast (anything :class:`pandas.Timestamp` accepts).
    phases: the phase table, for the battle's window.

    Returns
    -------
    The number of days as an int, 0 for a forecast made on the last day or after.
    """
    start, end = battle_window(phases)
    first = max(pd.Timestamp(said_on) + pd.Timedelta(days=1), start)
    return max(int((end - first).days) + 1, 0)


def nearest_approach(positions: pd.DataFrame) -> pd.DataFrame:
    """The relief's nearest positions: any place at the city's edge first (it has no mileage and is
    nearer than any mileage the source gives), otherwise the smallest upper distance.

    Parameters
    ----------
    positions: the relief positions table (``reach``, ``high``, ``date`` columns).

    Returns
    -------
    The nearest rows sorted by date (all rows that tie). Every row compared is recorded as
    read: the answer rests on all of them.
    """
    provenance.record(positions, positions["position_id"])
    edge = positions[positions["reach"] == "city edge"]
    if len(edge):
        return edge.sort_values("date")
    miles = positions[positions["reach"] == "miles"]
    return miles.loc[miles["high"] == miles["high"].min()].sort_values("date")


def forecast_table(
    expectations: pd.DataFrame, ids: list[str], phases: pd.DataFrame
) -> pd.DataFrame:
    """Each forecast against the days of battle that followed the day it was made.

    A forecast made on day 5 is compared with the 42 days after it, not with all 47; an
    upper bound ("no more than a day") gives an open ratio ("at least 47 times").

    Parameters
    ----------
    expectations: the expectations table (forecasts with ``said_on``, ``low``, ``high``).
    ids: the expectation ids to show, in this order.
    phases: the phase table, for the battle's window.

    Returns
    -------
    A frame indexed by expectation id: ``who``, ``said on``, ``expected`` (as written), ``low``,
    ``high``, ``qualifier``, ``days that followed`` and ``times as long`` (as text). The
    forecasts and the phases read are recorded.
    """
    rows = expectations.set_index("expectation_id").loc[ids]
    provenance.record(expectations, ids)  # the phases are recorded by days_after
    out = []
    for _key, r in rows.iterrows():
        after = days_after(r["said_on"], phases)
        low, high = _plain(r["low"]), _plain(r["high"])
        day = day_of_battle(r["said_on"], phases)
        out.append(
            {
                "who": r["who"].split(" (")[0],
                "said on": f"{r['said_on'].day} {r['said_on']:%B}"
                + (f" (day {day})" if day >= 1 else ""),
                "expected": r["written"],
                "low": low,
                "high": high,
                "qualifier": r["qualifier"],
                "days that followed": after,
                "times as long": derived_bounds_text(
                    ratio_bounds(after, after, low, high), after, r["written"]
                ),
            }
        )
    return pd.DataFrame(out, index=pd.Index(ids, name="expectation"))


def felt_ratio_quotation(stated: pd.DataFrame, ratio_id: str = "sr-hundred-times") -> str:
    """A ratio felt rather than counted, as words to set beside the measured ratios (never a
    point on their axis): who felt it, when, and the words as the source has them.

    Parameters
    ----------
    stated: the stated ratios table.
    ratio_id: the stated ratio's id.

    Returns
    -------
    'Felt, not counted: <who>, <day month>, "<written> as strong"' as one string. The read is
    recorded.
    """
    row = _row(stated, ratio_id)
    provenance.record(stated, [ratio_id])
    when = pd.Timestamp(row["date"])
    who = str(row["claimant"]).split(" (")[0]
    return f'Felt, not counted: {who}, {when.day} {when:%B}, "{row["written"]} as strong"'


def source_quotation(table: pd.DataFrame, key: str, about: str) -> str:
    """A row's verbatim sentence from the source, in quotation marks, with where it stands.

    Parameters
    ----------
    table: a validated table with ``quote`` and ``section`` columns.
    key: the row's id (the read is recorded).
    about: what the sentence reports on ("Yokoyama's report").

    Returns
    -------
    Two lines: the quotation, then its attribution (the article's section), so a printed quote
    is never mistaken for the book's own words.
    """
    row = _row(table, key)
    provenance.record(table, [key])
    return f'"{row["quote"]}"\n(the article, section "{row["section"]}", on {about})'
