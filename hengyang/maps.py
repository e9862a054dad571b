"""Maps drawn with plain matplotlib from tables in ``data/``: no tiles, no download, no GIS stack.

The regional map uses an equirectangular projection centred on Hengyang: kilometres east
are degrees of longitude times cos(latitude of Hengyang) times 111.32 km, kilometres north
are degrees of latitude times 110.57 km. Over the few hundred kilometres shown its distortion
is small against the schematic lines drawn on it. The city map is not a projection at all:
it is a schematic in kilometres from the centre of the city proper, built from the source's
own words (``city_features``), and says so on its face.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Circle, FancyArrowPatch, Patch, Polygon
from matplotlib.patheffects import withStroke

from . import provenance
from .plotting import (
    FONT,
    LINE_COLOURS,
    OKABE_ITO,
    SIDE_COLOURS,
    WIDTH,
)

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32
KM_PER_MILE = 1.609344
# Lines the source names, drawn straight through the places it puts on them (schematic).
RAILWAYS = {
    "Wuhan-Guangzhou railway": ["wuhan", "hengyang", "guangzhou"],
    "Hunan-Guangxi railway (via Guilin: assumed)": ["hengyang", "guilin"],
}
ROAD = ("Changsha-Hengshan Motor Road", ["changsha", "hengshan"])
RADIO = ("radio relay", ["hengyang", "zhijiang", "chongqing"])


def parse_path(path: str) -> list[tuple[float, float]]:
    """Parse a path as stored in ``city_features``: 'x y; x y' -> [(x, y), ...].

    Parameters
    ----------
    path: points separated by ";", each two numbers separated by white space (km).

    Returns
    -------
    A list of (x, y) tuples of floats. Raises ValueError on a part that is not a number.
    """
    return [tuple(float(v) for v in pair.split()) for pair in path.split(";")]


def project(places: pd.DataFrame, centre: str = "hengyang") -> pd.DataFrame:
    """x (km east) and y (km north) of each place from ``centre``, equirectangular at the
    centre's latitude.

    Parameters
    ----------
    places: the places table (``place_id``, ``name``, ``latitude``, ``longitude``).
    centre: the ``place_id`` at the origin.

    Returns
    -------
    A frame indexed by ``place_id`` with ``name``, ``x_km`` and ``y_km`` (floats). No reads
    are recorded.
    """
    origin = places.set_index("place_id").loc[centre]
    scale = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(origin["latitude"]))
    out = places.set_index("place_id")[["name"]].copy()
    out["x_km"] = [(lon - origin["longitude"]) * scale for lon in places["longitude"]]
    out["y_km"] = [(lat - origin["latitude"]) * KM_PER_DEG_LAT for lat in places["latitude"]]
    return out


def distance_km(places: pd.DataFrame, a: str, b: str) -> float:
    """Straight-line distance on the projected plane (good to a few per cent at this scale).

    Parameters
    ----------
    places: the places table (projected around Hengyang, see :func:`project`).
    a: one place's ``place_id``.
    b: the other place's ``place_id``.

    Returns
    -------
    The distance in kilometres, a float.
    """
    xy = project(places)
    return math.hypot(xy.loc[a, "x_km"] - xy.loc[b, "x_km"], xy.loc[a, "y_km"] - xy.loc[b, "y_km"])


def _map_with_key(fig, ax, handles, left=0.05, under=0.05, right=0.1, title=None, **legend):
    """Size the figure :data:`WIDTH` inches wide so that the map (``ax``, equal aspect, its
    limits set) fills it and the key (a legend of ``handles``, labels already wrapped) stands
    under it, inside the figure: ``left``, ``under`` and ``right`` are the inches the axis
    labels and the names beside the map's edge take."""
    lines = sum(h.get_label().count("\n") + 1 for h in handles)
    lines += title.count("\n") + 1 if title else 0
    key_h = FONT * 1.2 / 72 * lines + 0.11 * len(handles) + 0.15  # inches, spacing included
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    map_w = WIDTH - left - right
    map_h = map_w * abs(y1 - y0) / abs(x1 - x0)
    height = 0.1 + map_h + under + key_h
    fig.set_size_inches(WIDTH, height)
    ax.set_position([left / WIDTH, (key_h + under) / height, map_w / WIDTH, map_h / height])
    ax.legend(
        handles=handles,
        fontsize=FONT,
        loc="upper left",
        bbox_to_anchor=(0.01, key_h / height),
        bbox_transform=fig.transFigure,
        title=title,
        title_fontsize=FONT,
        alignment="left",
        handlelength=2.5,
        **legend,
    )


