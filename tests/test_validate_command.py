"""Bad data stop everything with one line per problem: file, row, column, the bad value and
the rule."""

import csv
import json
import subprocess
import sys

from conftest import set_cell


def _validate(data_dir):
    run = subprocess.run(
        [sys.executable, "-m", "hengyang.validate", str(data_dir)], capture_output=True, text=True
    )
    return run.returncode, run.stderr.strip().splitlines()


def _rewrite(path, transform):
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(transform(rows))


def test_good_data_pass_with_one_line(data_copy):
    run = subprocess.run(
        [sys.executable, "-m", "hengyang.validate", str(data_copy)], capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout.count("\n") == 1 and run.stderr == ""


def test_one_non_number_gives_one_line_with_file_row_column_value_and_rule(data_copy):
    set_cell(data_copy, "force_strengths", 1, "low", "16275x")
    code, lines = _validate(data_copy)
    assert code == 1
    assert lines[0] == (
        "data/force_strengths.csv, row 1 (line 2), column 'low', value '16275x': "
        "rule 'type-error' broken: type is \"integer/default\""
    )
    assert len(lines) == 2 and lines[1].startswith("1 problem(s)")


def test_a_deleted_column_is_named_as_missing_and_nothing_else_is_reported(data_copy):
    _rewrite(data_copy / "munitions.csv", lambda rows: [r[:5] + r[6:] for r in rows])
    code, lines = _validate(data_copy)
    assert code == 1
    assert lines[:-1] == [
        "data/munitions.csv, column 'flow': rule 'missing-column' broken: "
        "the schema requires column 'flow'"
    ]


def test_an_extra_column_is_named_as_extra(data_copy):
    _rewrite(data_copy / "phases.csv", lambda rows: [r + ["x"] for r in rows])
    code, lines = _validate(data_copy)
    assert code == 1 and lines[:-1] == [
        "data/phases.csv, column 'x': rule 'extra-column' broken: column 'x' is not in the schema"
    ]


def test_a_header_only_table_is_an_error(data_copy):
    _rewrite(data_copy / "shortages.csv", lambda rows: rows[:1])
    code, lines = _validate(data_copy)
    assert code == 1 and lines[0].startswith("data/shortages.csv: rule 'not-empty' broken")


def test_a_derived_row_is_checked_against_its_written_value(data_copy):
    # rp-62-retreat-yumu is derived (the distance is reused from 17 July) and says "six miles".
    with (data_copy / "relief_positions.csv").open(encoding="utf-8") as fh:
        ids = [row["position_id"] for row in csv.DictReader(fh)]
    row = ids.index("rp-62-retreat-yumu") + 1
    set_cell(data_copy, "relief_positions", row, "low", "7")
    set_cell(data_copy, "relief_positions", row, "high", "7")
    code, lines = _validate(data_copy)
    assert code == 1
    assert f"row {row} (line {row + 1}), column 'low'" in lines[0]
    assert "value-equals-written" in lines[0]


def test_a_derived_conversion_is_applied_before_the_check(data_copy):
    # ex-chiang: "ten days to two weeks" stored in days is 10-14; 10-21 is not what is written.
    set_cell(data_copy, "expectations", 1, "high", "21")
    code, lines = _validate(data_copy)
    assert code == 1 and "column 'high'" in lines[0] and "gives 14" in lines[0]


def test_an_assumption_read_from_a_written_number_is_checked_too(data_copy):
    # The defence asked for "ten days to two weeks"; an assumption of 10-21 days is not that.
    with (data_copy / "assumptions.csv").open(encoding="utf-8") as fh:
        ids = [row["assumption_id"] for row in csv.DictReader(fh)]
    row = ids.index("as-defence-days-asked") + 1
    set_cell(data_copy, "assumptions", row, "high", "21")
    code, lines = _validate(data_copy)
    assert code == 1 and f"assumptions.csv, row {row} (line {row + 1}), column 'high'" in lines[0]


def test_reordered_columns_give_one_line_not_a_cascade_of_foreign_keys(data_copy):
    _rewrite(data_copy / "phases.csv", lambda rows: [[r[1], r[0], *r[2:]] for r in rows])
    code, lines = _validate(data_copy)
    assert code == 1
    assert lines[0].startswith("data/phases.csv: rule 'column-order' broken")
    # one line per table that refers to phases (its references are not checked), no cascade
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    referring = [
        r["name"]
        for r in descriptor["resources"]
        if any(k["reference"]["resource"] == "phases" for k in r["schema"].get("foreignKeys", []))
    ]
    assert all("phases" in line for line in lines[1:-1])
    assert len(lines) <= 2 + len(referring)


def test_a_zero_byte_table_is_one_line(data_copy):
    (data_copy / "shortages.csv").write_text("")
    code, lines = _validate(data_copy)
    assert code == 1 and lines[:-1] == [
        "data/shortages.csv: rule 'has-header' broken: the file is empty: not even a header"
    ]


def test_a_broken_descriptor_is_one_line(data_copy):
    (data_copy / "datapackage.json").write_text("{")
    code, lines = _validate(data_copy)
    assert code == 1 and len(lines) == 1 and "rule 'valid-json' broken" in lines[0]


def test_an_undeclared_file_in_the_data_folder_is_named(data_copy):
    (data_copy / "notes.csv").write_text("a,b\n1,2\n")
    code, lines = _validate(data_copy)
    assert code == 1 and lines[0].startswith("data/notes.csv: rule 'declared-file' broken")


def test_an_undeclared_file_in_a_subfolder_of_the_data_folder_is_named(data_copy):
    (data_copy / "extra").mkdir()
    (data_copy / "extra" / "more.csv").write_text("a,b\n1,2\n")
    code, lines = _validate(data_copy)
    assert code == 1 and lines[0].startswith("data/extra/more.csv: rule 'declared-file' broken")


def test_a_repeated_id_is_one_line_naming_its_column_and_value(data_copy):
    first = (data_copy / "events.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    set_cell(data_copy, "events", 2, "event_id", first)
    code, lines = _validate(data_copy)
    events = [line for line in lines if line.startswith("data/events.csv")]
    assert code == 1 and len(events) == 1, lines
    assert f"column 'event_id', value '{first}': rule 'unique-error'" in events[0]


def test_a_blank_row_is_one_line_counted_as_our_rows(data_copy):
    path = data_copy / "phases.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3] + ["\n"] + lines[3:]), encoding="utf-8")
    code, out = _validate(data_copy)
    assert code == 1
    assert out[0] == (
        "data/phases.csv, row 3 (line 4): rule 'blank-row' broken: "
        "row 3 (line 4) is completely blank"
    )
    assert len(out) == 2


def test_a_missing_foreign_key_names_its_column_and_value(data_copy):
    set_cell(data_copy, "force_strengths", 1, "unit_id", "cn-99th-army")
    code, lines = _validate(data_copy)
    assert code == 1
    assert lines[0].startswith(
        "data/force_strengths.csv, row 1 (line 2), column 'unit_id', value 'cn-99th-army': "
        "rule 'foreign-key' broken"
    )
