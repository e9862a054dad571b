"""Shared code for the Battle of Hengyang computational essay.

The notebooks in ``chapters/`` stay thin: they load validated tables with
:func:`hengyang.data.load_table`, compute with the functions in
:mod:`hengyang.analysis` and draw with :mod:`hengyang.plotting`.

In a clone of the repository the tables are read from ``data/`` and the source from
``seeds/``; an installed copy of the package (``pip install`` of the repository, as on
Binder or for a notebook downloaded on its own) carries both inside itself, so a notebook
always finds its tables through the package, wherever it runs.
"""

from pathlib import Path

# The book's version, in one place: pyproject.toml, CITATION.cff and the book's footer
# take it from here (tests check that they agree).
__version__ = "0.3.0"

_HERE = Path(__file__).resolve().parent
ROOT = _HERE.parent
_INSTALLED = (_HERE / "_data" / "datapackage.json").is_file()
DATA_DIR = _HERE / "_data" if _INSTALLED else ROOT / "data"
SEED_PATH = (_HERE / "_seeds" if _INSTALLED else ROOT / "seeds") / "battle_of_hengyang.txt"

__all__ = ["ROOT", "DATA_DIR", "SEED_PATH", "__version__"]
