"""Shared code for the Battle of Hengyang computational essay.

The notebooks in ``chapters/`` stay thin: they load validated tables with
:func:`hengyang.data.load_table`, compute with the functions in
:mod:`hengyang.analysis` and draw with :mod:`hengyang.plotting`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEED_PATH = ROOT / "seeds" / "battle_of_hengyang.txt"

__all__ = ["ROOT", "DATA_DIR", "SEED_PATH"]
