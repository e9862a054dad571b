"""The tidy frames the chapters' bar figures draw and then show as the table under them.

One row a bar: ``label``, ``low``, ``high``, ``text``, ``side`` (and ``approx``) for
:func:`hengyang.plotting.ranges_chart`; ``label``, ``value``, ``side`` (and ``hatched``) for
:func:`hengyang.plotting.count_bars`. :func:`hengyang.plotting.bar_table` shows the same frame
as a table. The builders take rows the notebook has already read through
:mod:`hengyang.analysis` (so the reads are recorded for its sources table) or numbers computed
from them, and write every number in a label from the data, never by hand.
"""

from __future__ import annotations

import pandas as pd

from .analysis import derived_bounds_text, ratio_text, rows, written_bounds


def forecast_bars(forecasts: pd.DataFrame, expectations: pd.DataFrame) -> pd.DataFrame:
    """Each forecast of the battle's length and, under it, the days of battle that followed
    the day it was made (chapter 1).

    Parameters
    ----------
    forecasts: :func:`hengyang.analysis.forecast_table`, indexed by expectation id.
    expectations: the expectations table, for the side that made each forecast (read and
        recorded here).

    Returns
    -------
    A ranges frame, two rows per forecast: the forecast as written, in its side's colour, and
    "days of battle after it", the yardstick it is read against.
    """
    sides = rows(expectations, list(forecasts.index)).set_index("expectation_id")["side"]
    out = []
    for key, r in forecasts.iterrows():
        after = r["days that followed"]
        out.append((f"{r['who']}, {r['said on']}", r["low"], r["high"], r["expected"], sides[key]))
        out.append(("    days of battle after it", after, after, f"{after} days", "yardstick"))
    return pd.DataFrame(out, columns=["label", "low", "high", "text", "side"])


def paper_and_real_regiments(paper_divisions: int, per_division: float, real: int) -> pd.DataFrame:
    """The corps' strength in regiments on paper and in reality (chapter 2).

    Parameters
    ----------
    paper_divisions: divisions on paper, as the source gives them.
    per_division: regiments to a full division (an assumption).
    real: the regiments the corps had in reality, as the source gives them.

    Returns
    -------
    A counts frame of two bars: on paper (unfilled and hatched: a count on paper only, its
    label saying how it was counted) and in reality.
    """
    on_paper = f"on paper ({paper_divisions:g} divisions x {per_division:g} regiments)"
    return pd.DataFrame(
        {
            "label": [on_paper, "in reality"],
            "value": [int(paper_divisions * per_division), int(real)],
            "side": ["apart", "China"],
            "hatched": [True, False],
        }
    )


def daily_rate_bars(
    stock: dict[str, float],
    written: dict[str, str],
    asked: tuple[float, float],
    fought: int,
) -> pd.DataFrame:
    """Each delivery spread over the days of defence asked for and over the days fought
    (chapter 2).

    Parameters
    ----------
    stock: each item's delivery, in rounds.
    written: each delivery as the source writes it (it bounds the precision of the rates).
    asked: the days of defence asked for, (fewest, most).
    fought: the days of battle fought.

    Returns
    -------
    A ranges frame, two rows per item: the rate over the days asked (a range, as planned)
    and over the days fought (one figure, the defenders' own).
    """
    out = []
    for item, n in stock.items():
        for when, lo, hi, side in [
            ("asked", n / asked[1], n / asked[0], "plan"),
            ("fought", n / fought, n / fought, "China"),
        ]:
            text = derived_bounds_text((lo, hi), written[item])
            out.append((f"{item}, days {when}", lo, hi, text, side))
    return pd.DataFrame(out, columns=["label", "low", "high", "text", "side"])


def ratio_ranges(bounds: dict[str, tuple], sides: list[str]) -> pd.DataFrame:
    """Force ratios as a ranges frame, one row per way of counting (chapter 3).

    Parameters
    ----------
    bounds: each way of counting and its ratio's (low, high) bounds.
    sides: each row's key of :data:`hengyang.plotting.BAR_COLOURS`, in the same order.

    Returns
    -------
    A ranges frame; each ratio is written "2.1 to 3.9 to 1", to one decimal.
    """
    return pd.DataFrame(
        {
            "label": list(bounds),
            "low": [b[0] for b in bounds.values()],
            "high": [b[1] for b in bounds.values()],
            "text": [ratio_text(b) + " to 1" for b in bounds.values()],
            "side": list(sides),
        }
    )


def figure_ranges(picked: pd.DataFrame, labels) -> pd.DataFrame:
    """Rows of a data table (strengths, claims) as a ranges frame: each figure as the source
    gives it, in its side's colour, an "about" figure drawn hollow (chapter 7).

    Parameters
    ----------
    picked: rows read with :func:`hengyang.analysis.rows`, with low, high, qualifier and a
        side column (``side`` or ``about_side``).
    labels: each row's label, in the same order.

    Returns
    -------
    A ranges frame with ``approx``.
    """
    return pd.DataFrame(
        {
            "label": list(labels),
            "low": list(picked["low"]),
            "high": list(picked["high"]),
            "text": [
                written_bounds(lo, hi, q)
                for lo, hi, q in zip(picked["low"], picked["high"], picked["qualifier"])
            ],
            "side": list(picked[_side_column(picked)]),
            "approx": list(picked["qualifier"] == "about"),
        }
    )


def figure_counts(picked: pd.DataFrame, labels, *, hatched=(), apart=()) -> pd.DataFrame:
    """Rows of a data table (munitions, strengths, claims) as a counts frame: each row's low
    figure as the bar's length, in its side's colour (chapters 5, 7, 8 and 9).

    Parameters
    ----------
    picked: rows read with :func:`hengyang.analysis.rows`, with low and a side column.
    labels: each row's label, in the same order.
    hatched: ids of rows to hatch (set apart from the others, still in their side's colour).
    apart: ids of rows not comparable with the others: unfilled and hatched.

    Returns
    -------
    A counts frame with ``hatched``.
    """
    keys = [str(k) for k in picked.iloc[:, 0]]
    sides = picked[_side_column(picked)]
    return pd.DataFrame(
        {
            "label": list(labels),
            "value": [int(v) for v in picked["low"]],
            "side": ["apart" if k in apart else s for k, s in zip(keys, sides)],
            "hatched": [k in hatched or k in apart for k in keys],
        }
    )


def _side_column(picked: pd.DataFrame) -> str:
    return "side" if "side" in picked.columns else "about_side"
