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
