"""Read a number the way the seed writes it ("16,275", "about a thousand", "two to three").

The provenance test uses :func:`parse_written` to prove that every stored value
equals the value as written in the source, so the vocabulary here is deliberately
small and exact: an unknown phrase raises instead of guessing.
"""

from __future__ import annotations

import re

_UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000}
_FRACTIONS = {"half": 0.5, "a half": 0.5, "three quarters": 0.75, "a quarter": 0.25}
# Words that qualify a number; they are recorded in the ``qualifier`` column.
QUALIFIER_WORDS = {
    "about": "about",
    "approximately": "about",
    "around": "about",
    "some": "about",
    "more than": "more than",
    "over": "more than",
    "than": "more than",
    "fewer than": "fewer than",
    "almost": "almost",
    "nearly": "almost",
    "at most": "at most",
    "no more than": "at most",
    "within": "at most",
    "only": "exact",
    "just": "exact",
}
# "at most" is an upper bound that may be reached ("no more than a day", "within three days");
# "fewer than" and "almost" are upper bounds that are not.
QUALIFIERS = ("exact", "about", "more than", "fewer than", "almost", "at most", "range")

# Conversions a derived row may apply to a written value, keyed by (word as written, unit
# stored): "two weeks" stored in days is 14. The row's ``rule`` says the same in words.
CONVERSIONS = {("week", "days"): 7, ("weeks", "days"): 7}

_NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


class UnreadableNumber(ValueError):
    """A written value that this module does not know how to read."""


def _words_to_number(words: list[str]) -> float:
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if _NUMERIC.match(word):
            current += float(word.replace(",", ""))
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1_000:
                total, current = total + current, 0.0
        elif word.endswith("%") and _NUMERIC.match(word[:-1]):
            current += float(word[:-1]) / 100
        else:
            raise UnreadableNumber(f"cannot read {word!r}")
        seen = True
    if not seen:
        raise UnreadableNumber("no number")
    return total + current


def _read_one(phrase: str) -> float:
    phrase = phrase.strip().lower()
    for text, value in _FRACTIONS.items():
        if phrase == text:
            return value
    if phrase.startswith("half a "):
        return 0.5 * _read_one(phrase[len("half a ") :])
    if " and a half" in phrase:
        return _read_one(phrase.replace(" and a half", "")) + 0.5
    words = [w for w in re.split(r"[\s-]+", phrase) if w]
    return _words_to_number(words)


def parse_written(written: str, unit: str | None = None) -> tuple[float, float]:
    """Return the (first, last) magnitude in a written value.

    "16,275 men" -> (16275, 16275); "80,000 to 90,000" -> (80000, 90000);
    "almost 30%" -> (0.3, 0.3). Qualifier words and a trailing unit word are ignored,
    except that with ``unit`` a unit word listed in :data:`CONVERSIONS` is converted:
    "ten days to two weeks" in "days" -> (10, 14).
    """
    text = written.strip().lower().strip('"')
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)  # "1mm" -> "1 mm"
    for word in sorted(QUALIFIER_WORDS, key=len, reverse=True):
        text = re.sub(rf"^{word}\b\s*", "", text)
    parts = re.split(r"\s+(?:to|or)\s+(?=[\w\d])", text)
    if len(parts) > 2:
        raise UnreadableNumber(f"cannot read {written!r}")
    values = []
    for part in parts:
        # "two soldiers and one squad leader": counts of several kinds of men, added up
        pieces = re.split(r"\s+and\s+(?!a half\b)", part)
        if len(pieces) > 1 and all(_starts_with_number(p) for p in pieces):
            values.append(sum(_read_part(p, unit, written) for p in pieces))
        else:
            values.append(_read_part(part, unit, written))
    return values[0], values[-1]


def _starts_with_number(phrase: str) -> bool:
    first = phrase.split()[0] if phrase.split() else ""
    return first in _UNITS or bool(_NUMERIC.match(first))


def _read_part(part: str, unit: str | None, written: str) -> float:
    """One number and the words after it; "the whole company" is one company."""
    part = re.sub(r"^the whole\b", "a", part)
    words = [w for w in re.split(r"[\s-]+", part) if w]
    dropped: list[str] = []
    # drop trailing non-number words ("men", "miles", "times as strong") one at a time
    while words:
        try:
            value = _read_one(" ".join(words))
            break
        except UnreadableNumber:
            dropped.insert(0, words.pop())
    else:
        raise UnreadableNumber(f"cannot read {written!r}")
    if unit is not None and dropped:
        value *= CONVERSIONS.get((dropped[0], unit), 1)
    return value


def bounds(
    written: str, qualifier: str, unit: str | None = None
) -> tuple[float | None, float | None]:
    """Low and high bounds implied by a written value and its qualifier.

    An open side is ``None``: "more than 11,000" has no stated upper bound, and
    we never invent one.

    Parameters
    ----------
    written: the figure as written ("16,275", "80,000 to 90,000", "a few dozen").
    qualifier: one of :data:`QUALIFIERS`: "range" needs two values, every other one a single value.
    unit: the row's unit; a unit word in ``written`` is converted to it through
        :data:`CONVERSIONS` ("two weeks" in "days" -> 14). None: no conversion.

    Returns
    -------
    A tuple (low, high) of floats: (v, v) for "exact" and "about", (v, None) for "more than",
    (None, v) for "fewer than", "almost" and "at most", (first, last) for "range". Raises
    ValueError for an unknown qualifier or one that does not match the number of values, and
    UnreadableNumber when ``written`` cannot be read.
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {QUALIFIERS}")
    first, last = parse_written(written, unit)
    if qualifier == "range":
        if first == last:
            raise ValueError(f"qualifier 'range' but {written!r} states one value")
        return first, last
    if first != last:
        raise ValueError(f"{written!r} states a range; its qualifier must be 'range'")
    if qualifier in ("exact", "about"):
        return first, first
    if qualifier == "more than":
        return first, None
    return None, first  # fewer than, almost, at most
