"""The source text: whitespace-normalised search and section lookup."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from . import SEED_PATH

_HEADING = re.compile(r"^(=+)\s*(.+?)\s*\1\s*$")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, so line wrapping never matters."""
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=4)
def seed_text(path: Path = SEED_PATH) -> str:
    return Path(path).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4)
def _normalised_seed(path: Path = SEED_PATH) -> str:
    return normalise(seed_text(path))


def quote_in_seed(quote: str, path: Path = SEED_PATH) -> bool:
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
    """The section headings under which ``quote`` stands (a quote may repeat)."""
    wanted = normalise(quote)
    return {
        section for line, section in _line_sections(path) if wanted and wanted in normalise(line)
    }
