"""The book's one plotting style and the figures every chapter shares.

Colours come from the Okabe-Ito palette, which stays distinguishable under the
common colour-vision deficiencies; and no figure relies on colour alone (labels,
markers and hatching carry the same information).
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from .analysis import battle_phases, day_of_battle, days_of_battle, written_bounds

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
# For lines and small markers on white: Okabe-Ito without its yellow, which is too faint there.
LINE_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]
SIDE_COLOURS = {"China": "#0072B2", "Japan": "#D55E00", "United States": "#009E73"}
SIDE_MARKERS = {"China": "o", "Japan": "s", "United States": "^"}
PHASE_HATCHES = ["", "//", "", "\\\\", "", ".."]
# Strip labels must fit a five-day block at the book's figure width.
PHASE_SHORT = {"opening": "Opening", "first-offensive": "1st offensive", "regrouping": "Regrouping",
               "second-offensive": "2nd offensive", "siege": "Siege", "third-offensive": "3rd offensive"}


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on the given fill (WCAG relative luminance)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "black" if luminance > 0.18 else "white"


def house_style() -> None:
    """Apply the book's style; every chapter calls this once in its hidden set-up cell."""
    plt.style.use("tableau-colorblind10")
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
        "figure.figsize": (8, 3.6),
        "figure.dpi": 96,
        "savefig.dpi": 96,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
    })
    # Tables in the book show their text whole; a cut-off quote or claim would mislead.
    pd.set_option("display.max_colwidth", None)


def phase_strip(ax, phases: pd.DataFrame, highlight: str | None = None, label: bool = True) -> None:
    """Draw the six battle phases along days 1-47 of the battle, optionally highlighting one.

    The same strip stands in every chapter, so a reader always sees where in the
    47 days the chapter's story lies.
    """
    battle = battle_phases(phases)
    total = days_of_battle(phases)
    for i, row in battle.iterrows():
        first = day_of_battle(row["start"], phases)
        on = highlight is None or row["phase_id"] == highlight
        fill = OKABE_ITO[i % len(OKABE_ITO)] if on else "#E8E8E8"
        ax.barh(0, row["days"], left=first - 0.5, height=0.8, color=fill,
                hatch=PHASE_HATCHES[i % len(PHASE_HATCHES)], edgecolor="black", linewidth=2 if on and highlight else 0.5)
        if label:
            name = PHASE_SHORT.get(row["phase_id"], row["title"])
            ax.text(first - 0.5 + row["days"] / 2, 0, f"{name}\n{row['days']} days", ha="center", va="center",
                    fontsize=7.5, color=_text_colour(fill), fontweight="bold" if on and highlight else "normal",
                    bbox={"facecolor": fill, "edgecolor": "none", "pad": 0.5})
    ax.set_xlim(0.5, total + 0.5)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.grid(False)
    ticks = [1] + list(range(5, total, 5)) + [total]
    ax.set_xticks(ticks)
    ax.set_xlabel("day of the battle (day 1 = 23 June 1944)")
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)


def phase_marker(phases: pd.DataFrame, highlight: str):
    """A thin figure with the phase strip alone: where this chapter sits in the 47 days."""
    fig, ax = plt.subplots(figsize=(8, 1.3))
    phase_strip(ax, phases, highlight=highlight)
    fig.tight_layout()
    return fig


