"""The computations the chapters show: days, ratios, bounds, claims, tables."""

import pandas as pd
import pytest

from hengyang import analysis as an
from hengyang.data import load_table, load_tables


@pytest.fixture(scope="module")
def tables():
    names = [
        "phases",
        "events",
        "force_strengths",
        "casualty_claims",
        "stated_ratios",
        "assumptions",
        "shortages",
    ]
    return dict(zip(names, load_tables(*names)))


def test_the_battle_phases_tile_the_days_from_23_june_to_8_august(tables):
    phases = tables["phases"]
    assert an.phases_tile_the_battle(phases)
    days = an.days_of_battle(phases)
    assert an.day_of_battle("1944-06-23", phases) == 1
    assert an.day_of_battle("1944-08-08", phases) == days
    # each phase's days are its own dates, inclusive, and they add up to the battle
    battle = an.battle_phases(phases)
    assert list(battle["days"]) == [
        (b - a).days + 1 for a, b in zip(battle["start"], battle["end"])
    ]
    assert battle["days"].sum() == days


def test_a_gap_between_phases_is_detected(tables):
    phases = tables["phases"].copy()
    phases.loc[phases["phase_id"] == "regrouping", "start"] = pd.Timestamp("1944-07-04")
    assert not an.phases_tile_the_battle(phases)


def test_the_day_count_agrees_with_the_seeds_own_47_days(tables):
    assert an.days_of_battle(tables["phases"]) == an.value_of(
        load_table("expectations"), "ex-actual-47"
    )


def test_force_ratio_divides_attacker_by_defender():
    assert an.force_ratio(110_000, 2_000) == 55
    with pytest.raises(ValueError):
        an.force_ratio(1, 0)


def test_ratio_bounds_pair_extremes_and_keep_open_sides_open():
    assert an.ratio_bounds(5, 9, 2, 4) == (1.25, 4.5)
    assert an.ratio_bounds(25_000, None, 16_275, 16_275) == (pytest.approx(1.536, abs=1e-3), None)
    low, high = an.ratio_bounds(10, 10, 2_000, None)
    assert low is None and high == 0.005


def test_sum_bounds_counts_a_missing_lower_bound_as_zero_and_an_open_upper_as_open():
    assert an.sum_bounds([None, 400, 100], [500, 400, 100]) == (500, 1000)
    assert an.sum_bounds([11_000, 3_000], [None, None]) == (14_000, None)


def test_claims_of_different_claimants_are_never_added(tables):
    with pytest.raises(ValueError, match="different claimants"):
        an.claims_total(
            tables["casualty_claims"], ["cc-cn-first-offensive-japan", "cc-jp-first-phase-killed"]
        )


def test_exchange_ratios_within_one_claimant():
    result = an.exchange_ratios("first-offensive")
    assert (
        result.loc["first offensive, casualties", "Japanese per Chinese"] == "4"
    )  # 16,000 / 4,000: no false "4.00"
    assert list(an.exchange_view(result).columns) == [
        "claimant",
        "Japanese losses",
        "Chinese losses",
        "Japanese per Chinese",
    ]


def test_written_bounds_and_ratio_text_say_open_sides_in_words():
    assert an.written_bounds(2000, None, "more than") == "more than 2,000"
    assert an.written_bounds(None, 500, "fewer than") == "fewer than 500"
    assert an.written_bounds(80_000, 90_000, "range") == "80,000 to 90,000"
    assert an.written_bounds(600, 600, "about") == "about 600"
    assert an.ratio_text((None, 59.3), 0) == "at most 59"
    assert an.ratio_text((36.7, 55.0), 0) == "37 to 55"
    assert an.ratio_text((None, None)) == "not computable"


def test_sig_rounds_to_the_precision_of_the_source():
    assert an.sig(378_571.4) == 380_000 and an.sig(112_766) == 110_000 and an.sig(1.72) == 1.7
    assert an.sig_text(68.1) == "68" and an.sig_text(0.196) == "0.2"


def test_value_of_returns_plain_python_values_and_refuses_unknown_keys(tables):
    value = an.value_of(tables["force_strengths"], "fs-10army-pei-xiao")
    assert value == 16275 and type(value) is int
    assert an.value_of(tables["force_strengths"], "fs-10army-combat-2000", "high") is None
    with pytest.raises(KeyError):
        an.value_of(tables["force_strengths"], "no-such-row")


