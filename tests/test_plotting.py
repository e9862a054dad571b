"""The house style and the shared figures: colour-blind-safe, labelled, legible on a phone,
drawing what the data say, and unchanged unless someone means to change them.

Every figure function is compared with a committed baseline image by pytest-mpl
(``tests/baseline/``; ``pytest --mpl`` is on in pytest.ini). Tolerance: an RMS difference
of 2 (on the 0-255 scale) between the images, enough to absorb anti-aliasing noise and far
below a moved label, a missing bar or a changed colour. After an intended change, regenerate
with ``pytest tests/test_plotting.py --mpl-generate-path=tests/baseline`` and look at them.
"""

import matplotlib

matplotlib.use("Agg")

import figure_checks
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

from hengyang import analysis as an
from hengyang import claim_figures as cf
from hengyang import consistency as cs
from hengyang import plotting as hp
from hengyang import survivors as sv
from hengyang import wider_war as ww
from hengyang.data import load_tables

BASELINE = "baseline"
TOLERANCE = 2

NAMES = ["phases", "events", "casualty_claims", "relief_positions", "shortages", "units"]
T = dict(zip(NAMES, load_tables(*NAMES)))
T["force_strengths"] = load_tables("force_strengths")[0]
T["wider_war"] = load_tables("wider_war")[0]
ICHIGO_ANCHORS = ["ev-ichigo-start", "ev-hunan-offensive", "ev-changsha-falls"]
BY_AIR = {
    "killed": ("cc-jp-first-phase-killed-by-air", "cc-jp-first-phase-killed"),
    "wounded": ("cc-jp-first-phase-wounded-by-air", "cc-jp-first-phase-wounded"),
}
UNIT_NAMES = dict(zip(T["units"]["unit_id"], T["units"]["name"]))


def _conflict_rows():
    claims, strengths = T["casualty_claims"], T["force_strengths"]
    identities, terms = load_tables("claim_identities", "identity_terms")
    main = cs.identities_from_tables(identities, terms)
    tied = cs.in_identities(cs.claims_from_tables(claims, strengths), main)
    conflicts = cs.all_conflicts(tied, main)[:3]
    labels = {c.claim_id: cs.claim_label(c.claim_id, claims, strengths) for c in tied}
    return cs.conflict_rows(conflicts, tied, main, labels)


def _strip_rows():
    return ww.strip_rows(T["wider_war"], T["events"], ICHIGO_ANCHORS, "1943-11-01", "1944-12-31")


def _ledger():
    (entries,) = load_tables("ledger_entries")
    return sv.ledger_intervals(entries, T["casualty_claims"], T["force_strengths"])


def _last_days():
    numbered = an.events_between(T["events"], "1944-08-06", "1944-08-08")
    return numbered, an.event_times(numbered)


# Tidy frames, one row a bar: a range, a single figure, and two figures open on one side.
RANGES = pd.DataFrame(
    {
        "label": ["a range", "one figure", "more than", "almost"],
        "low": [2, 5, 10, None],
        "high": [3, 5, None, 2.5],
        "text": ["2 to 3", "5", "more than 10", "almost 2.5"],
        "side": ["both"] * 4,
    }
)
COUNTS = pd.DataFrame(
    {
        "label": ["on paper", "in reality"],
        "value": [12, 7],
        "side": ["apart", "China"],
        "hatched": [True, False],
    }
)