def regional_map(places: pd.DataFrame):
    """The towns the source names, the two railways and the motor road drawn straight through
    the places the source puts on them (line style tells them apart, not colour alone), the
    radio relay, and a schematic stretch of the Xiang River at Hengyang, the one place on it the
    source names. Drawn :data:`WIDTH` inches wide with :data:`FONT` point text, the key under
    the map.

    Parameters
    ----------
    places: the places table; it must hold every place the railways, road and radio link name.

    Returns
    -------
    The matplotlib figure. No reads are recorded.
    """
    xy = project(places)
    fig = plt.figure()
    ax = fig.add_axes([0, 0, 1, 1])  # placed by _map_with_key once the key is known
    styles = [("-", LINE_COLOURS[0]), ("--", LINE_COLOURS[4])]
    for (name, stops), (style, colour) in zip(RAILWAYS.items(), styles):
        ax.plot(
            xy.loc[stops, "x_km"],
            xy.loc[stops, "y_km"],
            style,
            color=colour,
            linewidth=2.2,
            label=f"{name} (schematic)",
        )
    name, stops = ROAD
    ax.plot(
        xy.loc[stops, "x_km"],
        xy.loc[stops, "y_km"],
        ":",
        color=LINE_COLOURS[2],
        linewidth=2.2,
        label=f"{name} (schematic)",
    )
    name, stops = RADIO
    ax.plot(
        xy.loc[stops, "x_km"],
        xy.loc[stops, "y_km"],
        linestyle=(0, (1, 3)),
        color="#777777",
        linewidth=1.4,
        label="radio link via Zhijiang Airport to Chongqing",
    )
    ax.plot(
        [0, 0],
        [-40, 40],
        color=OKABE_ITO[1],
        linewidth=4,
        solid_capstyle="butt",
        label="Xiang River at Hengyang (schematic: the only place on it the source names)",
    )
    east = xy["x_km"].max()
    for pid, row in xy.iterrows():
        big = pid == "hengyang"
        left = row["x_km"] > 0.5 * east  # near the right edge: the name goes to the left
        ax.scatter(
            [row["x_km"]],
            [row["y_km"]],
            s=90 if big else 40,
            marker="*" if big else "o",
            color=SIDE_COLOURS["China"] if big else "black",
            edgecolor="black",
            zorder=4,
        )
        ax.annotate(
            row["name"],
            (row["x_km"], row["y_km"]),
            # Hengyang's name goes to its west, clear of Hengshan's just north-east of it
            xytext=(-8, -1) if big else (-6 if left else 6, 5),
            textcoords="offset points",
            ha="right" if left or big else "left",
            va="center" if big else "baseline",
            fontsize=FONT,
            fontweight="bold" if big else "normal",
        )
    ax.set_aspect("equal")
    ax.set_xlabel("km east of Hengyang")
    ax.set_ylabel("km north of Hengyang")
    handles, labels = ax.get_legend_handles_labels()
    for handle, label in zip(handles, labels):
        handle.set_label(textwrap.fill(label, 44))
    ax.autoscale_view()
    note = textwrap.fill(
        "towns: GeoNames (CC BY 4.0); lines: schematic, straight between named places; "
        "projection: equirectangular centred on Hengyang",
        50,
    )
    _map_with_key(fig, ax, handles, left=0.85, under=0.6, right=0.4, title=note)
    return fig


# Positions a unit was still making for, not holding: the legend says so ("17 Jul 151st
# Division (fighting towards Oujiading and Huangcha Hill)"), so a date is not read as arrival.
_NOT_YET = {
    "fighting their way to": "fighting towards ",
    "attempting to take": "attempting to take ",
}