def test_events_are_numbered_in_time_order_and_timed_events_get_timestamps(tables):
    numbered = an.events_between(tables["events"], "1944-08-06", "1944-08-08")
    assert list(numbered.index) == list(range(1, len(numbered) + 1))
    assert list(numbered["date"]) == sorted(numbered["date"])
    view = an.events_view(numbered)
    assert list(view.columns) == ["date", "time", "side", "what happened"]
    assert view["date"].iloc[0] == "6 August 1944" and "" not in set(view["time"])
    times = an.event_times(numbered)
    assert times.iloc[0] == pd.Timestamp("1944-08-06 03:00")
    assert times.isna().sum() == (numbered["time"] == "").sum()


def test_shortages_are_numbered_by_date(tables):
    table = an.shortage_table(tables["shortages"])
    assert list(table["date"]) == sorted(table["date"]) and table.index[0] == 1
    assert not [c for c in an.shortages_view(table).columns if c.startswith("_")]


def test_assumptions_and_days_text(tables):
    assert an.assumption(tables["assumptions"], "as-jp-regiments-per-division") == (2.0, 4.0)
    assert an.days_text(1) == "1 day" and an.days_text(10, 14) == "10 to 14 days"


def test_key_numbers_are_formatted_as_text_without_false_precision():
    table = an.key_numbers_table({"a": lambda: 16275, "b": lambda: 6.80, "c": lambda: 47.0})
    assert list(table["value"]) == ["16,275", "6.8", "47"]


def test_the_strength_timeline_derives_what_the_telegram_leaves(tables):
    timeline = an.strength_timeline(
        tables["force_strengths"], tables["casualty_claims"], tables["phases"]
    )
    derived = timeline[timeline["basis"] == "derived"].iloc[0]
    assert derived["low"] == 16275 - (22 + 594 + 7898 + 5564) and derived["day"] == 27


def test_the_force_ratio_timeline_keeps_measures_apart_and_drops_the_felt_ratio(tables):
    t = an.force_ratio_timeline()
    assert set(t["measure"]) == {"regiment-for-division rule", "infantry battalions", "men"}
    assert t.loc["opening (computed)", "ratio"] == "about 2.1 to 3.9"
    # the "hundred times" the commanders felt is quoted beside the ratios, never one of them
    assert not t["data rows"].str.contains("sr-hundred-times").any()
    # No ratio pairs the top of an assumption with an open bound (it was "at most 59").
    assert not t["ratio"].str.contains("at most 59").any()
    view = an.force_ratio_view(t)
    assert list(view.columns) == ["when", "day", "ratio", "measure", "losses", "data rows"]
    assert list(view.index) == list(range(1, len(t) + 1))


def test_the_second_offensive_is_counted_from_iwanagas_battalions(tables):
    t = an.force_ratio_timeline()
    rows = t.loc["second offensive (computed)", "data rows"]
    assert "fs-116div-infantry-bns" in rows and "as-jp-second-offensive-divisions" not in rows
    # the inputs as the tables give them (the source: 15 battalions, 7 regiments)
    strengths, assumptions = tables["force_strengths"], load_table("assumptions")
    jp_bns = an.value_of(strengths, "fs-116div-infantry-bns")
    cn_regiments = an.value_of(strengths, "fs-10army-real-regiments")
    few, many = an.assumption(assumptions, "as-jp-battalions-per-regiment")
    per_division = an.assumption(assumptions, "as-cn-regiments-per-division")[0]
    per_regiment = an.assumption(assumptions, "as-cn-battalions-per-regiment")[0]
    # regiment for division: more battalions to a regiment means fewer regiments, a lower ratio
    cn_divisions = cn_regiments / per_division
    low, high = an.ratio_at(t, "second offensive (computed)")
    assert low == pytest.approx(jp_bns / many / cn_divisions)
    assert high == pytest.approx(jp_bns / few / cn_divisions)
    # battalions against battalions
    exact = pytest.approx(jp_bns / (cn_regiments * per_regiment))
    assert an.ratio_at(t, "second offensive, infantry battalions (computed)") == (exact, exact)


