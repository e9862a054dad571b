"""The book's one plotting style and the figures every chapter shares.

Colours come from the Okabe-Ito palette, which stays distinguishable under the
common colour-vision deficiencies; and no figure relies on colour alone (labels,
markers and hatching carry the same information).

Every figure is drawn :data:`WIDTH` inches wide with text of at least :data:`FONT` points,
so that it reads on a phone: the book shows a figure at ``WIDTH * 96`` CSS pixels, and a
390 px phone leaves :data:`PHONE_PX` pixels for it, where 11 pt text still measures 8 pt.
Labels stand above their bars rather than beside them, so no label is squeezed.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from . import provenance
from .analysis import (
    _period,
    battle_phases,
    battle_window,
    day_of_battle,
    days_of_battle,
    shortage_table,
    written_bounds,
)

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
# For lines and small markers on white: Okabe-Ito without its yellow, which is too faint there.
LINE_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]
# "none": a writer or work of neither side (a historian's book), in grey
SIDE_COLOURS = {
    "China": "#0072B2",
    "Japan": "#D55E00",
    "United States": "#009E73",
    "none": "#999999",
}
# The fill of a bar in a tidy frame's ``side`` column: a side's own figures take the side's
# colour; a bar that is no one side's count takes its role. "both": a figure about both sides
# (a ratio between them); "plan": what was planned, or counted on paper, set against what
# happened; "yardstick": the measure the other bars are read against (the days that followed
# a forecast); "apart": a bar left unfilled (hatch it) because it is not comparable with the
# others, or counts on paper only.
BAR_COLOURS = SIDE_COLOURS | {
    "both": "#0072B2",
    "plan": "#E69F00",
    "yardstick": "#000000",
    "apart": "#FFFFFF",
}
# Ratio panels: colours not used for the two sides or the strength points.
RATIO_COLOURS = ["#E69F00", "#009E73", "#56B4E9"]
SIDE_MARKERS = {"China": "o", "Japan": "s", "United States": "^", "none": "D"}
PHASE_HATCHES = ["", "//", "", "\\\\", "", ".."]
PHASE_SHORT = {
    "opening": "Opening",
    "first-offensive": "1st offensive",
    "regrouping": "Regrouping",
    "second-offensive": "2nd offensive",
    "siege": "Siege",
    "third-offensive": "3rd offensive",
}

WIDTH = 5.0  # inches: 480 CSS px in the book
FONT = 11  # points, the smallest text in any figure
PHONE_PX = 358  # CSS px a 390 px phone leaves for a figure (16 px margins)
_WRAP = 46  # characters per line of a label above a bar (fits WIDTH at FONT)


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on the given fill (WCAG relative luminance)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "black" if luminance > 0.18 else "white"


def house_style() -> None:
    """Apply the book's figure style: palette, sizes, white faces, high-density output.

    Every chapter calls this once in its set-up cell. In a notebook it also asks the
    inline backend for retina PNGs (twice the pixels, shown at the same size) of the whole
    canvas: every figure function lays itself out inside its canvas (tested), so the inline
    backend's tight crop, which costs a second full drawing of every figure, is not needed.

    Returns
    -------
    None; matplotlib's settings are changed for the rest of the session.
    """
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
            "figure.figsize": (WIDTH, 3.4),
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "font.size": FONT,
            "axes.titlesize": FONT + 1,
            "axes.labelsize": FONT,
            "xtick.labelsize": FONT,
            "ytick.labelsize": FONT,
            "legend.fontsize": FONT,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.frameon": False,
        }
    )
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks' kernel
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina", bbox_inches=None)


KEY_IN = 1.3  # inches under the x axis taken by its label and the phase key


def _phase_key(fig, battle: pd.DataFrame) -> None:
    """Name the numbered phase blocks in a key of three rows under the figure."""
    height = fig.get_figheight()
    for i, row in battle.iterrows():
        line, col = i % 3, i // 3
        name = f"{i + 1} {PHASE_SHORT.get(row['phase_id'], row['title'])} ({row['days']} days)"
        fig.text(
            0.03 + col * 0.5,
            (0.06 + (2 - line) * 0.21) / height,
            name,
            fontsize=FONT,
            ha="left",
            va="bottom",
        )


def _day_axis_label(phases: pd.DataFrame) -> str:
    """ "day of the battle (day 1 = 23 June 1944)", the first day read from the phase table."""
    first = battle_window(phases)[0]
    return f"day of the battle (day 1 = {first.day} {first:%B %Y})"


def phase_strip(ax, phases: pd.DataFrame) -> None:
    """Draw the battle's phases as numbered blocks along its days; the figure that draws it
    names the numbers in a key under the strip.

    Parameters
    ----------
    ax: the axes to draw into.
    phases: the phases table (the battle's phases and their dates).

    Returns
    -------
    None; the strip and its day axis are drawn into ``ax``.
    """
    battle = battle_phases(phases)
    total = days_of_battle(phases)
    for i, row in battle.iterrows():
        first = day_of_battle(row["start"], phases)
        fill = OKABE_ITO[i % len(OKABE_ITO)]
        ax.barh(
            0,
            row["days"],
            left=first - 0.5,
            height=0.8,
            color=fill,
            hatch=PHASE_HATCHES[i % len(PHASE_HATCHES)],
            edgecolor="black",
            linewidth=0.5,
        )
        ax.text(
            first - 0.5 + row["days"] / 2,
            0,
            str(i + 1),
            ha="center",
            va="center",
            fontsize=FONT,
            color=_text_colour(fill),
            bbox={"facecolor": fill, "edgecolor": "none", "pad": 0.5},
        )
    ax.set_xlim(0.5, total + 0.5)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xticks([1] + list(range(10, total, 10)) + [total])
    ax.set_xlabel(_day_axis_label(phases))
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)


# --- bars with their labels above them -------------------------------------------------------

_LINE_PT = 14  # height of one line of label text, in points
_BAR_PT = 20  # room for the bar itself under its label


def _stack_rows(ax, labels: list[str]) -> tuple[list[float], float]:
    """Place one row per label, each label's lines above its bar; the y axis counts points
    downwards, so the figure's height follows from the labels. Returns the bars' y values
    and the axes' height in points."""
    ys, y = [], 0.0
    for label in labels:
        y += label.count("\n") * _LINE_PT + _LINE_PT + _BAR_PT / 2 + 4
        ys.append(y)
        y += _BAR_PT / 2
    ax.set_ylim(y + 4, 0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)
    for y_bar, label in zip(ys, labels):
        ax.annotate(
            label,
            xy=(0, y_bar),
            xycoords=("axes fraction", "data"),
            xytext=(0, 7),
            textcoords="offset points",
            va="bottom",
            ha="left",
            fontsize=FONT,
        )
    return ys, y + 4


def _wrap(label: str, width: int = _WRAP) -> str:
    return textwrap.fill(label, width, break_on_hyphens=False)


def _plain_log_axis(ax) -> None:
    """Log-axis ticks as plain numbers ("1,000", "0.1"), no powers of ten, no minor labels."""
    ax.xaxis.set_major_formatter(
        mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    )
    ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())