def relief_rings(positions: pd.DataFrame, unit_names: dict[str, str]):
    """The relief forces' reported distances from Hengyang as rings, one per reported distance,
    with the dates, places and units at that distance in the legend; a range is a shaded band.
    Drawn :data:`WIDTH` inches wide with :data:`FONT` point text; the rings' labels stand
    above and below the city in turn, so that the small rings' labels do not overlap.

    Parameters
    ----------
    positions: the relief positions table (``low``, ``high`` in miles, ``written``, ``date``,
        ``unit_id``, ``place``, ``status``; rows whose ``reach`` is "city edge" are listed
        beside the city's star instead of as a ring).
    unit_names: unit id -> name for the legend; a unit missing or empty reads
        "reinforcements (no unit named)".

    Returns
    -------
    The matplotlib figure. No reads are recorded.
    """
    fig = plt.figure()
    ax = fig.add_axes([0, 0, 1, 1])  # placed by _map_with_key once the key is known
    handles = []
    styles = ["-", "--", "-.", ":"]
    # A place at the city's edge has no mileage: it is listed beside the city's star, not a ring.
    edge = (
        positions[positions["reach"] == "city edge"]
        if "reach" in positions
        else positions.iloc[0:0]
    )
    positions = positions.drop(edge.index)
    name = lambda u: unit_names.get(u) or "reinforcements (no unit named)"  # noqa: E731
    for i, ((low, high), rows) in enumerate(positions.groupby(["low", "high"], sort=True)):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        style = styles[i % len(styles)]
        if low != high:
            ax.add_patch(Circle((0, 0), high, facecolor=colour, alpha=0.15, edgecolor="none"))
            ax.add_patch(Circle((0, 0), low, facecolor="white", edgecolor="none"))
        for radius in sorted({low, high}):
            ax.add_patch(
                Circle(
                    (0, 0),
                    radius,
                    facecolor="none",
                    edgecolor=colour,
                    linewidth=1.8,
                    linestyle=style,
                )
            )
        above = i % 2 == 0
        ax.annotate(
            rows["written"].iloc[0],
            (0, high if above else -high),
            xytext=(0, 2 if above else -2),
            textcoords="offset points",
            ha="center",
            va="bottom" if above else "top",
            fontsize=FONT,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
        )
        text = "; ".join(
            f"{d.day} {d:%b} {name(u)} ({_NOT_YET.get(st, '')}{p})"
            for d, u, p, st in zip(rows["date"], rows["unit_id"], rows["place"], rows["status"])
        )
        handles.append(
            plt.Line2D(
                [],
                [],
                color=colour,
                linestyle=style,
                linewidth=1.8,
                label=textwrap.fill(f"{rows['written'].iloc[0]}: {text}", 44),
            )
        )
    if len(edge):
        text = "; ".join(
            f"{d.day} {d:%b} {name(u)} ({p})"
            for d, u, p in zip(edge["date"], edge["unit_id"], edge["place"])
        )
        handles.insert(
            0,
            plt.Line2D(
                [],
                [],
                color=SIDE_COLOURS["China"],
                marker="*",
                linestyle="none",
                markersize=10,
                markeredgecolor="black",
                label=textwrap.fill(
                    f"at the city's edge (our reading; no mileage given): {text}", 44
                ),
            ),
        )
    ax.scatter(
        [0], [0], marker="*", s=150, color=SIDE_COLOURS["China"], edgecolor="black", zorder=4
    )
    ax.annotate(
        "Hengyang",
        (0, 0),
        xytext=(9, 0),
        textcoords="offset points",
        va="center",
        fontsize=FONT,
        fontweight="bold",
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
    )
    reach = positions["high"].max() * 1.08
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    ax.set_aspect("equal")
    ax.set_xlabel("miles from Hengyang\n(the source gives distances, not directions)")
    ax.set_yticks([])
    ax.grid(False)
    _map_with_key(fig, ax, handles, left=0.15, under=0.8)
    return fig


def feature_numbers(features: pd.DataFrame) -> dict[str, int]:
    """The number each placed position carries on the city map (1, 2, ... in table order).

    Parameters
    ----------
    features: the city features table; only rows whose ``kind`` is "point" are numbered.

    Returns
    -------
    A dict feature id -> number.
    """
    points = features[features["kind"] == "point"]
    return {fid: i for i, fid in enumerate(points["feature_id"], start=1)}


