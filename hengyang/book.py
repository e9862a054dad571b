"""What every chapter's set-up cell needs: the house style, whole text in tables, glue."""

from __future__ import annotations

import pandas as pd

from .plotting import house_style


def setup() -> None:
    """Figure style (retina, white, legible on a phone) and tables that show their text and
    rows whole: a cut-off quote, claim or source would mislead.

    Returns
    -------
    None. Applies :func:`hengyang.plotting.house_style` and sets pandas' ``display.max_colwidth``
    to None and ``display.max_rows`` to 500.
    """
    house_style()
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)  # a long sources table is shown whole, not cut


def glue_all(values: dict) -> None:
    """Glue each value under its name for the prose (``{glue:text}`name` ``), shown nowhere else.

    Values are plain Python numbers or strings (never numpy scalars), so that strict nbval
    compares them as text.

    Parameters
    ----------
    values: name -> value; a numpy scalar is turned into its Python value first.

    Returns
    -------
    None; each value is glued with ``display=False``.
    """
    from myst_nb import glue

    for name, value in values.items():
        if hasattr(value, "item"):
            value = value.item()
        glue(name, value, display=False)