def range_bars(ax, labels, lows, highs, colours, texts=None, approx=None, log=False) -> None:
    """Horizontal bars from low to high; a dot for a single figure (hollow if approximate);
    an arrow where a side is open. ``texts`` writes each figure beside its mark, so the
    chart never relies on colour or position alone."""
    stretch = (lambda v, k: v * k) if log else (lambda v, k: v + (k - 1) * abs(v) * 0.5)
    for y, (lo, hi, colour) in enumerate(zip(lows, highs, colours)):
        lo = None if pd.isna(lo) else float(lo)
        hi = None if pd.isna(hi) else float(hi)
        hollow = bool(approx[y]) if approx is not None else False
        right = None
        if lo is not None and hi is not None and lo != hi:
            ax.plot([lo, hi], [y, y], color=colour, linewidth=6, solid_capstyle="butt")
            right = hi
        elif lo is not None and hi is not None:
            ax.plot([lo], [y], marker="o", markersize=7, color=colour,
                    markerfacecolor="white" if hollow else colour, markeredgewidth=1.5)
            right = lo
        elif lo is not None:  # "more than": open to the right
            tip = stretch(lo, 2.2)
            ax.annotate("", xy=(tip, y), xytext=(lo, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
            ax.plot([lo], [y], marker="|", color=colour, markersize=12, markeredgewidth=2)
            right = tip
        elif hi is not None:  # "fewer than" / "almost": open to the left
            ax.annotate("", xy=(stretch(hi, 0.45), y), xytext=(hi, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
            ax.plot([hi], [y], marker="|", color=colour, markersize=12, markeredgewidth=2)
            right = hi
        if texts is not None and right is not None:
            ax.annotate(texts[y], xy=(right, y), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=8)
        elif texts is not None:  # nothing to draw: say so where the mark would be
            ax.annotate(texts[y], xy=(0.02, y), xycoords=("axes fraction", "data"),
                        va="center", fontsize=8, style="italic")
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.margins(x=0.15)


def event_timeline(phases: pd.DataFrame, events: pd.DataFrame, highlight: str | None = None):
    """Dated events of the battle above the phase strip, one lane per side."""
    from .analysis import battle_window

    start, end = battle_window(phases)
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    fig, (top, strip) = plt.subplots(2, 1, figsize=(8, 3.4), sharex=True,
                                     gridspec_kw={"height_ratios": [2.2, 1]})
    sides = [s for s in SIDE_COLOURS if s in set(inside["side"])]
    for lane, side in enumerate(sides):
        rows = inside[inside["side"] == side]
        days = [day_of_battle(d, phases) for d in rows["date"]]
        top.scatter(days, [lane] * len(days), marker=SIDE_MARKERS[side], color=SIDE_COLOURS[side],
                    s=36, alpha=0.8, label=side, edgecolor="black", linewidth=0.4)
    top.set_yticks(range(len(sides)))
    top.set_yticklabels(sides)
    top.set_ylim(-0.7, len(sides) - 0.3)
    top.set_title("Dated events, by the side that acted")
    phase_strip(strip, phases, highlight=highlight)
    fig.tight_layout()
    return fig


def claims_chart(claims: pd.DataFrame, panels: dict[str, list[str]], log: bool = True):
    """Every claim about one quantity on one axis; one panel per quantity.

    Each row is a claim, labelled with who made it, what it counts and over which
    period; ranges are bars, exact figures dots, open bounds arrows.
    """
    from .analysis import _period

    indexed = claims.set_index("claim_id")
    heights = [max(len(ids), 2) * 0.42 + 0.9 for ids in panels.values()]
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, sum(heights)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, (title, ids) in zip(axes[:, 0], panels.items()):
        rows = indexed.loc[ids]
        labels = [textwrap.shorten(f"{_short(r.claimant)}: {r.counted}", 58, placeholder="...")
                  + f" ({_period(r.period_start, r.period_end)})" for r in rows.itertuples()]
        colours = [SIDE_COLOURS[s] for s in rows["about_side"]]
        if log:
            ax.set_xscale("log")
        texts = [written_bounds(r.low, r.high, r.qualifier) for r in rows.itertuples()]
        range_bars(ax, labels, rows["low"], rows["high"], colours, texts=texts,
                   approx=list(rows["qualifier"] == "about"), log=log)
        ax.set_title(title, loc="left")
        ax.set_xlabel("men (logarithmic scale)" if log else "men")
        ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return fig


def ratio_chart(ratios: pd.DataFrame):
    """Loss-exchange ratios as ranges, with the line where both sides lose equally."""
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(ratios) + 1.2))
    labels = [f"{_short(c)}: {p}" for c, p in zip(ratios["claimant"], ratios.index)]
    labels = [textwrap.shorten(label, 70, placeholder="...") for label in labels]
    ax.set_xscale("log")
    range_bars(ax, labels, ratios["ratio_low"], ratios["ratio_high"], [OKABE_ITO[4]] * len(ratios),
               texts=list(ratios["Japanese per Chinese"]), log=True)
    ax.axvline(1, color="black", linestyle="--", linewidth=1)
    ax.text(1, -0.6, " equal losses", fontsize=8, va="bottom")
    ax.set_xlabel("Japanese losses per Chinese loss (logarithmic scale)")
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return fig


def _short(claimant: str) -> str:
    return claimant.split(" (")[0]


def dated_events(numbered: pd.DataFrame, title: str):
    """The events of a phase on a date axis, one lane per side, each marked with its number
    in the events table shown beside the figure."""
    import matplotlib.dates as mdates

    fig, ax = plt.subplots(figsize=(8, 2.6))
    sides = [s for s in SIDE_COLOURS if s in set(numbered["side"])]
    stacked: dict[tuple, int] = {}
    for number, side, date in zip(numbered.index, numbered["side"], numbered["_date"]):
        lane = sides.index(side)
        k = stacked.get((date, side), 0)  # several events on one day stack upwards
        stacked[(date, side)] = k + 1
        y = lane + 0.22 * k
        ax.scatter([date], [y], marker=SIDE_MARKERS[side], color=SIDE_COLOURS[side],
                   s=70, edgecolor="black", linewidth=0.5, zorder=3)
        ax.annotate(str(number), (date, y), xytext=(6, 4), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(sides)))
    ax.set_yticklabels(sides)
    ax.set_ylim(-0.6, len(sides) - 0.1 + 0.22 * (max(stacked.values(), default=1) - 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    first, last = numbered["_date"].min(), numbered["_date"].max()
    pad = max((last - first).days * 0.06, 0.6)
    ax.set_xlim(first - pd.Timedelta(days=pad), last + pd.Timedelta(days=pad))
    if (last - first).days <= 14:
        ax.xaxis.set_major_locator(mdates.DayLocator())
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))
    ax.set_title(title, loc="left")
    fig.autofmt_xdate(rotation=0, ha="center")
    fig.tight_layout()
    return fig


def ranges_chart(labels, lows, highs, texts, xlabel: str, colours=None, log: bool = False,
                 reference: tuple[float, str] | None = None, width: float = 8):
    """A generic one-axis comparison of figures and ranges (see :func:`range_bars`)."""
    colours = colours or [OKABE_ITO[4]] * len(labels)
    fig, ax = plt.subplots(figsize=(width, 0.5 * len(labels) + 1.3))
    if log:
        ax.set_xscale("log")
    range_bars(ax, labels, lows, highs, colours, texts=texts, log=log)
    if reference is not None:
        ax.axvline(reference[0], color="black", linestyle="--", linewidth=1)
        ax.annotate(reference[1], (reference[0], 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -2), textcoords="offset points", va="top", fontsize=8)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


def count_bars(labels, values, xlabel: str, colours=None, hatches=None, width: float = 8, log: bool = False):
    """Plain horizontal bars with the count written at the end of each bar."""
    colours = colours or [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(labels))]
    fig, ax = plt.subplots(figsize=(width, 0.45 * len(labels) + 1.2))
    if log:
        ax.set_xscale("log")
    bars = ax.barh(range(len(labels)), values, color=colours, edgecolor="black", linewidth=0.5)
    for bar, hatch in zip(bars, hatches or [""] * len(labels)):
        bar.set_hatch(hatch)
    for y, v in enumerate(values):
        ax.annotate(f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}", (v, y), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    fig.tight_layout()
    return fig


