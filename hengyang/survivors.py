"""The survivors' ledger: the 10th Army's men by fate, account by account, with intervals.

An *account* is one claimant's figures at one date (or one group of the infobox's figures).
Within an account the fates (killed, wounded, fighting, captured, escaped) are read as
different men, so they add up; what is left of the starting strength is *unaccounted*. Where
an account has no starting figure nothing is subtracted. Where its fates add up to more than
its start, the ledger says by how much instead of forcing a fit. Accounts are never added to
one another, and no figure of one claimant fills a gap in another's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import provenance
from .analysis import place_of, round_to_place

STATUSES = ["killed", "killed or wounded", "wounded", "fighting", "captured", "escaped"]


@dataclass(frozen=True)
class Interval:
    """A count between ``lo`` and ``hi`` (``hi=None``: no upper end); open ends are excluded.

    ``place`` is the place of the last digit the figures behind it vouch for (1 for exact
    counts, 100 for "about 13,300", 1,000 for "more than 2,000"). A remainder (``minus``) is
    known only to the coarsest place of its terms, and its :meth:`text` says no more: 17,400 -
    16,275 from figures known to the hundred is "about 1,100", not 1,125. A plain sum of written
    figures is shown as their sum.
    """

    lo: float = 0.0
    hi: float | None = 0.0
    lo_open: bool = False
    hi_open: bool = False
    approx: bool = False
    place: float = 1.0
    remainder: bool = False

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            None if self.hi is None or other.hi is None else self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
            self.approx or other.approx,
            max(self.place, other.place),
            self.remainder or other.remainder,
        )

    def minus(self, other: Interval) -> Interval:
        """``self - other``; the low end is None when ``other`` has no upper end."""
        lo = None if other.hi is None else self.lo - other.hi
        hi = None if self.hi is None else self.hi - other.lo
        return Interval(
            lo,
            hi,
            self.lo_open or other.hi_open,
            self.hi_open or other.lo_open,
            self.approx or other.approx,
            max(self.place, other.place),
            True,
        )

    def text(self) -> str:
        """ "16,275", "about 4,100", "more than 2,000", "fewer than 197", "14,078 to 14,694";
        no more precise than ``place`` (a floor rounded down, a ceiling up, a point to the
        nearest, then said to be "about")."""
        place = self.place if self.remainder else 1.0
        if self.hi is not None and self.lo == self.hi and not (self.lo_open or self.hi_open):
            shown = round_to_place(self.lo, place)
            about = "about " if self.approx or shown != self.lo else ""
            return f"{about}{shown:,.0f}"
        about = "about " if self.approx else ""
        low = round_to_place(self.lo, place, "down") if self.lo else self.lo
        if self.hi is None:
            return f"{'more than' if self.lo_open else 'at least'} {low:,.0f}"
        high = round_to_place(self.hi, place, "up")
        if not self.lo:
            return f"{'fewer than' if self.hi_open else 'at most'} {high:,.0f}"
        return f"{about}{low:,.0f} to {high:,.0f}"


def interval_of(row) -> Interval:
    """A claim or strength row as an interval: "more than" opens the bottom, "fewer than" and
    "almost" open the top, "about" marks it approximate.

    Parameters
    ----------
    row: a row (Series or dict) with ``low``, ``high``, ``qualifier`` and optionally
        ``written``; a missing low is 0, a missing high leaves the top unbounded.

    Returns
    -------
    An :class:`Interval` whose ``place`` is what the written figure vouches for (1 for a bound).
    """
    lo = 0.0 if pd.isna(row["low"]) else float(row["low"])
    hi = None if pd.isna(row["high"]) else float(row["high"])
    q = row["qualifier"]
    written = row.get("written", "")
    return Interval(
        lo,
        hi,
        lo_open=q == "more than",
        hi_open=q in ("fewer than", "almost"),
        approx=q == "about",
        place=_place(q, written),
    )


def _place(qualifier: str, written) -> float:
    """The place a row's figure is known to: a bound ("more than", "fewer than", "almost") is
    exact as a bound; a point figure is known to its last significant digit ("3,000": 1,000)."""
    if qualifier in ("more than", "fewer than", "almost", "at most") or not isinstance(
        written, str
    ):
        return 1.0
    return place_of(written) if written else 1.0


def _row(entry, claims: pd.DataFrame, strengths: pd.DataFrame):
    """The claim or strength row a ledger entry names; the read is recorded (provenance)."""
    if entry["claim_id"]:
        provenance.record(claims, [entry["claim_id"]])
        return _by_key(claims, "claim_id", entry["claim_id"])
    provenance.record(strengths, [entry["strength_id"]])
    return _by_key(strengths, "strength_id", entry["strength_id"])


def _by_key(table: pd.DataFrame, column: str, key: str) -> pd.Series:
    """The row whose ``column`` is ``key``: the cells ``table.set_index(column).loc[key]``
    gives, found without re-indexing the whole table for every entry."""
    found = (table[column].to_numpy() == key).nonzero()[0]
    if len(found) != 1:
        raise KeyError(key)
    return table.iloc[int(found[0])]


def ledger_intervals(
    entries: pd.DataFrame, claims: pd.DataFrame, strengths: pd.DataFrame
) -> dict[str, dict[str, Interval | str | None]]:
    """Per account, in table order: its date, start and each fate as intervals, and what is left.

    Parameters
    ----------
    entries: the ledger entries table (``account``, ``when``, ``status``, and a ``claim_id`` or
        a ``strength_id``).
    claims: the casualty claims table.
    strengths: the force strengths table.

    Returns
    -------
    A dict account -> dict with ``when``, ``at the start``, one key per fate of
    :data:`STATUSES`, ``accounted for`` (the fates' sum) and ``unaccounted`` (start minus that
    sum); each an :class:`Interval` or None when the account has none. Every row read is
    recorded. Raises ValueError for an account with two starting figures.
    """
    out: dict[str, dict] = {}
    every = entries.to_dict("records")  # plain rows: far cheaper to walk than the frame
    for account in dict.fromkeys(entries["account"]):
        own = [e for e in every if e["account"] == account]
        record: dict = {"when": own[0]["when"], "at the start": None}
        for status in STATUSES:
            parts = [interval_of(_row(e, claims, strengths)) for e in own if e["status"] == status]
            record[status] = sum(parts[1:], parts[0]) if parts else None
        starts = [e for e in own if e["status"] == "at the start"]
        if len(starts) > 1:
            raise ValueError(f"{account}: more than one starting figure")
        if len(starts) == 1:
            record["at the start"] = interval_of(_row(starts[0], claims, strengths))
        counted = [record[s] for s in STATUSES if record[s] is not None]
        record["accounted for"] = sum(counted[1:], counted[0]) if counted else None
        record["unaccounted"] = (
            record["at the start"].minus(record["accounted for"])
            if record["at the start"] is not None and counted
            else None
        )
        out[account] = record
    return out


def check(unaccounted: Interval | None) -> str:
    """ "fits", "over by 1,125" or "no starting figure": can the account's fates share its start?

    Parameters
    ----------
    unaccounted: the account's remainder (start minus fates), or None without a start.

    Returns
    -------
    "no starting figure"; "over by [about] N" when the remainder is one value below zero (or
    zero with an open top); "over by at least N" when it is a range whose top is below zero;
    "fits" otherwise. N is no more precise than the figures behind it.
    """
    if unaccounted is None:
        return "no starting figure"
    if unaccounted.hi is not None and (
        unaccounted.hi < 0 or (unaccounted.hi == 0 and unaccounted.hi_open)
    ):
        over = -unaccounted.hi
        if unaccounted.lo == unaccounted.hi:
            shown = round_to_place(over, unaccounted.place)
            about = "about " if unaccounted.approx or shown != over else ""
            return f"over by {about}{shown:,.0f}"
        return f"over by at least {round_to_place(over, unaccounted.place, 'down'):,.0f}"
    return "fits"


def unaccounted_text(unaccounted: Interval | None) -> str:
    """What is left, never below zero: an over-count is reported by :func:`check`, not as a
    negative.

    Parameters
    ----------
    unaccounted: the account's remainder, or None without a start.

    Returns
    -------
    "" without a start, "none" when the fates exceed the start, else the remainder's text with
    its low end raised to 0.
    """
    if unaccounted is None:
        return ""
    if check(unaccounted) != "fits":
        return "none"
    lo = 0.0 if unaccounted.lo is None else max(unaccounted.lo, 0.0)
    return Interval(
        lo,
        unaccounted.hi,
        unaccounted.lo_open and lo > 0,
        unaccounted.hi_open,
        unaccounted.approx,
        unaccounted.place,
        unaccounted.remainder,
    ).text()


def survivors_ledger(
    entries: pd.DataFrame, claims: pd.DataFrame, strengths: pd.DataFrame
) -> pd.DataFrame:
    """The ledger as text, one row per account: start, each fate, unaccounted, and the check.

    Parameters
    ----------
    entries: the ledger entries table.
    claims: the casualty claims table.
    strengths: the force strengths table.

    Returns
    -------
    A text frame indexed by ``account``: ``when``, ``at the start``, one column per fate of
    :data:`STATUSES` ("" where the account has none), ``unaccounted`` and ``check``.
    """
    rows = []
    for account, r in ledger_intervals(entries, claims, strengths).items():
        row = {
            "account": account,
            "when": r["when"],
            "at the start": r["at the start"].text() if r["at the start"] else "",
        }
        row |= {s: r[s].text() if r[s] else "" for s in STATUSES}
        row |= {"unaccounted": unaccounted_text(r["unaccounted"]), "check": check(r["unaccounted"])}
        rows.append(row)
    return pd.DataFrame(rows).set_index("account")


def share_of_start(
    entries: pd.DataFrame,
    claims: pd.DataFrame,
    strengths: pd.DataFrame,
    account: str,
    statuses: list[str],
) -> tuple[float, float | None]:
    """Lowest and highest share of an account's starting strength that the given fates make up.

    Parameters
    ----------
    entries: the ledger entries table.
    claims: the casualty claims table.
    strengths: the force strengths table.
    account: the account; it needs a starting figure and at least one of ``statuses``.
    statuses: the fates to add (those the account lacks are skipped).

    Returns
    -------
    A tuple (low, high) of fractions (not per cent): low is the fates' low over the start's
    high (0 when the start has no top), high the fates' high over the start's low, or None
    when the fates have no top.
    """
    r = ledger_intervals(entries, claims, strengths)[account]
    parts = [r[s] for s in statuses if r[s] is not None]
    total, start = sum(parts[1:], parts[0]), r["at the start"]
    low = total.lo / (start.hi if start.hi is not None else float("inf"))
    high = None if total.hi is None else total.hi / start.lo
    return low, high


def unaccounted(
    entries: pd.DataFrame, claims: pd.DataFrame, strengths: pd.DataFrame, account: str
) -> Interval:
    """The men of one account's start that none of its fates counts.

    Parameters
    ----------
    entries: the ledger entries table.
    claims: the casualty claims table.
    strengths: the force strengths table.
    account: the account.

    Returns
    -------
    The remainder as an :class:`Interval` (may lie below zero: see :func:`check`). Raises
    ValueError when the account has no starting figure (or none of the fates).
    """
    r = ledger_intervals(entries, claims, strengths)[account]
    if r["unaccounted"] is None:
        raise ValueError(f"{account} has no starting figure")
    return r["unaccounted"]
