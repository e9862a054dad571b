"""Benchmark: how close tests and builds are to the floor of simply running the notebooks.

    make bench        (or: python -m hengyang.bench)

Measures, in one run and on this machine, after validating the data once (as the build and
the tests do, so that no notebook validates tables itself):
  floor            every chapter notebook executed once, serially, with nbclient
  baselines        a notebook that only imports pandas, matplotlib and glue, and an empty
                   one, each executed the same way (the median of three runs, taken between
                   the chapters so that both see the same load); the median chapter is
                   reported as a ratio to the imports-only notebook
  nbval            the strict nbval run exactly as `make test` does it (2 workers)
  clean build      jupyter-book build into an empty output folder (no cache)
  no-change build  the same build again
  one-change build the build after one notebook's code changed (in a scratch copy)
and the weight of every built chapter page (HTML plus the images it shows).
Prints each time as a ratio to the floor and writes benchmarks/latest.md.
This is a measurement, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

from . import ROOT
from .rerun import execute

TARGETS = {"nbval": 0.5, "clean build": 1.6, "no-change build": 0.2}
CHAPTER_TARGET = 1.5  # median chapter execution, as a ratio to the imports-only notebook
BASELINES = {
    "imports only": [
        "import pandas as pd\n",
        "import matplotlib.pyplot as plt\n",
        "from myst_nb import glue\n",
    ],
    "empty": ["1\n"],
}
PAGE_LIMIT = 1_500_000
NOTEBOOK_LIMIT_S = 5.0


def _timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout + done.stderr


def _notebooks(root: Path) -> list[Path]:
    return sorted((root / "chapters").glob("*.ipynb"))


def _executed_between(book: Path, start: float, end: float) -> list[str]:
    """Notebooks whose execution the build's jupyter-cache recorded in [start, end)."""
    from jupyter_cache import get_cache

    cache = get_cache(book / "_build" / ".jupyter_cache")
    # jupyter-cache stores naive UTC times, fixed when the build process imports it.
    return sorted(
        Path(r.uri).name
        for r in cache.list_cache_records()
        if start <= r.created.replace(tzinfo=UTC).timestamp() < end
    )


def _page_weights(html: Path) -> dict[str, int]:
    from bs4 import BeautifulSoup

    weights = {}
    for page in sorted((html / "chapters").glob("*.html")):
        total = page.stat().st_size
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(
            "img", src=True
        ):
            target = (page.parent / img["src"]).resolve()
            if target.is_file():
                total += target.stat().st_size
        weights[str(page.relative_to(html))] = total
    return weights


def _baseline_notebook(folder: Path, name: str, source: list[str]) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("".join(source))]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    path = folder / f"{name.replace(' ', '_')}.ipynb"
    nbformat.write(notebook, path)
    return path


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run() -> dict:
    """Measure the notebooks, the strict nbval run and three builds of a scratch copy of the book.

    Validates the data first (SystemExit when they do not validate), then times every chapter
    notebook and the two baseline notebooks with :func:`hengyang.rerun.execute`, the nbval run
    with two workers, and a clean, a no-change and a one-change build.

    Returns
    -------
    A dict: ``floor_s`` (seconds of all chapters run serially), ``per_notebook_s``,
    ``baselines_s`` (medians), ``times_s`` (nbval and the three builds), ``executed`` (the
    notebooks each build executed), ``changed_notebook`` and ``page_bytes``.
    """
    from .validate import main as validate

    if validate([]) != 0:
        raise SystemExit("the data do not validate: fix them before benchmarking")
    per_notebook = {}
    baseline_runs: dict[str, list[float]] = {name: [] for name in BASELINES}
    notebooks = _notebooks(ROOT)
    # The baselines run three times each, spread over the chapters' run (before, in the
    # middle and after), so that a change of load on a shared machine touches both alike.
    slots = {0, len(notebooks) // 2, len(notebooks)}
    floor = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        paths = {n: _baseline_notebook(Path(scratch), n, src) for n, src in BASELINES.items()}
        for i in range(len(notebooks) + 1):
            if i in slots:
                for name, path in paths.items():
                    started = time.perf_counter()
                    execute(path)
                    baseline_runs[name].append(time.perf_counter() - started)
            if i == len(notebooks):
                break
            nb = notebooks[i]
            started = time.perf_counter()
            execute(nb)  # executes a copy in memory; the file on disk is not touched
            per_notebook[nb.name] = time.perf_counter() - started
            floor += per_notebook[nb.name]
    baselines = {name: _median(runs) for name, runs in baseline_runs.items()}

    nbval, _ = _timed(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "2",
            "--dist",
            "loadscope",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/sanitize.cfg",
            *[str(p.relative_to(ROOT)) for p in _notebooks(ROOT)],
        ],
        ROOT,
    )

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "book"
        shutil.copytree(
            ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__")
        )
        # The same entry point as `make book`: the stale-input check, then jupyter-book.
        build = [sys.executable, "-m", "hengyang.build", "."]
        marks = {"clean build": time.time()}
        clean, _ = _timed(build, copy)
        marks["no-change build"] = time.time()
        again, _ = _timed(build, copy)
        changed_nb = _notebooks(copy)[-1]
        notebook = json.loads(changed_nb.read_text())
        first_code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
        first_code["source"] = ["# benchmark: a changed comment changes the cache key\n"] + list(
            first_code["source"]
        )
        changed_nb.write_text(json.dumps(notebook, indent=1))
        marks["one-change build"] = time.time()
        one, _ = _timed(build, copy)
        ends = list(marks.values())[1:] + [time.time()]
        executed = {
            step: _executed_between(copy, start, end)
            for (step, start), end in zip(marks.items(), ends)
        }
        weights = _page_weights(copy / "_build" / "html")

    return {
        "floor_s": floor,
        "per_notebook_s": per_notebook,
        "baselines_s": baselines,
        "times_s": {
            "nbval": nbval,
            "clean build": clean,
            "no-change build": again,
            "one-change build": one,
        },
        "executed": executed,
        "changed_notebook": changed_nb.name,
        "page_bytes": weights,
    }