def hourly_events(numbered: pd.DataFrame, times: pd.Series, title: str):
    """Timed events on an hour axis, one lane per side, numbered as in the events table."""
    import matplotlib.dates as mdates

    timed = numbered[times.notna()]
    fig, ax = plt.subplots(figsize=(8, 2.6))
    sides = [s for s in SIDE_COLOURS if s in set(timed["side"])]
    seen: dict[tuple, int] = {}
    for number, side in zip(timed.index, timed["side"]):
        when = times[number]
        k = seen.get((when, side), 0)
        seen[(when, side)] = k + 1
        y = sides.index(side) + 0.25 * k
        ax.scatter([when], [y], marker=SIDE_MARKERS[side], color=SIDE_COLOURS[side], s=70,
                   edgecolor="black", linewidth=0.5, zorder=3)
        ax.annotate(str(number), (when, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(sides)))
    ax.set_yticklabels(sides)
    ax.set_ylim(-0.6, len(sides) - 0.2 + 0.25 * (max(seen.values(), default=1) - 1))
    start = times.min().normalize()
    ax.set_xlim(start, times.max().normalize() + pd.Timedelta(days=1))
    ax.xaxis.set_major_locator(mdates.HourLocator(byhour=[0, 6, 12, 18]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))
    ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


def distance_chart(positions: pd.DataFrame, unit_names: dict[str, str]):
    """Each relief unit's distance from Hengyang by date; ranges as vertical bars, approximate
    figures hollow, lines joining one unit's positions. A place at the city's edge, which the
    source names without a mileage, is drawn on the city line as a star and labelled."""
    import matplotlib.dates as mdates

    fig, ax = plt.subplots(figsize=(8, 3.6))
    markers = ["o", "s", "^", "D", "v", "P"]
    for i, (unit, rows) in enumerate(positions.groupby("unit_id", sort=False)):
        rows = rows.sort_values("date")
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        edge = list(rows["reach"] == "city edge")
        lows = [0.0 if e else float(v) for e, v in zip(edge, rows["low"])]
        highs = [0.0 if e else float(v) for e, v in zip(edge, rows["high"])]
        mid = [(lo + hi) / 2 for lo, hi in zip(lows, highs)]
        ax.plot(rows["date"], mid, color=colour, linewidth=1, linestyle=":" if len(rows) > 1 else "none")
        name = unit_names.get(unit) or "reinforcements (no unit named)"
        for date, lo, hi, q, e in zip(rows["date"], lows, highs, rows["qualifier"], edge):
            if lo != hi:
                ax.plot([date, date], [lo, hi], color=colour, linewidth=5, solid_capstyle="butt")
            ax.scatter([date], [(lo + hi) / 2], marker="*" if e else markers[i % len(markers)], s=140 if e else 60,
                       color=colour, facecolor="white" if q == "about" else colour, edgecolor=colour,
                       linewidth=1.5, zorder=3, label=name if date == rows["date"].iloc[0] else None)
            if e:
                ax.annotate("city's edge (no mileage given)", (date, 0), xytext=(6, -10),
                            textcoords="offset points", fontsize=8)
    ax.axhline(0, color="black", linewidth=1)
    ax.annotate("Hengyang", (positions["date"].min(), 0), xytext=(0, 3), textcoords="offset points", fontsize=8)
    ax.set_ylabel("miles from Hengyang")
    top = pd.to_numeric(positions["high"], errors="coerce").max()
    ax.set_ylim(-1.5, max(top, 1) * 1.15)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.legend(fontsize=8, loc="upper right", ncol=2)
    fig.tight_layout()
    return fig