def _draw_features(
    ax,
    features: pd.DataFrame,
    label: bool = True,
    only_phase: str | None = None,
    numbers: dict[str, int] | None = None,
) -> int:
    """Draw the features on one axes (points labelled by name, or by number when ``numbers`` is
    given); returns how many were drawn."""
    drawn = 0
    for _, row in features.iterrows():
        if (
            only_phase is not None
            and row["kind"] in ("point", "arrow")
            and row["phase_id"] != only_phase
        ):
            continue
        pts = parse_path(row["path"])
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        kind = row["kind"]
        if kind == "area":
            city = row["feature_id"] == "city-proper"
            ax.add_patch(
                Polygon(
                    pts,
                    closed=True,
                    facecolor="#DDDDDD" if city else "#FFFFFF",
                    hatch="" if city else ("...." if "flooded" in row["name"] else "////"),
                    edgecolor="black" if city else "#999999",
                    linewidth=1.2 if city else 0.5,
                    zorder=1,
                )
            )
            if label:
                ax.text(
                    sum(xs) / len(xs),
                    sum(ys) / len(ys),
                    row["name"],
                    fontsize=7,
                    ha="center",
                    va="center",
                    zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                )
        elif kind == "river":
            ax.plot(
                xs,
                ys,
                color=OKABE_ITO[1],
                linewidth=4,
                solid_capstyle="butt",
                zorder=2,
                linestyle="-" if row["basis"] != "assumed" else (0, (4, 2)),
            )
            if label:
                ax.text(
                    xs[0],
                    ys[0],
                    row["name"],
                    fontsize=7,
                    color="black",
                    rotation=0,
                    zorder=5,
                    ha="left",
                    va="bottom",
                )
        elif kind == "arrow":
            side = "Japan"
            ax.add_patch(
                FancyArrowPatch(
                    pts[0],
                    pts[-1],
                    arrowstyle="-|>",
                    mutation_scale=16,
                    linewidth=2,
                    color=SIDE_COLOURS[side],
                    zorder=3,
                )
            )
            if label:
                ax.text(xs[0], ys[0], row["name"], fontsize=7, ha="center", va="top", zorder=5)
        else:
            assumed = row["basis"] == "assumed"
            ax.scatter(
                xs,
                ys,
                marker="D" if assumed else "o",
                s=30,
                zorder=4,
                edgecolor="black",
                facecolor="white" if assumed else "black",
                linewidth=1,
            )
            if label:
                text = str(numbers[row["feature_id"]]) if numbers else row["name"]
                ax.annotate(
                    text,
                    (xs[0], ys[0]),
                    xytext=(4, 3),
                    textcoords="offset points",
                    fontsize=7 if numbers else 6.5,
                    zorder=5,
                    fontweight="bold" if numbers else "normal",
                )
        drawn += 1
    return drawn


def _frame(ax, note: bool = True) -> None:
    ax.set_aspect("equal")
    ax.set_xlim(-4.2, 4.2)
    ax.set_ylim(-3.9, 2.9)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
    if note:
        ax.text(
            0.99,
            0.99,
            "SCHEMATIC, NOT TO SCALE",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=FONT,
            fontweight="bold",
            color="#333333",
            bbox={"facecolor": "white", "edgecolor": "#333333", "pad": 2},
        )
    ax.text(0.01, 0.99, "N ↑", transform=ax.transAxes, ha="left", va="top", fontsize=FONT)


# Where a position's number may stand: offset in points, horizontal and vertical alignment;
# tried in this order, the first that overlaps no other number, marker or the frame wins.
_NUMBER_SPOTS = [
    ((4, 0), "left", "center"),
    ((-4, 0), "right", "center"),
    ((0, 4), "center", "bottom"),
    ((0, -4), "center", "top"),
    ((3, 3), "left", "bottom"),
    ((-3, 3), "right", "bottom"),
    ((3, -3), "left", "top"),
    ((-3, -3), "right", "top"),
]


