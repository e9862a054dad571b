"""Order of battle: the unit tree of each side, its commanders and the dates their commands changed.

Everything is read from ``units`` (each unit with the parent the source gives it),
``people`` and ``commands``; a unit whose parent the source does not give is a root.
"""

from __future__ import annotations

import re
import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from .plotting import FONT, SIDE_COLOURS, WIDTH


def _day(date) -> str:
    return "" if pd.isna(date) else f"{date.day} {date:%b}"


def command_span(row: pd.Series) -> str:
    """A command's dates as text: '28 Jun - 11 Jul', 'from 11 Jul', 'to 28 Jun' or 'throughout'.

    Parameters
    ----------
    row: a row of ``commands`` (``start`` and ``end``, either may be missing); one date only
        when both are the same day.

    Returns
    -------
    The span as a string (day and month, no year).
    """
    start, end = _day(row["start"]), _day(row["end"])
    if start and end:
        return start if start == end else f"{start} - {end}"
    if start:
        return f"from {start}"
    if end:
        return f"to {end}"
    return "throughout"


def commanders_table(
    commands: pd.DataFrame, people: pd.DataFrame, units: pd.DataFrame
) -> pd.DataFrame:
    """One row per command, in order of unit and date: who, what, when, how it ended, and on
    what basis.

    Parameters
    ----------
    commands: the commands table (its order within a unit is kept).
    people: the people table, for the commanders' names.
    units: the units table, whose order sets the order of the units.

    Returns
    -------
    A text frame indexed by command id (``row``): ``unit``, ``commander`` ("not named" when
    no person is given), ``command``, ``dates``, ``how it ended`` and ``basis``. No reads are
    recorded.
    """
    name = people.set_index("person_id")["name"]
    unit = units.set_index("unit_id")["name"]
    order = {u: i for i, u in enumerate(units["unit_id"])}
    rows = commands.assign(_u=[order[u] for u in commands["unit_id"]], _n=range(len(commands)))
    rows = rows.sort_values(["_u", "_n"])  # units in the order of units.csv, commands as listed
    return pd.DataFrame(
        {
            "unit": [unit[u] for u in rows["unit_id"]],
            "commander": [name[p] if p else "not named" for p in rows["person_id"]],
            "command": list(rows["role"]),
            "dates": [command_span(r) for _, r in rows.iterrows()],
            "how it ended": list(rows["how_ended"]),
            "basis": list(rows["basis"]),
        },
        index=pd.Index(list(rows["command_id"]), name="row"),
    )


def command_succession(commands: pd.DataFrame, people: pd.DataFrame, unit_id: str) -> list[str]:
    """The commanders of one unit in order of taking command, as 'Surname (dates)'.

    Parameters
    ----------
    commands: the commands table (taken in its own order).
    people: the people table, for the surnames.
    unit_id: the unit.

    Returns
    -------
    A list of strings, empty when the unit has no command rows; a command without a person
    is written as its role describes him ("new colonel (dates)" for a role "regimental
    commander (a new colonel, not named)"), or "not named (dates)".
    """
    surname = people.set_index("person_id")["surname"]
    rows = commands[commands["unit_id"] == unit_id]
    return [
        f"{surname[p] if p else _unnamed(r['role'])} ({command_span(r)})"
        for p, (_, r) in zip(rows["person_id"], rows.iterrows())
    ]


def _unnamed(role: str) -> str:
    """How the source describes a commander it does not name, from the role's parenthesis."""
    described = re.search(r"\((?:an? )?([^,)]+)", role)
    return described.group(1) if described else "not named"


def tree_layout(units: pd.DataFrame, side: str) -> pd.DataFrame:
    """Depth (0 for a root) and row of each unit in an indented tree: a unit on its own row,
    its subordinates on the rows below it, one step further right.

    Parameters
    ----------
    units: the units table; only fighting formations (:data:`TREE_ECHELONS`) are placed, and
        a unit whose parent is not among them is a root.
    side: "China" or "Japan".

    Returns
    -------
    A frame indexed by ``unit_id`` with ``depth`` (int) and ``row`` (float, 0, 1, ... top down
    in depth-first order).
    """
    mine = units[(units["side"] == side) & units["echelon"].isin(TREE_ECHELONS)]
    ids = set(mine["unit_id"])
    children: dict[str, list[str]] = {}
    for uid, parent in zip(mine["unit_id"], mine["parent_id"]):
        children.setdefault(parent if parent in ids else "", []).append(uid)
    rows: list[tuple[str, int, float]] = []

    def place(uid: str, depth: int) -> None:
        rows.append((uid, depth, float(len(rows))))
        for kid in children.get(uid, []):
            place(kid, depth + 1)

    for root in children.get("", []):
        place(root, 0)
    return pd.DataFrame(rows, columns=["unit_id", "depth", "row"]).set_index("unit_id")


def _box_label(unit: pd.Series, succession: list[str], depth: int) -> str:
    """A unit's box text, wrapped to what is left of :data:`WIDTH` at its depth."""
    width = _WRAP - 4 * depth
    lines = textwrap.wrap(f"{unit['name']}  ({unit['echelon']})", width)
    if succession:
        lines += textwrap.wrap("; ".join(succession), width)
    return "\n".join(lines)


