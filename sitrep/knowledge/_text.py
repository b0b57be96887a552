"""Normalising names so that spelling noise ("Belarus’", "the Kremlin", "MiG-31k") finds one key."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‑": "-", "‐": "-"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_SPACES = re.compile(r"\s+")
# British and American spellings meet in one key: "Ministry of Defense" = "Ministry of Defence".
_SPELLING = ((re.compile(r"\bdefense\b"), "defence"), (re.compile(r"\borganization\b"), "organisation"))


def clean(text: str) -> str:
    """Uniform apostrophes, dashes and spaces; no leading article, no possessive ending."""
    text = _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()
    text = _LEADING_ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip()


def norm(text: str) -> str:
    """The case-insensitive lookup key of a name."""
    if text.isalpha() and text.isascii():  # the common case, kept cheap for 35,000 city names
        return "defence" if text in ("defense", "Defense") else text.lower()
    key = clean(text).lower()
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return key


def compact(text: str) -> str:
    """Designator key that ignores hyphens and spaces: "Tor M2", "Tor-M2" and "TOR-M2" meet."""
    return re.sub(r"[\s\-/.]", "", norm(text))


def fold(text: str) -> str:
    """Strip diacritics: "Błaszczak" -> "Blaszczak", "Türkiye" -> "Turkiye"."""
    if text.isascii():
        return text
    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    """The stable identity slug of a name: "Ivan Tertel" -> "ivan-tertel"."""
    ascii_text = fold(clean(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"
