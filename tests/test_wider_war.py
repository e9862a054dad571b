"""Chapter 11's table and computations: the wider war read as the source writes it.

Who said it stays with what was said; dates the source does not write as a day say how they
were read; the counts the chapter glues add up; and the links to people and events are data
that the loader checks.
"""

import re

import pandas as pd
import pytest
from conftest import set_cell

from hengyang import wider_war as ww
from hengyang.data import DataError, load_table, load_tables

ITEMS, EVENTS, PHASES, CLAIMS = load_tables("wider_war", "events", "phases", "casualty_claims")


def _row(key):
    return ITEMS.set_index("item_id").loc[key]


def test_a_date_not_written_as_a_day_in_its_quote_says_how_it_was_read():
    months = "January February March April May June July August September October November December"
    for _, r in ITEMS[ITEMS["start"].notna()].iterrows():
        d = r["start"]
        written = re.search(rf"\b{d.day}\b|{d:%B} {d.day}\b", r["quote"]) and (
            d.strftime("%B") in r["quote"] or d.strftime("%B") not in months
        )
        if not written or pd.notna(r["end"]):
            assert r["date_note"], r["item_id"]


def test_every_comparison_says_what_it_compares_with_and_no_other_row_does():
    comparisons = ITEMS["thread"] == "comparison"
    assert (ITEMS.loc[comparisons, "compared_with"] != "").all()
    assert (ITEMS.loc[~comparisons, "compared_with"] == "").all()


def test_unattributed_and_hedged_statements_stay_so():
    assert _row("ww-smallest-battlefield")["side"] == "none"
    assert "not named" in _row("ww-smallest-battlefield")["who"]
    assert "rumours" in _row("ww-surrender-rumours")["who"]
    assert "'perhaps'" in _row("ww-little-known")["summary"]
    # the Tojo link is the article's own sentence ("These constituted ..."), attributed to no one
    # else, and not the book's claim either
    assert _row("ww-tojo-downfall")["who"] == "the article (its own sentence)"


def test_both_sides_accounts_of_the_end_are_kept_with_their_authors():
    accounts = ww.accounts_by_side(ITEMS, "1944-08-07", "1944-08-08")
    assert dict(accounts["accounts"]) == {"China": 3, "Japan": 2}
    assert "the Japanese record" in accounts.loc["Japan", "whose"]
    assert "the Chinese survivors" in accounts.loc["China", "whose"]


def test_the_steps_of_ichigo_are_counted_from_the_events_and_phases():
    intervals = ww.ichigo_intervals(EVENTS, PHASES)
    assert list(intervals["days"]) == [39, 23, 5, 47]


def test_air_shares_are_computed_within_the_one_claimant_and_rounded():
    parts = ww.part_of_whole(
        CLAIMS,
        {
            "killed": ("cc-jp-first-phase-killed-by-air", "cc-jp-first-phase-killed"),
            "wounded": ("cc-jp-first-phase-wounded-by-air", "cc-jp-first-phase-wounded"),
        },
    )
    claimants = set(CLAIMS.set_index("claim_id").loc[
        ["cc-jp-first-phase-killed-by-air", "cc-jp-first-phase-killed",
         "cc-jp-first-phase-wounded-by-air", "cc-jp-first-phase-wounded"], "claimant"])  # fmt: skip
    assert claimants == {"Japanese side"}
    assert list(parts["share shown"]) == ["about 32%", "about 13%", "about 18%"]
    assert parts.loc["killed and wounded together", "whole"] == 834 + 2488


def test_the_counts_the_chapter_glues_add_up():
    timing = ww.timing_counts(ITEMS, "politics", PHASES)
    assert timing["rows"].sum() == (ITEMS["thread"] == "politics").sum()
    compared = ww.side_by_period(ITEMS, "comparison", PHASES)
    assert compared.loc["all", "all"] == (ITEMS["thread"] == "comparison").sum()
    assert compared.drop(index="all")["all"].sum() == compared.loc["all", "all"]


def test_a_thread_lists_dated_rows_in_date_order_then_the_undated():
    view = ww.thread_view(ITEMS, "surrender")
    dated = [w for w in view["when"] if w != "not dated"]
    assert view["when"].tolist() == dated + ["not dated"] * (len(view) - len(dated))
    assert ww.when_text(pd.Timestamp("1944-01-01"), pd.NaT, "month only") == "January 1944"
    assert ww.when_text(pd.Timestamp("2010-01-01"), pd.NaT, "year only; dated") == "2010"


def test_the_strip_draws_only_rows_inside_its_window():
    drawn = ww.strip_rows(ITEMS, EVENTS, ["ev-ichigo-start"], "1943-11-01", "1944-12-31")
    assert drawn["start"].between("1943-11-01", "1944-12-31").all()
    assert "ww-chiang-1947" not in set(drawn["row"])
    assert "ev-ichigo-start" in set(drawn["row"])


@pytest.mark.parametrize(
    "column, value", [("event_id", "ev-no-such-event"), ("person_id", "no-such-person")]
)
def test_a_link_to_an_unknown_event_or_person_is_refused_by_the_loader(data_copy, column, value):
    set_cell(data_copy, "wider_war", 1, column, value)
    with pytest.raises(DataError, match="foreign-key"):
        load_table("wider_war", data_copy)


def test_a_left_out_number_quoted_here_names_the_row_that_quotes_it():
    ledger = load_table("left_out_numbers").set_index("left_out_id")
    for key, row in [
        ("lo-chiang-hundred-campaigns", "ww-chiang-1947"),
        ("lo-japan-three-losses", "ww-japan-three-losses"),
        ("lo-hoag-week", "ww-hoag-radio"),
    ]:
        assert ledger.loc[key, "kept_in"] == f"wider_war:{row}"
        assert ledger.loc[key, "written"] in _row(row)["quote"]