def memory_timeline(events: pd.DataFrame):
    """Remembrance events by year, one lane each for honoured, erased and recovered."""
    lanes = ["honoured", "erased", "recovered"]
    styles = {"honoured": ("o", OKABE_ITO[0]), "erased": ("X", OKABE_ITO[5]), "recovered": ("^", OKABE_ITO[2])}
    fig, ax = plt.subplots(figsize=(8, 2.8))
    marked = events[events["memory"].isin(lanes)].sort_values("date")
    for number, (date, kind) in enumerate(zip(marked["date"], marked["memory"]), start=1):
        marker, colour = styles[kind]
        y = lanes.index(kind)
        ax.scatter([date.year + date.day_of_year / 366], [y], marker=marker, s=80, color=colour,
                   edgecolor="black", linewidth=0.5, zorder=3)
        ax.annotate(str(number), (date.year + date.day_of_year / 366, y), xytext=(4, 5),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes)
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.set_xlabel("year")
    fig.tight_layout()
    return fig


def share_bar(parts: list[tuple[str, float, str]], total_label: str):
    """One horizontal bar split into labelled shares of a whole (hatched, so no colour is needed)."""
    fig, ax = plt.subplots(figsize=(8, 1.9))
    left = 0.0
    for i, (label, share, hatch) in enumerate(parts):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        ax.barh(0, share, left=left, color=colour, hatch=hatch, edgecolor="black", linewidth=0.5)
        if share >= 0.07:
            ax.text(left + share / 2, 0, f"{label}\n{share:.0%}", ha="center", va="center", fontsize=8,
                    color=_text_colour(colour), bbox={"facecolor": colour, "edgecolor": "none", "pad": 0.5})
        else:
            ax.annotate(f"{label} {share:.0%}", (left + share / 2, 0.4), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize=8)
        left += share
    ax.set_xlim(0, max(1.0, left))
    ax.set_yticks([])
    ax.set_xlabel(f"share of {total_label}")
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.grid(False)
    fig.tight_layout()
    return fig