_WRAP = 50  # characters per line of a root's box at FONT on WIDTH; 4 fewer a step down
_STEP = 0.3  # inches a subordinate is indented


def orbat_figure(
    units: pd.DataFrame, commands: pd.DataFrame, people: pd.DataFrame, side: str, title: str
):
    """The unit tree of one side as an indented tree, each box with the unit's echelon and its
    commanders with dates; a solid box has a row in the commands table (named, or described
    without a name), a dashed one has none. Drawn :data:`WIDTH` inches wide in :data:`FONT`
    point text, to read on a phone.

    Parameters
    ----------
    units: the units table (see :func:`tree_layout`).
    commands: the commands table; a unit with any command row gets a solid box.
    people: the people table, for the surnames.
    side: "China" or "Japan" (also picks the boxes' colour).
    title: the figure's title, left-aligned.

    Returns
    -------
    The matplotlib figure. No reads are recorded.
    """
    layout = tree_layout(units, side)
    info = units.set_index("unit_id")
    labels = {
        uid: _box_label(info.loc[uid], command_succession(commands, people, uid), depth)
        for uid, depth in layout["depth"].items()
    }
    lines = {uid: label.count("\n") + 1 for uid, label in labels.items()}
    tops, y = {}, 0.0  # y counts lines of text, top down
    for uid in layout.index:
        tops[uid] = y
        y += lines[uid] + 0.7
    line_in = FONT * 1.15 * 1.25 / 72  # one line of box text, in inches
    fig, ax = plt.subplots(figsize=(WIDTH, line_in * y + 0.6))
    colour = SIDE_COLOURS[side]
    for uid, (depth, _) in layout.iterrows():
        parent = info.loc[uid, "parent_id"]
        if parent in layout.index:
            px = layout.loc[parent, "depth"] * _STEP + 0.1
            ax.plot(
                [px, px, depth * _STEP - 0.03],
                [tops[parent] + lines[parent] + 0.2, tops[uid] + 0.5, tops[uid] + 0.5],
                color="#555555",
                linewidth=0.8,
            )
    for uid, (depth, _) in layout.iterrows():
        commanded = bool(command_succession(commands, people, uid))
        ax.text(
            depth * _STEP,
            tops[uid],
            labels[uid],
            ha="left",
            va="top",
            fontsize=FONT,
            linespacing=1.15,
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": "white",
                "edgecolor": colour,
                "linewidth": 1.6 if commanded else 0.8,
                "linestyle": "-" if commanded else "--",
            },
        )
    ax.set_xlim(-0.05, WIDTH - 0.3)  # x in inches from the left of the root boxes
    ax.set_ylim(y, -0.4)
    ax.axis("off")
    ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


ECHELON_ORDER = [
    "army group",
    "army (corps)",
    "army",
    "division",
    "brigade",
    "regiment",
    "battalion",
    "company",
    "air",
    "civilian",
]
# Drawn in the trees: fighting formations. Civilians and air units are listed in the tables only.
TREE_ECHELONS = tuple(e for e in ECHELON_ORDER if e not in ("air", "civilian"))


def echelon_counts(units: pd.DataFrame) -> pd.DataFrame:
    """How many units of each echelon each side has, largest echelon first.

    Parameters
    ----------
    units: the units table.

    Returns
    -------
    A frame of counts indexed by echelon (in :data:`ECHELON_ORDER`, echelons without units
    left out; an echelon not in that list would be dropped), one column per side.
    """
    counts = pd.crosstab(units["echelon"], units["side"])
    return counts.reindex([e for e in ECHELON_ORDER if e in counts.index])


def side_counts(units: pd.DataFrame) -> dict[str, int]:
    """Formations drawn in the trees, per side, and the others (air units, civilians).

    Parameters
    ----------
    units: the units table.

    Returns
    -------
    A dict of ints: ``n_cn`` and ``n_jp`` (units of :data:`TREE_ECHELONS` per side) and
    ``n_other`` (every other unit, either side).
    """
    drawn = units["echelon"].isin(TREE_ECHELONS)
    return {
        "n_cn": int((drawn & (units["side"] == "China")).sum()),
        "n_jp": int((drawn & (units["side"] == "Japan")).sum()),
        "n_other": int((~drawn).sum()),
    }


def fate_counts(people: pd.DataFrame) -> dict[str, int]:
    """People named, killed or died, captured and escaped, and fate not stated.

    Parameters
    ----------
    people: the people table.

    Returns
    -------
    A dict of ints: ``n_people`` (all rows), ``n_killed`` ("killed" plus "died"), ``n_escaped``
    ("captured, escaped") and ``n_unknown`` ("not stated").
    """
    fates = people["fate"].value_counts()
    return {
        "n_people": len(people),
        "n_killed": int(fates.get("killed", 0) + fates.get("died", 0)),
        "n_escaped": int(fates.get("captured, escaped", 0)),
        "n_unknown": int(fates.get("not stated", 0)),
    }