def test_no_force_ratio_reduces_one_side_for_losses_and_not_the_other(tables):
    t = an.force_ratio_timeline()
    for when, losses in t["losses"].items():
        assert losses.startswith(("neither", "both", "as the article")), when
    roles = set(load_table("force_ratio_inputs")["role"])
    assert not roles & {"defenders_lost", "defenders_left", "defenders_at_start"}


def test_each_force_ratio_reads_the_counts_of_the_one_claimant_it_names():
    claimants = an.force_ratio_claimants()
    for ratio_id, row in claimants.iterrows():
        assert row["read"] == [row["claimant"]], ratio_id


def test_the_ratio_in_men_pairs_one_claimants_counts_for_the_same_days(tables):
    t = an.force_ratio_timeline()
    rows = t.loc["1 August, in men (computed)", "data rows"]
    # Fang's "more than 2,000" is his telegram's, not the narration's end-of-July count
    assert "fs-10army-combat-jul31" in rows and "fs-10army-combat-2000" not in rows
    strengths = tables["force_strengths"]
    jp, cn = (
        an.value_of(strengths, k) for k in ("fs-five-divisions-aug1", "fs-10army-combat-jul31")
    )
    low, high = an.ratio_at(t, "1 August, in men (computed)")
    assert low == pytest.approx(jp / cn) and high == pytest.approx(jp / cn)


def test_sensitivity_sweeps_each_ranged_assumption_end_to_end(tables):
    s = an.force_ratio_sensitivity(steps=3)
    t = an.force_ratio_timeline()
    assert set(s["assumption"]) == {"as-jp-regiments-per-division", "as-jp-battalions-per-regiment"}
    for (when, _), rows in s.groupby(["when", "assumption"]):
        ends = sorted([rows["high"].iloc[0], rows["high"].iloc[-1]])
        assert ends == [pytest.approx(t.loc[when, "low"]), pytest.approx(t.loc[when, "high"])]
        assert len(rows) == 3


def test_the_felt_ratio_is_quoted_with_who_felt_it_and_when(tables):
    words = an.felt_ratio_quotation(load_table("stated_ratios"))
    assert words == (
        'Felt, not counted: Chinese division commanders, 6 August, "a hundred times as strong"'
    )


def test_ratio_at_returns_open_sides_as_none(tables):
    t = an.force_ratio_timeline()
    low, high = an.ratio_at(t, "opening (stated, 'almost')")
    assert low is None and high == 2.5


def test_assumption_text_is_what_the_prose_glues(tables):
    assert an.assumption_text(tables["assumptions"], "as-jp-regiments-per-division") == "2 to 4"
    assert an.assumption_text(tables["assumptions"], "as-cn-regiments-per-division") == "3"


def test_every_public_function_of_the_book_package_says_what_it_does():
    import inspect

    from hengyang import book, plotting, provenance

    missing = [
        f"{module.__name__}.{name}"
        for module in (an, plotting, provenance, book)
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module.__name__
        and not name.startswith("_")
        and len(inspect.getdoc(function) or "") < 20
    ]
    assert not missing, missing


def _docstring_problems(function) -> list[str]:
    """What a public function's docstring lacks: length, a parameter's name, what it returns."""
    import inspect
    import re

    doc = inspect.getdoc(function) or ""
    problems = []
    if len(doc) < 20:
        problems.append("shorter than 20 characters")
    problems += [
        f"does not name parameter {name!r}"
        for name in inspect.signature(function).parameters
        if not re.search(rf"\b{re.escape(name)}\b", doc)
    ]
    says_returns = re.search(r"^Returns\n-------$", doc, re.MULTILINE) or re.search(
        r"(?:^|[.!?]\s+)Returns?\b", doc
    )
    if not says_returns:
        problems.append('has no "Returns" section and no sentence starting "Return(s)"')
    return problems


