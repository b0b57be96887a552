"""Which language a document is written in, so it is read by the front end made for it, or not at all.

``py3langid`` (BSD-3-Clause, 4.5 MB, 97 languages, a naive Bayes model over byte n-grams shipped in
the package) decides when it is confident. Short texts are where it is not ("Putin met Lukashenko in
Minsk" scores as Finnish): there the script decides between the languages sitrep reads, so a short
English note is never refused as Haitian and a short Cyrillic one is read as Russian or Ukrainian.
``lingua-language-detector`` was measured too (README: accuracy and speed): its high-accuracy mode
loads about 1 GB of models, its low-accuracy mode calls short English sentences Latin.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# The languages sitrep has a front end for; anything else is stored "not analysed: language xx".
READ = ("en", "ru", "uk")
DEFAULT = "en"
# Detector confidence (normalised probability) above which its answer stands on its own.
_CONFIDENT = 0.9
_SAMPLE_CHARS = 1500  # the opening of an article says which language it is in
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def normalise_language(code: str | None) -> str | None:
    """ "RU", "ru-RU", " uk " -> "ru", "uk"; empty -> None."""
    if not code or not code.strip():
        return None
    return code.strip().lower().replace("_", "-").split("-")[0]


def not_read_status(language: str) -> str:
    """The analysis status of a document in a language sitrep has no front end for."""
    return f"not analysed: language {language}"


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language ("en", "ru", "uk", "de" ...)."""
    sample = text[:_SAMPLE_CHARS]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if not cyrillic and not latin:
        guess, confidence = _identifier(None).classify(sample)
        return str(guess) if confidence >= _CONFIDENT else DEFAULT
    guess, confidence = _identifier(None).classify(sample)
    if confidence >= _CONFIDENT:
        return str(guess)
    if cyrillic > latin:
        return _russian_or_ukrainian(sample)
    return DEFAULT


def _russian_or_ukrainian(sample: str) -> str:
    """Letters only one of the two alphabets has decide first (і ї є ґ against ы э ъ ё), then the model."""
    lower = sample.lower()
    ukrainian = sum(lower.count(c) for c in "іїєґ")
    russian = sum(lower.count(c) for c in "ыэъё")
    if ukrainian and not russian:
        return "uk"
    if russian and not ukrainian:
        return "ru"
    return str(_identifier(("ru", "uk")).classify(sample)[0])


@functools.cache
def _identifier(languages: tuple[str, ...] | None) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages(list(languages))
    return identifier
