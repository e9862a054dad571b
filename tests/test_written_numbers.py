"""Written numbers are read exactly, and qualifiers turn into honest bounds."""

import pandas as pd
import pytest

from hengyang.written_numbers import UnreadableNumber, bounds, parse_written


@pytest.mark.parametrize(
    "written, expected",
    [
        ("16,275", (16275, 16275)),
        ("80,000 to 90,000", (80000, 90000)),
        ("5.3 million", (5_300_000, 5_300_000)),
        ("about a thousand", (1000, 1000)),
        ("three dozen", (36, 36)),
        ("half a dozen", (6, 6)),
        ("Forty-one", (41, 41)),
        ("thirty-six tons", (36, 36)),
        ("two to three miles", (2, 3)),
        ("almost two and a half", (2.5, 2.5)),
        ("a hundred times", (100, 100)),
        ("70%", (0.7, 0.7)),
        ("Three quarters", (0.75, 0.75)),
        ("1mm", (1, 1)),
    ],
)
def test_written_numbers_are_read_as_the_seed_means_them(written, expected):
    assert parse_written(written) == expected


def test_unknown_words_raise_instead_of_guessing():
    with pytest.raises(UnreadableNumber):
        parse_written("several")


def test_more_than_leaves_the_upper_bound_open():
    assert bounds("more than 11,000", "more than") == (11000, None)


def test_fewer_than_and_almost_leave_the_lower_bound_open():
    assert bounds("500", "fewer than") == (None, 500)
    assert bounds("almost 30%", "almost") == (None, 0.3)


def test_a_range_needs_the_range_qualifier_and_two_values():
    assert bounds("80,000 to 90,000", "range") == (80000, 90000)
    with pytest.raises(ValueError, match="must be 'range'"):
        bounds("80,000 to 90,000", "exact")
    with pytest.raises(ValueError, match="states one value"):
        bounds("16,275", "range")


def test_unknown_qualifier_is_refused():
    with pytest.raises(ValueError, match="unknown qualifier"):
        bounds("16,275", "roughly")


@pytest.mark.parametrize(
    "written, expected",
    [
        ("no more than a day", (None, 1)),
        ("within three days", (None, 3)),
        ("Within four days", (None, 4)),
        ("at most three more days", (None, 3)),
    ],
)
def test_at_most_is_an_upper_bound_that_may_be_reached(written, expected):
    assert bounds(written, "at most") == expected


def test_the_words_of_an_upper_bound_map_to_at_most():
    from hengyang.written_numbers import QUALIFIER_WORDS, QUALIFIERS

    assert "at most" in QUALIFIERS
    assert {QUALIFIER_WORDS[w] for w in ("no more than", "within", "at most")} == {"at most"}


def test_a_forecast_of_no_more_than_a_day_is_not_stored_as_exactly_a_day():
    from hengyang.data import load_table

    expectations = load_table("expectations").set_index("expectation_id")
    for key, high in (("ex-yokoyama", 1), ("ex-division-commanders", 3), ("ex-fang-summit", 3)):
        row = expectations.loc[key]
        assert row["qualifier"] == "at most" and row["low"] is pd.NA and row["high"] == high, key


def test_counts_of_several_kinds_joined_by_and_are_added():
    assert parse_written("two soldiers and one squad leader") == (3, 3)
    assert parse_written("almost two and a half") == (
        2.5,
        2.5,
    )  # "and a half" is not a second count


def test_the_whole_company_is_one_company():
    assert parse_written("the whole company") == (1, 1)
