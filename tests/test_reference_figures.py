"""The figures of the reference pages (maps, order of battle) under the same tests as the
chapters' figures in test_plotting.py: a pytest-mpl baseline each (same tolerance, same style),
every text at least 8 pt on a 390 px phone, white faces for dark mode, and behaviour tests that
count what each figure draws against the rows of the table it draws.

After an intended change, regenerate the baselines with
``pytest tests/test_reference_figures.py --mpl-generate-path=tests/baseline`` and look at them.
"""

import re
import socket

import matplotlib

matplotlib.use("Agg")

import figure_checks
import matplotlib.pyplot as plt
import pytest
from figure_checks import has_white_faces, small_texts, visible_texts
from matplotlib.patches import Circle, FancyArrowPatch, Polygon

from hengyang import maps, orbat
from hengyang import plotting as hp
from hengyang.data import load_tables

BASELINE = "baseline"
TOLERANCE = 2  # as in test_plotting.py: RMS on the 0-255 scale

NAMES = ["places", "city_features", "relief_positions", "units", "phases", "people", "commands"]
T = dict(zip(NAMES, load_tables(*NAMES)))
UNIT_NAMES = dict(zip(T["units"]["unit_id"], T["units"]["name"]))
# The phases the maps page draws a panel for, as chapters/maps.ipynb does.
SHOWN_PHASES = [
    "opening",
    "first-offensive",
    "second-offensive",
    "siege",
    "third-offensive",
    "relief",
]
SIDES = {"China": "Chinese units the source names", "Japan": "Japanese units the source names"}


def _rings():
    positions = T["relief_positions"]
    return maps.relief_rings(positions, {u: UNIT_NAMES.get(u, "") for u in positions["unit_id"]})


# One entry per figure function of hengyang.maps and hengyang.orbat, drawn from the real data
# with the arguments the reference pages give them.
FIGURES = {
    "regional_map": lambda: maps.regional_map(T["places"]),
    "relief_rings": _rings,
    "city_map": lambda: maps.city_map(T["city_features"]),
    "phase_maps": lambda: maps.phase_maps(T["city_features"], T["phases"], SHOWN_PHASES),
    **{
        f"orbat_figure_{side.lower()}": (
            lambda side=side, title=title: orbat.orbat_figure(
                T["units"], T["commands"], T["people"], side, title
            )
        )
        for side, title in SIDES.items()
    },
}
# Public functions of the two modules that return tables, numbers or layouts, not figures.
NOT_FIGURES = {
    maps: {
        "parse_path",
        "project",
        "distance_km",
        "feature_numbers",
        "places_table",
        "features_table",
        "basis_counts",
    },
    orbat: {
        "command_span",
        "commanders_table",
        "command_succession",
        "tree_layout",
        "echelon_counts",
        "side_counts",
        "fate_counts",
    },
}


# Figure functions of these modules whose baseline and legibility tests are in test_plotting.py
# (the chapters' maps: hengyang.maps.chapter_map, being added there).
IN_TEST_PLOTTING = {"chapter_map"}


def draw(name):
    hp.house_style()  # pytest-mpl resets the style around each test
    return FIGURES[name]()


def test_every_reference_figure_function_has_a_baseline_test():
    public = {
        name
        for module in NOT_FIGURES
        for name, f in vars(module).items()
        if callable(f)
        and getattr(f, "__module__", "") == module.__name__
        and not name.startswith("_")
    }
    figures = public - set().union(*NOT_FIGURES.values())
    elsewhere = figures & IN_TEST_PLOTTING
    if elsewhere:  # their baseline tests are test_plotting.py's own
        import test_plotting

        for name in elsewhere:
            assert name in test_plotting.FIGURES or hasattr(
                test_plotting, f"test_{name}_matches_its_baseline"
            ), name
    covered = {name.removesuffix("_china").removesuffix("_japan") for name in FIGURES}
    assert figures - elsewhere == covered


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.mpl_image_compare(baseline_dir=BASELINE, tolerance=TOLERANCE, style="default")
def test_reference_figure_matches_its_baseline(name):
    return draw(name)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_text_of_every_reference_figure_reads_at_8_pt_on_a_390_px_phone(name):
    fig = draw(name)
    texts, small = visible_texts(fig), small_texts(fig)
    plt.close(fig)
    assert texts and not small, small[:5]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_reference_figure_draws_inside_its_canvas(name):
    fig = draw(name)
    outside = figure_checks.outside_canvas(fig)
    plt.close(fig)
    assert not outside, outside


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_reference_figure_has_a_white_face_for_dark_mode(name):
    fig = draw(name)
    assert has_white_faces(fig)
    plt.close(fig)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_reference_figures_draw_with_the_network_cut_off(name, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network while drawing a figure")

    for attr in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, attr, refuse)
    fig = draw(name)
    plt.close(fig)
    assert not attempts