def shortage_timeline(shortages: pd.DataFrame):
    """What ran out and when: one lane per kind of shortage, numbered as in
    :func:`hengyang.analysis.shortage_table`, which says what replaced each."""
    import matplotlib.dates as mdates

    from .analysis import shortage_table

    lanes = ["food", "medicine", "ammunition"]
    markers = {"food": "o", "medicine": "P", "ammunition": "v"}
    table = shortage_table(shortages)
    fig, ax = plt.subplots(figsize=(8, 2.8))
    seen: dict[tuple, int] = {}
    for number, date, kind in zip(table.index, table["_date"], table["category"]):
        k = seen.get((date, kind), 0)
        seen[(date, kind)] = k + 1
        y = lanes.index(kind) + 0.25 * k
        ax.scatter([date], [y], marker=markers[kind], s=80, color=OKABE_ITO[lanes.index(kind) * 2],
                   edgecolor="black", linewidth=0.5, zorder=3)
        ax.annotate(str(number), (date, y), xytext=(6, 3), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes)
    ax.set_ylim(-0.5, len(lanes) - 0.3 + 0.25 * (max(seen.values(), default=1) - 1))
    ax.set_xlim(table["_date"].min() - pd.Timedelta(days=2), table["_date"].max() + pd.Timedelta(days=3))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    fig.tight_layout()
    return fig


