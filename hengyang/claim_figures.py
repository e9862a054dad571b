"""Figures of the chapter "Can every claim be true?": the conflicts and the survivors' ledger.

Drawn in the book's house style (:mod:`hengyang.plotting`): Okabe-Ito colours, and never colour
alone: every mark also has a shape, a hatch or a written value.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .plotting import OKABE_ITO, WIDTH, _figure_for_rows, _open_arrow, _stack_rows, _wrap, dot
from .survivors import STATUSES, Interval

_BAND = "#BBBBBB"
_CLAIM = "#D55E00"


def _num(v):
    return None if v is None or pd.isna(v) else float(v)


def conflict_chart(rows: pd.DataFrame, xmax: float | None = None):
    """Each claim of each conflict (mark) against the range the conflict's other claims leave for
    it (grey hatched band). A claim outside its band is why the set cannot hold.

    Drawn :data:`~hengyang.plotting.WIDTH` inches wide, each claim's label above its row (see
    :func:`hengyang.plotting.range_bars`), so that it reads on a phone.

    Parameters
    ----------
    rows: one row per claim of each conflict (:func:`hengyang.consistency.conflict_rows`):
        its interval (``low``, ``high``, open sides) and the range left for it (``left_low``,
        ``left_high``; None is unbounded).
    xmax: the right end of the axis; by default a little beyond the largest number drawn.

    Returns
    -------
    The figure.
    """
    labels = [_wrap(f"{r.conflict}  {r.label}") for r in rows.itertuples()]
    fig, ax = plt.subplots(figsize=(WIDTH, _figure_for_rows(labels, extra_in=1.9)))
    top = xmax or 1.12 * max(
        max(_num(v) or 0 for v in rows[c]) for c in ("low", "high", "left_low", "left_high")
    )
    ys, _ = _stack_rows(ax, labels)
    previous, previous_y = None, 0.0
    for y, r in zip(ys, rows.itertuples()):
        if previous is not None and r.conflict != previous:  # a rule between two conflicts
            ax.axhline(previous_y + 13, color="black", linewidth=0.6)
        previous, previous_y = r.conflict, y
        lo, hi = _num(r.left_low) or 0.0, _num(r.left_high)
        ax.barh(
            y,
            (hi if hi is not None else top) - lo,
            left=lo,
            height=12,
            color=_BAND,
            alpha=0.55,
            hatch="///",
            edgecolor="#777777",
            linewidth=0,
        )
        if hi is None:
            ax.annotate(
                "",
                xy=(top, y),
                xytext=(top * 0.97, y),
                arrowprops={"arrowstyle": "-|>", "color": "#777777"},
            )
        low, high = _num(r.low), _num(r.high)
        if high is None:  # "more than": a bar running off to the right
            _open_arrow(ax, low, min(low * 1.25, top), y, _CLAIM)
        elif low is None or low != high:
            ax.plot([low or 0.0, high], [y, y], color=_CLAIM, linewidth=4)
        else:
            dot(ax, low, y, _CLAIM, marker="D")
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_major_locator(plt.MaxNLocator(4))
    ax.set_xlabel("men")
    handles = [
        plt.Line2D(
            [],
            [],
            marker="D",
            color=_CLAIM,
            linestyle="",
            markeredgecolor="black",
            label="the claim",
        ),
        plt.Line2D(
            [],
            [],
            marker="|",
            color=_CLAIM,
            markersize=10,
            markeredgewidth=2,
            label='"more than": open to the right',
        ),
        plt.Rectangle(
            (0, 0),
            1,
            1,
            color=_BAND,
            alpha=0.55,
            hatch="///",
            label="what the conflict's other claims\nleave for it",
        ),
    ]
    fig.legend(handles=handles, loc="lower left", ncol=1, bbox_to_anchor=(0.02, 0.0))
    fig.tight_layout(rect=(0, 1.3 / fig.get_figheight(), 1, 1))
    return fig


_STATUS_STYLE = {
    "killed": (OKABE_ITO[7], ""),
    "killed or wounded": (OKABE_ITO[5], "xx"),
    "wounded": (OKABE_ITO[0], "//"),
    "fighting": (OKABE_ITO[4], ""),
    "captured": (OKABE_ITO[1], ".."),
    "escaped": (OKABE_ITO[2], "\\\\"),
}


def ledger_chart(intervals: dict[str, dict], start_label: str):
    """The survivors' ledger as stacked bars, one per account: each fate at its lower bound, an
    arrow where it is open ("more than"), a dashed line at the starting strength; the account,
    its date and the unaccounted or over-counted men written above the bar.

    Parameters
    ----------
    intervals: for each account, its fates as intervals and its date
        (:func:`hengyang.survivors.ledger_intervals`).
    start_label: the name of the starting strength the dashed line marks.

    Returns
    -------
    The figure.
    """
    accounts = list(intervals)
    labels = [
        _wrap(f"{a} ({intervals[a]['when']}): {_ledger_note(intervals[a])}") for a in accounts
    ]
    fig, ax = plt.subplots(figsize=(WIDTH, _figure_for_rows(labels, extra_in=1.8)))
    starts = [r["at the start"].lo for r in intervals.values() if r["at the start"] is not None]
    top = 1.15 * max(
        starts + [r["accounted for"].lo for r in intervals.values() if r["accounted for"]]
    )
    ys, _ = _stack_rows(ax, labels)
    for y, r in zip(ys, intervals.values()):
        left = 0.0
        for status in STATUSES:
            part: Interval | None = r[status]
            if part is None:
                continue
            colour, hatch = _STATUS_STYLE[status]
            ax.barh(
                y,
                part.lo,
                left=left,
                height=12,
                color=colour,
                hatch=hatch,
                edgecolor="white",
                linewidth=0.8,
            )
            if part.hi is None:
                ax.annotate(
                    "",
                    xy=(left + part.lo + top * 0.035, y + 4),
                    xytext=(left + part.lo, y + 4),
                    arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1},
                )
            left += part.lo
        if r["at the start"] is not None:
            ax.plot(
                [r["at the start"].lo] * 2,
                [y - 8, y + 8],
                color="black",
                linestyle="--",
                linewidth=1.2,
            )
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_major_locator(plt.MaxNLocator(4))
    ax.set_xlabel(_wrap(f"men of the 10th Army (dashed line: {start_label} at the start)", 50))
    handles = [
        plt.Rectangle((0, 0), 1, 1, facecolor=c, hatch=h, edgecolor="white", label=s)
        for s, (c, h) in _STATUS_STYLE.items()
    ]
    fig.legend(handles=handles, loc="lower left", ncol=2, bbox_to_anchor=(0.02, 0.0))
    fig.tight_layout(rect=(0, 0.95 / fig.get_figheight(), 1, 1))
    return fig


def _ledger_note(r: dict) -> str:
    from .survivors import check, unaccounted_text

    verdict = check(r["unaccounted"])
    if verdict == "no starting figure":
        return "(no starting figure)"
    if verdict == "fits":
        return f"unaccounted: {unaccounted_text(r['unaccounted'])}"
    return verdict.upper()