def report(result: dict) -> str:
    """The benchmark's result as a Markdown report (the text of ``benchmarks/latest.md``).

    Parameters
    ----------
    result: the dict :func:`run` returns.

    Returns
    -------
    The report as one string ending in a newline: each step against the floor and its target,
    the median chapter against the imports-only notebook, each notebook's time and each
    page's weight.
    """
    floor = result["floor_s"]
    lines = [
        "# Benchmark: tests and builds against the floor",
        "",
        f"Measured by `make bench` on {os.cpu_count()} cores. The floor is every chapter notebook "
        f"executed once, serially, with nbclient: **{floor:.1f} s**.",
        "",
        "| step | seconds | ratio to floor | target | notebooks executed |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for step, seconds in result["times_s"].items():
        target = f"≤ {TARGETS[step]}" if step in TARGETS else "only the changed notebook"
        ran = result["executed"].get(step)
        ran_text = "" if ran is None else (", ".join(Path(r).name for r in ran) or "none")
        lines.append(f"| {step} | {seconds:.1f} | {seconds / floor:.2f} | {target} | {ran_text} |")
    lines += ["", f"Changed for the one-change build: `{result['changed_notebook']}`."]
    baselines = result.get("baselines_s")
    if baselines:
        median = _median(list(result["per_notebook_s"].values()))
        imports = baselines["imports only"]
        lines += [
            "",
            f"Median chapter execution: **{median:.2f} s**, {median / imports:.2f} times the "
            f"notebook that only imports pandas, matplotlib and glue ({imports:.2f} s; target "
            f"≤ {CHAPTER_TARGET}); an empty notebook takes {baselines['empty']:.2f} s "
            "(medians of three runs each, spread over the chapters' run).",
        ]
    lines += [
        "",
        "| notebook | execution seconds (target < 5) | ratio to the imports-only notebook |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {s:.2f} | {s / baselines['imports only']:.2f} |"
        if baselines
        else f"| {name} | {s:.2f} | |"
        for name, s in result["per_notebook_s"].items()
    ]
    heaviest = max(result["page_bytes"].items(), key=lambda kv: kv[1])
    lines += ["", "| page | bytes with its images (target ≤ 1,500,000) |", "| --- | ---: |"]
    lines += [f"| {page} | {size:,} |" for page, size in result["page_bytes"].items()]
    lines += ["", f"Heaviest page: `{heaviest[0]}`, {heaviest[1]:,} bytes."]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Command line: ``python -m hengyang.bench`` runs the benchmark, writes
    ``benchmarks/latest.md`` and ``benchmarks/latest.json`` and prints the report.

    Returns
    -------
    The exit status, 0 (see :func:`run` for when it stops early).
    """
    result = run()
    text = report(result)
    out = ROOT / "benchmarks"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