def _flat(text):
    """A text on one line, single-spaced: wrapping moves no word."""
    return " ".join(text.split())


def _texts(fig_or_ax):
    return [t.get_text() for t in fig_or_ax.findobj(matplotlib.text.Text) if t.get_text().strip()]


def _offsets(ax):
    return [tuple(xy) for c in ax.collections for xy in c.get_offsets()]


# --- regional map -------------------------------------------------------------------------


def test_regional_map_marks_and_names_every_place_of_the_table_once():
    places = T["places"]
    fig = draw("regional_map")
    ax = fig.axes[0]
    xy = maps.project(places)
    assert sorted(_offsets(ax)) == sorted(zip(xy["x_km"], xy["y_km"]))
    names = [t.get_text() for t in ax.texts if t.get_text() in set(places["name"])]
    assert sorted(names) == sorted(places["name"])
    plt.close(fig)


def test_regional_map_draws_each_named_line_through_its_places_and_calls_it_schematic():
    xy = maps.project(T["places"])
    fig = draw("regional_map")
    ax = fig.axes[0]
    for name, stops in [*maps.RAILWAYS.items(), maps.ROAD]:
        (line,) = [line for line in ax.lines if _flat(line.get_label()) == f"{name} (schematic)"]
        assert list(line.get_xdata()) == list(xy.loc[stops, "x_km"])
        assert list(line.get_ydata()) == list(xy.loc[stops, "y_km"])
    river = [line for line in ax.lines if line.get_label().startswith("Xiang River")]
    assert len(river) == 1 and "(schematic" in river[0].get_label()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == len(maps.RAILWAYS) + 3  # railways, road, radio link, river
    plt.close(fig)


# --- relief rings -------------------------------------------------------------------------


def _ring_rows():
    positions = T["relief_positions"]
    return positions[positions["reach"] == "miles"], positions[positions["reach"] == "city edge"]


def test_relief_rings_draw_one_ring_per_reported_distance_and_a_band_per_range():
    miles, _ = _ring_rows()
    fig = draw("relief_rings")
    ax = fig.axes[0]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    rings = [c for c in circles if c.get_fill() is False or c.get_facecolor()[3] == 0]
    groups = miles.groupby(["low", "high"])
    assert len(rings) == sum(len({low, high}) for low, high in groups.groups)
    assert {c.get_radius() for c in rings} == set(miles["low"]) | set(miles["high"])
    bands = [c for c in circles if 0 < c.get_facecolor()[3] < 1]
    assert len(bands) == sum(low != high for low, high in groups.groups)
    written = [t.get_text() for t in ax.texts if t.get_text() in set(miles["written"])]
    assert sorted(written) == sorted(miles.drop_duplicates(["low", "high"])["written"])
    plt.close(fig)


def test_relief_rings_list_every_reported_position_in_the_legend_under_its_distance():
    miles, edge = _ring_rows()
    fig = draw("relief_rings")
    entries = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts()]
    assert len(entries) == miles.groupby(["low", "high"]).ngroups + (len(edge) > 0)
    dated = sum(len(re.findall(r"\b\d{1,2} (?:Jun|Jul|Aug) ", entry)) for entry in entries)
    assert dated == len(miles) + len(edge)  # one dated item per row, none twice
    # an entry starts with the distance as first written for it, or says the city's edge
    first = miles.groupby(["low", "high"])["written"].first()
    for _, row in [*miles.iterrows(), *edge.iterrows()]:
        unit = UNIT_NAMES.get(row["unit_id"]) or "reinforcements (no unit named)"
        # a position the unit was still making for says so ("fighting towards ...")
        not_yet = maps._NOT_YET.get(row["status"], "")
        item = f"{row['date'].day} {row['date']:%b} {unit} ({not_yet}{row['place']})"
        miles_away = row["reach"] == "miles"
        head = f"{first[row['low'], row['high']]}:" if miles_away else "at the city's edge ("
        assert any(e.startswith(head) and item in e for e in entries), item
    plt.close(fig)


# --- city map and phase panels ------------------------------------------------------------


def _kinds(features):
    return features["kind"].value_counts().to_dict()


def test_city_map_draws_every_feature_of_the_table_and_numbers_every_position():
    features = T["city_features"]
    kinds = _kinds(features)
    fig = draw("city_map")
    ax = fig.axes[0]
    assert len(_offsets(ax)) == kinds["point"]
    assert len([p for p in ax.patches if isinstance(p, FancyArrowPatch)]) == kinds["arrow"]
    assert len([p for p in ax.patches if isinstance(p, Polygon)]) == kinds["area"]
    assert len(ax.lines) == kinds["river"]
    numbers = sorted(int(t.get_text()) for t in ax.texts if t.get_text().isdigit())
    assert numbers == sorted(maps.feature_numbers(features).values())
    assert numbers == list(range(1, kinds["point"] + 1))
    plt.close(fig)


