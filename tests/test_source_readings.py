"""Rows read the source as it is written: the right count, the right bound, the right unit and side.

Each case is a reading that was once wrong; the test keeps it from coming back.
"""

import pandas as pd
import pytest

from hengyang.data import load_table
from hengyang.written_numbers import bounds


def _row(table, key):
    frame = load_table(table)
    return frame.set_index(frame.columns[0]).loc[key]


@pytest.mark.parametrize(
    "table, key, low, high",
    [
        ("casualty_claims", "cc-8th-company-survivors", 3, 3),  # two soldiers and one squad leader
        ("expectations", "ex-yokoyama", None, 1),  # "no more than a day"
        ("expectations", "ex-division-commanders", None, 3),  # "within three days"
        ("expectations", "ex-fang-summit", None, 3),  # "at most ... three more days"
        ("civilians_and_city", "cv-evacuation-days", None, 4),  # "Within four days"
        ("civilians_and_city", "cv-guns-hundred-metres", None, 100),  # "within a hundred meters"
        ("munitions", "mu-chennault-request", 1000, 1000),  # "some 1,000 tons", marked about
    ],
)
def test_counts_and_bounds_are_what_the_source_writes(table, key, low, high):
    row = _row(table, key)
    got = tuple(None if pd.isna(v) else float(v) for v in (row["low"], row["high"]))
    assert got == (low, high)
    if row["basis"] == "sourced":
        assert bounds(row["written"], row["qualifier"]) == (low, high)


def test_some_is_about_and_within_is_at_most():
    assert _row("munitions", "mu-chennault-request")["qualifier"] == "about"
    for table, key in [
        ("expectations", "ex-yokoyama"),
        ("expectations", "ex-division-commanders"),
        ("expectations", "ex-fang-summit"),
        ("civilians_and_city", "cv-evacuation-days"),
    ]:
        assert _row(table, key)["qualifier"] == "at most", key


@pytest.mark.parametrize(
    "table, key, unit",
    [
        (
            "force_strengths",
            "fs-116div-infantry-bns",
            "jp-11th-army",
        ),  # Iwanaga's whole offensive, both divisions
        ("force_strengths", "fs-116div-artillery-bns", "jp-11th-army"),
        ("force_strengths", "fs-china-at-war-200000", ""),  # the 10th Army and the relief armies
        ("relief_positions", "rp-most-aug8", ""),  # "most of the reinforcements"
    ],
)
def test_figures_are_stored_against_the_group_the_source_names(table, key, unit):
    assert _row(table, key)["unit_id"] == unit


def test_an_event_is_stored_against_the_side_that_acted():
    assert (
        _row("events", "ev-mt-gao-lost")["side"]
        == _row("events", "ev-tingbing-falls")["side"]
        == "Japan"
    )


def test_dates_and_units_the_source_does_not_give_are_marked_as_ours():
    assert _row("civilians_and_city", "cv-reconnaissance-days")["date_note"].startswith("assumed")
    assert "inferred" in _row("casualty_claims", "cc-gas-7th-company")["place"]
    rule = _row("assumptions", "as-jp-regiments-per-division")["rule"]
    assert "133rd" in rule and "68th" in rule and "conflict" in rule


@pytest.mark.parametrize(
    "table, key, written",
    [
        ("casualty_claims", "cc-28th-rgt-battalion", "one battalion"),
        ("casualty_claims", "cc-28th-rgt-company-commanders", "three company commanders"),
        ("casualty_claims", "cc-engineer-companies-jul13", "two Chinese engineering companies"),
        ("casualty_claims", "cc-antigas-company-jul12", "the whole company"),
        ("casualty_claims", "cc-forward-positions-lost", "two forward positions"),
        ("casualty_claims", "cc-frontline-positions-lost", "four frontline positions"),
        ("casualty_claims", "cc-waixin-japanese-jul16", "a hundred"),
        ("force_strengths", "fs-relief-japanese-estimate", "three divisions"),
        ("force_strengths", "fs-jp-squadrons-aug7", "Three squadrons"),
        ("civilians_and_city", "cv-bombing-gas-days", "four days"),
        ("civilians_and_city", "cv-hills-kilometre", "about a kilometer"),
    ],
)
def test_battle_figures_once_missing_are_in_the_data(table, key, written):
    assert _row(table, key)["written"] == written


def test_a_position_at_the_citys_edge_has_no_mileage_and_no_other_position_claims_to_be_nearer():
    positions = load_table("relief_positions")
    edge = positions[positions["reach"] == "city edge"]
    assert list(edge["position_id"]) == ["rp-62-tingbing-jul20"]
    assert edge["low"].isna().all() and edge["high"].isna().all()
    assert positions.loc[positions["reach"] == "miles", "high"].notna().all()


def test_a_mileage_invented_for_the_citys_edge_is_refused(data_copy):
    from conftest import set_cell

    from hengyang.data import provenance_problems

    positions = load_table("relief_positions")
    row = int(positions.index[positions["position_id"] == "rp-62-tingbing-jul20"][0]) + 1
    set_cell(data_copy, "relief_positions", row, "high", "1")
    problems = provenance_problems("relief_positions", data_copy)
    assert [(p.row, p.rule) for p in problems] == [(row, "edge-has-no-distance")]
