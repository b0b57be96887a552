"""The word lists of the time grammar, kept as ``knowledge/data/time_words.yaml``."""

from __future__ import annotations

import re
from typing import Any

from ..knowledge import load_data


def lexicon() -> dict[str, Any]:
    return load_data("time_words.yaml")


def alternation(words: object) -> str:
    """A regex alternation of ``words``, longest first so 'a few' wins over 'a'; spaces match any blank."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[union-attr]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def month_number(word: str) -> int:
    return lexicon()["months"][word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """ISO weekday (Monday 1) of a weekday name, plural or abbreviated."""
    w = word.lower().rstrip(".")
    for name, n in lexicon()["weekdays"].items():
        if w.startswith(name[:3]):
            return n
    raise KeyError(word)


def number(words: str) -> float | None:
    """The value of a number written in digits or words ('twenty four', '2 1/2', 'a couple of'); None if vague."""
    w = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
    if w in lexicon()["vague_numbers"]:
        return None
    w = w.replace(",", "")
    half = 0.0
    if w.endswith(" and a half"):
        w, half = w[: -len(" and a half")], 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w) + half
    m = re.fullmatch(r"(\d+) (\d)/(\d)", w)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    numbers = lexicon()["numbers"]
    if w in numbers:
        return float(numbers[w]) + half
    total = 0.0
    for part in w.split(" "):
        if part not in numbers:
            return None
        value = numbers[part]
        total = total * value if value == 100 and total else total + value
    return total + half