def test_city_map_draws_assumed_positions_open_and_the_others_filled():
    points = T["city_features"].query("kind == 'point'")
    fig = draw("city_map")
    faces = [tuple(f[:3]) for c in fig.axes[0].collections for f in c.get_facecolor()]
    assert faces.count((1, 1, 1)) == (points["basis"] == "assumed").sum()
    assert faces.count((0, 0, 0)) == (points["basis"] != "assumed").sum()
    plt.close(fig)


@pytest.mark.parametrize("name", ["city_map", "phase_maps"])
def test_schematic_maps_say_schematic_not_to_scale_on_their_face(name):
    fig = draw(name)
    assert any("schematic, not to scale" in text.lower() for text in _texts(fig))
    plt.close(fig)


def test_phase_maps_give_each_phase_a_panel_with_only_the_positions_it_names():
    features, phases = T["city_features"], T["phases"]
    titles = phases.set_index("phase_id")["title"]
    numbers = maps.feature_numbers(features)
    fig = draw("phase_maps")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [" ".join(ax.get_title().split()) for ax in panels] == [titles[p] for p in SHOWN_PHASES]
    for ax, pid in zip(panels, SHOWN_PHASES):
        mine = features[features["phase_id"] == pid]
        points = mine[mine["kind"] == "point"]
        assert len(_offsets(ax)) == len(points)
        arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        assert len(arrows) == (mine["kind"] == "arrow").sum()
        shown = sorted(int(t.get_text()) for t in ax.texts if t.get_text().isdigit())
        assert shown == sorted(numbers[f] for f in points["feature_id"])
    plt.close(fig)


# --- order of battle ----------------------------------------------------------------------


def _boxes(ax):
    return [t for t in ax.texts if t.get_bbox_patch() is not None]


@pytest.mark.parametrize("side", sorted(SIDES))
def test_orbat_figure_draws_one_box_per_formation_of_the_side_and_a_line_to_each_parent(side):
    units, commands = T["units"], T["commands"]
    drawn = units[(units["side"] == side) & units["echelon"].isin(orbat.TREE_ECHELONS)]
    fig = draw(f"orbat_figure_{side.lower()}")
    ax = fig.axes[0]
    boxes = _boxes(ax)
    assert len(boxes) == len(drawn)
    texts = sorted(_flat(b.get_text()) for b in boxes)
    for name, echelon in zip(drawn["name"], drawn["echelon"]):
        assert sum(text.startswith(f"{name} ({echelon})") for text in texts) == 1, name
    assert len(ax.lines) == drawn["parent_id"].isin(set(drawn["unit_id"])).sum()
    commanded = drawn["unit_id"].isin(set(commands["unit_id"]))
    solid = [b for b in boxes if b.get_bbox_patch().get_linestyle() == "-"]
    assert len(solid) == commanded.sum()
    assert ax.get_title(loc="left") == SIDES[side]
    plt.close(fig)


@pytest.mark.parametrize("side", sorted(SIDES))
def test_orbat_figure_names_every_commander_of_the_side_in_their_units_box(side):
    units, commands, people = T["units"], T["commands"], T["people"]
    fig = draw(f"orbat_figure_{side.lower()}")
    texts = [_flat(b.get_text()) for b in _boxes(fig.axes[0])]
    echelon = units.set_index("unit_id")["echelon"]
    surname = people.set_index("person_id")["surname"]
    mine = commands[commands["unit_id"].isin(units.query("side == @side")["unit_id"])]
    assert len(mine) > 0
    for unit_id, person_id in zip(mine["unit_id"], mine["person_id"]):
        who = surname[person_id] if person_id else "new colonel"
        (box,) = [t for t in texts if t.startswith(f"{UNIT_NAMES[unit_id]} ({echelon[unit_id]})")]
        assert who in box, (unit_id, who)
    plt.close(fig)


def test_an_unnamed_commander_is_written_as_the_source_describes_him():
    import pandas as pd

    people = pd.DataFrame({"person_id": ["p-a"], "surname": ["Wanimoto"]})
    commands = pd.DataFrame(
        {
            "unit_id": ["u", "u", "u"],
            "person_id": ["p-a", "", ""],
            "role": ["commander", "commander (a new colonel, not named)", "commander"],
            "start": pd.to_datetime([None, "1944-07-14", None]),
            "end": pd.to_datetime(["1944-07-13", None, None]),
        }
    )
    names = [s.split(" (")[0] for s in orbat.command_succession(commands, people, "u")]
    assert names == ["Wanimoto", "new colonel", "not named"]