def _figure_for_rows(labels: list[str], extra_in: float = 1.0, panels: int = 1):
    """A figure tall enough for rows of wrapped labels (see :func:`_stack_rows`)."""
    lines = sum(label.count("\n") + 1 for label in labels)
    height = (lines * _LINE_PT + len(labels) * (_BAR_PT + 4) + 8) / 72 + extra_in * panels
    return height


def dot(
    ax,
    x: float,
    y: float,
    colour: str,
    hollow: bool = False,
    marker: str = "o",
    label: str | None = None,
) -> None:
    """One figure as a mark: filled, or hollow when the source gives it as approximate (or
    the book derived it).

    Parameters
    ----------
    ax: the axes to draw into.
    x, y: where the mark goes, in the axes' data coordinates.
    colour: its colour (a side's or a role's, from the house palette).
    hollow: draw it white inside (approximate or derived).
    marker: a matplotlib marker ("o", "s", "D" ...).
    label: the name it takes in a legend, or None for no entry.

    Returns
    -------
    None; the mark is drawn into ``ax``.
    """
    ax.plot(
        [x],
        [y],
        marker=marker,
        markersize=8,
        linestyle="none",
        color=colour,
        markerfacecolor="white" if hollow else colour,
        markeredgecolor="black" if marker == "D" and not hollow else colour,
        markeredgewidth=1.5,
        zorder=3,
        label=label,
    )


def _open_arrow(ax, start: float, tip: float, y: float, colour: str) -> None:
    """A bound with no other side: a bar at the bound and an arrow towards the open side."""
    ax.annotate(
        "",
        xy=(tip, y),
        xytext=(start, y),
        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2},
    )
    ax.plot([start], [y], marker="|", color=colour, markersize=14, markeredgewidth=2)
    ax.plot([tip], [y], alpha=0)  # keeps the arrow's tip inside the axes


RANGE_COLUMNS = ("label", "low", "high", "text", "side")  # and, where used, "approx"
COUNT_COLUMNS = ("label", "value", "side")  # and, where used, "hatched"


def _checked(frame: pd.DataFrame, who: str, needed: tuple, optional: tuple) -> pd.DataFrame:
    """The frame, with its optional columns filled in, if its columns are exactly the needed
    ones plus optional ones and every side is in :data:`BAR_COLOURS`; otherwise a ValueError
    of one line naming the missing or extra column (or the unknown side)."""
    missing = [c for c in needed if c not in frame.columns]
    extra = [c for c in frame.columns if c not in needed and c not in optional]
    if missing or extra:
        wrong = [f"no column {c!r}" for c in missing] + [f"an extra column {c!r}" for c in extra]
        allowed = ", ".join(needed) + "".join(f" [{c}]" for c in optional)
        raise ValueError(f"{who}: the frame has {' and '.join(wrong)}; it takes {allowed}")
    unknown = sorted(set(frame["side"]) - set(BAR_COLOURS))
    if unknown:
        raise ValueError(f"{who}: side {unknown[0]!r} is not one of {', '.join(BAR_COLOURS)}")
    filled = frame.reset_index(drop=True)
    for column in optional:
        if column not in filled.columns:
            filled[column] = False
    return filled


