"""Figures of the chapter "Can every claim be true?": the conflicts and the survivors' ledger.

Drawn in the book's house style (:mod:`hengyang.plotting`): Okabe-Ito colours, and never colour
alone: every mark also has a shape, a hatch or a written value.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .plotting import OKABE_ITO
from .survivors import STATUSES, Interval

_BAND = "#BBBBBB"
_CLAIM = "#D55E00"


def _num(v):
    return None if v is None or pd.isna(v) else float(v)


def conflict_chart(rows: pd.DataFrame, xmax: float | None = None):
    """Each claim of each conflict (mark) against the range the conflict's other claims leave for
    it (grey hatched band). A claim outside its band is why the set cannot hold."""
    n = len(rows)
    fig, ax = plt.subplots(figsize=(9, 0.3 * n + 1.2))
    top = xmax or 1.12 * max(max(_num(v) or 0 for v in rows[c]) for c in ("low", "high", "left_low", "left_high"))
    labels = []
    previous = None
    for y, r in enumerate(rows.itertuples()):
        if previous is not None and r.conflict != previous:
            ax.axhline(y - 0.5, color="black", linewidth=0.6)
        previous = r.conflict
        labels.append(f"{r.conflict}  {r.label}")
        lo, hi = _num(r.left_low) or 0.0, _num(r.left_high)
        ax.barh(y, (hi if hi is not None else top) - lo, left=lo, height=0.62, color=_BAND, alpha=0.55,
                hatch="///", edgecolor="#777777", linewidth=0)
        if hi is None:
            ax.annotate("", xy=(top, y), xytext=(top * 0.97, y),
                        arrowprops={"arrowstyle": "-|>", "color": "#777777"})
        low, high = _num(r.low), _num(r.high)
        if high is None:  # "more than": a bar running off to the right
            ax.plot([low], [y], marker="|", markersize=12, color=_CLAIM, markeredgewidth=2)
            ax.annotate("", xy=(min(low * 1.25, top), y), xytext=(low, y),
                        arrowprops={"arrowstyle": "-|>", "color": _CLAIM, "linewidth": 2})
        elif low is None or low != high:
            ax.plot([low or 0.0, high], [y, y], color=_CLAIM, linewidth=4)
        else:
            ax.plot([low], [y], marker="D", markersize=6, color=_CLAIM, markeredgecolor="black",
                    markeredgewidth=0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("men")
    ax.grid(axis="y", visible=False)
    handles = [
        plt.Line2D([], [], marker="D", color=_CLAIM, linestyle="", markeredgecolor="black", label="the claim"),
        plt.Line2D([], [], marker="|", color=_CLAIM, markersize=10, markeredgewidth=2, label='"more than": open to the right'),
        plt.Rectangle((0, 0), 1, 1, color=_BAND, alpha=0.55, hatch="///", label="what the conflict's other claims leave for it"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.3, -0.06 - 0.6 / n), ncol=2, fontsize=8)
    fig.tight_layout()
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
    arrow where it is open ("more than"), a dashed line at the starting strength, and the
    unaccounted or over-counted men written at the end of the bar."""
    accounts = list(intervals)
    fig, ax = plt.subplots(figsize=(9, 0.48 * len(accounts) + 1.6))
    starts = [r["at the start"].lo for r in intervals.values() if r["at the start"] is not None]
    top = 1.5 * max(starts + [r["accounted for"].lo for r in intervals.values() if r["accounted for"]])
    for y, (account, r) in enumerate(intervals.items()):
        left = 0.0
        for status in STATUSES:
            part: Interval | None = r[status]
            if part is None:
                continue
            colour, hatch = _STATUS_STYLE[status]
            ax.barh(y, part.lo, left=left, height=0.6, color=colour, hatch=hatch, edgecolor="white",
                    linewidth=0.8)
            if part.hi is None:
                ax.annotate("", xy=(left + part.lo + top * 0.035, y + 0.22), xytext=(left + part.lo, y + 0.22),
                            arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1})
            left += part.lo
        if r["at the start"] is not None:
            ax.plot([r["at the start"].lo] * 2, [y - 0.4, y + 0.4], color="black", linestyle="--", linewidth=1.2)
        note = _ledger_note(r)
        opened = any(r[s] is not None and r[s].hi is None for s in STATUSES)
        ax.text(left + top * (0.075 if opened else 0.045), y, note, va="center", fontsize=8)
    ax.set_yticks(range(len(accounts)))
    ax.set_yticklabels([f"{a}\n({intervals[a]['when']})" for a in accounts], fontsize=8)
    ax.set_ylim(len(accounts) - 0.5, -0.5)
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(f"men of the 10th Army (dashed line: {start_label} at the start)")
    ax.grid(axis="y", visible=False)
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, hatch=h, edgecolor="white", label=s)
               for s, (c, h) in _STATUS_STYLE.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.12 - 0.6 / len(accounts)), ncol=3,
              fontsize=8)
    fig.tight_layout()
    return fig


def _ledger_note(r: dict) -> str:
    from .survivors import check, unaccounted_text

    verdict = check(r["unaccounted"])
    if verdict == "no starting figure":
        return "(no starting figure)"
    if verdict == "fits":
        return f"unaccounted: {unaccounted_text(r['unaccounted'])}"
    return verdict.upper()
