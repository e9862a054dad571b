"""Re-execute notebooks in place, top to bottom, in a fresh kernel each.

Stored outputs are what strict nbval compares against, so they must come from one
clean run in the pinned environment, never from hand edits:

    python -m hengyang.rerun chapters/*.ipynb
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, timeout: int = 120) -> tuple[float, nbformat.NotebookNode]:
    """Execute one notebook with its own folder as working directory; return seconds taken."""
    os.environ.setdefault("PYTHONHASHSEED", "0")
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - started
    return elapsed, notebook


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        elapsed, notebook = execute(path)
        nbformat.write(notebook, path)
        print(f"{path}: executed in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
