"""The source text: whitespace-normalised search and section lookup."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from . import SEED_PATH

_HEADING = re.compile(r"^(=+)\s*(.+?)\s*\1\s*$")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, so line wrapping never matters.

    Parameters
    ----------
    text: any text.

    Returns
    -------
    The text with white space collapsed and the ends stripped.
    """
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=4)
def seed_text(path: Path = SEED_PATH) -> str:
    """The source text as stored (read once per path and cached).

    Parameters
    ----------
    path: the seed file (UTF-8).

    Returns
    -------
    The file's whole text.
    """
    return Path(path).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4)
def _normalised_seed(path: Path = SEED_PATH) -> str:
    return normalise(seed_text(path))


def quote_in_seed(quote: str, path: Path = SEED_PATH) -> bool:
    """True when ``quote`` stands verbatim in the seed, white space aside.

    Parameters
    ----------
    quote: the quoted text.
    path: the seed file.

    Returns
    -------
    True or False; an empty or blank quote is False.
    """
    return bool(quote.strip()) and normalise(quote) in _normalised_seed(path)


@functools.lru_cache(maxsize=4)
def _line_sections(path: Path = SEED_PATH) -> tuple[tuple[str, str], ...]:
    """Each line of the seed paired with the innermost heading above it."""
    section = "Infobox"
    pairs = []
    for line in seed_text(path).splitlines():
        match = _HEADING.match(line)
        if match and len(match.group(1)) > 1:
            section = match.group(2)
        pairs.append((line, section))
    return tuple(pairs)


def sections_of(quote: str, path: Path = SEED_PATH) -> set[str]:
    """The section headings under which ``quote`` stands (a quote may repeat).

    The quote is looked for line by line: a quote that runs over a line break of the seed is in
    no section. Lines before the first ``==`` heading are in "Infobox".

    Parameters
    ----------
    quote: the quoted text (white space normalised before matching).
    path: the seed file.

    Returns
    -------
    A set of heading texts, empty when no single line holds the quote.
    """
    wanted = normalise(quote)
    return {
        section for line, section in _line_sections(path) if wanted and wanted in normalise(line)
    }
