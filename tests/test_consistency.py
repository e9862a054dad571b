"""The feasibility check and the conflict search, first on systems small enough to check by hand,
then on the book's own claims and identities."""

import pytest

from hengyang import consistency as cs
from hengyang.data import load_tables

C, I = cs.Claim, cs.Identity  # noqa: E741 (short names, as in the identities' algebra)


def test_claims_that_fit_their_identity_are_feasible():
    # 4 + 5 <= 10
    claims = [C("a", 4, 4), C("b", 5, 5), C("total", 10, 10)]
    assert cs.feasible(claims, [I("sum", (("a", 1), ("b", 1)), "at most", (("total", 1),))])


def test_parts_larger_than_their_whole_are_infeasible():
    # 6 + 5 > 10
    claims = [C("a", 6, 6), C("b", 5, 5), C("total", 10, 10)]
    assert not cs.feasible(claims, [I("sum", (("a", 1), ("b", 1)), "at most", (("total", 1),))])


def test_an_open_bound_is_kept_open():
    at_most_ten = [I("le", (("x", 1),), "at most", (("cap", 1),))]
    assert not cs.feasible(
        [C("x", 10, None, low_open=True), C("cap", 10, 10)], at_most_ten
    )  # x > 10, x <= 10
    assert cs.feasible([C("x", 10, None), C("cap", 10, 10)], at_most_ten)  # x >= 10, x <= 10
    assert cs.feasible([C("x", 9, None, low_open=True), C("cap", 10, 10)], at_most_ten)  # x > 9
    assert not cs.feasible(
        [C("x", None, 3, high_open=True), C("cap", 3, 3)],
        [I("ge", (("x", 1),), "at least", (("cap", 1),))],
    )  # x < 3, x >= 3


def test_equalities_bind_both_ways():
    split = [I("eq", (("whole", 1),), "equals", (("a", 1), ("b", 1)))]
    assert cs.feasible([C("whole", 10, 10), C("a", 3, 3), C("b", 7, 7)], split)
    assert not cs.feasible([C("whole", 10, 10), C("a", 3, 3), C("b", 6, 6)], split)
    assert not cs.feasible([C("whole", 10, 10), C("a", 3, 3), C("b", 8, 8)], split)


def test_a_dropped_claim_frees_its_quantity_rather_than_zeroing_it():
    # With b's claim gone, b can be anything >= 0: a + b = 10 holds with b = 6.
    split = [I("eq", (("whole", 1),), "equals", (("a", 1), ("b", 1)))]
    assert cs.feasible([C("whole", 10, 10), C("a", 4, 4)], split)


def test_coefficients_count():
    # 3 * 4 > 10, but 2 * 4 <= 10
    claims = [C("each", 4, 4), C("cap", 10, 10)]
    assert not cs.feasible(claims, [I("le", (("each", 3),), "at most", (("cap", 1),))])
    assert cs.feasible(claims, [I("le", (("each", 2),), "at most", (("cap", 1),))])


def test_the_minimal_conflict_is_found_exactly():
    # a + b <= total is broken (6 + 5 > 10); c stands in a separate, satisfied identity.
    claims = [C("a", 6, 6), C("b", 5, 5), C("total", 10, 10), C("c", 1, 1), C("d", 2, 2)]
    identities = [
        I("sum", (("a", 1), ("b", 1)), "at most", (("total", 1),)),
        I("other", (("c", 1),), "at most", (("d", 1),)),
    ]
    assert cs.minimal_conflict(claims, identities) == ("a", "b", "total")
    assert cs.all_conflicts(claims, identities) == [("a", "b", "total")]


def test_every_conflict_is_found_and_each_is_minimal():
    # Two ways to break one cap: x + y <= 10 with x = 8, y = 5, and a second claim y >= 9 on y's
    # quantity. Conflicts: {x, y5, cap} and {x, y9, cap}; {y5, y9} also clash with each other.
    claims = [
        C("x", 8, 8),
        C("y5", 5, 5, quantity="y"),
        C("y9", 9, None, quantity="y"),
        C("cap", 10, 10),
    ]
    identities = [I("sum", (("x", 1), ("y", 1)), "at most", (("cap", 1),))]
    found = cs.all_conflicts(claims, identities)
    assert found == [("y5", "y9"), ("cap", "x", "y5"), ("cap", "x", "y9")]
    for conflict in found:
        members = [c for c in claims if c.claim_id in conflict]
        assert not cs.feasible(members, identities)
        for left_out in conflict:
            assert cs.feasible([c for c in members if c.claim_id != left_out], identities)


def test_a_conflict_through_a_chain_of_identities_is_found():
    # a <= b and b <= c: a = 5 and c = 3 clash although no identity ties a to c directly.
    claims = [C("a", 5, 5), C("c", 3, 3)]
    identities = [
        I("ab", (("a", 1),), "at most", (("b", 1),)),
        I("bc", (("b", 1),), "at most", (("c", 1),)),
    ]
    assert cs.all_conflicts(claims, identities) == [("a", "c")]
    assert cs.identities_behind(("a", "c"), claims, identities) == ("ab", "bc")


def test_feasible_claims_have_no_conflict():
    claims = [C("a", 1, 2), C("total", 10, 10)]
    identities = [I("le", (("a", 1),), "at most", (("total", 1),))]
    assert cs.all_conflicts(claims, identities) == []
    with pytest.raises(ValueError):
        cs.minimal_conflict(claims, identities)