def test_every_public_function_documents_each_parameter_and_what_it_returns():
    import importlib
    import inspect
    import pkgutil

    import hengyang

    checked, problems = [], []
    for info in pkgutil.iter_modules(hengyang.__path__):
        module = importlib.import_module(f"hengyang.{info.name}")
        for name, value in vars(module).items():
            # a cached function (functools.cache) is no plain function: check what it wraps
            function = inspect.unwrap(value) if callable(value) else value
            if (
                inspect.isfunction(function)
                and function.__module__ == module.__name__
                and not name.startswith("_")
            ):
                checked.append(f"{info.name}.{name}")
                problems += [f"{info.name}.{name}: {p}" for p in _docstring_problems(function)]
    # the walk reached the package's functions, the cached ones too
    assert {"analysis.value_of", "seed.seed_text"} <= set(checked)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "written, figures",
    [
        ("16,275", None),
        ("47", None),
        ("a dozen", None),
        ("16,000", 2),
        ("4,000", 1),
        ("32,000", 2),
        ("a hundred", 1),
        ("5.3 million", 2),
        ("0.5", 1),
        (110_000, 2),
        (47, None),
    ],
)
def test_significant_figures_of_a_number_as_written(written, figures):
    assert an.significant_figures(written) == figures


def test_a_derived_figure_is_never_more_precise_than_its_least_precise_input():
    assert an.derived_text(16_000 / 4_000, "16,000", "4,000") == "4"
    assert an.derived_text(32_000 / 16_275, "32,000", "16,275") == "about 2"
    assert an.derived_text(40_000 / 3_200, "40,000", "3,200") == "about 10"
    assert an.derived_text(110_000 / 16_275, "110,000", "16,275") == "about 6.8"
    assert (
        an.derived_text(3_322 / 11_635, 3_322, 11_635) == "about 0.286"
    )  # exact counts: capped at 3


def test_derived_bounds_keep_open_sides_open_in_words():
    assert an.derived_bounds_text((47.0, None), 47, "no more than a day") == "at least 47"
    assert an.derived_bounds_text((None, 3.0), "three") == "at most 3"
    assert an.derived_bounds_text((None, None), "three") == "not computable"
    # a floor is rounded down and a ceiling up, so rounding never breaks the bound
    assert an.derived_bounds_text((300_000 / 4, None), "300,000", 4) == "at least 70,000"
    assert an.derived_bounds_text((None, 25_000 / 16_275), "25,000", "16,275") == "at most 1.6"


def test_a_forecast_is_compared_with_the_days_that_followed_it(tables):
    phases = tables["phases"]
    assert an.days_after("1944-06-27", phases) == 42  # the division commanders' three days, day 5
    assert an.days_after("1944-06-20", phases) == 47  # Yokoyama, before the battle
    assert an.days_after("1944-08-05", phases) == 3  # Fang's summit: at most three more days
    expectations = load_table("expectations").set_index("expectation_id")
    assert an.days_after(expectations.loc["ex-division-commanders", "said_on"], phases) == 42


def test_the_nearest_approach_of_the_relief_is_the_citys_edge_on_20_july():
    positions = load_table("relief_positions")
    nearest = an.nearest_approach(positions)
    assert list(nearest["position_id"]) == ["rp-62-tingbing-jul20"]
    assert (
        nearest.iloc[0]["date"] == pd.Timestamp("1944-07-20")
        and nearest.iloc[0]["unit_id"] == "cn-62nd-army"
    )
    # without an edge row the nearest is the smallest mileage, never a later, farther one
    miles = an.nearest_approach(positions[positions["reach"] == "miles"])
    assert set(miles["position_id"]) == {"rp-79-mt-gao-aug8"}


def test_forecasts_are_set_against_the_days_after_they_were_made(tables):
    table = an.forecast_table(
        load_table("expectations"),
        ["ex-yokoyama", "ex-division-commanders", "ex-chiang"],
        tables["phases"],
    )
    assert list(table["days that followed"]) == [47, 42, 47]
    assert list(table["times as long"]) == ["at least 47", "at least 14", "about 3 to 5"]
    assert table.loc["ex-division-commanders", "said on"] == "27 June (day 5)"


@pytest.mark.parametrize(
    "written, place",
    [("16,275", 1), ("13,300", 100), ("3,000", 1000), ("a hundred", 100), ("more than 6,000", 1)],
)
def test_place_of_the_last_digit_a_written_figure_vouches_for(written, place):
    assert an.place_of(written) == place


