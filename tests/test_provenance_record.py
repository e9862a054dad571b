"""The record of reads writes the sources of a notebook: every row read through the package is
listed once, in order, with its basis and quote; the "data rows" of a key number are exactly
the rows its computation read; and the wiring (pairings of claims, inputs of force ratios) is
data that the loader validates."""

import pandas as pd
import pytest
from conftest import set_cell

from hengyang import analysis as an
from hengyang import provenance
from hengyang.data import DataError, load_table, load_tables


@pytest.fixture(autouse=True)
def fresh_record():
    provenance.reset()
    yield
    provenance.reset()


def test_reading_a_value_records_its_row_once_in_reading_order():
    strengths, claims = load_tables("force_strengths", "casualty_claims")
    an.value_of(strengths, "fs-10army-pei-xiao")
    an.value_of(claims, "cc-ib-captured")
    an.value_of(strengths, "fs-10army-pei-xiao", "written")
    assert provenance.reads() == [
        ("force_strengths", "fs-10army-pei-xiao"),
        ("casualty_claims", "cc-ib-captured"),
    ]


def test_sources_table_lists_each_read_row_with_its_basis_and_quote():
    assumptions, strengths = load_tables("assumptions", "force_strengths")
    an.assumption(assumptions, "as-jp-regiments-per-division")
    an.value_of(strengths, "fs-10army-pei-xiao")
    table = provenance.sources_table()
    assert list(table.index) == [
        ("assumptions", "as-jp-regiments-per-division"),
        ("force_strengths", "fs-10army-pei-xiao"),
    ]
    assert list(table["basis"]) == ["assumed", "sourced"]
    assert table["quote (shortened)"].iloc[1].startswith("Not included")


def test_a_table_read_whole_is_one_line_of_the_sources_table():
    events = load_table("events")
    an.all_rows(events)
    table = provenance.sources_table()
    assert list(table.index) == [("events", f"all {len(events)} rows")]


def test_key_numbers_name_exactly_the_rows_each_number_read_and_its_basis():
    strengths, assumptions = load_tables("force_strengths", "assumptions")
    table = an.key_numbers_table(
        {
            "read": lambda: an.value_of(strengths, "fs-10army-pei-xiao"),
            "as written": lambda: an.figure_of(strengths, "fs-10army-combat-2000"),
            "assumed": lambda: an.assumption_text(assumptions, "as-jp-regiments-per-division"),
            "computed": lambda: an.value_of(strengths, "fs-10army-pei-xiao") / 2,
            "nothing read": lambda: 3,
        }
    )
    assert list(table["data rows"]) == [
        "force_strengths: fs-10army-pei-xiao",
        "force_strengths: fs-10army-combat-2000",
        "assumptions: as-jp-regiments-per-division",
        "force_strengths: fs-10army-pei-xiao",
        "none",
    ]
    assert list(table["basis"]) == ["sourced", "sourced", "computed", "computed", "computed"]
    assert table.loc["computed", "value"] == "8,137.5"


def test_a_ratio_quoted_from_the_timeline_brings_its_inputs_into_the_record():
    force = an.force_ratio_timeline()
    provenance.reset()
    with provenance.tracking() as scope:
        an.ratio_at(force, "1 August, in men (computed)")
    assert scope.reads == [
        ("force_strengths", "fs-five-divisions-aug1"),
        ("force_strengths", "fs-10army-combat-jul31"),
    ]
    assert provenance.reads() == scope.reads


def test_force_ratios_are_computed_from_the_rows_the_input_table_names():
    force = an.force_ratio_timeline()
    assert force.loc["1 August, in men (computed)", "ratio"] == "about 40"
    assert force.loc["opening (computed)", "ratio"] == "about 2.1 to 3.9"
    assert "fs-116div-infantry-bns" in force.loc["second offensive (computed)", "data rows"]


