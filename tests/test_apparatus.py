"""The reader's apparatus: order of battle, chronology, maps, glossary and bibliography."""

import io
import json
import re
import socket

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from hengyang import ROOT, maps, orbat  # noqa: E402
from hengyang import analysis as an  # noqa: E402
from hengyang.data import load_table, load_tables  # noqa: E402
from hengyang.seed import quote_in_seed  # noqa: E402

CHAPTERS = ROOT / "chapters"


@pytest.fixture(scope="module")
def t():
    names = [
        "units",
        "people",
        "commands",
        "events",
        "phases",
        "event_places",
        "places",
        "city_features",
        "relief_positions",
    ]
    return dict(zip(names, load_tables(*names)))


def _html_tables(path):
    """Every HTML table stored in a notebook's outputs, as (column names, rows of cell texts)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            for table in BeautifulSoup(html, "html.parser").find_all("table"):
                head = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
                body = [
                    [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
                    for tr in table.find("tbody").find_all("tr")
                ]
                yield head, body


# --- order of battle -------------------------------------------------------------------------


def test_units_form_a_forest_without_cycles(t):
    parent = dict(zip(t["units"]["unit_id"], t["units"]["parent_id"]))
    for unit in parent:
        seen = set()
        while unit:
            assert unit not in seen, f"cycle through {unit}"
            seen.add(unit)
            unit = parent[unit]


def test_the_24th_army_group_holds_the_four_corps_the_source_counts(t):
    units = t["units"]
    members = set(units.loc[units["parent_id"] == "cn-24th-army-group", "unit_id"])
    assert members == {"cn-73rd-army", "cn-74th-army", "cn-79th-army", "cn-100th-army"}


def test_every_person_quote_including_the_role_quote_is_in_the_seed(t):
    for column in ("role_quote", "quote"):
        missing = [
            p for p, q in zip(t["people"]["person_id"], t["people"][column]) if not quote_in_seed(q)
        ]
        assert not missing, (column, missing)


def test_the_68th_division_passes_from_sakuma_to_iwanaga_to_tsutsumi(t):
    succession = orbat.command_succession(t["commands"], t["people"], "jp-68th-div")
    assert [s.split()[0] for s in succession] == ["Sakuma", "Iwanaga", "Tsutsumi"]
    assert succession[1] == "Iwanaga (28 Jun - 11 Jul)"


def test_commands_end_no_earlier_than_they_start(t):
    c = t["commands"].dropna(subset=["start", "end"])
    assert (c["start"] <= c["end"]).all()


def test_the_tree_places_every_drawn_unit_below_its_parent(t):
    layout = orbat.tree_layout(t["units"], "Japan")
    parent = t["units"].set_index("unit_id")["parent_id"]
    assert "jp-68th-div" in layout.index and "jp-air-service" not in layout.index
    for unit, (depth, row) in layout.iterrows():
        if parent[unit] in layout.index:
            assert layout.loc[parent[unit], "row"] < row
            assert layout.loc[parent[unit], "depth"] == depth - 1


# --- chronology ------------------------------------------------------------------------------


def test_the_chronology_function_holds_every_event_exactly_once(t):
    table = an.chronology(t["events"], t["phases"], t["event_places"])
    assert sorted(table["event"]) == sorted(t["events"]["event_id"])
    assert table["event"].is_unique


def test_the_chronology_page_shows_every_event_exactly_once():
    shown = []
    for head, body in _html_tables(CHAPTERS / "chronology.ipynb"):
        if "event" in head:
            shown += [row[head.index("event")] for row in body]
    events = load_table("events")
    assert sorted(shown) == sorted(events["event_id"]), "re-run chapters/chronology.ipynb"


def test_chapter_event_tables_are_disjoint():
    summary_to_event = dict(zip(load_table("events")["summary"], load_table("events")["event_id"]))
    owner: dict[str, str] = {}
    chapters_with_tables = 0
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        if path.name == "chronology.ipynb":
            continue
        found = False
        for head, body in _html_tables(path):
            if "what happened" not in head:
                continue
            found = True
            for row in body:
                event = summary_to_event[row[head.index("what happened")]]
                assert event not in owner or owner[event] == path.name, (
                    f"{event} is in the event tables of {owner.get(event)} and {path.name}"
                )
                owner[event] = path.name
        chapters_with_tables += found
    assert chapters_with_tables >= 8, (
        "the check found too few chapter event tables to mean anything"
    )


def test_phase_events_keep_to_their_phase(t):
    for phase in t["phases"]["phase_id"]:
        numbered = an.phase_events(t["events"], phase)
        mine = t["events"][t["events"]["phase_id"] == phase]
        assert sorted(an.events_view(numbered)["what happened"]) == sorted(mine["summary"])


def test_every_event_has_one_place_written_in_its_quote(t):
    places = t["event_places"]
    assert sorted(places["event_id"]) == sorted(t["events"]["event_id"])
    for event, place, quote in zip(places["event_id"], places["place"], places["quote"]):
        assert place == "not stated" or place.lower() in quote.lower(), event


def test_events_per_day_covers_the_47_days(t):
    per_day = an.events_per_day(t["events"], t["phases"])
    assert len(per_day) == an.days_of_battle(t["phases"])
    start, end = an.battle_window(t["phases"])
    inside = t["events"][(t["events"]["date"] >= start) & (t["events"]["date"] <= end)]
    assert int(per_day.to_numpy().sum()) == len(inside)


# --- maps ------------------------------------------------------------------------------------


def test_places_carry_geonames_ids_and_the_cc_by_licence(t):
    places = t["places"]
    assert places["geonameid"].is_unique
    assert set(places["licence"]) == {"CC-BY-4.0"}
    assert places.set_index("place_id").loc["hengshan", "geonameid"] == 1808421  # stored as Kaiyun
    assert places.set_index("place_id").loc["hengshan", "geonames_name"] == "Kaiyun"


def test_the_projection_gives_sensible_distances(t):
    # Hengyang to Changsha is about 150 km in a straight line; a wrong axis or scale would miss
    # badly.
    assert 140 < maps.distance_km(t["places"], "hengyang", "changsha") < 160
    xy = maps.project(t["places"])
    assert xy.loc["hengyang", "x_km"] == 0 and xy.loc["hengyang", "y_km"] == 0
    assert xy.loc["wuhan", "y_km"] > 0 > xy.loc["guangzhou", "y_km"]


def test_city_feature_paths_parse_and_assumed_positions_say_why(t):
    for path in t["city_features"]["path"]:
        assert maps.parse_path(path)
    f = t["city_features"]
    assert (f.loc[f["basis"] != "sourced", "rule"].str.len() > 0).all()


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a map tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _render(fig):
    fig.savefig(io.BytesIO(), format="png")
    matplotlib.pyplot.close(fig)


def test_the_regional_map_draws_every_place_offline(t, no_network):
    fig = maps.regional_map(t["places"])
    ax = fig.axes[0]
    labels = {text.get_text() for text in ax.texts}
    assert set(t["places"]["name"]) <= labels
    assert len(ax.collections) == len(t["places"])  # one scatter per town
    assert len([h for h in ax.get_legend_handles_labels()[1] if "schematic" in h]) == 4
    _render(fig)


def test_the_city_map_draws_every_feature_and_says_schematic_offline(t, no_network):
    f = t["city_features"]
    fig, ax = matplotlib.pyplot.subplots()
    assert maps._draw_features(ax, f) == len(f)
    matplotlib.pyplot.close(fig)
    fig = maps.city_map(f)
    texts = [x.get_text() for x in fig.axes[0].texts]
    assert "SCHEMATIC, NOT TO SCALE" in texts
    numbers = maps.feature_numbers(f)
    assert {str(n) for n in numbers.values()} <= set(texts)
    assert len(numbers) == (f["kind"] == "point").sum()
    _render(fig)


def test_the_phase_maps_show_only_their_phase(t, no_network):
    f = t["city_features"]
    shown = ["opening", "first-offensive", "second-offensive", "siege", "third-offensive", "relief"]
    fig = maps.phase_maps(f, t["phases"], shown)
    numbers = maps.feature_numbers(f)
    for ax, phase in zip(fig.axes, shown):
        want = {
            str(numbers[i])
            for i in f.loc[(f["phase_id"] == phase) & (f["kind"] == "point"), "feature_id"]
        }
        assert {x.get_text() for x in ax.texts if x.get_text().isdigit()} == want, phase
    _render(fig)


def test_the_relief_rings_draw_one_ring_per_reported_distance(t, no_network):
    rp = t["relief_positions"]
    names = dict(zip(t["units"]["unit_id"], t["units"]["name"]))
    fig = maps.relief_rings(rp, names)
    rings = [p for p in fig.axes[0].patches if isinstance(p, Circle) and p.get_facecolor()[3] == 0]
    miles = rp[rp["reach"] == "miles"]  # a place at the city's edge has no mileage, and no ring
    distances = set(miles["low"]) | set(miles["high"])
    assert {round(r.get_radius(), 6) for r in rings} == {float(d) for d in distances}
    _render(fig)


# --- glossary and bibliography ---------------------------------------------------------------


def _glossary_terms():
    text = (CHAPTERS / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip() for line in block.splitlines() if line and not line.startswith(" ")}


def test_every_glossary_link_in_the_book_names_a_defined_term():
    terms = _glossary_terms()
    used = set()
    for path in list(CHAPTERS.glob("*.md")) + list(CHAPTERS.glob("*.ipynb")):
        for target in re.findall(r"\{term\}`([^`]+)`", path.read_text(encoding="utf-8")):
            used.add(target.split("<")[-1].rstrip(">").strip() if "<" in target else target.strip())
    assert used, "no chapter links a glossary term"
    assert {u.lower() for u in used} <= {t.lower() for t in terms}, sorted(used - terms)


def test_the_glossary_defines_the_unit_sizes_the_issue_asks_for():
    terms = _glossary_terms()
    for term in (
        "war area",
        "army group",
        "army (Chinese)",
        "army (Japanese)",
        "corps",
        "division",
        "brigade",
        "regiment",
        "battalion",
        "company",
        "regiment-for-division rule",
    ):
        assert term in terms


def test_every_cited_work_is_in_the_bibliography_once():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M)
    assert len(keys) == len(set(keys)), "duplicate bibliography keys"
    cited = set(
        re.findall(
            r"\{cite(?::\w+)?\}`([^`]+)`", (CHAPTERS / "sources.md").read_text(encoding="utf-8")
        )
    )
    cited = {k.strip() for c in cited for k in c.split(",")}
    assert cited == set(keys), (sorted(cited - set(keys)), sorted(set(keys) - cited))


def test_only_one_page_holds_a_bibliography():
    pages = [
        p.name
        for p in list(CHAPTERS.glob("*.md")) + list(CHAPTERS.glob("*.ipynb"))
        if "{bibliography}" in p.read_text(encoding="utf-8")
    ]
    assert pages == ["sources.md"]


def test_the_reference_pages_are_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for page in ("order_of_battle", "chronology", "maps", "glossary", "sources"):
        assert f"chapters/{page}" in toc


def test_the_counts_the_pages_glue_add_up(t):
    sides = orbat.side_counts(t["units"])
    assert sum(sides.values()) == len(t["units"])
    fates = orbat.fate_counts(t["people"])
    assert fates["n_killed"] + fates["n_escaped"] + fates["n_unknown"] <= fates["n_people"]
    basis = maps.basis_counts(t["city_features"])
    assert basis["n_sourced"] + basis["n_derived"] + basis["n_assumed"] == basis["n_features"]
    counts = an.chronology_counts(t["events"], t["phases"])
    assert counts["n_before"] + counts["n_battle"] + counts["n_after"] == counts["n_events"]


def test_bibliography_titles_keep_their_capitals():
    # the bibliography style sets titles in sentence case ("Battle of hengyang") unless the
    # title is braced as a whole
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    titles = re.findall(r"^\s*title = (.*)$", bib, flags=re.M)
    assert titles
    unbraced = [t for t in titles if not t.startswith("{{")]
    assert not unbraced, unbraced
