"""The book's one plotting style and the figures every chapter shares.

Colours come from the Okabe-Ito palette, which stays distinguishable under the
common colour-vision deficiencies; and no figure relies on colour alone (labels,
markers and hatching carry the same information).
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from .analysis import battle_phases, day_of_battle, days_of_battle

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SIDE_COLOURS = {"China": "#0072B2", "Japan": "#D55E00", "United States": "#009E73"}
SIDE_MARKERS = {"China": "o", "Japan": "s", "United States": "^"}
PHASE_HATCHES = ["", "//", "", "\\\\", "", ".."]


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
        ax.barh(0, row["days"], left=first - 0.5, height=0.8,
                color=OKABE_ITO[i % len(OKABE_ITO)] if on else "#DDDDDD",
                hatch=PHASE_HATCHES[i % len(PHASE_HATCHES)], edgecolor="black", linewidth=1.5 if on and highlight else 0.5)
        if label:
            ax.text(first - 0.5 + row["days"] / 2, 0, f"{row['title']}\n{row['days']} days",
                    ha="center", va="center", fontsize=7.5, wrap=True)
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


def range_bars(ax, labels, lows, highs, colours, open_marker: str = "more") -> None:
    """Horizontal bars from low to high; a point for an exact figure; an arrow where a side is open."""
    for y, (lo, hi, colour) in enumerate(zip(lows, highs, colours)):
        lo = None if pd.isna(lo) else float(lo)
        hi = None if pd.isna(hi) else float(hi)
        if lo is not None and hi is not None and lo != hi:
            ax.plot([lo, hi], [y, y], color=colour, linewidth=6, solid_capstyle="butt")
        elif lo is not None and hi is not None:
            ax.plot([lo], [y], marker="o", color=colour, markersize=7)
        elif lo is not None:  # "more than": open to the right
            ax.annotate("", xy=(lo * 1.35, y), xytext=(lo, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
            ax.plot([lo], [y], marker="|", color=colour, markersize=12)
        elif hi is not None:  # "fewer than" / "almost": open to the left
            ax.annotate("", xy=(hi * 0.7, y), xytext=(hi, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
            ax.plot([hi], [y], marker="|", color=colour, markersize=12)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()


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
