"""The package, the tests and the notebooks' code cells pass ruff's lint and format checks
(line length 100, settings in ruff.toml), so `make test-fast` fails on unformatted code."""

import subprocess
import sys

from hengyang import ROOT


def _ruff(*args):
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_ruff_finds_no_lint_problems_in_package_tests_or_notebooks():
    result = _ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_would_change_nothing():
    result = _ruff("format", "--check")
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_checks_the_notebooks_too():
    # Without this, a ruff.toml `include` that missed chapters/ would let the two tests pass.
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--show-files", "--no-cache", "."],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    checked = result.stdout
    assert "introduction.ipynb" in checked and "hengyang/analysis.py" in checked
    assert "tests/test_style.py" in checked
