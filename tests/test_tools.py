"""The make targets and helper commands behave as a newcomer needs them to."""

import shutil
import socket
import subprocess

import nbformat
import pytest

from hengyang import ROOT
from hengyang.rerun import main as rerun
from hengyang.serve import main as serve


def test_the_installed_package_is_this_checkouts():
    # A copied or moved clone must run its own code and read its own data.
    assert ROOT == (__import__("pathlib").Path(__file__).resolve().parent.parent)


@pytest.fixture
def makefile_copy(tmp_path):
    for name in ("Makefile", "requirements.txt", "constraints.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").mkdir()
    return tmp_path


def _dry_run(directory, *targets):
    return subprocess.run(["make", "-n", "-C", str(directory), *targets],
                          capture_output=True, text=True).stdout


def test_a_venv_built_for_another_checkout_is_rebuilt(makefile_copy):
    (makefile_copy / ".venv" / ".installed").write_text("/somewhere/else\n")
    assert "rm -rf .venv" in _dry_run(makefile_copy, "env")


def test_a_venv_built_for_this_checkout_is_kept(makefile_copy):
    (makefile_copy / ".venv" / ".installed").write_text(f"{makefile_copy}\n")
    assert "rm -rf .venv" not in _dry_run(makefile_copy, "env")


def test_without_chromium_make_test_says_what_to_do_in_one_line():
    run = subprocess.run(["make", "-s", "-C", str(ROOT), "check-chromium",
                          "CHROMIUM=/nonexistent/chromium"], capture_output=True, text=True)
    assert run.returncode != 0
    message = run.stdout.strip()
    assert len(message.splitlines()) == 1
    assert "apt-get install chromium" in message and "CHROMIUM=" in message
    assert "make test-fast" in message


def test_make_help_lists_the_options_of_lab_and_serve():
    run = subprocess.run(["make", "-s", "-C", str(ROOT), "help"], capture_output=True, text=True)
    assert "LAB_ARGS" in run.stdout and "PORT" in run.stdout


def test_serve_on_a_taken_port_says_which_port_to_use_instead(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(["--port", str(port), str(ROOT)]) == 1
    assert f"make serve PORT={port + 1}" in capsys.readouterr().err


def _notebook(path, *sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_rerun_names_the_failing_notebook_and_cell_and_leaves_it_unchanged(tmp_path, capsys):
    good = _notebook(tmp_path / "good.ipynb", "for n in range(3):\n    print(n)", "6 * 7")
    bad = _notebook(tmp_path / "bad.ipynb", "x = 1", "float('16275x')")
    before = bad.read_bytes()
    assert rerun([str(bad), str(good)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: cell 2 (nbval's Cell 1; \"float('16275x')\") failed: ValueError" in err
    assert bad.read_bytes() == before
    executed = nbformat.read(good, as_version=4)
    assert executed.cells[1].outputs[0]["data"]["text/plain"] == "42"
    assert all("execution" not in cell.metadata for cell in executed.cells)
    first = good.read_bytes()
    assert rerun([str(good)]) == 0
    assert good.read_bytes() == first, "a second rerun changed the file"


def test_validate_runs_before_any_notebook_in_every_make_target():
    run = subprocess.run(["make", "-n", "-C", str(ROOT), "book", "test-fast", "rerun"],
                         capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    commands = run.stdout
    assert "hengyang.build" in commands  # book: validates, then builds (see hengyang.build.main)
    for target_cmd in ("pytest", "hengyang.rerun"):
        assert commands.index("hengyang.validate") < commands.index(target_cmd)