def range_bars(ax, frame: pd.DataFrame, log: bool = False) -> None:
    """Draw a tidy frame of figures and ranges into ``ax``, one row a mark (see
    :func:`ranges_chart` for the columns): the label and the figure written above the mark;
    a bar for a range, a dot for a single figure (hollow if approximate), an arrow where a
    side is open. Nothing relies on colour or position alone.

    Parameters
    ----------
    ax: the axes to draw into; its y axis is given over to the rows.
    frame: label, low, high, text, side and optionally approx, checked as
        :func:`ranges_chart` checks them.
    log: the axis is logarithmic (open arrows are then stretched by a factor).

    Returns
    -------
    None; the marks are drawn into ``ax``.
    """
    frame = _checked(frame, "range_bars", RANGE_COLUMNS, ("approx",))
    stretch = (lambda v, k: v * k) if log else (lambda v, k: v + (k - 1) * abs(v) * 0.5)
    ys, _ = _stack_rows(ax, _range_labels(frame))
    for y, row in zip(ys, frame.itertuples()):
        colour = BAR_COLOURS[row.side]
        lo = None if pd.isna(row.low) else float(row.low)
        hi = None if pd.isna(row.high) else float(row.high)
        if lo is not None and hi is not None and lo != hi:
            ax.plot([lo, hi], [y, y], color=colour, linewidth=7, solid_capstyle="butt")
        elif lo is not None and hi is not None:
            dot(ax, lo, y, colour, hollow=bool(row.approx))
        elif lo is not None:  # "more than": open to the right
            _open_arrow(ax, lo, stretch(lo, 2.2), y, colour)
        elif hi is not None:  # "fewer than" / "almost": open to the left
            _open_arrow(ax, hi, stretch(hi, 0.45), y, colour)
    ax.margins(x=0.05)
    if log:
        _plain_log_axis(ax)


def _range_labels(frame: pd.DataFrame) -> list[str]:
    """Each row's label and figure as written above its mark, wrapped to the figure's width."""
    return [_wrap(f"{label}: {text}") for label, text in zip(frame["label"], frame["text"])]


def claims_chart(claims: pd.DataFrame, panels: dict[str, list[str]], log: bool = True):
    """Every claim about one quantity on one axis; one panel per quantity.

    Parameters
    ----------
    claims: the casualty_claims table.
    panels: panel title -> claim ids, drawn in that order.
    log: a logarithmic axis (claims that differ tenfold stay readable).

    Returns the figure: each claim a row labelled with who made it, what it counts, over
    which period and the figure as written; ranges are bars, exact figures dots, open
    bounds arrows.
    """
    indexed = claims.set_index("claim_id")
    provenance.record(claims, [i for ids in panels.values() for i in ids])
    all_labels = {
        title: _range_labels(_claim_rows(indexed.loc[ids])) for title, ids in panels.items()
    }
    heights = [_figure_for_rows(labels, extra_in=0.9) for labels in all_labels.values()]
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(WIDTH, sum(heights)),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for ax, (title, ids) in zip(axes[:, 0], panels.items()):
        rows = indexed.loc[ids]
        if log:
            ax.set_xscale("log")
        range_bars(ax, _claim_rows(rows), log=log)
        ax.set_title(_wrap(title, 50), loc="left")
        ax.set_xlabel("men (logarithmic scale)" if log else "men")
    fig.tight_layout()
    return fig


