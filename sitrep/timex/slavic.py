"""Russian and Ukrainian time expressions: TIMEX3 values anchored on the publication date, as in English.

The word lists (``time_words_ru.yaml``, ``time_words_uk.yaml``) hold lemmas; every case form is
generated once with pymorphy3, so "ноября", "ноябре" and "ноябрём", "листопада" and "листопаді" are one
month. The grammar is a list of patterns over those forms, tried at every position, longest match first:
dates ("3 ноября", "у вівторок, 1 листопада"), ranges ("между мартом и сентябрём", "з 1 по 5 листопада"),
parts ("в начале ноября"), months, years, weekdays, "сегодня", "на прошлой неделе", "минулого місяця",
"через два-три месяца", "два дня назад", "за минулу добу", seasons.

A date without a year takes the year that puts it nearest the day of reference on the side the
clause's tense points to (``tense_at``), so "3 ноября" in a past-tense sentence published on
2022-01-05 is 2021-11-03.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..knowledge import load_data
from ..model import TimeExpression
from . import calendar as cal
from .calendar import Value

Anchor = date | tuple[date, date] | None
TenseAt = Callable[[int], str | None]  # offset -> "past" | "future" | None

_B = r"(?<![\w'’ʼ])"  # word start (apostrophes belong to Ukrainian words)
_E = r"(?![\w'’ʼ])"
_DAY = r"(?P<{}>[0-3]?\d)(?:-?(?:го|е|ого|й))?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"


@dataclass(frozen=True)
class _Words:
    """One language's word forms, as regex alternations, and the values they stand for."""

    value: dict[str, Any]  # lower-case form -> value (month number, weekday, unit letter ...)
    months: str
    weekdays: str
    seasons: str
    season_adverbs: str
    units: str
    numbers: str
    deictic: str
    relative: str
    relative_words: str
    parts: str
    grammar: dict[str, str]


@functools.lru_cache(maxsize=2)
def words(language: str) -> _Words:
    data = load_data(f"time_words_{language}.yaml")
    value: dict[str, Any] = {}

    def forms(section: str, *, inflect: bool = True) -> str:
        found: list[str] = []
        for lemma, meaning in (data.get(section) or {}).items():
            for form in _forms(str(lemma), language) if inflect else (str(lemma).lower(),):
                value.setdefault(f"{section}:{form}", meaning)
                found.append(form)
        return _alternation(found)

    grammar = {k: _alternation([str(w).lower() for w in v]) for k, v in (data.get("grammar") or {}).items()}
    return _Words(
        value=value,
        months=forms("months"),
        weekdays=forms("weekdays"),
        seasons=forms("seasons"),
        season_adverbs=forms("season_adverbs", inflect=False),
        units=forms("units"),
        numbers=forms("numbers"),
        deictic=forms("deictic", inflect=False),
        relative=forms("relative"),
        relative_words=forms("relative_words", inflect=False),
        parts=forms("parts"),
        grammar=grammar,
    )


def _forms(lemma: str, language: str) -> list[str]:
    """Every form of a lemma (pymorphy3's lexeme), ё written both ways."""
    analyser = _analyser(language)
    readings = [
        p for p in analyser.parse(lemma) if p.normal_form.replace("ё", "е") == lemma.replace("ё", "е")
    ]
    found = {lemma.lower()}
    for reading in readings[:2]:
        found |= {f.word for f in reading.lexeme}
    return sorted(found | {f.replace("ё", "е") for f in found})


