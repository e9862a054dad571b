"""Re-execute notebooks in place, top to bottom, in a fresh kernel each.

Stored outputs are what strict nbval compares against, so they must come from one
clean run in the pinned environment, never from hand edits:

    python -m hengyang.rerun chapters/*.ipynb

No timings are recorded (they would change on every run, make the diff noisy and
change the execution cache's key). A notebook that fails is named with the cell
that failed and left as it was on disk; the others are still executed and written.
Running it twice on unchanged inputs writes identical files.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# Cell metadata that only describes one particular run; never committed.
RUN_METADATA = ("execution", "collapsed", "scrolled")


def strip_run_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop per-run metadata (timings, widget state) so that two runs give the same file.

    Parameters
    ----------
    notebook: the notebook, changed in place: each cell loses ``execution``, ``collapsed``
        and ``scrolled``, the notebook its ``widgets``.

    Returns
    -------
    The same notebook object.
    """
    for cell in notebook.cells:
        for key in RUN_METADATA:
            cell.metadata.pop(key, None)
    notebook.metadata.pop("widgets", None)
    return notebook


def coalesce_streams(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Merge consecutive stdout (or stderr) blocks of a cell into one.

    How the kernel splits printed text into blocks depends on timing; merged, the
    stored output is the same from run to run.

    Parameters
    ----------
    notebook: the notebook, changed in place (code cells only).

    Returns
    -------
    The same notebook object.
    """
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        merged: list = []
        for output in cell.outputs:
            if (
                output.output_type == "stream"
                and merged
                and merged[-1].output_type == "stream"
                and merged[-1].name == output.name
            ):
                merged[-1].text += output.text
            else:
                merged.append(output)
        cell.outputs = merged
    return notebook


def execute(path: Path, timeout: int = 120) -> tuple[float, nbformat.NotebookNode]:
    """Execute one notebook with its own folder as working directory, in memory.

    The file on disk is not changed; :func:`main` writes the result back.

    Parameters
    ----------
    path: the notebook's path.
    timeout: the most seconds one cell may take.

    Returns
    -------
    A tuple: the seconds the execution took (a float), and the executed notebook with its
    per-run metadata stripped and its streams merged. Raises :class:`NotebookFailed` naming
    the notebook and the cell that failed.
    """
    os.environ.setdefault("PYTHONHASHSEED", "0")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        raise NotebookFailed(path, notebook, exc) from None
    elapsed = time.perf_counter() - started
    return elapsed, coalesce_streams(strip_run_metadata(notebook))


class NotebookFailed(RuntimeError):
    """One notebook failed; the message names it, the cell and the error's last line."""

    def __init__(self, path: Path, notebook: nbformat.NotebookNode, exc: CellExecutionError):
        index, code_index, first_line = _failed_cell(notebook)
        last = (exc.ename + ": " + exc.evalue) if getattr(exc, "ename", None) else str(exc)
        last = last.strip().splitlines()[-1] if last.strip() else "error"
        # nbval names cells by their code-cell index from 0 ("Cell 6"); say both.
        super().__init__(
            f"{path}: cell {index} (nbval's Cell {code_index}; {first_line!r}) failed: {last}"
        )


def _failed_cell(notebook: nbformat.NotebookNode) -> tuple[int, int, str]:
    code_index = -1
    for index, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        code_index += 1
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return index, code_index, first[:60]
    return 0, -1, ""


def main(paths: list[str]) -> int:
    """Command line: ``python -m hengyang.rerun NB.ipynb ...`` re-executes each notebook and writes
    it back in place; a notebook that fails is left unchanged and named on stderr.

    Parameters
    ----------
    paths: the notebooks' paths.

    Returns
    -------
    The exit status: 0 when every notebook ran, 1 when any failed.
    """
    failed = []
    for name in paths:
        path = Path(name)
        try:
            elapsed, notebook = execute(path)
        except NotebookFailed as exc:
            failed.append(str(exc))
            print(f"FAILED {exc} (file left unchanged)", file=sys.stderr)
            continue
        nbformat.write(notebook, path)
        print(f"{path}: executed in {elapsed:.1f} s")
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed:", file=sys.stderr)
        for line in failed:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