def _claim_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Claims as a tidy frame for :func:`range_bars`: who, what and when as the label, the
    figure as written, the side the claim is about; "about" figures are drawn hollow."""
    return pd.DataFrame(
        {
            "label": [
                f"{_short(r.claimant)}: {r.counted} "
                f"({_period(r.period_start, r.period_end, r.scope)})"
                for r in rows.itertuples()
            ],
            "low": list(rows["low"]),
            "high": list(rows["high"]),
            "text": [written_bounds(r.low, r.high, r.qualifier) for r in rows.itertuples()],
            "side": list(rows["about_side"]),
            "approx": list(rows["qualifier"] == "about"),
        }
    )


def ratio_chart(ratios: pd.DataFrame):
    """Loss-exchange ratios as ranges, with the line where both sides lose equally.

    Parameters
    ----------
    ratios: :func:`hengyang.analysis.exchange_ratios`, one row per pairing of claims.

    Returns
    -------
    The figure: one row per pairing, labelled with its claimant and the ratio as written, on
    a logarithmic axis with a dashed line at 1.
    """
    frame = pd.DataFrame(
        {
            "label": [f"{_short(c)}: {p}" for c, p in zip(ratios["claimant"], ratios.index)],
            "low": list(ratios["ratio_low"]),
            "high": list(ratios["ratio_high"]),
            "text": list(ratios["Japanese per Chinese"]),
            "side": "both",
        }
    )
    fig, ax = plt.subplots(figsize=(WIDTH, _figure_for_rows(_range_labels(frame), extra_in=0.8)))
    ax.set_xscale("log")
    range_bars(ax, frame, log=True)
    ax.axvline(1, color="black", linestyle="--", linewidth=1)
    ax.set_xlabel("Japanese losses per Chinese loss (log scale);\ndashed line: equal losses")
    fig.tight_layout()
    return fig


def _short(claimant: str) -> str:
    return claimant.split(" (")[0]


def ranges_chart(
    frame: pd.DataFrame,
    xlabel: str,
    *,
    log: bool = False,
    reference: tuple[float, str] | None = None,
):
    """A one-axis comparison of figures and ranges, one row of the frame a mark.

    Parameters
    ----------
    frame: a tidy frame, one row a mark, with exactly these columns:
        ``label`` (what the row is), ``low`` and ``high`` (the bounds; an empty bound is
        open: an arrow), ``text`` (the figure as written above the mark, e.g. "fewer than
        500"), ``side`` (a key of :data:`BAR_COLOURS`, which gives the colour) and,
        optionally, ``approx`` (True draws a single figure as a hollow dot). A missing or
        extra column, or an unknown side, is a ValueError naming it.
    xlabel: the axis label.
    log: a logarithmic axis, labelled in plain numbers.
    reference: (value, words): a dashed line at the value, named in the axis label.

    Returns
    -------
    The figure: each row's label and text above its mark; see :func:`bar_table` for the
    same frame as a table.
    """
    frame = _checked(frame, "ranges_chart", RANGE_COLUMNS, ("approx",))
    height = _figure_for_rows(_range_labels(frame), extra_in=0.9)
    fig, ax = plt.subplots(figsize=(WIDTH, height))
    if log:
        ax.set_xscale("log")
    range_bars(ax, frame, log=log)
    if reference is not None:
        ax.axvline(reference[0], color="black", linestyle="--", linewidth=1)
        xlabel = f"{xlabel};\ndashed line: {reference[1].strip()}"
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


def _count_text(value) -> str:
    """A count as a bar's label and its table write it: "12", "40,000", "2.5"."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def count_bars(frame: pd.DataFrame, xlabel: str, *, log: bool = False):
    """Plain horizontal bars, one row of the frame a bar, each labelled above with its name
    and count.

    Parameters
    ----------
    frame: a tidy frame, one row a bar, with exactly these columns: ``label``, ``value`` (the
        count, the bar's length), ``side`` (a key of :data:`BAR_COLOURS`, which gives the
        fill; "apart" leaves the bar unfilled) and, optionally, ``hatched`` (True hatches the
        bar, so that it stands apart without colour). A missing or extra column, or an
        unknown side, is a ValueError naming it.
    xlabel: the axis label.
    log: a logarithmic axis, labelled in plain numbers.

    Returns
    -------
    The figure; see :func:`bar_table` for the same frame as a table.
    """
    frame = _checked(frame, "count_bars", COUNT_COLUMNS, ("hatched",))
    full = [_wrap(f"{label}: {_count_text(v)}") for label, v in zip(frame["label"], frame["value"])]
    fig, ax = plt.subplots(figsize=(WIDTH, _figure_for_rows(full, extra_in=0.8)))
    if log:
        ax.set_xscale("log")
    ys, _ = _stack_rows(ax, full)
    bars = ax.barh(
        ys,
        [float(v) for v in frame["value"]],
        height=_BAR_PT * 0.5,
        color=[BAR_COLOURS[s] for s in frame["side"]],
        edgecolor="black",
        linewidth=0.5,
    )
    for bar, hatched in zip(bars, frame["hatched"]):
        bar.set_hatch("//" if hatched else "")
    ax.set_xlabel(xlabel)
    ax.margins(x=0.05)
    if log:
        _plain_log_axis(ax)
    fig.tight_layout()
    return fig


def bar_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame a :func:`ranges_chart` or :func:`count_bars` draws, as the table shown under
    the figure: each row's label and its figure, written as the figure writes it.

    Parameters
    ----------
    frame: a ranges frame (with ``text``) or a counts frame (with ``value``).

    Returns
    -------
    A frame indexed by label with one text column, ``figure``: no bounds as raw floats, no
    empty cells, no drawing columns (side, approx, hatched).
    """
    if "text" in frame.columns:
        frame = _checked(frame, "bar_table", RANGE_COLUMNS, ("approx",))
        figures = [str(t) for t in frame["text"]]
    else:
        frame = _checked(frame, "bar_table", COUNT_COLUMNS, ("hatched",))
        figures = [_count_text(v) for v in frame["value"]]
    labels = [" ".join(str(label).split()) for label in frame["label"]]
    return pd.DataFrame({"figure": figures}, index=pd.Index(labels, name="bar"))


# --- events on a time axis -------------------------------------------------------------------


def _lanes(ax, lanes: list[str], stacked: int) -> None:
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes)
    ax.set_ylim(-0.6, len(lanes) - 0.2 + 0.25 * max(stacked - 1, 0))
    ax.grid(axis="y", visible=False)


def event_timeline(phases: pd.DataFrame, events: pd.DataFrame):
    """Dated events of the battle above the numbered phase strip, one lane per side.

    Parameters
    ----------
    phases: the phases table (the battle's days and phases).
    events: the events table; only events dated within the battle are drawn (their reads are
        recorded for the chapter's sources table).

    Returns
    -------
    The figure; the key under it names the phases.
    """
    start, end = battle_window(phases)
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    provenance.record(events, inside["event_id"])
    fig, (top, strip) = plt.subplots(
        2, 1, figsize=(WIDTH, 4.2), sharex=True, gridspec_kw={"height_ratios": [2.2, 0.8]}
    )
    sides = [s for s in SIDE_COLOURS if s in set(inside["side"])]
    for lane, side in enumerate(sides):
        rows = inside[inside["side"] == side]
        days = [day_of_battle(d, phases) for d in rows["date"]]
        top.scatter(
            days,
            [lane] * len(days),
            marker=SIDE_MARKERS[side],
            color=SIDE_COLOURS[side],
            s=40,
            alpha=0.8,
            label=side,
            edgecolor="black",
            linewidth=0.4,
        )
    _lanes(top, [s.replace("United States", "US") for s in sides], 1)
    top.set_title("Dated events, by the side that acted", loc="left")
    phase_strip(strip, phases)
    _phase_key(fig, battle_phases(phases))
    fig.subplots_adjust(left=0.17, right=0.97, top=0.92, bottom=KEY_IN / 4.2, hspace=0.15)
    return fig


def _date_axis(ax, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """Five or six date ticks at most: "23 Jun" fits five times across the figure."""
    span = (last - first).days
    pad = max(span * 0.06, 0.6)
    ax.set_xlim(first - pd.Timedelta(days=pad), last + pd.Timedelta(days=pad))
    step = max(1, -(-span // 5))
    ax.xaxis.set_major_locator(
        mdates.DayLocator(interval=step) if span <= 60 else mdates.AutoDateLocator(maxticks=5)
    )
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))


def _numbered_marks(ax, numbers, lanes_of, whens, lanes, markers, colours) -> int:
    """Mark each numbered item at its time in its lane, with its number beside the mark;
    items at the same time in one lane stack upwards. Returns the tallest stack."""
    seen: dict[tuple, int] = {}
    for number, lane, when in zip(numbers, lanes_of, whens):
        k = seen.get((when, lane), 0)
        seen[(when, lane)] = k + 1
        y = lanes.index(lane) + 0.25 * k
        ax.scatter(
            [when],
            [y],
            marker=markers[lane],
            color=colours[lane],
            s=60,
            edgecolor="black",
            linewidth=0.5,
            zorder=3,
        )
        ax.annotate(str(number), (when, y), xytext=(5, 3), textcoords="offset points")
    return max(seen.values(), default=1)


def dated_events(numbered: pd.DataFrame, title: str):
    """The events of a phase on a date axis, one lane per side, each marked with its number
    in the events table shown beside the figure (:func:`hengyang.analysis.events_between`).

    Parameters
    ----------
    numbered: the phase's events indexed by their number in that table, with ``date`` and
        ``side``.
    title: the figure's title (wrapped to the figure's width).

    Returns
    -------
    The figure.
    """
    fig, ax = plt.subplots(figsize=(WIDTH, 2.9))
    sides = [s for s in SIDE_COLOURS if s in set(numbered["side"])]
    stacked = _numbered_marks(
        ax, numbered.index, numbered["side"], numbered["date"], sides, SIDE_MARKERS, SIDE_COLOURS
    )
    _lanes(ax, [s.replace("United States", "US") for s in sides], stacked)
    _date_axis(ax, numbered["date"].min(), numbered["date"].max())
    ax.set_title(_wrap(title, 50), loc="left")
    fig.tight_layout()
    return fig


def hourly_events(numbered: pd.DataFrame, times: pd.Series, title: str):
    """Timed events on an hour axis, one lane per side, numbered as in the events table.

    Parameters
    ----------
    numbered: events indexed by their number in the events table, with ``side``.
    times: each event's timestamp (:func:`hengyang.analysis.event_times`); an event without a
        stated time (NaT) is left off the axis and stays in the table.
    title: the figure's title.

    Returns
    -------
    The figure.
    """
    timed = numbered[times.notna()]
    fig, ax = plt.subplots(figsize=(WIDTH, 2.9))
    sides = [s for s in SIDE_COLOURS if s in set(timed["side"])]
    stacked = _numbered_marks(
        ax, timed.index, timed["side"], times[timed.index], sides, SIDE_MARKERS, SIDE_COLOURS
    )
    _lanes(ax, sides, stacked)
    start = times.min().normalize()
    ax.set_xlim(start, times.max().normalize() + pd.Timedelta(days=1))
    ax.xaxis.set_major_locator(mdates.HourLocator(byhour=[0, 12]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b\n%H:%M"))
    ax.set_title(_wrap(title, 50), loc="left")
    fig.tight_layout()
    return fig


def distance_chart(positions: pd.DataFrame, unit_names: dict[str, str]):
    """Each relief unit's distance from Hengyang by date; ranges as vertical bars, approximate
    figures hollow, dotted lines joining one unit's positions; the legend under the axes. A
    place at the city's edge (our reading; the source gives it no mileage) is drawn on the city
    line as a star and labelled.

    Parameters
    ----------
    positions: rows of ``relief_positions`` (their reads are recorded).
    unit_names: the name to show for each ``unit_id``; a row without a unit is shown as
        reinforcements with no unit named.

    Returns
    -------
    The figure.
    """
    fig, ax = plt.subplots(figsize=(WIDTH, 5.6))
    markers = ["o", "s", "^", "D", "v", "P"]
    provenance.record(positions, positions["position_id"])
    for i, (unit, rows) in enumerate(positions.groupby("unit_id", sort=False)):
        rows = rows.sort_values("date")
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        edge = list(rows["reach"] == "city edge")
        lows = [0.0 if e else float(v) for e, v in zip(edge, rows["low"])]
        highs = [0.0 if e else float(v) for e, v in zip(edge, rows["high"])]
        mid = [(lo + hi) / 2 for lo, hi in zip(lows, highs)]
        ax.plot(
            rows["date"], mid, color=colour, linewidth=1, linestyle=":" if len(rows) > 1 else "none"
        )
        name = _wrap(unit_names.get(unit) or "reinforcements (no unit named)", 40)
        for date, lo, hi, q, e in zip(rows["date"], lows, highs, rows["qualifier"], edge):
            if lo != hi:
                ax.plot([date, date], [lo, hi], color=colour, linewidth=5, solid_capstyle="butt")
            ax.scatter(
                [date],
                [(lo + hi) / 2],
                marker="*" if e else markers[i % len(markers)],
                s=140 if e else 60,
                color=colour,
                facecolor="white" if q == "about" else colour,
                edgecolor=colour,
                linewidth=1.5,
                zorder=3,
                label=name if date == rows["date"].iloc[0] else None,
            )
            if e:
                ax.annotate(
                    "city's edge (our reading;\nno mileage given)",
                    (date, 0),
                    xytext=(12, 3),
                    textcoords="offset points",
                    ha="left",
                    va="bottom",
                )
    ax.axhline(0, color="black", linewidth=1)
    ax.annotate("Hengyang", (positions["date"].min(), 0), xytext=(0, 3), textcoords="offset points")
    ax.set_ylabel("miles from Hengyang")
    top = pd.to_numeric(positions["high"], errors="coerce").max()
    ax.set_ylim(-1.5, max(top, 1) * 1.15)
    _date_axis(ax, positions["date"].min(), positions["date"].max())
    ax.legend(loc="upper left", bbox_to_anchor=(-0.15, -0.12), ncol=1)
    fig.subplots_adjust(left=0.15, right=0.97, top=0.97, bottom=2.3 / 5.6)
    return fig


def memory_timeline(events: pd.DataFrame):
    """Remembrance events by year, one lane each for honoured, erased and recovered, each
    numbered in date order. Returns the figure."""
    lanes = ["honoured", "erased", "recovered"]
    styles = {
        "honoured": ("o", OKABE_ITO[0]),
        "erased": ("X", OKABE_ITO[5]),
        "recovered": ("^", OKABE_ITO[2]),
    }
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0))
    marked = events[events["memory"].isin(lanes)].sort_values("date")
    provenance.record(events, marked["event_id"])
    for number, (date, kind) in enumerate(zip(marked["date"], marked["memory"]), start=1):
        marker, colour = styles[kind]
        x = date.year + date.day_of_year / 366
        ax.scatter(
            [x],
            [lanes.index(kind)],
            marker=marker,
            s=70,
            color=colour,
            edgecolor="black",
            linewidth=0.5,
            zorder=3,
        )
        ax.annotate(str(number), (x, lanes.index(kind)), xytext=(4, 5), textcoords="offset points")
    _lanes(ax, lanes, 1)
    ax.set_xlabel("year")
    fig.tight_layout()
    return fig


def share_bar(parts: list[tuple[str, float, str]], total_label: str):
    """One bar split into shares of a whole (hatched, so no colour is needed), named in a
    key under the bar.

    Parameters
    ----------
    parts: (label, share of the whole between 0 and 1, matplotlib hatch) for each part, in the
        order drawn from the left.
    total_label: the x-axis label, saying what the whole is.

    Returns
    -------
    The figure.
    """
    names = [
        _wrap(f"{i + 1} {label}: {share:.0%}", 50) for i, (label, share, _) in enumerate(parts)
    ]
    xlabel = _wrap(f"share of {total_label}", 50)
    # heights in inches, so the key under the bar fits inside the canvas whatever its length
    line_in = FONT * 1.45 / 72
    key_in = sum(n.count("\n") + 1 for n in names) * line_in + 0.2
    label_in = 0.35 + (xlabel.count("\n") + 1) * line_in
    bar_in, top_in = 0.55, 0.3
    height = top_in + bar_in + label_in + key_in
    fig = plt.figure(figsize=(WIDTH, height))
    ax = fig.add_axes([0.04, (key_in + label_in) / height, 0.9, bar_in / height])
    left = 0.0
    for i, (_, share, hatch) in enumerate(parts):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        ax.barh(
            0,
            share,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.5,
            label=names[i],
        )
        if share >= 0.05:
            ax.text(
                left + share / 2,
                0,
                str(i + 1),
                ha="center",
                va="center",
                color=_text_colour(colour),
                bbox={"facecolor": colour, "edgecolor": "none", "pad": 0.5},
            )
        else:
            ax.annotate(
                str(i + 1),
                (left + share / 2, 0.4),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
            )
        left += share
    ax.set_xlim(0, max(1.0, left))
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.grid(False)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -label_in / bar_in), ncol=1, borderaxespad=0)
    return fig


def shortage_timeline(shortages: pd.DataFrame):
    """What ran out and when: one lane per kind of shortage, numbered as in
    :func:`hengyang.analysis.shortage_table`, which says what replaced each.

    Parameters
    ----------
    shortages: the shortages table (food, medicine and ammunition rows, dated).

    Returns
    -------
    The figure.
    """
    lanes = ["food", "medicine", "ammunition"]
    markers = {"food": "o", "medicine": "P", "ammunition": "v"}
    colours = {kind: OKABE_ITO[i * 2] for i, kind in enumerate(lanes)}
    table = shortage_table(shortages)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0))
    stacked = _numbered_marks(
        ax, table.index, table["category"], table["date"], lanes, markers, colours
    )
    _lanes(ax, lanes, stacked)
    _date_axis(ax, table["date"].min(), table["date"].max())
    fig.tight_layout()
    return fig


def battle_overview(
    phases: pd.DataFrame,
    strength: pd.DataFrame,
    ratios: pd.DataFrame,
    quotation: str | None = None,
):
    """The whole battle on one time axis: the defenders' strength above, the force ratios
    below, the six numbered phases shaded behind them (in the spirit of Minard's figurative
    map).

    Each measure of ratio (the regiment-for-division rule, infantry battalions, men) gets a
    panel and an axis of its own, so that no axis mixes kinds of ratio; each ratio is marked
    with its number in :func:`hengyang.analysis.force_ratio_view`.

    Parameters
    ----------
    phases: the phases table.
    strength: :func:`hengyang.analysis.strength_timeline`.
    ratios: :func:`hengyang.analysis.force_ratio_timeline`.
    quotation: a ratio felt rather than counted, written beside the last panel as words,
        never drawn as a point; or None.

    Returns
    -------
    The figure.
    """
    measures = list(dict.fromkeys(ratios["measure"]))
    height = 4.2 + 1.25 * len(measures)
    fig, axes = plt.subplots(
        1 + len(measures),
        1,
        figsize=(WIDTH, height),
        sharex=True,
        gridspec_kw={"height_ratios": [2.2] + [1] * len(measures)},
    )
    top, panels = axes[0], dict(zip(measures, axes[1:]))
    battle = battle_phases(phases)
    for ax in axes:
        for i, row in battle.iterrows():
            first = day_of_battle(row["start"], phases)
            ax.axvspan(
                first - 0.5,
                first - 0.5 + row["days"],
                color=OKABE_ITO[i % len(OKABE_ITO)],
                alpha=0.12,
                linewidth=0,
            )
    for i, row in battle.iterrows():
        first = day_of_battle(row["start"], phases)
        top.text(
            first - 0.5 + row["days"] / 2,
            1.02,
            str(i + 1),
            transform=top.get_xaxis_transform(),
            ha="center",
            va="bottom",
        )
    styles = {
        "all ranks": ("o", "black"),
        "not killed or wounded (all ranks)": ("D", OKABE_ITO[6]),
        "combat troops": ("s", SIDE_COLOURS["China"]),
    }
    ordered = strength.sort_values("day")
    top.plot(
        ordered["day"],
        [lo if pd.isna(hi) else (lo + hi) / 2 for lo, hi in zip(ordered["low"], ordered["high"])],
        color="grey",
        linewidth=1,
        linestyle=":",
    )
    for measure, rows in ordered.groupby("measure", sort=False):
        marker, colour = styles[measure]
        for day, lo, hi, text, basis in zip(
            rows["day"], rows["low"], rows["high"], rows["figure"], rows["basis"]
        ):
            hi = None if pd.isna(hi) else hi  # a DataFrame stores an open bound as NaN
            first = day == rows["day"].iloc[0]
            dot(top, day, lo, colour, basis == "derived", marker, measure if first else None)
            if hi is None:  # "more than": an arrow up
                top.annotate(
                    "",
                    xy=(day, lo + 2500),
                    xytext=(day, lo),
                    zorder=4,
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2},
                )
            # open figures are labelled under the point (the arrow goes up), others above it
            top.annotate(
                text,
                (day, lo),
                xytext=(0, -20 if hi is None else 9),
                textcoords="offset points",
                ha="left" if day < 5 else "center",
            )
    top.set_ylabel("10th Army, men")
    top.set_ylim(0, ordered["low"].max() * 1.2)
    top.legend(loc="upper right")
    numbered = ratios.assign(number=range(1, len(ratios) + 1))
    for colour, (measure, ax) in zip(RATIO_COLOURS, panels.items()):
        rows = numbered[numbered["measure"] == measure]
        for _, row in rows.iterrows():
            lo, hi = (None if pd.isna(v) else v for v in (row["low"], row["high"]))
            # ratios standing on the same day are set side by side, a day apart
            day = row["day"] + (rows.loc[: row.name, "day"] == row["day"]).sum() - 1
            if lo is not None and hi is not None and lo != hi:
                ax.plot([day] * 2, [lo, hi], color=colour, linewidth=6, solid_capstyle="butt")
            else:
                marker = "v" if lo is None else "^" if hi is None else "o"
                ax.scatter([day], [lo if lo is not None else hi], color=colour, s=50, zorder=3,
                           marker=marker)  # fmt: skip
            label = ax.annotate(
                str(row["number"]),
                (day, hi if hi is not None else lo),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontweight="bold",
            )
            label.set_gid("ratio-number")
        tops = [v for v in pd.concat([rows["low"], rows["high"]]) if not pd.isna(v)]
        ax.set_ylim(0, max(tops) * 1.5)
        ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(3))
        ax.set_ylabel("Japanese\nper Chinese")
        ax.set_title(f"in {measure.replace(' rule', ' terms')}", loc="left", pad=3)
    if quotation:
        last = panels[measures[-1]]
        last.text(0.02, 0.08, _wrap(quotation, 40), transform=last.transAxes, style="italic")
    bottom = axes[-1]
    total = days_of_battle(phases)
    bottom.set_xticks([1] + list(range(10, total, 10)) + [total])
    bottom.set_xlim(0.5, total + 0.5)
    bottom.set_xlabel(_day_axis_label(phases))
    _phase_key(fig, battle_phases(phases))
    fig.subplots_adjust(left=0.17, right=0.97, top=0.96, bottom=KEY_IN / height, hspace=0.35)
    return fig


def ratio_sensitivity(
    sensitivity: pd.DataFrame, stated: dict[str, tuple[float, str]] | None = None
):
    """How each computed force ratio moves across the range of the assumption it rests on:
    one panel per ratio and assumption, the assumption on the x axis, the ratio on the y axis.

    ``sensitivity`` is :func:`hengyang.analysis.force_ratio_sensitivity`; ``stated`` maps a
    ratio's name to a ratio the source states for the same moment, (value, label), drawn as
    a dashed line. Returns the figure.
    """
    stated = stated or {}
    groups = list(sensitivity.groupby(["when", "assumption"], sort=False))
    fig, axes = plt.subplots(len(groups), 1, figsize=(WIDTH, 2.3 * len(groups)), squeeze=False)
    for colour, ax, ((when, _), rows) in zip(RATIO_COLOURS, axes[:, 0], groups):
        ax.plot(rows["value"], rows["high"], color=colour, linewidth=2.5, marker="o",
                markersize=4, label="computed")  # fmt: skip
        if when in stated:
            value, label = stated[when]
            ax.axhline(value, color="black", linestyle="--", linewidth=1, label=label)
        ax.set_ylim(0, max(rows["high"].max(), stated.get(when, (0,))[0]) * 1.3)
        ax.set_xlabel(str(rows["unit"].iloc[0]) + " (assumed)")
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_ylabel("Japanese\nper Chinese")
        ax.set_title(when.replace(" (computed)", "").capitalize(), loc="left")
        ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def events_by_day(per_day: pd.DataFrame, phases: pd.DataFrame):
    """Events on each day of the battle, stacked by side (hatched as well as coloured), above
    the numbered phase strip.

    Parameters
    ----------
    per_day: events per day of the battle, one column per side
        (:func:`hengyang.analysis.events_per_day`).
    phases: the phases table, for the strip and its key.

    Returns
    -------
    The figure.
    """
    fig, (top, strip) = plt.subplots(
        2, 1, figsize=(WIDTH, 4.4), sharex=True, gridspec_kw={"height_ratios": [2.6, 0.8]}
    )
    bottom = pd.Series(0, index=per_day.index)
    hatches = {"China": "", "Japan": "//", "United States": ".."}
    for side in [s for s in SIDE_COLOURS if s in per_day.columns]:
        top.bar(
            per_day.index,
            per_day[side],
            bottom=bottom,
            color=SIDE_COLOURS[side],
            hatch=hatches[side],
            edgecolor="black",
            linewidth=0.4,
            label=side.replace("United States", "US"),
            width=0.85,
        )
        bottom = bottom + per_day[side]
    top.set_ylabel("events")
    top.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    top.legend(loc="upper left", ncol=3)
    top.set_ylim(0, per_day.sum(axis=1).max() * 1.35)
    top.set_title("Dated events on each day, by side", loc="left")
    phase_strip(strip, phases)
    _phase_key(fig, battle_phases(phases))
    fig.subplots_adjust(left=0.12, right=0.97, top=0.92, bottom=KEY_IN / 4.4, hspace=0.15)
    return fig