def _number_box(x, y, text, spot, px_per_pt):
    """The box (x0, y0, x1, y1, in display pixels) a number written at ``spot`` covers."""
    (dx, dy), ha, va = spot
    w, h = (0.62 * FONT * len(text) + 1) * px_per_pt, FONT * px_per_pt
    x0 = x + dx * px_per_pt - {"left": 0, "center": w / 2, "right": w}[ha]
    y0 = y + dy * px_per_pt - {"bottom": 0, "center": h / 2, "top": h}[va]
    return x0, y0, x0 + w, y0 + h


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _number_positions(ax, points: pd.DataFrame, numbers: dict[str, int]) -> None:
    """Write each position's number beside it at :data:`FONT`, at the first spot of
    :data:`_NUMBER_SPOTS` that covers no other number or marker (call after the layout is set)."""
    px_per_pt = ax.figure.dpi / 72
    xy = {
        f: ax.transData.transform(parse_path(p)[0])
        for f, p in zip(points["feature_id"], points["path"])
    }
    frame = ax.get_window_extent()
    r = 4 * px_per_pt  # a marker's half-width
    taken = [(x - r, y - r, x + r, y + r) for x, y in xy.values()]
    for fid, (x, y) in xy.items():
        text = str(numbers[fid])
        own = (x - r, y - r, x + r, y + r)
        others = [t for t in taken if t != own]
        costs = []
        for spot in _NUMBER_SPOTS:
            box = _number_box(x, y, text, spot, px_per_pt)
            outside = (
                box[0] < frame.x0 or box[2] > frame.x1 or box[1] < frame.y0 or box[3] > frame.y1
            )
            costs.append((outside, sum(_overlap(box, t) for t in others)))
        spot = _NUMBER_SPOTS[costs.index(min(costs))]  # the first of equal cost
        taken.append(_number_box(x, y, text, spot, px_per_pt))
        (dx, dy), ha, va = spot
        ax.annotate(
            text,
            parse_path(points.set_index("feature_id").loc[fid, "path"])[0],
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=FONT,
            fontweight="bold",
            zorder=6,
            path_effects=[withStroke(linewidth=3, foreground="white")],  # reads over a river
        )


def _terrain_key(features: pd.DataFrame) -> list:
    """Legend handles for the areas and rivers, drawn as on the map."""
    handles = []
    for _, row in features[features["kind"] == "area"].iterrows():
        city = row["feature_id"] == "city-proper"
        handles.append(
            Patch(
                facecolor="#DDDDDD" if city else "#FFFFFF",
                hatch="" if city else ("...." if "flooded" in row["name"] else "////"),
                edgecolor="black" if city else "#999999",
                label=row["name"],
            )
        )
    for _, row in features[features["kind"] == "river"].iterrows():
        assumed = row["basis"] == "assumed"
        handles.append(
            plt.Line2D(
                [],
                [],
                color=OKABE_ITO[1],
                linewidth=4,
                linestyle=(0, (4, 2)) if assumed else "-",
                label=row["name"] + (" (course assumed)" if assumed else ""),
            )
        )
    return handles


def _attack_letter(ax, path: str, letter: str) -> None:
    """The white letter in a Japanese-coloured box at the start of an attack arrow: the city plan
    and every chapter map mark attacks the same way, so a reader learns the sign once."""
    x, y = parse_path(path)[0]
    box = {"facecolor": SIDE_COLOURS["Japan"], "edgecolor": "none", "pad": 1.5}
    ax.text(
        x,
        y,
        letter,
        fontsize=FONT,
        fontweight="bold",
        color="white",
        ha="center",
        va="center",
        zorder=6,
        bbox=box,
    )


def city_map(features: pd.DataFrame):
    """The city and its defences as the source describes them: every feature of ``city_features``;
    positions carry the numbers of :func:`feature_numbers`, which the table beside the map lists,
    attacks the letters A, B, ... Drawn :data:`WIDTH` inches wide with :data:`FONT` point text;
    the key under the map names the areas, rivers and attacks.

    Parameters
    ----------
    features: the city features table (every row is drawn).

    Returns
    -------
    The matplotlib figure. No reads are recorded.
    """
    fig = plt.figure()
    ax = fig.add_axes([0, 0, 1, 1])  # placed by _map_with_key once the key is known
    _draw_features(ax, features, label=False)
    arrows = features[features["kind"] == "arrow"]
    handles = _terrain_key(features)
    for i, (_, row) in enumerate(arrows.iterrows()):
        letter = chr(ord("A") + i)
        _attack_letter(ax, row["path"], letter)
        handles.append(Patch(color="none", label=f"{letter}  {row['name']}"))
    handles += [
        plt.Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            color="black",
            label="direction given by the source, distance chosen",
        ),
        plt.Line2D(
            [],
            [],
            marker="D",
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor="black",
            label="position assumed",
        ),
    ]
    _frame(ax)
    for handle in handles:
        handle.set_label(textwrap.fill(handle.get_label(), 40))
    _map_with_key(fig, ax, handles, handleheight=1.2)
    points = features[features["kind"] == "point"]
    _number_positions(ax, points, feature_numbers(features))
    return fig