def test_changing_an_input_row_in_the_data_changes_the_ratio(data_copy):
    # The wiring is data: point the 1 August ratio at another defender count.
    inputs = pd.read_csv(data_copy / "force_ratio_inputs.csv")  # not cached by the loader
    row = inputs.index[(inputs["ratio_id"] == "fr-aug1-in-men") & (inputs["role"] == "defenders")][
        0
    ]
    # the narration's "fewer than 500" of the 10th Reserve Division: 110,000 / 500 is a floor
    set_cell(data_copy, "force_ratio_inputs", row + 1, "strength_id", "fs-10res-combat-jul31")
    force = an.force_ratio_timeline(data_copy)
    assert force.loc["1 August, in men (computed)", "ratio"] == "at least 200"


def test_a_force_ratio_that_mixes_claimants_is_refused(data_copy):
    # Fang's "more than 2,000" is his telegram's count, not the narration's the ratio names.
    inputs = pd.read_csv(data_copy / "force_ratio_inputs.csv")
    row = inputs.index[(inputs["ratio_id"] == "fr-aug1-in-men") & (inputs["role"] == "defenders")][
        0
    ]
    set_cell(data_copy, "force_ratio_inputs", row + 1, "strength_id", "fs-10army-combat-2000")
    with pytest.raises(ValueError, match="mixes claimants"):
        an.force_ratio_timeline(data_copy)


def test_an_input_naming_an_unknown_row_is_refused_by_the_loader(data_copy):
    set_cell(data_copy, "force_ratio_inputs", 1, "assumption_id", "as-no-such-row")
    with pytest.raises(DataError, match="foreign-key"):
        load_table("force_ratio_inputs", data_copy)


def test_a_pairing_naming_an_unknown_claim_is_refused_by_the_loader(data_copy):
    set_cell(data_copy, "loss_pairing_claims", 1, "claim_id", "cc-no-such-claim")
    with pytest.raises(DataError, match="foreign-key"):
        load_table("loss_pairing_claims", data_copy)


def test_a_pairing_that_mixes_claimants_is_refused(data_copy):
    # lp-cn-first-offensive: put the Japanese side's count of Chinese corpses on the Chinese side.
    set_cell(data_copy, "loss_pairing_claims", 2, "claim_id", "cc-jp-first-phase-corpses")
    with pytest.raises(ValueError, match="mixes claimants"):
        an.exchange_ratios(data_dir=data_copy)


def test_a_claim_on_the_wrong_side_of_a_pairing_is_refused(data_copy):
    set_cell(data_copy, "loss_pairing_claims", 1, "side", "China")
    with pytest.raises(ValueError, match="side holds"):
        an.exchange_ratios(data_dir=data_copy)


def test_chapter_four_and_numbers_in_dispute_read_the_same_pairings():
    first = an.exchange_ratios("first-offensive")
    every = an.exchange_ratios()
    assert list(first.index) == list(every.index[: len(first)])
    assert first.equals(every.loc[first.index])


def test_a_wiring_row_is_listed_as_wiring_and_a_quoted_row_without_basis_as_sourced():
    ratios, shortages = load_tables("force_ratios", "shortages")
    an.value_of(ratios, "fr-opening-computed", "measure")
    an.value_of(shortages, "sh-jp-munitions", "date")
    table = provenance.sources_table()
    assert list(table["basis"]) == ["wiring (states no fact)", "sourced"]


def test_quotations_forecasts_labels_and_the_chronology_record_the_rows_they_show():
    from hengyang import consistency as cs

    stated, expectations, phases, claims, strengths, events, places = load_tables(
        "stated_ratios",
        "expectations",
        "phases",
        "casualty_claims",
        "force_strengths",
        "events",
        "event_places",
    )
    an.felt_ratio_quotation(stated, "sr-hundred-times")
    an.forecast_table(expectations, ["ex-chiang"], phases)
    cs.claim_label("cc-fang-soldiers-killed", claims, strengths)
    cs.claim_label("fs-10army-telegram", claims, strengths)
    an.chronology(events, phases, places)
    read = set(provenance.reads())
    for row in [
        ("stated_ratios", "sr-hundred-times"),
        ("expectations", "ex-chiang"),
        ("casualty_claims", "cc-fang-soldiers-killed"),
        ("force_strengths", "fs-10army-telegram"),
    ]:
        assert row in read, row
    assert {("events", e) for e in events["event_id"]} <= read
