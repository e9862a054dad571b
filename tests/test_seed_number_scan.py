"""Every number of the seed that describes the battle is in data/ with its provenance, or left
out with a reason."""

import pytest

from hengyang.data import load_table, table_names
from hengyang.seed_number_scan import covered_by, seed_numbers


def _written_and_quotes(skip_ids=()):
    rows = []
    for name in table_names():
        frame = load_table(name)
        if {"written", "quote"} <= set(frame.columns):
            keep = ~frame.iloc[:, 0].isin(skip_ids)
            rows += list(zip(frame.loc[keep, "written"], frame.loc[keep, "quote"]))
    return rows


def _left_out():
    ledger = load_table("left_out_numbers")
    return list(zip(ledger["written"], ledger["context"]))


def test_every_number_in_digits_is_extracted_or_set_aside_or_left_out():
    extracted, left_out = _written_and_quotes(), _left_out()
    missing = [
        n
        for n in seed_numbers()
        if n.reason is None and not covered_by(n, extracted) and not covered_by(n, left_out)
    ]
    assert not missing, "\n".join(f"{n.token!r} in: {n.sentence[:120]}" for n in missing)


def test_the_scan_finds_the_headline_numbers():
    tokens = {n.token for n in seed_numbers() if n.reason is None}
    assert {"16,275", "110,000", "7,898", "5,564", "3,174", "5.3", "10,260"} <= tokens


def test_removing_a_row_makes_its_number_uncovered():
    without = _written_and_quotes(skip_ids={"cc-relief-62nd"})
    number = next(n for n in seed_numbers() if n.token == "5,095")
    assert covered_by(number, _written_and_quotes())
    assert not covered_by(number, without)


@pytest.mark.parametrize(
    "sentence, token, reason",
    [
        ("Changsha fell on June 18, and two days later", "18", "calendar date"),
        ("Early next morning, on 23 June, 68th Division", "23", "calendar date"),
        ("the 116th Division was to attack", "116", "unit designation or ordinal"),
        ("At 10:30 am, Lieutenant General", "10", "clock time"),
        ("they had long run out of 81mm bombs.", "81", "calibre"),
        ("grind them down by 1mm.", "1", None),
        ("the 62nd corps had suffered the most losses with 5,095 casualties", "5,095", None),
        ("In 1950, Chiang Kai-shek's words", "1950", "calendar year"),
        ("over a hundred Japanese troops broke through", "a hundred", None),
        ("killing all three dozen Chinese combat soldiers", "three dozen", None),
    ],
)
def test_names_and_dates_are_set_aside_but_quantities_are_not(sentence, token, reason):
    found = [n for n in seed_numbers(sentence) if n.token == token]
    assert found and found[0].reason == reason, found


@pytest.mark.parametrize(
    "sentence, token",
    [
        ("allowed two battalions to leave after Hengyang airfield was lost", "two"),
        ("expected to take Hengyang within three days.", "three"),
        (
            "the 29th Regiment drove back Japanese troops three times, though half its forces died",
            "half",
        ),
        ("Battalion Commander Zhenwu Li () and a few dozen soldiers were cornered", "a few dozen"),
        (
            "Three quarters of the 2nd Chinese Battalion having died or been wounded",
            "Three quarters",
        ),
        (
            "the 151st Division immediately continued fighting their way to Oujiading, "
            "two to three miles from Hengyang.",
            "two to three",
        ),
        ("determined to fire his last eight rounds", "eight"),
    ],
)
def test_small_word_numbers_that_count_men_units_days_rounds_positions_or_miles_are_scanned(
    sentence, token
):
    assert token in [n.token for n in seed_numbers(sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "two major railway lines, Wuhan-Guangzhou and Hunan-Guangxi, were built",
        "the first character came from General Fang's name",
        "for half of a century tried not to reveal their service",
    ],
)
def test_small_word_numbers_that_count_nothing_of_the_battle_are_not_scanned(sentence):
    assert not [n for n in seed_numbers(sentence) if not n.token[0].isdigit()]


def test_removing_a_ledger_row_for_a_small_word_number_makes_it_uncovered():
    ledger = load_table("left_out_numbers")
    keep = ledger[ledger["left_out_id"] != "lo-two-majors"]
    number = next(n for n in seed_numbers() if n.token == "two" and "two Majors" in n.sentence)
    assert covered_by(number, _left_out())
    assert not covered_by(number, list(zip(keep["written"], keep["context"])))


def test_every_ledger_reason_that_says_kept_names_a_row_that_quotes_the_number():
    ledger = load_table("left_out_numbers")
    says_kept = ledger[ledger["reason"].str.contains(r"\bkept\b|\bin events\b")]
    assert len(says_kept) and (says_kept["kept_in"] != "").all(), list(
        says_kept.loc[says_kept["kept_in"] == "", "left_out_id"]
    )


@pytest.mark.parametrize(
    "kept_in, reason, rule",
    [
        ("events:ev-no-such-event", None, "kept-in-row-quotes-it"),
        (
            "casualty_claims:cc-relief-62nd",
            None,
            "kept-in-row-quotes-it",
        ),  # exists, but quotes another number
        ("", None, "kept-in-named"),
        ("", "commemoration; kept in events", "kept-in-named"),
    ],
)
def test_a_wrong_or_missing_kept_in_is_refused(data_copy, kept_in, reason, rule):
    from conftest import set_cell

    from hengyang.data import provenance_problems

    ledger = load_table("left_out_numbers")
    row = int(ledger.index[ledger["left_out_id"] == "lo-silence"][0]) + 1
    set_cell(data_copy, "left_out_numbers", row, "kept_in", kept_in)
    if reason:
        set_cell(data_copy, "left_out_numbers", row, "reason", reason)
    problems = provenance_problems("left_out_numbers", data_copy)
    assert [(p.row, p.column, p.rule) for p in problems] == [(row, "kept_in", rule)]