# One entry per figure function of hengyang.plotting, drawn from the real data.
FIGURES = {
    "event_timeline": lambda: hp.event_timeline(T["phases"], T["events"]),
    "battle_overview": lambda: hp.battle_overview(
        T["phases"],
        an.strength_timeline(T["force_strengths"], T["casualty_claims"], T["phases"]),
        an.force_ratio_timeline(),
        an.felt_ratio_quotation(load_tables("stated_ratios")[0]),
    ),
    "ratio_sensitivity": lambda: hp.ratio_sensitivity(
        an.force_ratio_sensitivity(), {"opening (computed)": (2.5, "the article: 'almost 2.5'")}
    ),
    "claims_chart": lambda: hp.claims_chart(
        T["casualty_claims"],
        {
            "Chinese losses": ["cc-cn-first-offensive-china", "cc-ib-killed-died-of-wounds"],
            "Japanese losses": ["cc-cn-first-offensive-japan", "cc-mt-gao-tingbing-jun26"],
        },
    ),
    "ratio_chart": lambda: hp.ratio_chart(an.exchange_ratios()),
    "ranges_chart": lambda: hp.ranges_chart(RANGES, "x", reference=(4, "reference")),
    "count_bars": lambda: hp.count_bars(COUNTS, "regiments"),
    "dated_events": lambda: hp.dated_events(
        an.events_between(T["events"], "1944-07-11", "1944-07-20"), "The second offensive"
    ),
    "hourly_events": lambda: hp.hourly_events(*_last_days(), "6-8 August 1944"),
    "distance_chart": lambda: hp.distance_chart(T["relief_positions"], UNIT_NAMES),
    "memory_timeline": lambda: hp.memory_timeline(T["events"]),
    "share_bar": lambda: hp.share_bar([("killed", 0.5, ""), ("wounded", 0.03, "//")], "all"),
    "shortage_timeline": lambda: hp.shortage_timeline(T["shortages"]),
    "events_by_day": lambda: hp.events_by_day(
        an.events_per_day(T["events"], T["phases"]), T["phases"]
    ),
    "conflict_chart": lambda: cf.conflict_chart(_conflict_rows()),
    "ledger_chart": lambda: cf.ledger_chart(_ledger(), "16,275"),
    "wider_war_strip": lambda: ww.wider_war_strip(_strip_rows(), an.battle_window(T["phases"])),
    "part_bars": lambda: ww.part_bars(
        ww.part_of_whole(T["casualty_claims"], BY_AIR), "Japanese killed or wounded", "by aircraft"
    ),
}


def draw(name):
    hp.house_style()  # pytest-mpl resets the style around each test
    return FIGURES[name]()


def test_every_figure_function_has_a_baseline_test():
    public = {
        name
        for module in (hp, cf)
        for name, f in vars(module).items()
        if callable(f)
        and getattr(f, "__module__", "") == module.__name__
        and not name.startswith("_")
    }
    # the wider war's figures (chapter 11) live with its analysis; they return a figure
    public |= {"wider_war_strip", "part_bars"}
    # these draw into a given axes, set the style, or make the table shown under a figure
    helpers = {"house_style", "phase_strip", "range_bars", "dot", "bar_table"}
    assert public - helpers == set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.mpl_image_compare(baseline_dir=BASELINE, tolerance=TOLERANCE, style="default")
def test_figure_matches_its_baseline(name):
    return draw(name)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_text_of_every_figure_reads_at_8_pt_on_a_390_px_phone(name):
    fig = draw(name)
    texts, small = figure_checks.visible_texts(fig), figure_checks.small_texts(fig)
    plt.close(fig)
    assert texts and not small, small[:5]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_draws_inside_its_canvas(name):
    fig = draw(name)
    outside = figure_checks.outside_canvas(fig)
    plt.close(fig)
    assert not outside, outside


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_has_a_white_face_for_dark_mode(name):
    fig = draw(name)
    assert figure_checks.has_white_faces(fig)
    plt.close(fig)


def test_house_style_uses_the_okabe_ito_palette_and_sets_figures_only():
    import pandas as pd

    before = pd.get_option("display.max_colwidth")
    hp.house_style()
    cycle = [c["color"].upper() for c in plt.rcParams["axes.prop_cycle"]]
    assert cycle == hp.OKABE_ITO
    assert "#F0E442" not in hp.LINE_COLOURS
    assert plt.rcParams["font.size"] == hp.FONT
    assert pd.get_option("display.max_colwidth") == before


def test_text_colour_keeps_contrast_on_every_fill():
    assert hp._text_colour("#0072B2") == "white" and hp._text_colour("#F0E442") == "black"


def _texts(fig):
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def test_ranges_chart_draws_a_bar_a_dot_and_two_arrows_each_under_its_label():
    fig = draw("ranges_chart")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts if t.get_text()]
    assert labels == ["a range: 2 to 3", "one figure: 5", "more than: more than 10", "almost:"
                      " almost 2.5"]  # fmt: skip
    arrows = [t for t in ax.texts if not t.get_text()]
    assert len(arrows) == 2  # "more than" and "almost" are open on one side
    bar = [line for line in ax.lines if list(line.get_xdata()) == [2.0, 3.0]]
    assert len(bar) == 1
    plt.close(fig)