def test_range_left_by_the_others_and_the_widening_needed():
    claims = [C("a", 6, 6), C("b", 5, 5), C("total", 10, 10)]
    identities = [I("sum", (("a", 1), ("b", 1)), "at most", (("total", 1),))]
    assert cs.range_left("a", claims, identities) == pytest.approx((0, 5))
    low, high = cs.range_left("total", claims, identities)
    assert (low, high) == (pytest.approx(11), None)
    # (6 + 5)(1 - t) = 10(1 + t)  ->  t = 1/21
    assert cs.widening_needed(claims, identities) == pytest.approx(1 / 21)


def test_qualifiers_become_open_or_closed_bounds():
    assert cs.claim_from_row("m", 2000, None, "more than") == C("m", 2000.0, None, low_open=True)
    assert cs.claim_from_row("f", None, 500, "fewer than") == C("f", None, 500.0, high_open=True)
    assert cs.claim_from_row("e", 400, 400, "exact") == C("e", 400.0, 400.0)


# ------------------------------------------------------------------ the book's data


@pytest.fixture(scope="module")
def book():
    claims, strengths, identities, terms = load_tables(
        "casualty_claims", "force_strengths", "claim_identities", "identity_terms"
    )
    return claims, strengths, identities, terms


def test_every_identity_term_names_exactly_one_existing_row(book):
    claims, strengths, _, terms = book
    assert cs.term_problems(terms, claims, strengths) == []


def test_a_term_with_two_ids_or_a_dangling_id_is_reported(book):
    claims, strengths, _, terms = book
    broken = terms.copy()
    broken.loc[0, "strength_id"] = "fs-10army-infobox"
    broken.loc[1, "claim_id"] = "cc-no-such-claim"
    problems = cs.term_problems(broken, claims, strengths)
    assert (
        len(problems) == 2 and "2 ids filled" in problems[0] and "cc-no-such-claim" in problems[1]
    )


def test_every_identity_has_terms_on_both_sides(book):
    _, _, identities, terms = book
    for iid in identities["identity_id"]:
        sides = set(terms.loc[terms["identity_id"] == iid, "side"])
        assert sides == {"left", "right"}, iid


@pytest.fixture(scope="module")
def conflicts(book):
    claims, strengths, identities, terms = book
    every = cs.claims_from_tables(claims, strengths)
    main = cs.identities_from_tables(identities, terms)
    return cs.all_conflicts(cs.in_identities(every, main), main)


@pytest.mark.parametrize(
    "expected",
    [
        {
            "cc-ib-abandoned-corpses",
            "cc-ib-captured",
            "fs-10army-infobox",
        },  # 4,100 + 13,300 > 16,275
        {
            "cc-jp-first-phase-killed",
            "cc-southern-hills-jun27",
        },  # the narration's dead of 27 June vs 834
        {
            "cc-xiang-crossing",
            "cc-ninth-military-front-japan-killed",
        },  # over 5,000 vs 2,781 killed to 30 July
        {
            "fs-10army-telegram",
            "cc-fang-soldiers-killed",
            "cc-fang-soldiers-wounded",
            "fs-10army-combat-jul31",
        },
    ],
    ids=[
        "infobox-corpses-captured",
        "narration-vs-834",
        "xiang-vs-ninth-military-front",
        "telegram-vs-end-of-july",
    ],
)
def test_the_conflicts_a_careful_reader_finds_by_hand_are_found(conflicts, expected):
    assert tuple(sorted(expected)) in conflicts


def test_each_variant_reading_removes_the_conflict_of_the_identity_it_replaces(book, conflicts):
    claims, strengths, identities, terms = book
    every = cs.claims_from_tables(claims, strengths)
    for variant in identities.loc[identities["variant_of"] != "", "identity_id"]:
        swapped = cs.identities_from_tables(identities, terms, [variant])
        after = cs.all_conflicts(cs.in_identities(every, swapped), swapped)
        assert set(after) < set(conflicts), variant


def test_no_claim_of_a_conflict_lies_in_the_range_its_partners_leave(book, conflicts):
    # What the conflict figure's caption promises.
    claims, strengths, identities, terms = book
    main = cs.identities_from_tables(identities, terms)
    tied = cs.in_identities(cs.claims_from_tables(claims, strengths), main)
    rows = cs.conflict_rows(conflicts, tied, main, {c.claim_id: c.claim_id for c in tied})
    for r in rows.itertuples():
        low = r.low if r.low == r.low and r.low is not None else 0.0
        high = r.high if r.high == r.high and r.high is not None else float("inf")
        band_high = (
            r.left_high if r.left_high == r.left_high and r.left_high is not None else float("inf")
        )
        outside = high < r.left_low or low > band_high or (r.low_open and low >= band_high)
        assert outside, (r.conflict, r.claim)


def test_identities_behind_a_conflict_leave_out_identities_not_linked_to_it():
    # a + b <= total is broken; "other" touches none of a, b, total; "chain" links total to t2
    # but the conflict does not need it.
    claims = [C("a", 6, 6), C("b", 5, 5), C("total", 10, 10), C("c", 1, 1), C("d", 2, 2)]
    identities = [
        I("sum", (("a", 1), ("b", 1)), "at most", (("total", 1),)),
        I("other", (("c", 1),), "at most", (("d", 1),)),
        I("chain", (("total", 1),), "at most", (("t2", 1),)),
    ]
    assert cs.identities_behind(("a", "b", "total"), claims, identities) == ("sum",)


def test_the_chapters_modules_import_without_scipy():
    # Only the conflict search needs scipy: importing the package's modules must not load it
    # (it would cost every chapter its import time).
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import hengyang.analysis, hengyang.book, hengyang.claim_figures, hengyang.consistency\n"
        "import hengyang.data, hengyang.plotting, hengyang.provenance, hengyang.survivors\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
