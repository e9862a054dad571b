"""`make book` shows what the current inputs compute: a change to data reaches the page.

The execution cache keys on code cells only; hengyang.build clears it when anything the
notebooks read changes. Proved on a one-page fixture book, not a second build of this one.
"""

import json
import textwrap

import nbformat
import pytest

from hengyang.build import STAMP, build, inputs_digest, refresh_stale_state

PAGE = """
import pathlib
low, high = pathlib.Path("data/value.csv").read_text().split()[1].split(",")
print(f"the defence was asked to last {low} to {high} days")
"""


@pytest.fixture
def tiny_book(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "value.csv").write_text("low,high\n10,14\n")
    (tmp_path / "_config.yml").write_text(
        textwrap.dedent("""\
        title: fixture
        only_build_toc_files: true
        execute:
          execute_notebooks: "cache"
        sphinx:
          config:
            html_show_sphinx: false
        """)
    )
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PAGE.strip())])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, tmp_path / "page.ipynb")
    return tmp_path


def test_a_data_change_reaches_the_built_page(tiny_book):
    page = tiny_book / "_build" / "html" / "page.html"
    assert build(tiny_book, watched=("data",)) == 0
    assert "last 10 to 14 days" in page.read_text()
    (tiny_book / "data" / "value.csv").write_text("low,high\n10,21\n")
    assert build(tiny_book, watched=("data",)) == 0
    assert "last 10 to 21 days" in page.read_text()


def test_the_digest_changes_with_any_watched_file_and_ignores_bytecode(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    before = inputs_digest([tmp_path / "pkg"])
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert inputs_digest([tmp_path / "pkg"]) == before
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert inputs_digest([tmp_path / "pkg"]) != before


def test_stale_executions_are_cleared_only_when_inputs_changed(tmp_path):
    build_dir = tmp_path / "_build"
    (build_dir / ".jupyter_cache").mkdir(parents=True)
    (build_dir / STAMP).write_text("old\n")
    assert refresh_stale_state(build_dir, "old") is False
    assert (build_dir / ".jupyter_cache").is_dir()
    assert refresh_stale_state(build_dir, "new") is True
    assert not (build_dir / ".jupyter_cache").exists()
    assert (build_dir / STAMP).read_text().strip() == "new"


def test_the_book_config_lets_one_failing_notebook_not_hide_the_others():
    import yaml

    from hengyang import ROOT

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "cache"
    # A failure is a warning, which -W makes fatal after --keep-going has built the rest.
    assert config["execute"]["raise_on_error"] is False
    assert json.dumps(config["sphinx"]["config"]["nb_execution_show_tb"]) == "false"


def test_a_failing_notebook_fails_the_build_but_every_other_page_is_built(tiny_book, capfd):
    import yaml

    from hengyang import ROOT

    # The fixture book takes the real book's execution settings.
    config = yaml.safe_load((tiny_book / "_config.yml").read_text())
    config["execute"] = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]
    (tiny_book / "_config.yml").write_text(yaml.safe_dump(config))
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("float('16275x')")])
    broken.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(broken, tiny_book / "broken.ipynb")
    (tiny_book / "_toc.yml").write_text("format: jb-book\nroot: broken\nchapters:\n- file: page\n")
    assert build(tiny_book, watched=("data",)) != 0
    assert (tiny_book / "_build" / "html" / "page.html").is_file()
    log = capfd.readouterr()
    assert "broken.ipynb" in log.out + log.err
    # the summary names the cell as make rerun and nbval number it
    assert "notebook failed: broken.ipynb, cell 1 (nbval's Cell 0; \"float('16275x')\")" in (
        log.out + log.err
    )
    assert "Sphinx bug" not in log.out + log.err