def test_claims_chart_draws_one_row_per_claim_with_the_figure_as_written():
    fig = draw("claims_chart")
    top, bottom = fig.axes
    assert top.get_title(loc="left") == "Chinese losses"
    assert len([t for t in top.texts if t.get_text()]) == 2
    assert any("more than 11,000" in t.get_text() for t in top.texts)
    assert any("Chinese side" in t.get_text() and "16,000" in t.get_text() for t in bottom.texts)
    plt.close(fig)


def test_ratio_chart_draws_every_pairing_and_the_line_of_equal_losses():
    ratios = an.exchange_ratios()
    fig = hp.ratio_chart(ratios)
    ax = fig.axes[0]
    assert len([t for t in ax.texts if t.get_text()]) == len(ratios)
    assert any(list(line.get_xdata()) == [1, 1] for line in ax.lines)
    plt.close(fig)


def test_count_bars_draw_one_bar_per_row_of_its_length_filled_and_hatched_as_the_row_says():
    fig = draw("count_bars")
    bars = fig.axes[0].patches
    assert [p.get_width() for p in bars] == [12, 7]
    assert [t.get_text() for t in fig.axes[0].texts] == ["on paper: 12", "in reality: 7"]
    assert [matplotlib.colors.to_hex(p.get_facecolor()) for p in bars] == ["#ffffff", "#0072b2"]
    assert [p.get_hatch() for p in bars] == ["//", ""]
    plt.close(fig)


def test_ranges_chart_colours_each_row_by_its_side_and_draws_an_approximate_figure_hollow():
    frame = pd.DataFrame(
        {
            "label": ["Chinese", "Japanese"],
            "low": [400, 100],
            "high": [400, 100],
            "text": ["400", "about 100"],
            "side": ["China", "Japan"],
            "approx": [False, True],
        }
    )
    fig = hp.ranges_chart(frame, "men")
    dots = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert [line.get_color() for line in dots] == ["#0072B2", "#D55E00"]
    assert [line.get_markerfacecolor() for line in dots] == ["#0072B2", "white"]
    plt.close(fig)


@pytest.mark.parametrize(
    ("chart", "frame", "message"),
    [
        (hp.ranges_chart, RANGES.drop(columns="side"), "ranges_chart: the frame has no column "
         "'side'; it takes label, low, high, text, side [approx]"),
        (hp.ranges_chart, RANGES.assign(colour="red"), "ranges_chart: the frame has an extra "
         "column 'colour'; it takes label, low, high, text, side [approx]"),
        (hp.count_bars, COUNTS.rename(columns={"value": "count"}), "count_bars: the frame has no "
         "column 'value' and an extra column 'count'; it takes label, value, side [hatched]"),
        (hp.count_bars, COUNTS.assign(side=["apart", "Chinese"]), "count_bars: side 'Chinese' "
         "is not one of China, Japan, United States, none, both, plan, yardstick, apart"),
    ],
)  # fmt: skip
def test_a_frame_with_a_missing_extra_or_unknown_column_is_refused_in_one_line(
    chart, frame, message
):
    with pytest.raises(ValueError) as refused:
        chart(frame, "x")
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)


def test_bar_table_shows_each_bar_as_its_figure_writes_it_and_nothing_raw():
    ranges = hp.bar_table(RANGES.assign(label=["a range", "   indented", "c", "d"]))
    assert list(ranges.index) == ["a range", "indented", "c", "d"]
    assert list(ranges["figure"]) == ["2 to 3", "5", "more than 10", "almost 2.5"]
    counts = hp.bar_table(COUNTS.assign(value=[16275.0, 2.5]))
    assert list(counts.columns) == ["figure"]
    assert list(counts["figure"]) == ["16,275", "2.5"]


def test_numbered_event_figures_number_events_as_their_tables_do():
    numbered = an.events_between(T["events"], "1944-07-11", "1944-07-20")
    fig = hp.dated_events(numbered, "x")
    assert sorted(int(t.get_text()) for t in fig.axes[0].texts) == list(numbered.index)
    assert len(fig.axes[0].collections) == len(numbered)  # one marker per event
    plt.close(fig)