def phase_maps(features: pd.DataFrame, phases: pd.DataFrame, phase_ids: list[str]):
    """One small schematic map per phase, with the terrain and only the positions that phase names,
    numbered as on :func:`city_map`; two panels a row, :data:`WIDTH` inches wide, with
    :data:`FONT` point text.

    Parameters
    ----------
    features: the city features table (areas and rivers on every panel; points and arrows on
        the panel of their ``phase_id``).
    phases: the phase table, for the panels' titles.
    phase_ids: the phases to draw, one panel each, in this order.

    Returns
    -------
    The matplotlib figure (an odd last panel is hidden). No reads are recorded.
    """
    rows = -(-len(phase_ids) // 2)
    fig, axes = plt.subplots(rows, 2, figsize=(WIDTH, 2.35 * rows + 0.5), squeeze=False)
    titles = phases.set_index("phase_id")["title"]
    numbers = feature_numbers(features)
    for ax, pid in zip(axes.flat, phase_ids):
        _draw_features(ax, features[features["kind"].isin(["area", "river"])], label=False)
        _draw_features(
            ax, features[features["kind"].isin(["point", "arrow"])], label=False, only_phase=pid
        )
        _frame(ax, note=False)
        ax.set_title(textwrap.fill(titles[pid], 22), fontsize=FONT)
    for ax in axes.flat[len(phase_ids) :]:
        ax.set_visible(False)
    fig.suptitle(
        "Positions each phase names\n(schematic, not to scale)", fontsize=FONT, fontweight="bold"
    )
    fig.tight_layout()
    for ax, pid in zip(axes.flat, phase_ids):
        mine = features[(features["kind"] == "point") & (features["phase_id"] == pid)]
        _number_positions(ax, mine, numbers)
    return fig


def places_table(places: pd.DataFrame) -> pd.DataFrame:
    """The towns with their GeoNames record and projected position, to the nearest km.

    Parameters
    ----------
    places: the places table.

    Returns
    -------
    A frame indexed by ``place_id``: ``name``, ``geonames_name``, ``geonameid``, ``latitude``
    and ``longitude`` as text ("26.89° N"), ``km_east`` and ``km_north`` as ints.
    """
    xy = project(places)
    table = places.set_index("place_id")[
        ["name", "geonames_name", "geonameid", "latitude", "longitude"]
    ]
    # Coordinates as a reader writes them (two decimals, about a kilometre), not raw floats.
    return table.assign(
        latitude=[f"{v:.2f}° N" for v in table["latitude"]],
        longitude=[f"{v:.2f}° E" for v in table["longitude"]],
        km_east=xy["x_km"].round().astype(int),
        km_north=xy["y_km"].round().astype(int),
    )


def features_table(features: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """The placed positions of the city map, numbered as on the map, with how each was placed.

    Parameters
    ----------
    features: the city features table; only its points are listed.
    phases: the phase table, for the title of the phase that names each point ("" if none).

    Returns
    -------
    A text frame indexed by ``no.`` (as on the map): ``name``, ``named in``, ``basis``,
    ``how placed`` and ``quote``.
    """
    numbers = feature_numbers(features)
    titles = phases.set_index("phase_id")["title"]
    points = features[features["kind"] == "point"]
    return pd.DataFrame(
        {
            "name": list(points["name"]),
            "named in": [titles.get(p, "") for p in points["phase_id"]],
            "basis": list(points["basis"]),
            "how placed": list(points["rule"]),
            "quote": list(points["quote"]),
        },
        index=pd.Index([numbers[f] for f in points["feature_id"]], name="no."),
    )


def basis_counts(features: pd.DataFrame) -> dict[str, int]:
    """Features in all, and how many are sourced, derived (direction given) and assumed.

    Parameters
    ----------
    features: the city features table.

    Returns
    -------
    A dict of ints: ``n_features``, ``n_sourced``, ``n_derived`` and ``n_assumed``.
    """
    basis = features["basis"].value_counts()
    return {
        "n_features": len(features),
        "n_sourced": int(basis.get("sourced", 0)),
        "n_derived": int(basis.get("derived", 0)),
        "n_assumed": int(basis.get("assumed", 0)),
    }


# Where the terrain is named on a chapter map (km from the centre of the city proper).
_TERRAIN_LABELS = [
    ("city", 0.0, 0.0, "center", "center"),
    ("Xiang", 0.5, 2.2, "left", "center"),
    ("Lei", 3.0, -1.45, "center", "top"),
    ("hills", -1.5, -2.85, "left", "bottom"),
    ("flooded fields", -2.5, 2.3, "left", "top"),
]


def _marker_notes(points: pd.DataFrame) -> list[str]:
    """What the markers of the positions shown mean, one line each."""
    notes = []
    if (points["basis"] != "assumed").any():
        notes.append("filled circle: direction from the source, distance chosen")
    if (points["basis"] == "assumed").any():
        notes.append("open diamond: position assumed")
    return notes


def chapter_map(features: pd.DataFrame, feature_ids: list[str], title: str):
    """The schematic city plan for one chapter: the terrain of :func:`city_map` and only the
    positions and attacks the chapter names (``feature_ids``, rows of ``city_features``).

    Positions carry their numbers from :func:`feature_numbers` (the numbers of the plan on the
    maps page), attacks the letters A, B, ...; a key under the plan names each, and says which
    positions are assumed. The words "schematic, not to scale" stand on the plan itself.

    Parameters
    ----------
    features: the city features table (its areas and rivers are always drawn).
    feature_ids: the positions and attacks to show; their reads are recorded (KeyError for
        an unknown id).
    title: the plan's title, wrapped at 46 characters.

    Returns
    -------
    The matplotlib figure.
    """
    provenance.record(features, feature_ids)  # the chapter's sources table lists these rows
    chosen = features.set_index("feature_id").loc[list(feature_ids)].reset_index()
    numbers = feature_numbers(features)
    points = chosen[chosen["kind"] == "point"].copy()
    points["number"] = [numbers[f] for f in points["feature_id"]]
    points = points.sort_values("number")
    arrows = chosen[chosen["kind"] == "arrow"]
    letters = {fid: chr(ord("A") + i) for i, fid in enumerate(arrows["feature_id"])}
    key = [
        f"{n}  {name}" + ("  (position assumed)" if basis == "assumed" else "")
        for n, name, basis in zip(points["number"], points["name"], points["basis"])
    ] + [f"{letters[f]}  {name}" for f, name in zip(arrows["feature_id"], arrows["name"])]
    key = [
        textwrap.fill(line, 54, subsequent_indent="     ") for line in key + _marker_notes(points)
    ]
    lines = sum(line.count("\n") + 1 for line in key)
    title = textwrap.fill(title, 46)
    map_w, map_h = WIDTH - 0.1, (WIDTH - 0.1) * 6.8 / 8.4  # the extent of :func:`_frame`
    title_in, key_in = 0.25 * (title.count("\n") + 1) + 0.15, 0.2 * lines + 0.2
    height = title_in + map_h + key_in
    fig = plt.figure(figsize=(WIDTH, height))
    ax = fig.add_axes([0.05 / WIDTH, (key_in) / height, map_w / WIDTH, map_h / height])
    _draw_features(ax, features[features["kind"].isin(["area", "river"])], label=False)
    _draw_features(ax, arrows, label=False)
    _draw_features(ax, points, label=False)
    xy = {f: parse_path(p)[0] for f, p in zip(points["feature_id"], points["path"])}
    for word, x, y, ha, va in _TERRAIN_LABELS:
        # a position shown on the word's spot (the Central Bank on "city") would hide both:
        # the word moves up, the position keeps its place
        if any(abs(px - x) < 0.4 and abs(py - y) < 0.3 for px, py in xy.values()):
            y += 0.5
        box = {"facecolor": "white", "edgecolor": "none", "pad": 0.5}
        ax.text(x, y, word, fontsize=FONT, ha=ha, va=va, style="italic", zorder=5, bbox=box)
    for fid, number in zip(points["feature_id"], points["number"]):
        x, y = xy[fid]
        # a label goes to the left when another position shown lies just to its right
        crowded = any(0 < x2 - x < 0.6 and abs(y2 - y) < 0.5 for x2, y2 in xy.values())
        ax.annotate(
            str(number),
            (x, y),
            xytext=(-5 if crowded else 5, 0),
            textcoords="offset points",
            ha="right" if crowded else "left",
            va="center",
            fontsize=FONT,
            fontweight="bold",
            zorder=6,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
        )
    for _, row in arrows.iterrows():
        _attack_letter(ax, row["path"], letters[row["feature_id"]])
    _frame(ax)
    top = 1 - 0.08 / height
    fig.text(0.05 / WIDTH, top, title, fontsize=FONT + 1, fontweight="bold", ha="left", va="top")
    fig.text(
        0.05 / WIDTH,
        (key_in - 0.1) / height,
        "\n".join(key),
        fontsize=FONT,
        ha="left",
        va="top",
        linespacing=1.25,
    )
    return fig
