"""Which numbers of the seed the data hold, and which were deliberately left out.

Numbers written in digits are found mechanically. Calendar dates, years, clock
times, unit designations ("116th"), hill names ("227.7") and calibres ("81mm")
are names and dates rather than quantities, and are set aside by rule. Every other
number must either stand in a data row (its ``written`` value, in a quote drawn
from the same sentence) or be listed in ``data/left_out_numbers.csv`` with a reason.
Numbers written in words are scanned too when they are large or vague enough to
matter ("a hundred", "three dozen", "forty", "thousands"), and small ones (one to
twenty, a dozen, half, a quarter, three quarters, a few dozen) wherever they count
men, units, days, rounds, positions or miles ("two battalions", "within three days",
"half its forces"): :data:`COUNTED` lists the words that make a small number a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .seed import normalise, seed_text

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SET_ASIDE = [
    ("calendar year", re.compile(r"^(1[89]\d\d|20[0-2]\d)$")),
]
_WORDS = re.compile(
    r"\b((?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|half a|a few)\s+)?"
    r"(?:dozen|hundred|thousand)s?"
    r"|(?:ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)\b",
    re.IGNORECASE,
)
_SMALL = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty"
)
# What a small number must count to be scanned: men, units, days, rounds, positions or miles.
COUNTED = (
    r"men|man|soldiers?|troops|officers?|commanders?|majors|prisoners|captives|wounded|"
    r"battalions?|company|companies|regiments?|divisions?|platoons?|squads?|armies|army|corps|"
    r"squadrons?|brigades?|units|forces|days?|nights?|weeks?|rounds?|positions?|miles?"
)
_SMALL_WORDS = re.compile(
    rf"\b((?:a few dozen|half a dozen|a dozen|three quarters|a quarter|half"
    rf"|(?:{_SMALL})(?:\s+to\s+(?:{_SMALL}))?))"
    rf"(?=(?:\s+(?:of\s+)?[\w'-]+){{0,3}}?\s+(?:{COUNTED})\b)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)")


@dataclass(frozen=True)
class SeedNumber:
    token: str
    sentence: str
    reason: str | None  # why it was set aside by rule; None for a quantity


def sentences(text: str | None = None) -> list[str]:
    """The seed split into sentences, the units its numbers are checked in.

    Headings and blank lines are skipped; an infobox list item ("- ...") is split at the commas
    that open another figure; other lines are split after ".", "!" or "?" (and a closing
    quotation mark) before a capital, a digit or an opening quotation mark.

    Parameters
    ----------
    text: the text to split; the seed when None.

    Returns
    -------
    A list of sentences, stripped, in text order.
    """
    text = seed_text() if text is None else text
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("="):
            continue
        if line.startswith("- "):
            out += [
                part.strip()
                for part in re.split(r",\s+(?=(?:Approximately|More than|\d))", line[2:])
            ]
            continue
        out += [s.strip() for s in re.split(r'(?<=[.!?])["”]?\s+(?=[A-Z0-9"“])', line) if s.strip()]
    return out


def _reason(sentence: str, match: re.Match) -> str | None:
    token = match.group(1)
    before, after = sentence[: match.start()], sentence[match.end() :]
    if re.search(r"\d$", before) or after.startswith(("th", "st", "nd", "rd")):
        return "unit designation or ordinal"
    for reason, rule in _SET_ASIDE:
        if rule.match(token):
            return reason
    if re.match(r"^\s*(?:am|pm|AM|PM)\b|^:\d\d|^AM|^PM", after) or re.search(r"\d:$", before):
        return "clock time"
    if (
        re.search(rf"\b(?:{MONTHS})\s+$", before)
        or re.match(rf"^\s+(?:{MONTHS})\b", after)
        or re.match(rf"^\s*(?:–|-)\s*\d+\s+(?:{MONTHS})", after)
        or re.match(rf"^\s*–\s*\d+\s*(?:{MONTHS})", after)
        or re.match(rf"^–\d+\s+(?:{MONTHS})", after)
    ):
        return "calendar date"
    if re.match(rf"^\s+to\s+\d+\s+(?:{MONTHS})", after):
        return "calendar date"
    if re.match(r"^\s?mm\b", after) and not before.endswith("by "):
        return "calibre"
    if (
        token in ("227.7", "221")
        or re.match(r"^\s+Heights", after)
        or re.match(r"^\s+Regiment", after)
    ):
        return "hill or unit name"
    if re.search(r"episode\s+$", before):
        return "title of an outside reference"
    return None


def seed_numbers(text: str | None = None) -> list[SeedNumber]:
    """Every number of the text, in digits or in words, with its sentence and why it was set aside.

    Parameters
    ----------
    text: the text to scan; the seed when None.

    Returns
    -------
    A list of :class:`SeedNumber` in text order, sentence by sentence (digits, then large
    number words, then small counted ones); ``reason`` is None for a quantity, else the rule
    that sets it aside (dates, years, clock times, unit designations, hill names, calibres).
    """
    found = []
    for sentence in sentences(text):
        for match in _TOKEN.finditer(sentence):
            found.append(SeedNumber(match.group(1), sentence, _reason(sentence, match)))
        large = [m.span(1) for m in _WORDS.finditer(sentence)]
        for match in _WORDS.finditer(sentence):
            found.append(SeedNumber(match.group(1), sentence, None))
        for match in _SMALL_WORDS.finditer(sentence):
            if any(a <= match.start(1) < b for a, b in large):
                continue  # already read as part of a large number ("three dozen", "a few dozen")
            found.append(SeedNumber(match.group(1), sentence, None))
    return found


def covered_by(number: SeedNumber, rows: list[tuple[str, str]]) -> bool:
    """True when a data row writes this number and quotes the sentence it stands in.

    Parameters
    ----------
    number: the number found in the seed.
    rows: (written, quote) pairs of the data rows; the quote must hold the sentence or lie
        within it (white space normalised).

    Returns
    -------
    True or False.
    """
    sentence = normalise(number.sentence)
    for written, quote in rows:
        quote = normalise(quote)
        if re.search(
            rf"(?<![\d,\w]){re.escape(number.token)}(?![\d,]\d)", written, re.IGNORECASE
        ) and (quote in sentence or sentence in quote):
            return True
    return False
