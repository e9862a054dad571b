import csv
import shutil
from pathlib import Path

import pytest

from hengyang import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break without touching the real one."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def set_cell(data_dir: Path, table: str, row: int, column: str, value: str) -> None:
    """Overwrite one cell; ``row`` counts data rows from 1, as DataError messages do."""
    path = data_dir / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0].keys())
    rows[row - 1][column] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
