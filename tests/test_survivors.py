"""The survivors' ledger: interval sums by hand, and the book's ledger adds up."""

import pytest

from hengyang import survivors as sv
from hengyang.data import load_tables
from hengyang.survivors import Interval


def test_interval_sums_keep_open_ends_open():
    total = Interval(100, 100) + Interval(2000, None, lo_open=True)
    assert (total.lo, total.hi, total.lo_open) == (2100, None, True)
    assert total.text() == "more than 2,100"


def test_subtracting_an_open_count_leaves_an_open_remainder():
    left = Interval(16275, 16275).minus(Interval(14078, 14078) + Interval(2000, None, lo_open=True))
    assert (left.lo, left.hi, left.hi_open) == (None, 197, True)
    assert sv.check(left) == "fits"
    assert sv.unaccounted_text(left) == "fewer than 197"


def test_an_overcount_is_reported_not_shown_as_a_negative_remainder():
    left = Interval(100, 100).minus(Interval(80, 80, approx=True) + Interval(30, 30))
    assert sv.check(left) == "over by about 10"
    assert sv.unaccounted_text(left) == "none"
    assert sv.check(None) == "no starting figure"


def test_texts_say_what_the_bounds_are():
    assert Interval(4100, 4100, approx=True).text() == "about 4,100"
    assert Interval(0, 500, hi_open=True).text() == "fewer than 500"
    assert Interval(10, 20).text() == "10 to 20"


@pytest.fixture(scope="module")
def tables():
    return load_tables("ledger_entries", "casualty_claims", "force_strengths")


def test_every_entry_names_exactly_one_existing_row(tables):
    entries, claims, strengths = tables
    for e in entries.itertuples():
        filled = [k for k in (e.claim_id, e.strength_id) if k]
        assert len(filled) == 1, e.entry_id
        assert filled[0] in set(claims["claim_id"]) | set(strengths["strength_id"]), e.entry_id


def test_each_account_has_at_most_one_start_and_one_date(tables):
    entries, _, _ = tables
    for account, own in entries.groupby("account"):
        assert (own["status"] == "at the start").sum() <= 1, account
        assert own["when"].nunique() == 1, account


def test_the_ledger_sums_start_equals_fates_plus_unaccounted(tables):
    entries, claims, strengths = tables
    for account, r in sv.ledger_intervals(entries, claims, strengths).items():
        if r["at the start"] is None:
            assert r["unaccounted"] is None
            continue
        fates = [r[s] for s in sv.STATUSES if r[s] is not None]
        assert r["accounted for"].lo == sum(f.lo for f in fates), account
        # the largest remainder plus the smallest count of fates gives back the start
        assert r["unaccounted"].hi + r["accounted for"].lo == r["at the start"].hi, account


def test_fangs_telegram_leaves_fewer_than_197_and_lost_87_percent(tables):
    entries, claims, strengths = tables
    left = sv.unaccounted(entries, claims, strengths, "Fang's telegram")
    # 16,275 - (22 + 594 + 7,898 + 5,564) - (more than 2,000)
    assert (left.hi, left.hi_open) == (16275 - 22 - 594 - 7898 - 5564 - 2000, True)
    low, high = sv.share_of_start(
        entries, claims, strengths, "Fang's telegram", ["killed", "killed or wounded", "wounded"]
    )
    assert low == high == pytest.approx(14078 / 16275)


def test_the_infobox_groups_that_overshoot_are_flagged_no_more_precisely_than_their_figures(
    tables,
):
    ledger = sv.survivors_ledger(*tables)
    # 4,100 + 13,300 - 16,275 = 1,125, but the two figures are known only to the hundred
    assert ledger.loc["infobox, group A", "check"] == "over by about 1,100"
    # 7,400 + 1,000 + 5,000 + 3,000 - 16,275 = 125, from round thousands: one figure kept
    assert ledger.loc["infobox, group C", "check"] == "over by about 100"
    assert ledger.loc["infobox, group B", "check"] == "fits"
    assert ledger.loc["Ninth Military Front", "check"] == "no starting figure"


def test_a_remainder_of_round_figures_is_shown_at_their_precision():
    start = Interval(16275, 16275)
    approx = Interval(4100, 4100, approx=True, place=100) + Interval(13300, 13300, place=100)
    assert sv.check(start.minus(approx)) == "over by about 1,100"
    left = start.minus(
        Interval(7898, 7898) + Interval(5564, 5564) + Interval(3000, 3000, place=1000)
    )
    assert left.lo == left.hi == -187
    assert sv.check(left) == "over by about 200"  # not 187: 3,000 is a round figure


def test_a_plain_sum_of_written_figures_is_shown_as_written():
    assert (Interval(7400, 7400, place=100) + Interval(1000, 1000, place=1000)).text() == "8,400"


def test_a_bound_rounded_to_its_inputs_stays_a_true_bound():
    left = Interval(16275, 16275).minus(
        Interval(13000, 13000, place=1000) + Interval(6000, None, lo_open=True)
    )
    assert (left.hi, left.hi_open) == (-2725, True)
    assert sv.check(left) == "over by at least 2,000"  # a floor on the overshoot is rounded down
    ceiling = Interval(16275, 16275).minus(Interval(14000, 14000, place=1000))
    assert (
        Interval(0, ceiling.hi, hi_open=True, place=1000, remainder=True).text()
        == "fewer than 3,000"
    )


def test_rows_know_their_place_from_the_written_figure_and_bounds_are_exact(tables):
    _, claims, strengths = tables
    row = strengths.set_index("strength_id").loc["fs-10army-combat-jul31"]  # "3,000"
    assert sv.interval_of(row).place == 1000
    row = claims.set_index("claim_id").loc["cc-wounded-aug5"]  # "more than 6,000"
    assert sv.interval_of(row).place == 1