def test_event_timeline_marks_every_event_of_the_battle_once():
    fig = draw("event_timeline")
    start, end = an.battle_window(T["phases"])
    events = T["events"]
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    marked = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert marked == len(inside)
    plt.close(fig)


def test_battle_overview_numbers_every_force_ratio_as_its_table_does():
    fig = draw("battle_overview")
    force = an.force_ratio_view(an.force_ratio_timeline())
    numbers = [t.get_text() for t in fig.findobj(Text) if t.get_gid() == "ratio-number"]
    assert numbers == [str(n) for n in force.index]
    plt.close(fig)


def test_battle_overview_gives_each_measure_its_own_axis_and_the_felt_ratio_no_point():
    fig = draw("battle_overview")
    force = an.force_ratio_timeline()
    panels = fig.axes[1:]
    assert [ax.get_title(loc="left") for ax in panels] == [
        "in regiment-for-division terms",
        "in infantry battalions",
        "in men",
    ]
    for ax, (_, rows) in zip(panels, force.groupby("measure", sort=False)):
        assert ax.get_ylim()[1] < 100  # no point and no axis reaches the felt hundred
        marks = [t for t in ax.texts if t.get_gid() == "ratio-number"]
        assert len(marks) == len(rows)
    assert any("a hundred times" in t.get_text() for t in panels[-1].texts)
    plt.close(fig)


def test_ratio_sensitivity_draws_one_panel_per_ranged_assumption_with_the_stated_line():
    fig = draw("ratio_sensitivity")
    sweep = an.force_ratio_sensitivity()
    assert len(fig.axes) == sweep.groupby(["when", "assumption"]).ngroups == 2
    opening = fig.axes[0]
    assert len(opening.lines[0].get_xdata()) == 9
    assert [line.get_ydata()[0] for line in opening.lines[1:]] == [2.5]  # 'almost 2.5'
    assert opening.get_xlabel() == "Japanese regiments per division (assumed)"
    plt.close(fig)


def test_share_bar_names_every_part_with_its_share():
    fig = draw("share_bar")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["1 killed: 50%", "2 wounded: 3%"]
    plt.close(fig)


def test_shortage_and_memory_figures_mark_every_row():
    fig = draw("shortage_timeline")
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == len(T["shortages"])
    plt.close(fig)
    fig = draw("memory_timeline")
    remembered = T["events"]["memory"].isin(["honoured", "erased", "recovered"]).sum()
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == remembered
    plt.close(fig)


def test_distance_chart_names_every_relief_unit_in_its_legend():
    fig = draw("distance_chart")
    legend = {t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts()}
    # a position the source gives for reinforcements names no unit
    named = {
        UNIT_NAMES.get(u) or "reinforcements (no unit named)"
        for u in T["relief_positions"]["unit_id"]
    }
    assert legend == named
    plt.close(fig)


def test_conflict_chart_draws_one_labelled_row_per_claim_of_each_conflict():
    rows = _conflict_rows()
    fig = cf.conflict_chart(rows)
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    assert len(labels) == len(rows)
    assert all(label.startswith(c) for label, c in zip(labels, rows["conflict"]))
    plt.close(fig)


def test_ledger_chart_writes_each_account_and_what_it_leaves():
    ledger = _ledger()
    fig = cf.ledger_chart(ledger, "16,275")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts if t.get_text()]
    assert [label.split(" (")[0] for label in labels] == list(ledger)
    plt.close(fig)


def test_wider_war_strip_marks_every_dated_row_once_in_its_lane_and_shades_the_battle():
    drawn = _strip_rows()
    fig = draw("wider_war_strip")
    ax = fig.axes[0]
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(drawn)
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert lanes == list(reversed([v for v in ww.THREADS.values() if v in set(drawn["lane"])]))
    spans = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert len(spans) == drawn["end"].notna().sum()  # a bar for each span, nothing else
    band = [p for p in ax.patches if p.get_alpha() == 0.35]
    assert len(band) == 1
    start, end = an.battle_window(T["phases"])
    left, right = band[0].get_x(), band[0].get_x() + band[0].get_width()
    assert left == pytest.approx(matplotlib.dates.date2num(start))
    assert right == pytest.approx(matplotlib.dates.date2num(end))
    plt.close(fig)


