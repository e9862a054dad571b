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
    low, high = sv.share_of_start(entries, claims, strengths, "Fang's telegram",
                                  ["killed", "killed or wounded", "wounded"])
    assert low == high == pytest.approx(14078 / 16275)


def test_the_infobox_groups_that_overshoot_are_flagged(tables):
    ledger = sv.survivors_ledger(*tables)
    assert ledger.loc["infobox, group A", "check"] == "over by about 1,125"  # 4,100 + 13,300 - 16,275
    assert ledger.loc["infobox, group C", "check"] == "over by 125"  # 7,400 + 1,000 + 5,000 + 3,000 - 16,275
    assert ledger.loc["infobox, group B", "check"] == "fits"
    assert ledger.loc["Ninth War Area", "check"] == "no starting figure"