def battle_overview(phases: pd.DataFrame, strength: pd.DataFrame, ratios: pd.DataFrame):
    """The whole battle on one time axis: the defenders' strength above, force ratios below,
    the six phases shaded behind both (in the spirit of Minard's figurative map)."""
    from .analysis import battle_phases

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.2), sharex=True, gridspec_kw={"height_ratios": [1.2, 1]})
    battle = battle_phases(phases)
    for ax in (top, bottom):
        for i, row in battle.iterrows():
            first = day_of_battle(row["start"], phases)
            ax.axvspan(first - 0.5, first - 0.5 + row["days"], color=OKABE_ITO[i % len(OKABE_ITO)], alpha=0.12, linewidth=0)
    for _, row in battle.iterrows():
        first = day_of_battle(row["start"], phases)
        top.text(first - 0.5 + row["days"] / 2, 1.02, PHASE_SHORT.get(row["phase_id"], row["title"]),
                 transform=top.get_xaxis_transform(), ha="center", va="bottom", fontsize=7)
    styles = {"all ranks": ("o", "black"), "not killed or wounded (all ranks)": ("D", OKABE_ITO[6]),
              "combat troops": ("s", SIDE_COLOURS["China"])}
    ordered = strength.sort_values("day")
    top.plot(ordered["day"], [lo if pd.isna(hi) else (lo + hi) / 2 for lo, hi in zip(ordered["low"], ordered["high"])],
             color="grey", linewidth=1, linestyle=":")
    for measure, rows in ordered.groupby("measure", sort=False):
        marker, colour = styles[measure]
        for day, lo, hi, text, basis in zip(rows["day"], rows["low"], rows["high"], rows["figure"], rows["basis"]):
            hi = None if pd.isna(hi) else hi  # a DataFrame stores an open bound as NaN
            top.scatter([day], [lo], marker=marker, s=70, color=colour, facecolor="white" if basis == "derived" else colour,
                        linewidth=1.5, zorder=3, label=measure if day == rows["day"].iloc[0] else None)
            if hi is None:  # "more than": an arrow up
                top.annotate("", xy=(day, lo + 2500), xytext=(day, lo), zorder=4,
                             arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
            top.annotate(text, (day, lo), xytext=(6, -12), textcoords="offset points", fontsize=8)
    top.set_ylabel("10th Army, men")
    top.set_ylim(0, ordered["low"].max() * 1.15)
    top.legend(fontsize=8, loc="upper right")
    ratio_styles = {"regiment-for-division rule": OKABE_ITO[4], "men": OKABE_ITO[5], "felt": OKABE_ITO[0]}
    bottom.set_yscale("log")
    for when, row in ratios.iterrows():
        colour = ratio_styles[row["measure"]]
        lo, hi = (None if pd.isna(v) else v for v in (row["low"], row["high"]))
        if lo is not None and hi is not None and lo != hi:
            bottom.plot([row["day"]] * 2, [lo, hi], color=colour, linewidth=6, solid_capstyle="butt")
        elif lo is not None or hi is not None:
            value = lo if lo is not None else hi
            bottom.scatter([row["day"]], [value], color=colour, s=50, zorder=3,
                           marker="v" if lo is None else "^" if hi is None else "o")
        late = row["day"] > 30  # label late points on their left so they stay inside the axes
        bottom.annotate(f"{when}: {row['ratio']}", (row["day"], hi if hi is not None else lo),
                        xytext=(-8 if late else 6, -10 if when.startswith("1 August") else 2),
                        textcoords="offset points", fontsize=7, ha="right" if late else "left")
    for measure, colour in ratio_styles.items():
        bottom.plot([], [], color=colour, linewidth=6, label=measure)
    bottom.legend(fontsize=7, loc="lower right")
    bottom.set_ylabel("Japanese per Chinese")
    phase_ticks = [1] + list(range(5, days_of_battle(phases), 5)) + [days_of_battle(phases)]
    bottom.set_xticks(phase_ticks)
    bottom.set_xlim(0.5, days_of_battle(phases) + 0.5)
    bottom.set_xlabel("day of the battle (day 1 = 23 June 1944)")
    fig.tight_layout()
    return fig


def events_by_day(per_day: pd.DataFrame, phases: pd.DataFrame):
    """Events on each day of the battle, stacked by side (hatched as well as coloured), above the phase strip."""
    fig, (top, strip) = plt.subplots(2, 1, figsize=(8, 3.6), sharex=True, gridspec_kw={"height_ratios": [2.6, 1]})
    bottom = pd.Series(0, index=per_day.index)
    hatches = {"China": "", "Japan": "//", "United States": ".."}
    for side in [s for s in SIDE_COLOURS if s in per_day.columns]:
        top.bar(per_day.index, per_day[side], bottom=bottom, color=SIDE_COLOURS[side], hatch=hatches[side],
                edgecolor="black", linewidth=0.4, label=side, width=0.85)
        bottom = bottom + per_day[side]
    top.set_ylabel("events")
    top.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    top.legend(fontsize=8, loc="upper left", ncol=3)
    top.set_title("Dated events on each day of the battle, by the side that acted", loc="left")
    phase_strip(strip, phases)
    fig.tight_layout()
    return fig