def test_part_bars_draw_each_whole_and_its_part_at_their_counts():
    fig = draw("part_bars")
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [834, 2488, 3322, 265, 318, 583]  # the wholes, then the parts
    labels = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert labels[0] == "killed: 265 of 834 by aircraft (about 32%)"
    assert labels[2].startswith("killed and wounded together: 583 of 3,322")
    plt.close(fig)


# --- the chapter maps (hengyang.maps.chapter_map) --------------------------------------------

from hengyang import maps  # noqa: E402

CHAPTER_MAPS = {
    "first_offensive": (
        ["mt-tingbing", "huangcha", "oujiating", "mt-zhangjia"],
        "The first offensive, 28 June - 2 July",
    ),
    "siege": (
        ["wuxian-suxian", "siege-attack-west", "siege-attack-southwest", "siege-attack-south",
         "siege-xiang-crossing"],
        "The siege, 21 July - 3 August",
    ),
    "fall": (
        ["xichan-temple", "mt-tianma", "mt-yueping", "north-wugui", "waixin-street",
         "yanwuping", "qingshan-avenue", "yanglin-temple", "central-bank"],
        "The third offensive and the fall, 4-8 August",
    ),
}  # fmt: skip


def draw_chapter_map(name):
    hp.house_style()
    (features,) = load_tables("city_features")
    return maps.chapter_map(features, *CHAPTER_MAPS[name])


@pytest.mark.parametrize("name", sorted(CHAPTER_MAPS))
@pytest.mark.mpl_image_compare(baseline_dir=BASELINE, tolerance=TOLERANCE, style="default")
def test_chapter_map_matches_its_baseline(name):
    return draw_chapter_map(name)


@pytest.mark.parametrize("name", sorted(CHAPTER_MAPS))
def test_chapter_map_says_schematic_and_keys_every_position_and_attack_it_draws(name):
    (features,) = load_tables("city_features")
    ids, _ = CHAPTER_MAPS[name]
    fig = draw_chapter_map(name)
    ax = fig.axes[0]
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert "SCHEMATIC, NOT TO SCALE" in texts
    chosen = features.set_index("feature_id").loc[ids]
    numbers = maps.feature_numbers(features)
    points = [f for f in ids if chosen.at[f, "kind"] == "point"]
    arrows = [f for f in ids if chosen.at[f, "kind"] == "arrow"]
    assert sorted(t for t in (x.get_text() for x in ax.texts) if t.isdigit()) == sorted(
        str(numbers[f]) for f in points
    )
    key = fig.texts[-1].get_text().replace("\n     ", " ")  # the key's lines, unwrapped
    for f in points + arrows:  # every drawn feature is named in the key, as the data name it
        assert chosen.at[f, "name"] in key, f
    assert len(ax.patches) - sum(features["kind"] == "area") == len(arrows)
    plt.close(fig)


@pytest.mark.parametrize("name", sorted(CHAPTER_MAPS))
def test_chapter_map_text_reads_at_8_pt_on_a_390_px_phone_with_a_white_face(name):
    fig = draw_chapter_map(name)
    texts, small = figure_checks.visible_texts(fig), figure_checks.small_texts(fig)
    assert texts and not small, small[:5]
    assert figure_checks.has_white_faces(fig)
    assert not figure_checks.outside_canvas(fig)
    plt.close(fig)


@pytest.mark.parametrize("name", sorted(CHAPTER_MAPS))
def test_chapter_map_draws_no_position_marker_under_a_terrain_word(name):
    fig = draw_chapter_map(name)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    words = [t for t in ax.texts if t.get_style() == "italic"]  # "city", "Xiang", "hills" ...
    assert words
    markers = [xy for c in ax.collections for xy in c.get_offsets()]  # the positions' dots
    assert markers
    for x, y in markers:
        px, py = ax.transData.transform((x, y))
        hidden = [t.get_text() for t in words if t.get_window_extent(renderer).contains(px, py)]
        assert not hidden, f"the marker at {(x, y)} lies under {hidden}"
    plt.close(fig)
