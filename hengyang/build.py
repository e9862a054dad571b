"""Build the book so that it always shows what the current inputs compute.

    python -m hengyang.build [BOOK_DIR]

1. Validate the data package (``hengyang.validate``); a bad table stops everything here.
2. Compare a digest of everything the notebooks read but the execution cache does not
   see (``data/``, ``seeds/``, the ``hengyang`` package) with the digest of the last
   build. If they differ, clear the execution cache and Sphinx's saved state, so every
   notebook is executed again. (jupyter-cache keys on a notebook's code cells only; a
   changed table or function would otherwise be served from the cache.) A change to
   the package re-executes all notebooks: we do not track which notebook uses what.
3. Run ``jupyter-book build`` with warnings as errors, nitpicky, and keep-going.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import ROOT

WATCHED = ("data", "seeds", "hengyang")
STAMP = ".inputs-digest"
# What jupyter-book keeps between builds that can hold results of old inputs.
STALE_STATE = (".jupyter_cache", ".doctrees", "jupyter_execute")


def inputs_digest(paths: list[Path]) -> str:
    """A hash of the names and contents of every file under ``paths`` (caches skipped).

    Parameters
    ----------
    paths: files or folders; a folder is walked recursively, ``__pycache__`` and ``.pyc``
        files are skipped; names are taken relative to each path's parent.

    Returns
    -------
    The SHA-256 hex digest as a string.
    """
    digest = hashlib.sha256()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(base.parent)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def refresh_stale_state(build_dir: Path, digest: str) -> bool:
    """Clear cached executions and doctrees when the inputs changed; True if cleared.

    Parameters
    ----------
    build_dir: the book's ``_build`` folder (created if missing); the stamp file is kept in it.
    digest: the inputs' digest (see :func:`inputs_digest`).

    Returns
    -------
    True when the stamp differed or was missing (``.jupyter_cache``, ``.doctrees`` and
    ``jupyter_execute`` are then removed and the new digest written), False otherwise.
    """
    stamp = build_dir / STAMP
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return False
    for name in STALE_STATE:
        shutil.rmtree(build_dir / name, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest + "\n")
    return True


def jupyter_book_command(book_dir: Path) -> list[str]:
    """The command that builds the book with warnings as errors, nitpicky, and keeps going.

    Parameters
    ----------
    book_dir: the book's folder.

    Returns
    -------
    The command as a list of strings for :mod:`subprocess`.
    """
    # Through this interpreter, not the venv's script (whose shebang holds an absolute path).
    return [
        sys.executable,
        "-c",
        "import sys; from jupyter_book.cli.main import main; main()",
        "build",
        str(book_dir),
        "-W",
        "-n",
        "--keep-going",
    ]


def build(book_dir: Path = ROOT, watched: tuple[str, ...] = WATCHED) -> int:
    """Build the book: clear stale cached state if the watched inputs changed, then jupyter-book.

    Parameters
    ----------
    book_dir: the book's folder.
    watched: the folders under ``book_dir`` whose contents decide whether the cache is stale
        (missing ones are skipped).

    Returns
    -------
    jupyter-book's exit status; when it is not 0, one line per failed notebook is printed.
    """
    book_dir = Path(book_dir).resolve()
    digest = inputs_digest([book_dir / name for name in watched if (book_dir / name).exists()])
    if refresh_stale_state(book_dir / "_build", digest):
        print("inputs changed since the last build: every notebook will be executed again")
    code = subprocess.call(jupyter_book_command(book_dir), cwd=book_dir)
    if code != 0:
        for line in failed_notebooks(book_dir / "_build" / "html" / "reports"):
            print(line)
    return code


def failed_notebooks(reports: Path, book_dir: Path | None = None) -> list[str]:
    """One line per notebook that failed to execute: its name, the cell that failed (numbered
    as ``make rerun`` and nbval number it) and the error's last line.

    Parameters
    ----------
    reports: the build's ``_build/html/reports`` folder (missing: no lines).
    book_dir: the book's folder, where the notebooks are; by default the folder that holds
        ``_build``.

    Returns
    -------
    A list of strings, one per ``*.err.log`` found, sorted by path.
    """
    book_dir = book_dir or reports.parent.parent.parent
    lines = []
    for log in sorted(reports.rglob("*.err.log")) if reports.is_dir() else []:
        raw = log.read_text(errors="replace")
        text = [line for line in raw.splitlines() if line.strip()]
        error = next(
            (line for line in reversed(text) if re.match(r"^\w*(Error|Exception)\b", line)),
            text[-1] if text else "no traceback",
        )
        name = log.relative_to(reports).with_suffix("").with_suffix("")
        cell = _failed_cell_of(book_dir / f"{name}.ipynb", raw)
        lines.append(
            f"notebook failed: {name}.ipynb{cell}: {_strip_ansi(error)} (traceback: {log})"
        )
    return lines


def _failed_cell_of(notebook: Path, log: str) -> str:
    """ ", cell 8 (nbval's Cell 3; 'first line')" for the cell whose source the log quotes, found
    in the notebook (nbclient quotes the failing cell between two dashed lines)."""
    import nbformat

    quoted = re.search(r"^-{18}\n(.*?)\n-{18}$", log, flags=re.S | re.M)
    if not quoted or not notebook.is_file():
        return ""
    code_index = -1
    for index, cell in enumerate(nbformat.read(notebook, as_version=4).cells, start=1):
        if cell.cell_type != "code":
            continue
        code_index += 1
        if cell.source.strip() == quoted.group(1).strip():
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return f", cell {index} (nbval's Cell {code_index}; {first[:60]!r})"
    return ""


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def main(argv: list[str]) -> int:
    """Command line: ``python -m hengyang.build [BOOK_DIR]`` validates the data, builds the book.

    Parameters
    ----------
    argv: the arguments; the first, if any, is the book's folder (this repository by default).
        The data are validated only when the folder is this repository.

    Returns
    -------
    The exit status: 1 when the data do not validate, else that of :func:`build`.
    """
    book_dir = Path(argv[0]) if argv else ROOT
    if book_dir.resolve() == ROOT.resolve():
        from .validate import main as validate

        if validate([]) != 0:
            return 1
    return build(book_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
