"""The loader returns typed tables and refuses bad data with a message naming file, row, column and rule."""

import pandas as pd
import pytest

from hengyang.data import DataError, load_table, table_names

from conftest import set_cell


def _error(data_dir, table):
    with pytest.raises(DataError) as caught:
        load_table(table, data_dir=data_dir)
    return caught.value


def test_every_table_in_the_package_loads_with_its_declared_types():
    for name in table_names():
        frame = load_table(name)
        assert len(frame) > 0, name
    claims = load_table("casualty_claims")
    assert str(claims["low"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(claims["period_start"])
    assert claims["claim_id"].is_unique


def test_loading_returns_a_copy_so_callers_cannot_corrupt_the_cache():
    first = load_table("phases")
    first.loc[0, "title"] = "changed"
    assert load_table("phases").loc[0, "title"] != "changed"


def test_unknown_table_names_the_known_tables():
    with pytest.raises(DataError, match="unknown table 'no_such_table'; known tables: units, phases"):
        load_table("no_such_table")


def test_missing_file_is_named(data_copy):
    (data_copy / "phases.csv").unlink()
    error = _error(data_copy, "phases")
    assert "phases.csv" in str(error) and "file-exists" in str(error)


def test_missing_descriptor_is_named(data_copy):
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match="datapackage.json: data package descriptor not found"):
        load_table("phases", data_dir=data_copy)


def test_wrong_type_names_file_row_column_and_rule(data_copy):
    set_cell(data_copy, "force_strengths", 3, "low", "four")
    message = str(_error(data_copy, "force_strengths"))
    assert "force_strengths.csv, row 3 (line 4), column 'low', value 'four': rule 'type-error'" in message


def test_negative_count_is_refused(data_copy):
    set_cell(data_copy, "casualty_claims", 5, "high", "-7400")
    message = str(_error(data_copy, "casualty_claims"))
    assert "casualty_claims.csv, row 5 (line 6), column 'high', value '-7400': rule 'constraint-error'" in message
    assert "minimum" in message


def test_date_outside_the_battle_is_refused(data_copy):
    set_cell(data_copy, "casualty_claims", 1, "period_end", "1944-09-30")
    message = str(_error(data_copy, "casualty_claims"))
    assert "row 1 (line 2), column 'period_end', value '1944-09-30': rule 'constraint-error'" in message
    assert "1944-08-08" in message


def test_missing_source_quote_is_refused(data_copy):
    set_cell(data_copy, "munitions", 2, "quote", "")
    message = str(_error(data_copy, "munitions"))
    assert "munitions.csv, row 2 (line 3), column 'quote', value '': rule 'constraint-error'" in message
    assert "required" in message


def test_quote_not_in_the_seed_is_refused(data_copy):
    set_cell(data_copy, "force_strengths", 2, "quote", "The corps had 20,000 men and 16,275 officers and soldiers.")
    message = str(_error(data_copy, "force_strengths"))
    assert "force_strengths.csv, row 2 (line 3), column 'quote': rule 'quote-in-seed'" in message


def test_value_that_differs_from_the_written_number_is_refused(data_copy):
    set_cell(data_copy, "force_strengths", 1, "low", "16725")
    message = str(_error(data_copy, "force_strengths"))
    assert "row 1 (line 2), column 'low': rule 'value-equals-written'" in message


def test_written_value_absent_from_its_quote_is_refused(data_copy):
    set_cell(data_copy, "casualty_claims", 12, "written", "17,000")
    message = str(_error(data_copy, "casualty_claims"))
    assert "row 12 (line 13), column 'written': rule 'written-in-quote'" in message


def test_derived_row_without_its_rule_is_refused(data_copy):
    frame = load_table("relief_positions")
    row = int(frame.index[frame["basis"] == "derived"][0]) + 1
    set_cell(data_copy, "relief_positions", row, "rule", "")
    message = str(_error(data_copy, "relief_positions"))
    assert f"row {row} (line {row + 1}), column 'rule': rule 'derived-rows-explain'" in message


def test_duplicate_key_is_refused(data_copy):
    set_cell(data_copy, "phases", 2, "phase_id", "road")
    message = str(_error(data_copy, "phases"))
    assert "phases.csv, row 2 (line 3)" in message
    assert "unique" in message or "primary-key" in message


def test_dangling_foreign_key_is_refused(data_copy):
    set_cell(data_copy, "force_strengths", 4, "unit_id", "cn-99th-army")
    message = str(_error(data_copy, "force_strengths"))
    assert "force_strengths.csv, row 4 (line 5)" in message and "foreign-key" in message


def test_every_problem_is_reported_not_only_the_first(data_copy):
    set_cell(data_copy, "units", 2, "side", "Atlantis")
    set_cell(data_copy, "units", 5, "echelon", "platoon")
    error = _error(data_copy, "units")
    assert {(p.row, p.column) for p in error.problems} >= {(2, "side"), (5, "echelon")}
