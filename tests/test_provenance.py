"""Every number in data/ is traceable to a verbatim sentence of the seed, and the seed is the
untouched source."""

import hashlib

import pytest

from hengyang import ROOT, SEED_PATH
from hengyang.data import provenance_problems, table_names

# Hash of ../shared/seeds/battle_of_hengyang.txt when it was copied in: any edit to seeds/
# fails this test.
SEED_SHA256 = "eca326206dc622b790251c5a659c16e12ee46780497c584402039813247aeb26"


def test_seed_is_the_shared_source_byte_for_byte():
    assert hashlib.sha256(SEED_PATH.read_bytes()).hexdigest() == SEED_SHA256
    shared = ROOT.parent / "shared" / "seeds" / SEED_PATH.name
    if shared.exists():  # beside a clone on the project's machines; absent on a reader's laptop
        assert shared.read_bytes() == SEED_PATH.read_bytes()


@pytest.mark.parametrize("table", table_names())
def test_quotes_are_in_the_seed_and_values_equal_what_is_written(table):
    problems = provenance_problems(table)
    assert not problems, "\n".join(str(p) for p in problems)


def test_the_provenance_check_catches_a_quote_that_was_paraphrased(data_copy):
    from conftest import set_cell

    set_cell(
        data_copy, "expectations", 2, "quote", "Yokoyama thought it would last no more than a day."
    )
    problems = provenance_problems("expectations", data_copy)
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "quote", "quote-in-seed")]


def test_an_assumed_row_without_its_rule_is_caught_by_the_provenance_check(data_copy):
    # Checked on the rule itself, not through the loader (which would stop at the first error):
    # an assumption must say what it assumes.
    from conftest import set_cell

    from hengyang.data import load_table

    frame = load_table("assumptions", data_copy)
    row = int(frame.index[frame["basis"] == "assumed"][0]) + 1
    set_cell(data_copy, "assumptions", row, "rule", "")
    problems = provenance_problems("assumptions", data_copy)
    assert [(p.row, p.column, p.rule) for p in problems] == [(row, "rule", "derived-rows-explain")]