def test_sums_and_differences_of_written_figures_are_no_more_precise_than_the_coarsest():
    # the claims chapter's remainders: 4,100 + 13,300 - 16,275; 7,898 + 13,300 - 16,275;
    # 7,898 + 5,564 + 3,000 - 16,275
    assert an.derived_sum_text(1_125, "4,100", "13,300", "16,275") == "about 1,100"
    assert an.derived_sum_text(4_923, "7,898", "13,300", "16,275") == "about 4,900"
    assert an.derived_sum_text(187, "7,898", "5,564", "3,000", "16,275") == "about 200"
    # a floor stays a floor: 7,898 + 3,000 + more than 6,000 - 16,275 is more than 623
    assert (
        an.derived_sum_text(623, "7,898", "3,000", "more than 6,000", "16,275", how="down") == "600"
    )
    assert an.derived_sum_text(47, "16,275", "47") == "47"  # exact counts stay exact


def test_a_figure_given_in_words_keeps_the_words_only_when_they_say_more():
    claims = load_table("casualty_claims")
    shown = an.claims_table(claims, ["cc-yanwuping-aug6", "cc-prisoners-shot-aug6"])["figure"]
    assert shown["cc-yanwuping-aug6"] == "about 36 (three dozen)"  # round, not an exact 36
    assert shown["cc-prisoners-shot-aug6"] == "41"  # "Forty-one" adds nothing


def test_the_captives_fates_are_shown_as_after_the_fall_and_undated():
    claims = load_table("casualty_claims")
    ids = ["cc-ib-captured-tortured", "cc-ib-captured-escaped", "cc-ib-captured"]
    period = an.claims_table(claims, ids)["period"]
    assert period["cc-ib-captured-tortured"] == "after 8 Aug (undated)"
    assert period["cc-ib-captured-escaped"] == "after 8 Aug (undated)"
    assert period["cc-ib-captured"] == "23 Jun - 8 Aug"


def test_a_year_only_date_is_shown_as_its_year_never_as_1_january():
    assert an.date_text("1983-01-01", "year") == "1983"
    assert an.date_text("1944-07-14", "day") == "14 July 1944"
    phases, events, places = load_tables("phases", "events", "event_places")
    table = an.chronology(events, phases, places).set_index("event")
    assert table.loc["ev-fang-death", "date"] == "1983"
    assert not table["date"].str.startswith("1 January").any()
    year_only = events["date_note"].str.contains("year only")
    assert (events.loc[year_only, "date_precision"] == "year").all()
    assert (events.loc[~year_only, "date_precision"] == "day").all()


def test_the_busiest_days_are_read_from_the_events_not_assumed():
    phases, events = load_tables("phases", "events")
    busiest = an.busiest_days(events, phases)
    per_day = an.events_per_day(events, phases).sum(axis=1)
    assert list(busiest["events"]) == sorted(per_day[per_day >= 3], reverse=True)
    assert busiest["events"].iloc[0] == per_day.max()
    text = an.busiest_days_text(busiest)
    assert text.startswith(f"{busiest['date'].iloc[0]} ({per_day.max()} events)")


def test_a_floor_from_round_figures_is_rounded_down_to_their_precision():
    assert an.floor_text(7898 + 3000 + 6000 - 16275, "7,898", "3,000", "6,000") == "600"
    assert an.floor_text(47, 47) == "47"


def test_value_of_reads_every_cell_as_the_whole_row_would_give_it():
    # value_of reads one cell from its column (fast); it must give what reading the row gives,
    # value and type, for every cell of every table.
    from hengyang.data import table_names

    for name in table_names():
        table = load_table(name)
        if not table.iloc[:, 0].is_unique:  # no primary key in the first column: no value_of
            continue
        by_key = table.set_index(table.columns[0], drop=False)
        for key in table.iloc[:, 0]:
            row = by_key.loc[key]
            for column in table.columns:
                got, want = an.value_of(table, key, column), an._plain(row[column])
                assert type(got) is type(want) and (got == want or got is want), (name, key)


def test_half_up_rounds_halves_away_from_zero_for_numpy_numbers_too():
    import numpy as np

    assert an.half_up(2.25, 1) == 2.3 and an.half_up(np.float64(1.25), 1) == 1.3
    assert an.ratio_text((1.25, 2.25)) == "1.3 to 2.3"


def test_a_printed_source_sentence_is_in_quotation_marks_and_names_its_section():
    shortages = load_table("shortages")
    for key in shortages["shortage_id"]:
        quote, attribution = an.source_quotation(shortages, key, "his report").split("\n")
        row = shortages.set_index("shortage_id").loc[key]
        assert quote == f'"{row["quote"]}"'
        assert attribution == f'(the article, section "{row["section"]}", on his report)'
