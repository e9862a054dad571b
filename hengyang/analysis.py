"""The small computations the chapters show: days, ratios, shares, claims side by side.

Functions take the typed tables from :func:`hengyang.data.load_table` and return plain
Python numbers or small DataFrames, so notebooks can show and glue them as text.
Open bounds stay open (``None``): a ratio built on "more than 2,000" has no upper
end, and we do not invent one.
"""

from __future__ import annotations

import textwrap

import pandas as pd

Bound = float | None


def battle_phases(phases: pd.DataFrame) -> pd.DataFrame:
    """The six phases that tile the battle, in order, with their length in days."""
    battle = phases[phases["kind"] == "battle"].sort_values("order").reset_index(drop=True)
    battle["days"] = (battle["end"] - battle["start"]).dt.days + 1
    return battle


def battle_window(phases: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    battle = battle_phases(phases)
    return battle["start"].min(), battle["end"].max()


def days_of_battle(phases: pd.DataFrame) -> int:
    """Length of the battle in days, first and last day included."""
    start, end = battle_window(phases)
    return int((end - start).days) + 1


def day_of_battle(date, phases: pd.DataFrame) -> int:
    """Day number within the battle, 23 June 1944 being day 1 (negative or 0 before it)."""
    start, _ = battle_window(phases)
    return int((pd.Timestamp(date) - start).days) + 1


def phases_tile_the_battle(phases: pd.DataFrame) -> bool:
    """True when the battle phases follow one another with no gap and no overlap."""
    battle = battle_phases(phases)
    gaps = (battle["start"].iloc[1:].values - battle["end"].iloc[:-1].values) / pd.Timedelta(days=1)
    return bool((gaps == 1).all())


def force_ratio(attacker: float, defender: float) -> float:
    """Attacker strength divided by defender strength at one time."""
    if defender <= 0:
        raise ValueError("defender strength must be positive")
    return attacker / defender


def ratio_bounds(num_low: Bound, num_high: Bound, den_low: Bound, den_high: Bound) -> tuple[Bound, Bound]:
    """Lowest and highest ratio two uncertain quantities allow; an open side stays None.

    The lowest ratio pairs the smallest numerator with the largest denominator.
    A missing lower bound of a count is read as 0 (a count cannot be negative).
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
    """Bounds as words a reader expects: "16,275", "more than 2,000", "80,000 to 90,000"."""
    if qualifier == "range":
        return f"{fmt.format(low)} to {fmt.format(high)}"
    if qualifier == "more than":
        return f"more than {fmt.format(low)}"
    if qualifier in ("fewer than", "almost", "at most"):
        return f"{qualifier} {fmt.format(high)}"
    prefix = "about " if qualifier == "about" else ""
    return prefix + fmt.format(low)


def ratio_text(bounds: tuple[Bound, Bound], digits: int = 1) -> str:
    """A ratio range as text, with open sides said in words."""
    low, high = bounds
    f = f"{{:.{digits}f}}"
    if low is not None and high is not None:
        return f.format(low) if round(low, digits) == round(high, digits) else f"{f.format(low)} to {f.format(high)}"
    if low is not None:
        return f"at least {f.format(low)}"
    if high is not None:
        return f"at most {f.format(high)}"
    return "not computable"


def value_of(table: pd.DataFrame, key: str, column: str = "low"):
    """One cell by primary key (the table's first column), as a plain Python value."""
    row = table.loc[table.iloc[:, 0] == key]
    if len(row) != 1:
        raise KeyError(f"{key!r} not found once in the table")
    return _plain(row.iloc[0][column])


def claims_table(claims: pd.DataFrame, ids: list[str] | None = None) -> pd.DataFrame:
    """Claims as readers should see them: claimant, about whom, period, what is counted, the figure."""
    view = (claims if ids is None else claims.set_index("claim_id").loc[ids]).reset_index()
    return pd.DataFrame({
        "claimant": list(view["claimant"]),
        "about": list(view["about_side"]),
        "period": [_period(a, b) for a, b in zip(view["period_start"], view["period_end"])],
        "counted": list(view["counted"]),
        "figure": [written_bounds(lo, hi, q) for lo, hi, q in zip(view["low"], view["high"], view["qualifier"])],
    }, index=pd.Index(list(view["claim_id"]), name="claim"))


def _period(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if start == end:
        return f"{start.day} {start:%b}"
    return f"{start.day} {start:%b} - {end.day} {end:%b}"


def key_numbers_table(rows: list[tuple]) -> pd.DataFrame:
    """A chapter's headline numbers as a small text table: what, value, which data row, sourced or computed.

    Values are formatted as text (thousands separators, no trailing .0), so the table
    reads the same in the book and in the stored notebook output that nbval checks.
    """
    def fmt(value) -> str:
        if isinstance(value, bool) or value is None:
            return str(value)
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return f"{int(value):,}"
        if isinstance(value, float):
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return str(value)
    return pd.DataFrame(
        [(what, fmt(value), source, basis) for what, value, source, basis in rows],
        columns=["quantity", "value", "data rows", "basis"],
    ).set_index("quantity")


def sum_bounds(lows, highs) -> tuple[Bound, Bound]:
    """Bounds of a sum of uncertain counts: an open upper side anywhere leaves the sum open.

    A missing lower bound ("fewer than 500") counts as 0, the least a count can be.
    """
    low = sum(0.0 if _missing(v) else float(v) for v in lows)
    high = None if any(_missing(v) for v in highs) else sum(float(v) for v in highs)
    return low, high


def claims_total(claims: pd.DataFrame, ids: list[str]) -> tuple[Bound, Bound]:
    """Total of several claims by their ids (the same claimant's killed + wounded, say)."""
    rows = claims.set_index("claim_id").loc[ids]
    claimants = set(rows["claimant"])
    if len(claimants) > 1:
        raise ValueError(f"refusing to add claims of different claimants: {sorted(claimants)}")
    return sum_bounds(rows["low"], rows["high"])


def exchange_ratios(claims: pd.DataFrame, pairings: pd.DataFrame) -> pd.DataFrame:
    """Japanese losses per Chinese loss implied by each pairing of one claimant's figures.

    ``pairings`` has columns pairing, japanese_losses and chinese_losses (lists of claim ids).
    Both sides of a pairing must come from the same claimant: a ratio of one side's
    claim to the other side's claim would measure the disagreement, not the battle.
    """
    rows = []
    for p in pairings.itertuples(index=False):
        jp, cn = claims_total(claims, p.japanese_losses), claims_total(claims, p.chinese_losses)
        claimant = claims.set_index("claim_id").loc[p.japanese_losses[0], "claimant"]
        own = claims.set_index("claim_id").loc[p.chinese_losses[0], "claimant"]
        if claimant != own:
            raise ValueError(f"pairing {p.pairing!r} mixes claimants {claimant!r} and {own!r}")
        low, high = ratio_bounds(jp[0], jp[1], cn[0], cn[1])
        written = claims.set_index("claim_id").loc[list(p.japanese_losses) + list(p.chinese_losses), "written"]
        rows.append({"pairing": p.pairing, "claimant": claimant,
                     "Japanese losses": _bounds_text(jp), "Chinese losses": _bounds_text(cn),
                     "ratio_low": low, "ratio_high": high,
                     "Japanese per Chinese": derived_bounds_text((low, high), *written)})
    return pd.DataFrame(rows).set_index("pairing")


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
    """Events from ``start`` to ``end`` (inclusive), numbered in time order as the figures number them."""
    inside = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= pd.Timestamp(end))]
    inside = inside.assign(_t=inside["time"].replace("", "99:99")).sort_values(["date", "_t", "event_id"])
    return _numbered({"date": [f"{d.day} {d:%B %Y}" for d in inside["date"]], "time": list(inside["time"]),
                      "side": list(inside["side"]), "what happened": list(inside["summary"]),
                      "_date": list(inside["date"])})


def phase_events(events: pd.DataFrame, phase_id: str, since=None) -> pd.DataFrame:
    """The events of one phase (optionally from ``since`` on), numbered like :func:`events_between`.

    Chapters select their events by phase, not by date window, so no event is told in two
    chapters' tables: phase windows overlap (the relief runs beside the second offensive and
    the siege), the phase tags of ``events`` do not.
    """
    mine = events[events["phase_id"] == phase_id]
    if since is not None:
        mine = mine[mine["date"] >= pd.Timestamp(since)]
    if mine.empty:
        return events_between(mine, "1900-01-01", "1900-01-01")
    return events_between(mine, mine["date"].min(), mine["date"].max())


def chronology(events: pd.DataFrame, phases: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Every event once, in time order: date, time, side, place, phase and the chapter that tells it.

    The chapter is the phase's own: phase ``order`` n is told in chapter n.
    """
    phase = phases.set_index("phase_id")
    where = places.set_index("event_id")["place"]
    ordered = events.assign(_t=events["time"].replace("", "99:99")).sort_values(["date", "_t", "event_id"])
    return _numbered({
        "date": [f"{d.day} {d:%B %Y}" for d in ordered["date"]],
        "time": list(ordered["time"]),
        "side": list(ordered["side"]),
        "place": [where.get(e, "not stated") for e in ordered["event_id"]],
        "phase": [phase.loc[p, "title"] for p in ordered["phase_id"]],
        "chapter": [int(phase.loc[p, "order"]) for p in ordered["phase_id"]],
        "what happened": list(ordered["summary"]),
        "event": list(ordered["event_id"]),
    })


def events_per_day(events: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """Number of dated events on each day of the battle (days 1-47), one column per side."""
    start, end = battle_window(phases)
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    days = pd.date_range(start, end, freq="D")
    table = pd.crosstab(inside["date"], inside["side"]).reindex(days, fill_value=0)
    table.index = pd.RangeIndex(1, len(days) + 1, name="day of the battle")
    table.columns.name = None
    return table


def chronology_counts(events: pd.DataFrame, phases: pd.DataFrame) -> dict[str, int]:
    """Events in all, within the battle, before and after it, the last year, and dated days."""
    per_day = events_per_day(events, phases)
    start, end = battle_window(phases)
    return {"n_events": len(events), "n_battle": int(per_day.to_numpy().sum()), "n_days": days_of_battle(phases),
            "n_before": int((events["date"] < start).sum()), "n_after": int((events["date"] > end).sum()),
            "last_year": int(events["date"].max().year), "n_days_with": int((per_day.sum(axis=1) > 0).sum())}


def phase_row(phases: pd.DataFrame, phase_id: str) -> pd.Series:
    row = phases.loc[phases["phase_id"] == phase_id]
    if len(row) != 1:
        raise KeyError(f"no phase {phase_id!r}")
    return row.iloc[0]


def phase_dates_text(phases: pd.DataFrame, phase_id: str) -> str:
    """"28 June - 2 July 1944", from the phase table."""
    row = phase_row(phases, phase_id)
    start, end = row["start"], row["end"]
    if start.month == end.month:
        return f"{start.day}-{end.day} {end:%B %Y}"
    return f"{start.day} {start:%B} - {end.day} {end:%B %Y}"



def assumption(assumptions: pd.DataFrame, assumption_id: str) -> tuple[float, float]:
    """Bounds of an assumption row, as plain floats."""
    row = assumptions.loc[assumptions["assumption_id"] == assumption_id]
    if len(row) != 1:
        raise KeyError(f"no assumption {assumption_id!r}")
    return float(row.iloc[0]["low"]), float(row.iloc[0]["high"])


def rows_used(**tables: list[str]) -> pd.DataFrame:
    """The "sources and assumptions" list of a chapter: each data row it used, with its quote."""
    from .data import load_table

    out = []
    for table, ids in tables.items():
        frame = load_table(table)
        key = frame.columns[0]
        for row_id in ids:
            row = frame.loc[frame[key] == row_id]
            if len(row) != 1:
                raise KeyError(f"{table}: no row {row_id!r}")
            row = row.iloc[0]
            basis = row["basis"] if "basis" in row else "sourced"
            quote = row["quote"] if "quote" in row else ""
            out.append((table, row_id, basis, textwrap.shorten(str(quote), 110, placeholder=" ...")))
    return pd.DataFrame(out, columns=["table", "row", "basis", "quote (shortened)"]).set_index(["table", "row"])


def days_text(low: int, high: int | None = None) -> str:
    """"1 day", "3 days", "10 to 14 days"."""
    high = low if high is None else high
    if low == high:
        return f"{low:,} day" + ("" if low == 1 else "s")
    return f"{low:,} to {high:,} days"


def sig(value: float, digits: int = 2) -> float:
    """Round to ``digits`` significant figures: a result is never more precise than its source
    ("5.3 million" has two)."""
    if value == 0:
        return 0.0
    from math import floor, log10

    return round(value, -int(floor(log10(abs(value)))) + digits - 1)


def sig_text(value: float, digits: int = 2) -> str:
    rounded = sig(value, digits)
    return f"{rounded:,.0f}" if abs(rounded) >= 10 or float(rounded).is_integer() else f"{rounded:g}"


def event_times(numbered: pd.DataFrame) -> pd.Series:
    """Date and clock time of each numbered event as one timestamp; NaT where no time is given."""
    return pd.Series([d + pd.Timedelta(hours=int(t[:2]), minutes=int(t[3:])) if t else pd.NaT
                      for d, t in zip(numbered["_date"], numbered["time"])], index=numbered.index)



def shortage_table(shortages: pd.DataFrame) -> pd.DataFrame:
    """Shortages in time order, numbered as the shortage figure numbers them."""
    rows = shortages.sort_values(["date", "shortage_id"])
    return _numbered({"date": [f"{d.day} {d:%B}" for d in rows["date"]], "category": list(rows["category"]),
                      "ran out": list(rows["ran_out"]), "replaced by": list(rows["substitute"]),
                      "date note": list(rows["date_note"]), "_date": list(rows["date"])})


def strength_timeline(strengths: pd.DataFrame, claims: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """The 10th Army's strength through the battle, one row per figure, by day of the battle.

    Mixes two measures on purpose and says so in ``measure``: all ranks at the start,
    combat troops later (the source gives nothing else); one derived point is the telegram's
    starting strength less its losses to 19 July.
    """
    start = value_of(strengths, "fs-10army-telegram")
    lost = sum(value_of(claims, f"cc-fang-{k}") for k in ["school-officers", "junior-officers", "soldiers-killed", "soldiers-wounded"])
    rows = []
    for key, measure in [("fs-10army-pei-xiao", "all ranks"), ("fs-10army-combat-2000", "combat troops"),
                         ("fs-10army-combat-jul31", "combat troops")]:
        row = strengths.loc[strengths["strength_id"] == key].iloc[0]
        rows.append({"row": key, "day": day_of_battle(row["as_of"], phases), "low": _plain(row["low"]),
                     "high": _plain(row["high"]), "measure": measure, "basis": "sourced",
                     "figure": written_bounds(row["low"], row["high"], row["qualifier"])})
    rows.append({"row": "fs-10army-telegram less cc-fang-*", "day": day_of_battle("1944-07-19", phases),
                 "low": start - lost, "high": start - lost, "measure": "not killed or wounded (all ranks)",
                 "basis": "derived", "figure": f"{start - lost:,}"})
    return pd.DataFrame(rows).sort_values("day").set_index("row")


def force_ratio_timeline(strengths: pd.DataFrame, ratios: pd.DataFrame, assumptions: pd.DataFrame,
                         claims: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """Every force ratio the book computes or the source states, by day of the battle.

    Ratios in regiment-for-division terms (the Japanese historians' rule) and ratios in men
    are different measures; ``measure`` keeps them apart.
    """
    jp_low, jp_high = assumption(assumptions, "as-jp-regiments-per-division")
    jp_first = assumption(assumptions, "as-jp-initial-divisions")[0]
    jp_second = assumption(assumptions, "as-jp-second-offensive-divisions")[0]
    cn_div = value_of(strengths, "fs-10army-real-regiments") / assumption(assumptions, "as-cn-regiments-per-division")[0]
    start = value_of(strengths, "fs-10army-pei-xiao")
    left_after_first = (start - value_of(claims, "cc-cn-first-offensive-china")) / start
    combat_24, combat_31 = value_of(strengths, "fs-10army-combat-2000"), value_of(strengths, "fs-10army-combat-jul31")
    jp_aug1 = value_of(strengths, "fs-five-divisions-aug1")
    rule = "regiment-for-division rule"
    rows = [
        ("opening (computed)", "1944-06-27",
         ratio_bounds(jp_first * jp_low + 1, jp_first * jp_high + 1, cn_div, cn_div), rule, ()),
        ("opening (stated, 'almost')", "1944-06-27",
         (None, value_of(ratios, "sr-initial-force-ratio", "high")), rule,
         (value_of(ratios, "sr-initial-force-ratio", "written"),)),
        ("second offensive (computed)", "1944-07-11",
         ratio_bounds(jp_second * jp_low + 1, jp_second * jp_high + 1, cn_div * left_after_first,
                      cn_div * left_after_first), rule,
         (value_of(claims, "cc-cn-first-offensive-china", "written"),)),
        ("end of the second offensive (computed)", "1944-07-20",
         ratio_bounds(jp_second * jp_low + 1, jp_second * jp_high + 1, cn_div * combat_24 / start, None),
         rule, (value_of(strengths, "fs-10army-combat-2000", "written"),)),
        ("1 August, in men (computed)", "1944-08-01", ratio_bounds(jp_aug1, jp_aug1, combat_24, combat_31),
         "men", tuple(value_of(strengths, k, "written") for k in
                      ("fs-five-divisions-aug1", "fs-10army-combat-jul31", "fs-10army-combat-2000"))),
        ("felt by the division commanders", "1944-08-06", (value_of(ratios, "sr-hundred-times"),) * 2,
         "felt", (value_of(ratios, "sr-hundred-times", "written"),)),
    ]
    # Each ratio is shown no more precisely than the least precise figure it rests on (two
    # significant figures at most: the assumptions behind the regiment rule are rough).
    return pd.DataFrame([{"when": w, "day": day_of_battle(d, phases), "low": b[0], "high": b[1], "measure": m,
                          "ratio": derived_bounds_text(b, *inputs, most=2)}
                         for w, d, b, m, inputs in rows]).set_index("when")


def ratio_words(timeline: pd.DataFrame, when: str) -> str:
    """The text of one row of :func:`force_ratio_timeline` ("about 40 to 60", "at most 60"), so that
    chapters quote the ratio exactly as the overview shows it."""
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
    chapter quotes the very ratio the overview figure draws."""
    row = timeline.loc[when]
    return tuple(None if _missing(v) else float(v) for v in (row["low"], row["high"]))


def assumption_text(assumptions: pd.DataFrame, assumption_id: str) -> str:
    """An assumption's value as prose glues it: "3", "2 to 4"."""
    low, high = assumption(assumptions, assumption_id)
    return f"{low:g}" if low == high else f"{low:g} to {high:g}"


# --- Precision: a derived figure is never shown more precisely than its least precise input.

def significant_figures(number) -> int | None:
    """How many significant figures a number as written carries; None for an exact count.

    A count written without trailing zeros is exact ("16,275", "47", "a dozen", "three"); a round
    number is known only to its last non-zero digit ("16,000" -> 2, "4,000" -> 1, "a hundred" -> 1);
    a decimal to its last digit ("5.3 million" -> 2, "0.5" -> 1).
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
    ("at least 47", "at most 3"), never invented."""
    low, high = bounds
    if low is not None and high is not None:
        lo, hi = derived_text(low, *inputs, most=most), derived_text(high, *inputs, most=most)
        return lo if lo == hi else f"{lo} to {hi.removeprefix('about ')}"
    if low is not None:  # a floor is rounded down, so that it stays a floor
        return f"at least {_toward(low, _digits(inputs, most), down=True)}"
    if high is not None:  # a ceiling is rounded up
        return f"at most {_toward(high, _digits(inputs, most), down=False)}"
    return "not computable"


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
    made before it began, the days after that day for one made during it (27 June -> 42)."""
    start, end = battle_window(phases)
    first = max(pd.Timestamp(said_on) + pd.Timedelta(days=1), start)
    return max(int((end - first).days) + 1, 0)


def nearest_approach(positions: pd.DataFrame) -> pd.DataFrame:
    """The relief's nearest positions: any place at the city's edge first (it has no mileage and is
    nearer than any mileage the source gives), otherwise the smallest upper distance."""
    edge = positions[positions["reach"] == "city edge"]
    if len(edge):
        return edge.sort_values("date")
    miles = positions[positions["reach"] == "miles"]
    return miles.loc[miles["high"] == miles["high"].min()].sort_values("date")


def forecast_table(expectations: pd.DataFrame, ids: list[str], phases: pd.DataFrame) -> pd.DataFrame:
    """Each forecast against the days of battle that followed the day it was made.

    A forecast made on day 5 is compared with the 42 days after it, not with all 47; an
    upper bound ("no more than a day") gives an open ratio ("at least 47 times").
    """
    rows = expectations.set_index("expectation_id").loc[ids]
    out = []
    for key, r in rows.iterrows():
        after = days_after(r["said_on"], phases)
        low, high = _plain(r["low"]), _plain(r["high"])
        day = day_of_battle(r["said_on"], phases)
        out.append({"who": r["who"].split(" (")[0], "said on": f"{r['said_on'].day} {r['said_on']:%B}"
                    + (f" (day {day})" if day >= 1 else ""), "expected": r["written"],
                    "low": low, "high": high, "qualifier": r["qualifier"], "days that followed": after,
                    "times as long": derived_bounds_text(ratio_bounds(after, after, low, high), after, r["written"])})
    return pd.DataFrame(out, index=pd.Index(ids, name="expectation"))