@functools.lru_cache(maxsize=2)
def _analyser(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def _alternation(forms: list[str]) -> str:
    if not forms:
        return r"(?!x)x"
    escaped = sorted(
        {re.escape(f).replace(r"\'", "['’ʼ]").replace("'", "['’ʼ]") for f in forms}, key=len, reverse=True
    )
    return "(?:" + "|".join(escaped) + ")"


# -- the grammar -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    w = words(language)
    g = w.grammar
    year_word = rf"(?:\s*{g['year_words']})?"
    year = rf"(?:\s+{_YEAR.format('year')}{year_word})?"
    year2 = rf"(?:\s+{_YEAR.format('year2')}{year_word})?"
    number = rf"(?P<n>\d+|{w.numbers})(?:\s*[-–—]\s*(?P<m>\d+|{w.numbers}))?"
    rules = {
        "day_range": rf"(?:{g['from']}\s+)?{_DAY.format('day')}\s*(?:[-–—]|\s{g['to']}\s)\s*{_DAY.format('day2')}\s+(?P<month>{w.months}){year}",
        "date": rf"(?:(?P<weekday>{w.weekdays})\s*,?\s*)?{_DAY.format('day')}\s+(?P<month>{w.months}){year}",
        "numeric": r"(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.(?P<year>(?:19|20)\d\d)",
        "month_range": rf"{g['between']}\s+(?P<month>{w.months}){year}\s+{g['and']}\s+(?P<month2>{w.months}){year2}",
        "month_from_to": rf"{g['from']}\s+(?P<month>{w.months})\s+{g['to']}\s+(?P<month2>{w.months}){year2}",
        "part": rf"(?:(?:{g['in']})\s+)?(?P<part>{w.parts})\s+(?:(?P<month>{w.months}){year}|(?:(?P<rel>{w.relative})\s+)?(?P<unit>{w.units})|{_YEAR.format('pyear')}\s*{g['year_words']})",
        "month": rf"(?:{g['in']}|{g['from']}|{g['to']}|{g['by']})\s+(?P<body>(?P<month>{w.months}){year})",
        "month_year": rf"(?P<month>{w.months})\s+{_YEAR.format('year')}{year_word}",
        "year": rf"{_YEAR.format('year')}\s*{g['year_words']}",
        "weekday": rf"(?:{g['in']})\s+(?P<body>(?P<weekday>{w.weekdays}))",
        "deictic": rf"(?P<deictic>{w.deictic})",
        "relative": rf"(?:(?:{g['in']})\s+)?(?P<rel>{w.relative})\s+(?P<unit>{w.units})|(?P<relword>{w.relative_words})",
        "after": rf"(?P<prep>{g['after']})\s+(?:{number}\s+)?(?P<unit>{w.units})",
        "within": rf"(?P<prep>{g['within']})\s+(?:{number}\s+)?(?P<unit>{w.units})",
        "ago": rf"{number}\s+(?P<unit>{w.units})\s+(?P<ago>{g['ago']})",
        "past_day": rf"(?P<pastday>{g['past_day']})",
        "last_n": rf"(?P<prep>{g['last_n']})\s+(?:{number}\s+)?(?P<unit>{w.units})",
        "season": rf"(?:(?P<by>{g['by']})\s+|(?:{g['in']})\s+)?(?:(?P<rel>{w.relative})\s+)?(?P<season>{w.seasons}|{w.season_adverbs}){year}",
    }
    flags = re.IGNORECASE
    return [(name, re.compile(_B + rule + _E, flags)) for name, rule in rules.items()]


# -- tagging ---------------------------------------------------------------------------------------


def tag_times_slavic(
    text: str, language: str, anchor: Anchor, tense_at: TenseAt | None = None
) -> list[TimeExpression]:
    """Time expressions of a Russian or Ukrainian text, with TIMEX3 values and calendar intervals."""
    if language not in ("ru", "uk"):
        return []
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in _patterns(language):
        found += [(m.start(), m.end(), name, m) for m in pattern.finditer(text)]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))  # longest first: "вівторок, 1 листопада" over "вівторок"
    taken: list[tuple[int, int]] = []
    out: list[TimeExpression] = []
    for start, stop, name, match in found:
        if any(start < b and a < stop for a, b in taken):
            continue
        tense = tense_at(start) if tense_at else None
        expression = _read(name, match, language, anchor, tense)
        if expression is not None:
            out.append(expression)
            taken.append((start, stop))
    return sorted(out, key=lambda e: e.span_start)


def _read(
    name: str, m: re.Match[str], language: str, anchor: Anchor, tense: str | None
) -> TimeExpression | None:
    reader = _READERS[name]
    w = words(language)
    if isinstance(anchor, tuple):
        early, late = reader(m, w, anchor[0], tense), reader(m, w, anchor[1], tense)
        if early is None or late is None:
            return None
        result = (cal.merge(early[0], late[0]), *early[1:])
    else:
        result = reader(m, w, anchor, tense)
    if result is None:
        return None
    value, kind, mod, anchored = result
    start = m.start("body") if m.groupdict().get("body") is not None else m.start()
    return TimeExpression(
        m.string[start : m.end()], start, m.end(), kind, value.value, value.start, value.end, mod, anchored
    )


Reading = tuple[Value, str, str | None, str] | None  # value, TIMEX3 type, mod, anchor


def _month(w: _Words, form: str | None) -> int | None:
    return w.value.get(f"months:{form.lower().replace('ё', 'е')}") if form else None


def _year(m: re.Match[str], group: str = "year") -> int | None:
    value = m.groupdict().get(group)
    return int(value) if value else None


