"""The battle in the wider war: Operation Ichigo, the politics, the comparisons, the air war,
the radio link, the medical story and the question of surrender (chapter 11).

The rows live in ``data/wider_war.csv``; dated events of the battle itself come from
``events`` and the battle's span from ``phases``. Every function records the rows it reads
(:mod:`hengyang.provenance`), so the chapter's sources table is generated, not typed.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .analysis import battle_window, rows, sig_text, value_of
from .plotting import (
    _BAR_PT,
    FONT,
    OKABE_ITO,
    SIDE_COLOURS,
    SIDE_MARKERS,
    WIDTH,
    _date_axis,
    _figure_for_rows,
    _stack_rows,
    _wrap,
)

THREADS = {
    "ichigo": "Ichigo",
    "politics": "politics",
    "air": "air war",
    "radio": "radio",
    "medicine": "medicine",
    "comparison": "comparisons",
    "surrender": "surrender",
}
# The article's own voice and speakers of no side: a grey diamond.
NO_SIDE = ("D", "#999999")


def _style(side: str) -> tuple[str, str]:
    return (SIDE_MARKERS[side], SIDE_COLOURS[side]) if side in SIDE_COLOURS else NO_SIDE


def when_text(start, end, note: str) -> str:
    """A row's date as a reader reads it: "25 November 1943", "January 1944", "2010",
    "1 July 1944 to 8 August 1944", or "not dated".

    Parameters
    ----------
    start: the first (or only) date, a timestamp; NaT or None for an undated row.
    end: the last date of a span; NaT or None for a single date.
    note: the row's date note; "year only" or "month only" in it cuts the precision of both
        dates.

    Returns
    -------
    The date as text.
    """
    if pd.isna(start):
        return "not dated"

    def one(d: pd.Timestamp) -> str:
        if "year only" in note:
            return f"{d.year}"
        if "month only" in note:
            return f"{d:%B %Y}"
        return f"{d.day} {d:%B %Y}"

    return one(start) if pd.isna(end) else f"{one(start)} to {one(end)}"


def thread_rows(items: pd.DataFrame, thread: str) -> pd.DataFrame:
    """The rows of one thread, dated ones first in date order, then the undated in table order;
    the reads are recorded.

    Parameters
    ----------
    items: the ``wider_war`` table.
    thread: a thread key of :data:`THREADS` ("ichigo", "politics" ...).

    Returns
    -------
    The thread's rows (all columns) indexed 0, 1, ...; empty for an unknown thread.
    """
    mine = items[items["thread"] == thread].assign(_order=range((items["thread"] == thread).sum()))
    mine = mine.sort_values(["start", "_order"], na_position="last").drop(columns="_order")
    return rows(items, list(mine["item_id"]))


def thread_view(items: pd.DataFrame, thread: str) -> pd.DataFrame:
    """One thread as a reader's table, numbered: when, who, what (our words), the date note,
    and for comparisons what the battle was compared with.

    Parameters
    ----------
    items: the ``wider_war`` table.
    thread: a thread key of :data:`THREADS`; "comparison" adds the ``compared with`` column.

    Returns
    -------
    A text frame indexed 1, 2, ... in the order of :func:`thread_rows`: ``when``, ``who``,
    ``side``, [``compared with``,] ``what, in our words`` and ``how the date was read``.
    """
    mine = thread_rows(items, thread)
    columns = {
        "when": [
            when_text(s, e, n) for s, e, n in zip(mine["start"], mine["end"], mine["date_note"])
        ],
        "who": list(mine["who"]),
        "side": list(mine["side"]),
    }
    if thread == "comparison":
        columns["compared with"] = list(mine["compared_with"])
    columns["what, in our words"] = list(mine["summary"])
    columns["how the date was read"] = [n or "as written" for n in mine["date_note"]]
    return pd.DataFrame(columns, index=pd.RangeIndex(1, len(mine) + 1, name="no."))


def ichigo_intervals(events: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """Days between the dated steps of Ichigo up to the battle, and the battle's own length,
    from the events table and the phase table (first and last day of the battle included).

    Parameters
    ----------
    events: the events table; ``ev-ichigo-start``, ``ev-hunan-offensive`` and
        ``ev-changsha-falls`` are read (recorded).
    phases: the phase table, for the battle's first and last day.

    Returns
    -------
    A frame of four rows with ``from``, ``on``, ``to``, ``on `` (dates as "23 June") and
    ``days`` (an int: the days between two steps, or the battle's length counting both ends).
    """
    steps = rows(events, ["ev-ichigo-start", "ev-hunan-offensive", "ev-changsha-falls"])
    when = dict(zip(steps["event_id"], steps["date"]))
    start, end = battle_window(phases)
    spans = [
        (
            "Ichigo begins",
            when["ev-ichigo-start"],
            "the offensive on Hunan opens",
            when["ev-hunan-offensive"],
        ),
        (
            "the offensive on Hunan opens",
            when["ev-hunan-offensive"],
            "Changsha falls",
            when["ev-changsha-falls"],
        ),
        ("Changsha falls", when["ev-changsha-falls"], "the first shots at Hengyang", start),
    ]
    out = [
        (a, f"{d0.day} {d0:%B}", b, f"{d1.day} {d1:%B}", int((d1 - d0).days))
        for a, d0, b, d1 in spans
    ]
    out.append(
        (
            "the battle's first day",
            f"{start.day} {start:%B}",
            "its last day",
            f"{end.day} {end:%B}",
            int((end - start).days) + 1,
        )
    )
    return pd.DataFrame(out, columns=["from", "on", "to", "on ", "days"])


def part_of_whole(claims: pd.DataFrame, pairs: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """For each label, a part claim and the whole claim it is included in (same claimant):
    the part, the whole and the part's share, with the share also as text to two
    significant figures.

    A last row adds up every pair, named from their labels ("killed and wounded together").

    Parameters
    ----------
    claims: the casualty claims table.
    pairs: label -> (part claim id, whole claim id); the ``low`` of each is read (recorded).

    Returns
    -------
    A frame indexed by ``counted``: ``part``, ``whole``, ``share`` (a fraction) and ``share
    shown`` ("about 68%").
    """
    out = []
    for label, (part_id, whole_id) in pairs.items():
        part, whole = value_of(claims, part_id), value_of(claims, whole_id)
        out.append((label, part, whole, part / whole))
    total_part = sum(r[1] for r in out)
    total_whole = sum(r[2] for r in out)
    together = " and ".join(pairs) + " together"
    out.append((together, total_part, total_whole, total_part / total_whole))
    frame = pd.DataFrame(out, columns=["counted", "part", "whole", "share"]).set_index("counted")
    frame["share shown"] = [f"about {sig_text(100 * s)}%" for s in frame["share"]]
    return frame


# --- figures ---------------------------------------------------------------------------------


def strip_rows(items: pd.DataFrame, events: pd.DataFrame, event_ids: list[str], first, last):
    """What :func:`wider_war_strip` draws: every dated row of ``wider_war`` from ``first`` to
    ``last``, and the named events of the ``events`` table on the Ichigo lane. The reads are
    recorded.

    Parameters
    ----------
    items: the ``wider_war`` table; a row counts when its start lies from ``first`` to ``last``.
    events: the events table.
    event_ids: the events to add on the Ichigo lane (all of them, whatever their date).
    first: the first day (anything :class:`pandas.Timestamp` accepts).
    last: the last day, included.

    Returns
    -------
    A frame sorted by start and row id, indexed 0, 1, ..., with columns ``row`` (the row or
    event id), ``lane``, ``start``, ``end`` (NaT for a single date) and ``side``.
    """
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    dated = items[items["start"].notna() & (items["start"] >= first) & (items["start"] <= last)]
    dated = rows(items, list(dated["item_id"]))
    anchors = rows(events, event_ids)
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "row": dated["item_id"],
                    "lane": [THREADS[t] for t in dated["thread"]],
                    "start": dated["start"],
                    "end": dated["end"],
                    "side": dated["side"],
                }
            ),
            pd.DataFrame(
                {
                    "row": anchors["event_id"],
                    "lane": THREADS["ichigo"],
                    "start": anchors["date"],
                    "end": pd.NaT,
                    "side": anchors["side"],
                }
            ),
        ],
        ignore_index=True,
    )
    return frame.sort_values(["start", "row"]).reset_index(drop=True)


def wider_war_strip(drawn: pd.DataFrame, battle: tuple[pd.Timestamp, pd.Timestamp]):
    """The wider war on one date axis: one lane per thread, each dated row a mark in the shape
    and colour of the side that acted (grey diamonds for the article's own voice), each span a
    bar; the battle is the shaded band.

    Parameters
    ----------
    drawn: the frame :func:`strip_rows` returns.
    battle: (first day, last day) of the battle, as :func:`hengyang.analysis.battle_window`
        gives them.

    Returns
    -------
    The matplotlib figure.
    """
    lanes = [label for label in THREADS.values() if label in set(drawn["lane"])]
    fig, ax = plt.subplots(figsize=(WIDTH, 0.4 * len(lanes) + 1.5))
    ax.axvspan(battle[0], battle[1], color=OKABE_ITO[3], alpha=0.35, zorder=0, lw=0)
    ax.annotate(
        "the battle",
        (battle[0] + (battle[1] - battle[0]) / 2, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=FONT,
    )
    for _, r in drawn.iterrows():
        y = len(lanes) - 1 - lanes.index(r["lane"])
        marker, colour = _style(r["side"])
        if pd.notna(r["end"]):
            ax.plot(
                [r["start"], r["end"]],
                [y, y],
                color=colour,
                lw=4,
                alpha=0.6,
                zorder=2,
                solid_capstyle="butt",
            )
        ax.scatter(
            [r["start"]],
            [y],
            marker=marker,
            s=45,
            color=colour,
            edgecolor="black",
            linewidth=0.5,
            zorder=3,
        )
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(list(reversed(lanes)))
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.grid(axis="y", visible=False)
    _date_axis(ax, drawn["start"].min(), max(drawn["start"].max(), drawn["end"].max()))
    ax.xaxis.set_major_formatter(plt.matplotlib.dates.DateFormatter("%b\n%Y"))
    handles = [
        plt.Line2D(
            [],
            [],
            marker=_style(s)[0],
            color=_style(s)[1],
            markeredgecolor="black",
            linestyle="none",
            markersize=7,
            label=s.replace("United States", "US"),
        )
        for s in ["China", "Japan", "United States", "none"]
        if s in set(drawn["side"])
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=4,
        handletextpad=0.2,
        columnspacing=0.8,
    )
    fig.tight_layout()
    return fig


def part_bars(parts: pd.DataFrame, xlabel: str, part_name: str):
    """One bar per row of :func:`part_of_whole`: the whole as an outlined white bar, the part
    inside it filled and hatched, labelled above with both counts and the share.

    Parameters
    ----------
    parts: the frame :func:`part_of_whole` returns.
    xlabel: the x axis's label.
    part_name: the word after the counts in each label ("68 of 100 <part_name> (...)").

    Returns
    -------
    The matplotlib figure.
    """
    labels = [
        _wrap(f"{what}: {p:,} of {w:,} {part_name} ({s})")
        for what, p, w, s in zip(parts.index, parts["part"], parts["whole"], parts["share shown"])
    ]
    fig, ax = plt.subplots(figsize=(WIDTH, _figure_for_rows(labels, extra_in=0.8)))
    ys, _ = _stack_rows(ax, labels)
    height = _BAR_PT * 0.5
    ax.barh(ys, parts["whole"], height=height, color="white", edgecolor="black", linewidth=0.8)
    ax.barh(
        ys,
        parts["part"],
        height=height,
        color=SIDE_COLOURS["United States"],
        hatch="//",
        edgecolor="black",
        linewidth=0.8,
    )
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    fig.tight_layout()
    return fig


def _period(start, phases: pd.DataFrame) -> str:
    first, last = battle_window(phases)
    if pd.isna(start):
        return "not dated"
    if start < first:
        return "before the battle"
    if start <= last:
        return "during the battle"
    return "after the battle, 1944" if start.year == 1944 else "later"


PERIODS = ["before the battle", "during the battle", "after the battle, 1944", "later", "not dated"]


def timing_counts(items: pd.DataFrame, thread: str, phases: pd.DataFrame) -> pd.DataFrame:
    """How many rows of a thread fall before, during and after the battle (by the date or the
    first day of a span), and how many the source does not date.

    Parameters
    ----------
    items: the ``wider_war`` table (the thread's reads are recorded).
    thread: a thread key of :data:`THREADS`.
    phases: the phase table, for the battle's window.

    Returns
    -------
    A frame indexed by ``when`` (every period of :data:`PERIODS`, in that order) with one int
    column, ``rows``.
    """
    mine = thread_rows(items, thread)
    periods = pd.Series([_period(s, phases) for s in mine["start"]])
    counts = periods.value_counts().reindex(PERIODS, fill_value=0)
    return pd.DataFrame({"rows": counts.astype(int)}).rename_axis("when")


def side_by_period(items: pd.DataFrame, thread: str, phases: pd.DataFrame) -> pd.DataFrame:
    """A thread's rows counted by the side of whoever said it and by when, with totals.

    Parameters
    ----------
    items: the ``wider_war`` table (the thread's reads are recorded).
    thread: a thread key of :data:`THREADS`.
    phases: the phase table, for the battle's window.

    Returns
    -------
    An int frame: rows are the periods that occur (in :data:`PERIODS` order) and "all";
    columns are the sides that occur (China, Japan, United States, none) and "all".
    """
    mine = thread_rows(items, thread)
    frame = pd.DataFrame(
        {"when": [_period(s, phases) for s in mine["start"]], "side": list(mine["side"])}
    )
    table = pd.crosstab(frame["when"], frame["side"], margins=True, margins_name="all")
    order = [p for p in PERIODS if p in table.index] + ["all"]
    sides = [s for s in ["China", "Japan", "United States", "none"] if s in table.columns]
    return table.loc[order, sides + ["all"]].astype(int)


def with_battle_day(view: pd.DataFrame, mine: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """A thread's table with the day of the battle of each dated row (23 June is day 1).

    Parameters
    ----------
    view: the thread's reader table (:func:`thread_view`).
    mine: the thread's rows (:func:`thread_rows`), in the same order as ``view``.
    phases: the phase table, for the battle's window.

    Returns
    -------
    A copy of ``view`` with a second column, ``day of the battle``: "day 5", "12 days before
    day 1", "after the battle" or "not dated".
    """
    first, last = battle_window(phases)

    def day(start) -> str:
        if pd.isna(start):
            return "not dated"
        if start < first:
            return f"{(first - start).days} days before day 1"
        return f"day {int((start - first).days) + 1}" if start <= last else "after the battle"

    out = view.copy()
    out.insert(1, "day of the battle", [day(s) for s in mine["start"]])
    return out


def accounts_by_side(items: pd.DataFrame, first, last) -> pd.DataFrame:
    """The surrender thread's accounts dated from ``first`` to ``last``, counted by the side of
    whoever gave them, with their names.

    Parameters
    ----------
    items: the ``wider_war`` table (the surrender thread's reads are recorded).
    first: the first day (anything :class:`pandas.Timestamp` accepts); undated rows never count.
    last: the last day, included.

    Returns
    -------
    A frame indexed by side: ``accounts`` (an int) and ``whose`` (the ``who`` of each,
    joined by "; ").
    """
    mine = thread_rows(items, "surrender")
    inside = mine[(mine["start"] >= pd.Timestamp(first)) & (mine["start"] <= pd.Timestamp(last))]
    grouped = inside.groupby("side", sort=True)["who"]
    return pd.DataFrame({"accounts": grouped.size().astype(int), "whose": grouped.agg("; ".join)})


def part_view(parts: pd.DataFrame) -> pd.DataFrame:
    """:func:`part_of_whole` as a reader's table: counts with thousands separators.

    Parameters
    ----------
    parts: the frame :func:`part_of_whole` returns.

    Returns
    -------
    A text frame with the same index: ``part``, ``whole`` and ``share``.
    """
    return pd.DataFrame(
        {
            "part": [f"{v:,}" for v in parts["part"]],
            "whole": [f"{v:,}" for v in parts["whole"]],
            "share": list(parts["share shown"]),
        },
        index=parts.index,
    )
