"""Readings of calendar expressions: dates, months, years, quarters, seasons, weekdays, holidays.

Each ``read_<rule>`` turns one grammar match into a :class:`Reading`, or rejects it (None)
when the words only look like a date ('1940 wagons', 'may' the verb).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import calendar as cal
from .calendar import Value
from .grammar import Match
from .lexicon import lexicon, month_number, weekday_number
from .readings import Reading, choose, fixed, pick_year, weekday_near

PRE_MODS = {
    "early": "START",
    "earlier": "START",
    "beginning": "START",
    "start": "START",
    "turn": "START",
    "first half": "START",
    "mid": "MID",
    "middle": "MID",
    "late": "END",
    "later": "END",
    "end": "END",
    "close": "END",
    "second half": "END",
    "last half": "END",
    "latter half": "END",
    "latter part": "END",
}
_HALVES = {"first half": 1, "second half": 2, "last half": 2, "latter half": 2}
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}
_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|during|before|after|of|between|and|or|to|early|late|mid|"
    r"last|next|this|that|every|each|on|for|throughout|around|about|a|an|the|until|since)|[,(])\s*$",
    re.I,
)
_PLURAL_NOUN_AFTER = re.compile(r"\s+([a-z]{2,}s)\b")
_NOT_NOUNS = {
    "was",
    "is",
    "has",
    "as",
    "its",
    "his",
    "this",
    "thus",
    "plus",
    "does",
    "goes",
    "says",
    "always",
    "perhaps",
    "whereas",
    "us",
    "yes",
    "afterwards",
    "towards",
    "besides",
    "alas",
}


def mod_of(mt: Match) -> str | None:
    pre = (mt.group("pre") or mt.group("pre2") or "").lower()
    return PRE_MODS.get(re.sub(r"\s+", " ", pre.split("-")[0].strip())) if pre else None


def _capitalised(word: str | None) -> bool:
    return bool(word) and word[0].isupper()  # type: ignore[index]


def _year_of(text: str) -> int:
    if text.startswith("'"):
        y = int(text[1:])
        return 1900 + y if y > 30 else 2000 + y
    return int(text)


def read_month_day(mt: Match, text: str) -> Reading | None:
    if not _capitalised(mt.group("mon")):
        return None
    m, d = month_number(mt.group("mon")), int(re.match(r"\d+", mt.group("d")).group())  # type: ignore[union-attr]
    wd = weekday_number(mt.group("wd")) if mt.group("wd") else None
    if wd and not _capitalised(mt.group("wd")):
        return None
    y = int(mt.group("y")) if mt.group("y") else None
    facts = {"month": m, "day": d, "weekday": wd, "year": y, "rel": (mt.group("rel") or "").lower() or None}
    first = _day_reading(mt.start, mt.end, m, d, y, wd, facts)
    if first is None:
        return None
    if mt.group("d2"):
        d2 = int(re.match(r"\d+", mt.group("d2")).group())  # type: ignore[union-attr]
        if d2 <= d:
            return None
        second = _day_reading(mt.m.start("d2"), mt.m.end("d2"), m, d2, y, None, {})
        if second is None:
            return None
        first.end = mt.m.end("d")
        return join_range(first, second, mt.start, mt.end)
    return first


def read_day_month(mt: Match, text: str) -> Reading | None:
    return read_month_day(mt, text)


def _day_reading(
    start: int, end: int, m: int, d: int, y: int | None, wd: int | None, facts: dict
) -> Reading | None:
    if y is not None:
        try:
            v = cal.day(date(y, m, d))
        except ValueError:
            return None
        return Reading(start, end, "DATE", "absolute", fixed(v), v.value, calendar=True, facts=facts)
    if d > 31 or (m == 2 and d > 29):
        return None

    def resolve(ref: date, policy: str) -> Value | None:
        make = lambda yy: cal.day(date(yy, m, d))  # noqa: E731
        if wd:  # 'Tuesday, November 1': the year whose November 1 is a Tuesday, when one is near
            fits = [
                v
                for yy in (ref.year - 1, ref.year, ref.year + 1)
                if (v := _safe(make, yy)) and v.start.isoweekday() == wd
            ]
            if fits:  # the weekday outweighs the tense
                return choose(ref, policy, fits, 3.0) or choose(ref, "nearest", fits, 1.0)
        return pick_year(ref, policy, make)

    return Reading(
        start, end, "DATE", "contextual", resolve, f"XXXX-{m:02d}-{d:02d}", calendar=True, facts=facts
    )


def _safe(make, y: int) -> Value | None:
    try:
        return make(y)
    except ValueError:
        return None


def join_range(a: Reading, b: Reading, start: int, end: int) -> Reading:
    """One reading for 'September 26-27', 'between March and September': the span of both ends."""

    def resolve(ref: date, policy: str) -> Value | None:
        vb = b.resolve(ref, policy)
        va = a.resolve(ref, policy)
        if va and vb and va.start and vb.start and va.start > vb.start and a.mode == "contextual":
            va = a.resolve(vb.start, "past")  # 'between November and February': November before
        if not (va and vb):
            return va or vb
        return Value(f"{va.value}/{vb.value}", va.start, vb.end)

    mode = "absolute" if a.mode == b.mode == "absolute" else "contextual"
    facts = dict(a.facts)
    return Reading(
        start,
        end,
        "DATE",
        mode,
        resolve,
        f"{a.unresolved}/{b.unresolved}",
        rule="range",
        calendar=False,
        facts=facts,
        parts=[a, b],
    )


def read_month_year(mt: Match, text: str) -> Reading | None:
    if not _capitalised(mt.group("mon")):
        return None
    v = cal.narrow(cal.month(_year_of(mt.group("y")), month_number(mt.group("mon"))), mod_of(mt))
    return Reading(
        mt.start,
        mt.end,
        "DATE",
        "absolute",
        fixed(v),
        v.value,
        mod_of(mt),
        calendar=True,
        facts={"month": month_number(mt.group("mon")), "year": _year_of(mt.group("y"))},
    )


def read_month(mt: Match, text: str) -> Reading | None:
    word = mt.group("mon")
    if not _capitalised(word) or (word.lower() == "may" and word != "May"):
        return None
    mod, rel, ry = mod_of(mt), (mt.group("rel") or "").lower(), (mt.group("ry") or "").lower()
    bare = not (mod or rel or ry)
    if bare:
        prep = _PREP_BEFORE.search(text[max(0, mt.start - 25) : mt.start])
        ambiguous = word.lower().rstrip(".") in (
            "may",
            "march",
            "mar",
            "april",
            "june",
            "august",
            "jan",
            "jun",
            "aug",
        )
        if not prep and (ambiguous or "." in word or re.match(r"\s[A-Z]", text[mt.end : mt.end + 2])):
            return None  # 'April Glaspie', 'March on Rome'
    m = month_number(word)
    make = lambda y: cal.month(y, m)  # noqa: E731
    facts = {"month": m, "rel": rel or None}
    if ry:
        shift = {"last": -1, "this": 0, "next": 1}[ry]
        return Reading(
            mt.start,
            mt.end,
            "DATE",
            "deictic",
            lambda ref, p: cal.narrow(make(ref.year + shift), mod),
            f"XXXX-{m:02d}",
            mod,
            facts=facts,
        )
    mode, policy = "contextual", None
    if rel in ("last", "this past", "the previous"):
        policy = "strict_past"
    elif rel in ("next", "this coming", "the following"):
        policy = "strict_future"
    elif rel == "this":
        policy = "same"
    elif rel in ("that", "the same"):
        mode, policy = "previous", "same"

    def resolve(ref: date, pol: str) -> Value | None:
        p = policy or pol
        if p == "strict_past":
            v = pick_year(ref - timedelta(days=ref.day), "past", make)
        elif p == "strict_future":
            v = pick_year(cal.month(ref.year, ref.month).end + timedelta(days=1), "future", make)  # type: ignore[operator]
        else:
            v = pick_year(ref, p, make)
        return cal.narrow(v, mod) if v else None

    return Reading(mt.start, mt.end, "DATE", mode, resolve, f"XXXX-{m:02d}", mod, calendar=True, facts=facts)


def read_year(mt: Match, text: str) -> Reading | None:
    y = int(mt.group("y"))
    mod = mod_of(mt)
    if not (mod or mt.group("fy")):
        noun = _PLURAL_NOUN_AFTER.match(text, mt.end)
        if noun and noun.group(1).lower() not in _NOT_NOUNS and not noun.group(1).endswith("ss"):
            return None  # '1940 wagons' counts wagons
        if re.match(r"\s*(?:%|percent|per\s+cent|[-–]\s*\d)", text[mt.end : mt.end + 12]):
            return None
        if re.search(r"(?:\d\s*[-–]\s*|[$£€#]|No\.\s*)$", text[max(0, mt.start - 6) : mt.start]):
            return None
        if not 1000 <= y <= 2100:
            return None
    if mt.group("y2"):
        return _years(mt, y, int(mt.group("y2")))
    half = _HALVES.get(re.sub(r"\s+", " ", (mt.group("pre2") or "").lower()))
    if half:  # 'the second half of 2008' is 2008-H2, no mod
        v = cal.half(y, half)
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, facts={"year": y})
    v = cal.narrow(cal.year(y), mod)
    if mt.group("beyond"):
        later = "later" in mt.group("beyond") or "beyond" in mt.group("beyond")
        mod = "ON_OR_AFTER" if later else "ON_OR_BEFORE"
        v = Value(v.value, v.start, None) if later else Value(v.value, None, v.end)
    return Reading(
        mt.start,
        mt.end,
        "DATE",
        "absolute",
        fixed(v),
        v.value,
        mod,
        calendar=True,
        facts={"year": y, "bare_year": not mod},
    )


def _years(mt: Match, y: int, y2: int) -> Reading | None:
    """'1861-1863': a span of two years (two TIMEX3 in TimeML), not a count ('1940-1945 wagons')."""
    if not y < y2 <= y + 100 or mt.group("pre") or mt.group("pre2"):
        return None
    first, last = cal.year(y), cal.year(y2)
    a = Reading(mt.start, mt.m.end("y"), "DATE", "absolute", fixed(first), first.value, calendar=True)
    b = Reading(mt.m.start("y2"), mt.m.end("y2"), "DATE", "absolute", fixed(last), last.value, calendar=True)
    return join_range(a, b, mt.start, mt.end)


def read_year_bc(mt: Match, text: str) -> Reading | None:
    y = int(mt.group("y"))
    if mt.group("era").upper().startswith("A"):
        v = cal.year(y) if y >= 1 else None
        if v is None:
            return None
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, calendar=True)
    value = f"BC{y:04d}"
    return Reading(mt.start, mt.end, "DATE", "absolute", fixed(Value(value)), value)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def read_decade(mt: Match, text: str) -> Reading | None:
    mod = mod_of(mt) or PRE_MODS.get((mt.group("pre3") or mt.group("pre4") or "").lower())
    if mt.group("decw"):
        first = 1900 + 10 * _DECADE_WORDS[mt.group("decw").lower()]
    else:
        dec = mt.group("dec").lstrip("'")
        if len(dec) == 2:
            before = text[max(0, mt.start - 5) : mt.start + 5].lower()
            if "'" not in mt.group("dec") and "the" not in before:
                return None  # 'in their 20s' is an age
            first = 1900 + int(dec)
        else:
            first = int(dec)
    v = cal.narrow(cal.decade(first), mod)
    return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, mod, facts={"decade": first})


_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
]


def read_century(mt: Match, text: str) -> Reading | None:
    o = mt.group("ord").lower()
    n = int(re.match(r"\d+", o).group()) if o[0].isdigit() else _ORDINAL_WORDS.index(o) + 1  # type: ignore[union-attr]
    mod = mod_of(mt)
    if mt.group("era"):
        value = f"BC{n - 1:02d}"
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(Value(value)), value, mod)
    v = cal.narrow(cal.century(n - 1), mod)
    return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, mod)


def read_quarter(mt: Match, text: str) -> Reading | None:
    o, unit = mt.group("ord").lower(), mt.group("u").lower()
    if o == "last" and not mt.group("y"):
        return None  # 'the last quarter' is the previous quarter: rule 'relative'
    n = ORDINALS[o]
    if unit.startswith("half"):
        n = min(n, 2)
        make = lambda y: cal.half(y, n)  # noqa: E731
    elif unit == "quarter":
        make = lambda y: cal.quarter(y, n)  # noqa: E731
    else:  # 'fourth quarters': every fourth quarter
        value = f"XXXX-Q{n}"
        return Reading(mt.start, mt.end, "SET", "absolute", fixed(Value(value)), value)
    if mt.group("y"):
        v = make(int(mt.group("y")))
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, calendar=True)
    words = text[mt.start : mt.end].lower()
    year_in = re.search(r"\b(1\d{3}|20\d\d)\b", words)
    if year_in:
        v = make(int(year_in.group(1)))
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, calendar=True)
    back = 1 if re.search(r"last\s+year|year-ago|year-earlier|year\s+earlier", words) else 0
    back = -1 if re.search(r"next\s+year", words) else back
    letter = "H" if unit.startswith("half") else "Q"
    start = mt.start
    if re.match(
        r"(?:the|its|a|their)\s+\w+-", words
    ):  # 'the [third-quarter] loss': the gold leaves the article out
        start = mt.m.start("ord")

    def resolve(ref: date, policy: str) -> Value | None:
        if back:
            return make(ref.year - back)
        # Results are reported after the fact: a quarter lies ahead only when it is nearer that way.
        return pick_year(ref, "nearest_even" if policy == "future" else "past", make)

    mode = "deictic" if back else "contextual"
    return Reading(start, mt.end, "DATE", mode, resolve, f"XXXX-{letter}{n}", calendar=True)


def read_quarter_ref(mt: Match, text: str) -> Reading | None:
    words = text[mt.start : mt.end].lower()
    year_in = re.search(r"\b(1\d{3}|20\d\d)\b", words)
    back = 1 if re.search(r"year-ago|year-earlier|year\s+earlier|last\s+year|a\s+year", words) else 0
    if mt.group("u") == "period" and not (
        back or year_in or re.search(r"latest|current|same|comparable", words)
    ):
        return None

    def resolve(ref: date, policy: str) -> Value | None:
        q = (ref.month - 1) // 3 + 1
        y = int(year_in.group(1)) if year_in else ref.year - back
        return cal.quarter(y, q)

    return Reading(mt.start, mt.end, "DATE", "quarter", resolve, "XXXX-QX")


def read_holiday(mt: Match, text: str) -> Reading | None:
    name = re.sub(r"\s+", " ", mt.group("h").lower())
    if not _capitalised(mt.group("h")):
        return None
    spec = lexicon()["holidays"][name]

    def make(y: int) -> Value:
        if len(spec) == 2:
            return cal.day(date(y, spec[0], spec[1]))
        m, wd, n = spec
        if name == "election day":  # the Tuesday after the first Monday of November
            return cal.day(weekday_near(date(y, m, 1), 1, "future") + timedelta(days=1))
        if n > 0:
            return cal.day(weekday_near(date(y, m, 1), wd, "future") + timedelta(days=7 * (n - 1)))
        return cal.day(weekday_near(cal.month(y, m).end, wd, "past"))  # type: ignore[arg-type]

    if mt.group("y"):
        v = make(int(mt.group("y")))
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, calendar=True)
    rel = (mt.group("rel") or "").lower()
    forced = {"last": "past", "next": "future", "this": "nearest"}.get(rel)
    return Reading(
        mt.start,
        mt.end,
        "DATE",
        "contextual",
        lambda ref, p: pick_year(ref, forced or p, make),
        "XXXX-XX-XX",
        calendar=True,
    )


def read_season(mt: Match, text: str) -> Reading | None:
    s = lexicon()["seasons"][mt.group("s").lower()]
    rel = re.sub(r"\s+", " ", (mt.group("rel") or "").lower())
    ytext = (mt.group("y") or "").lower()
    mod = mod_of(mt)
    before = text[max(0, mt.start - 12) : mt.start].lower()
    if not (rel or ytext or mod) and not re.search(r"\b(?:in|during|by|until|since|through|of)\s*$", before):
        return None
    if s == "FA" and not ytext and rel in ("", "the"):
        return None  # 'the fall of Kabul'
    if rel == "the" and not ytext and text[mt.end : mt.end + 4] == " of ":
        return None
    make = lambda y: cal.narrow(cal.season(y, s), mod)  # noqa: E731
    if ytext and ytext[0].isdigit():
        v = make(int(ytext))
        return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, mod, calendar=True)
    shift = {"next year": 1, "last year": -1, "this year": 0}.get(re.sub(r"\s+", " ", ytext))
    if shift is not None:
        return Reading(
            mt.start, mt.end, "DATE", "deictic", lambda ref, p: make(ref.year + shift), f"XXXX-{s}", mod
        )
    forced = {
        "last": "past_strict",
        "this past": "past",
        "next": "future_strict",
        "this coming": "future_strict",
        "the coming": "future_strict",
        "this": "same",
    }.get(rel)
    mode = "previous" if rel == "that" else "contextual"

    def resolve(ref: date, policy: str) -> Value | None:
        p = forced or ("same" if mode == "previous" else policy)
        if p == "past_strict":  # 'last summer': the latest one already over
            current = pick_year(ref, "past", make)
            if current and current.start and current.end and current.end >= ref:
                return pick_year(current.start - timedelta(days=1), "past", make)
            return current
        if p == "future_strict":
            return pick_year(ref + timedelta(days=1), "future", make)
        return pick_year(ref, p, make)

    return Reading(mt.start, mt.end, "DATE", mode, resolve, f"XXXX-{s}", mod, calendar=True)


def read_weekday(mt: Match, text: str) -> Reading | None:
    word = mt.group("wd")
    if not _capitalised(word):
        return None
    wd = weekday_number(word)
    rel = re.sub(r"\s+", " ", (mt.group("rel") or "").lower())
    part = (mt.group("part") or "").lower()
    suffix = "T" + lexicon()["day_parts"][part] if part else ""
    if mt.group("pl"):
        value = f"XXXX-WXX-{wd}{suffix}"
        return Reading(mt.start, mt.end, "SET", "absolute", fixed(Value(value)), value)
    mod = PRE_MODS.get(rel) if rel in ("early", "late", "earlier", "later") else None
    forced = {
        "last": "past_strict",
        "this past": "past_strict",
        "the previous": "past_strict",
        "next": "future_strict",
        "this coming": "future_strict",
        "the following": "future_strict",
        "this": "week",
        "that": "nearest",
    }.get(rel)
    mode = "previous" if rel in ("the previous", "the following", "that") else "contextual"

    def resolve(ref: date, policy: str) -> Value | None:
        p = forced or policy
        if p == "past_strict":
            d = weekday_near(ref - timedelta(days=1), wd, "past")
        elif p == "future_strict":
            d = weekday_near(ref + timedelta(days=1), wd, "future")
        elif p == "week":
            d = ref + timedelta(days=wd - ref.isoweekday())
        else:
            d = weekday_near(
                ref, wd, p if p in ("past", "future", "nearest_even", "nearest_past") else "nearest"
            )
        v = cal.day(d)
        return Value(v.value + suffix, d, d) if suffix else v

    kind = "TIME" if part else "DATE"
    facts = {"weekday": wd, "rel": rel or None}
    return Reading(
        mt.start, mt.end, kind, mode, resolve, "XXXX-XX-XX" + suffix, mod, calendar=not part, facts=facts
    )
