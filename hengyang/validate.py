"""Validate the whole data package once, before any notebook runs.

    python -m hengyang.validate [DATA_DIR]

Prints one line per problem (file, row, column, the bad value, the rule) and exits 1,
or prints one line saying what was validated and notes the data's digest so that the
notebooks load the same data without validating it again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import DATA_DIR
from .data import DataError, data_digest, table_names, validate_package, validated_marker


def main(argv: list[str]) -> int:
    """Command line: ``python -m hengyang.validate [DATA_DIR]`` validates the whole data package.

    Parameters
    ----------
    argv: the arguments; the first, if any, is the data folder (the package's own by default).

    Returns
    -------
    The exit status: 1 with one line per problem on stderr (or the descriptor's error), 0
    with one line on stdout when all is well. Only a successful run on the package's own data
    folder writes the marker that lets notebooks skip validation.
    """
    data_dir = Path(argv[0]) if argv else DATA_DIR
    try:
        problems = validate_package(data_dir)
    except DataError as exc:  # no descriptor, or an unreadable one
        print(f"data error: {exc}", file=sys.stderr)
        return 1
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"{len(problems)} problem(s) in {data_dir}: fix the data; nothing was built or run.",
            file=sys.stderr,
        )
        return 1
    if Path(data_dir).resolve() == DATA_DIR.resolve():
        marker = validated_marker()
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(data_digest(data_dir) + "\n")
    print(f"data OK: {len(table_names(data_dir))} tables in {data_dir} validated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