def _choose_year(make: Callable[[int], Value], anchor: date | None, tense: str | None) -> Value | None:
    """The reading nearest the anchor on the side the tense points to."""
    if anchor is None:
        return None
    options = [make(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    options = [o for o in options if o.start and o.end]
    if tense == "past":
        before = [o for o in options if o.start <= anchor]
        return before[-1] if before else options[0]
    if tense == "future":
        after = [o for o in options if o.end >= anchor]
        return after[0] if after else options[-1]
    return min(options, key=lambda o: (abs((o.start - anchor).days), o.start.year != anchor.year))


def _dated(
    make: Callable[[int], Value], year: int | None, anchor: date | None, tense: str | None, unknown: str
) -> tuple[Value, str]:
    if year:
        return make(year), "absolute"
    chosen = _choose_year(make, anchor, tense)
    return (chosen, "publication") if chosen else (Value(unknown), "publication")


def _safe_day(y: int, month: int, day: int) -> Value:
    try:
        return cal.day(date(y, month, day))
    except ValueError:
        return Value(f"{y:04d}-{month:02d}-XX")


def read_date(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    month, day = _month(w, m.group("month")), int(m.group("day"))
    if not month or not 1 <= day <= 31:
        return None
    value, anchored = _dated(
        lambda y: _safe_day(y, month, day), _year(m), anchor, tense, f"XXXX-{month:02d}-{day:02d}"
    )
    return value, "DATE", None, anchored


def read_numeric(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    day, month, year = int(m.group("day")), int(m.group("mon")), int(m.group("year"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _safe_day(year, month, day), "DATE", None, "absolute"


def read_day_range(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    month, first, last = _month(w, m.group("month")), int(m.group("day")), int(m.group("day2"))
    if not month or not 1 <= first < last <= 31:
        return None
    value, anchored = _dated(
        lambda y: _span(_safe_day(y, month, first), _safe_day(y, month, last)),
        _year(m),
        anchor,
        tense,
        f"XXXX-{month:02d}",
    )
    return value, "DATE", None, anchored


def _span(a: Value, b: Value) -> Value:
    return Value(f"{a.value}/{b.value}", a.start, b.end)


def read_month_range(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    first, last = _month(w, m.group("month")), _month(w, m.group("month2"))
    if not first or not last:
        return None
    year2 = _year(m, "year2")
    year1 = _year(m) or (year2 - (1 if last < first else 0) if year2 else None)

    def make(y: int) -> Value:
        return _span(cal.month(y - (1 if last < first else 0), first), cal.month(y, last))

    if year1 and year2:
        return _span(cal.month(year1, first), cal.month(year2, last)), "DATE", None, "absolute"
    value, anchored = _dated(make, year2, anchor, tense, f"XXXX-{first:02d}/XXXX-{last:02d}")
    return value, "DATE", None, anchored


def read_part(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    mod = w.value.get(f"parts:{m.group('part').lower()}")
    month = _month(w, m.group("month"))
    if month:
        value, anchored = _dated(lambda y: cal.month(y, month), _year(m), anchor, tense, f"XXXX-{month:02d}")
    elif m.group("pyear"):
        value, anchored = cal.year(int(m.group("pyear"))), "absolute"
    else:
        unit_value = _relative_unit(m, w, anchor)
        if unit_value is None:
            return None
        value, anchored = unit_value, "publication"
    return cal.narrow(value, mod), "DATE", mod, anchored


def read_month(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    month = _month(w, m.group("month"))
    if not month:
        return None
    value, anchored = _dated(lambda y: cal.month(y, month), _year(m), anchor, tense, f"XXXX-{month:02d}")
    return value, "DATE", None, anchored


def read_year(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    return cal.year(int(m.group("year"))), "DATE", None, "absolute"


def read_weekday(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    weekday = w.value.get(f"weekdays:{m.group('weekday').lower().replace('ё', 'е')}")
    if not weekday or anchor is None:
        return None
    if tense == "future":
        day = cal.weekday_before(anchor, weekday)
        day = day if day > anchor else cal.shift(day, "W", 1)
    else:
        day = cal.weekday_before(anchor, weekday)
    return cal.day(day), "DATE", None, "publication"


def read_deictic(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    offset = w.value.get(f"deictic:{m.group('deictic').lower()}")
    if offset is None or anchor is None:
        return None
    return cal.day(cal.shift(anchor, "D", int(offset))), "DATE", None, "publication"


def _relative_unit(m: re.Match[str], w: _Words, anchor: date | None) -> Value | None:
    if anchor is None:
        return None
    relword = m.groupdict().get("relword")
    if relword:
        unit, offset = w.value.get(f"relative_words:{relword.lower()}") or (None, None)
    else:
        unit = w.value.get(f"units:{m.group('unit').lower().replace('ё', 'е')}")
        rel = m.group("rel")
        offset = w.value.get(f"relative:{rel.lower().replace('ё', 'е')}") if rel else 0
    if unit not in ("D", "W", "M", "Q", "Y", "H") or offset is None:
        return None
    return cal.unit_value(cal.shift(anchor, unit, int(offset)), unit)


def read_relative(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    value = _relative_unit(m, w, anchor)
    return (value, "DATE", None, "publication") if value else None


def _amount(m: re.Match[str], w: _Words) -> tuple[float, float] | None:
    """The number (and upper bound) before a unit: "два-три" -> (2, 3); none written -> (1, 1)."""
    n = m.groupdict().get("n")
    if not n:
        return 1, 1
    low = _number(n, w)
    high = _number(m.group("m"), w) if m.groupdict().get("m") else low
    if low is None or high is None:
        return None
    return low, high


def _number(text: str, w: _Words) -> float | None:
    if text.isdigit():
        return float(text)
    value = w.value.get(f"numbers:{text.lower().replace('ё', 'е')}")
    return float(value) if isinstance(value, (int, float)) else None


def _unit(m: re.Match[str], w: _Words) -> str | None:
    return w.value.get(f"units:{m.group('unit').lower().replace('ё', 'е')}")


def _duration(n: float, unit: str) -> str:
    amount = int(n) if float(n).is_integer() else n
    return f"PT{amount}H" if unit == "TH" else f"P{amount}{unit}"


def read_after(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    """ "через два-три месяца": the stretch from two to three months after the day of reference."""
    amount, unit = _amount(m, w), _unit(m, w)
    if amount is None or unit is None or anchor is None:
        return None
    low, high = amount
    value = Value(_duration(low, unit), cal.shift(anchor, unit, low), cal.shift(anchor, unit, high))
    return value, "DURATION", "EQUAL_OR_MORE" if high > low else None, "publication"


def read_within(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    amount, unit = _amount(m, w), _unit(m, w)
    if amount is None or unit is None or anchor is None:
        return None
    high = amount[1]
    if tense == "past":
        value = Value(_duration(high, unit), cal.shift(anchor, unit, -high), anchor)
    else:
        value = Value(_duration(high, unit), anchor, cal.shift(anchor, unit, high))
    return value, "DURATION", "EQUAL_OR_LESS", "publication"


def read_last_n(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    amount, unit = _amount(m, w), _unit(m, w)
    if amount is None or unit is None or anchor is None:
        return None
    return (
        Value(_duration(amount[1], unit), cal.shift(anchor, unit, -amount[1]), anchor),
        "DURATION",
        None,
        "publication",
    )


def read_past_day(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    if anchor is None:
        return None
    return Value("P1D", cal.shift(anchor, "D", -1), anchor), "DURATION", None, "publication"


def read_ago(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    amount, unit = _amount(m, w), _unit(m, w)
    if amount is None or unit is None or anchor is None:
        return None
    low, high = amount
    start, end = cal.shift(anchor, unit, -high), cal.shift(anchor, unit, -low)
    value = cal.day(start) if start == end else Value(f"{start.isoformat()}/{end.isoformat()}", start, end)
    if unit in ("M", "Y", "W") and low == high:
        value = cal.unit_value(start, unit)
    return value, "DATE", None, "publication"


def read_season(m: re.Match[str], w: _Words, anchor: date | None, tense: str | None) -> Reading:
    word = m.group("season").lower()
    season = w.value.get(f"seasons:{word}") or w.value.get(f"season_adverbs:{word}")
    if not season:
        return None
    offset = w.value.get(f"relative:{m.group('rel').lower()}") if m.group("rel") else None
    if _year(m):
        value, anchored = cal.season(_year(m), season), "absolute"
    elif anchor is None:
        return None
    elif offset is not None:
        value, anchored = cal.season(anchor.year + int(offset), season), "publication"
    else:
        chosen = _choose_year(lambda y: cal.season(y, season), anchor, "future" if m.group("by") else tense)
        if chosen is None:
            return None
        value, anchored = chosen, "publication"
    if m.group("by") and anchor is not None and value.end is not None:
        return Value(value.value, anchor, value.start), "DATE", "BEFORE", anchored
    return value, "DATE", None, anchored


_READERS: dict[str, Callable[..., Reading]] = {
    "day_range": read_day_range,
    "date": read_date,
    "numeric": read_numeric,
    "month_range": read_month_range,
    "month_from_to": read_month_range,
    "month_year": read_month,
    "part": read_part,
    "month": read_month,
    "year": read_year,
    "weekday": read_weekday,
    "deictic": read_deictic,
    "relative": read_relative,
    "after": read_after,
    "within": read_within,
    "ago": read_ago,
    "past_day": read_past_day,
    "last_n": read_last_n,
    "season": read_season,
}
