"""Readings of relative expressions: deictic days, 'last week', 'two years ago', durations, sets, times of day.

Durations carry a calendar window when the words anchor them: 'the past two months' ends on the
reference day, 'in two to three months' lies two to three months after it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import calendar as cal
from .calendar import Value
from .grammar import Match
from .lexicon import lexicon, month_number, number, weekday_number
from .normalise import PRE_MODS, mod_of
from .readings import Reading, fixed, pick_year

_UNIT_KEY = {
    "second": "TS",
    "minute": "TM",
    "hour": "TH",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "2W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "10Y",
    "century": "100Y",
    "centurie": "100Y",
    "millennium": "1000Y",
    "millennia": "1000Y",
    "half": "H",
    "season": "Q",
}
_PAST_RELS = ("past", "last", "previous", "preceding", "prior")
_NEXT_RELS = ("next", "coming", "upcoming")
_AFTER_RELS = ("following", "succeeding", "ensuing", "subsequent")


def unit_key(word: str) -> str:
    w = word.lower()
    if w not in _UNIT_KEY and w.endswith("s"):
        w = w[:-1]
    return _UNIT_KEY[w]


def read_deictic(mt: Match, text: str) -> Reading | None:
    w = mt.group("w").lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
    dby = (mt.group("dby") or "").lower()
    offset += -1 if "before" in dby else 1 if "after" in dby else 0
    part = (mt.group("part") or "").lower() or ("night" if w == "tonight" else "")
    suffix = "T" + lexicon()["day_parts"][part] if part else ""
    mod = PRE_MODS.get((mt.group("pre") or "").lower())

    def resolve(ref: date, policy: str) -> Value:
        d = ref + timedelta(days=offset)
        return Value(d.isoformat() + suffix, d, d)

    kind = "TIME" if suffix else "DATE"
    return Reading(
        mt.start, mt.end, kind, "deictic", resolve, "XXXX-XX-XX" + suffix, mod, facts={"deictic": w}
    )


def read_part_of_day(mt: Match, text: str) -> Reading | None:
    if mt.group("on"):
        return Reading(mt.start, mt.end, "TIME", "deictic", _day_part(-1, "NI"), "XXXX-XX-XXTNI")
    rel = re.sub(r"\s+", " ", mt.group("rel").lower())
    part = lexicon()["day_parts"][mt.group("part").lower()]
    offset = {
        "this": 0,
        "last": -1,
        "yesterday": -1,
        "tomorrow": 1,
        "the next": 1,
        "the following": 1,
        "the previous": -1,
        "that": 0,
        "the same": 0,
    }[rel]
    mode = "previous" if rel.startswith("the") or rel == "that" else "deictic"
    mod = PRE_MODS.get((mt.group("pre") or "").lower())
    return Reading(mt.start, mt.end, "TIME", mode, _day_part(offset, part), f"XXXX-XX-XXT{part}", mod)


def _day_part(offset: int, part: str):
    def resolve(ref: date, policy: str) -> Value:
        d = ref + timedelta(days=offset)
        return Value(f"{d.isoformat()}T{part}", d, d)

    return resolve


def read_relative(mt: Match, text: str) -> Reading | None:
    rel, unit = mt.group("rel").lower(), mt.group("u").lower()
    key = _UNIT_KEY[unit]
    mod = mod_of(mt)
    if unit == "day":
        steps = {
            "following": 1,
            "next": 1,
            "previous": -1,
            "preceding": -1,
            "prior": -1,
            "same": 0,
            "that": 0,
        }
        if rel not in steps:
            return None
        return Reading(
            mt.start, mt.end, "DATE", "previous", _unit_step("D", steps[rel], mod), "XXXX-XX-XX", mod
        )
    if unit == "season" or (key in ("10Y", "100Y") and rel in ("past", "previous", "following", "coming")):
        return None  # 'the past decade' is a duration
    if rel in ("this", "current", "present", "latest") or rel in ("that", "same"):
        step = 0
    elif rel in _PAST_RELS:
        step = -1
    elif rel in _NEXT_RELS or rel in _AFTER_RELS:
        step = 1
    else:
        return None
    if rel == "latest" and key != "Q":
        return None
    mode = "previous" if rel in ("that", "same", "previous", "preceding", "prior", "following") else "deictic"
    if key == "Q" and rel in ("latest", "current", "this"):
        mode = "quarter" if rel == "latest" else mode
    if mt.m.group(0).rstrip().endswith("so"):
        mod = "APPROX"
    unresolved = {"W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX", "H": "XXXX-HX"}.get(
        key, "XXXX"
    )
    return Reading(
        mt.start,
        mt.end,
        "DATE",
        mode,
        _unit_step(key, step, mod),
        unresolved,
        mod,
        facts={"relative": key, "step": step},
    )


def _unit_step(key: str, step: int, mod: str | None):
    def resolve(ref: date, policy: str) -> Value:
        return cal.narrow(cal.unit_value(cal.shift(ref, key, step), key), mod)

    return resolve


def read_unit_end(mt: Match, text: str) -> Reading | None:
    """'year-end' (31 December: the gold's reading), 'the end of the month', 'around year end'."""
    if mt.group("u2"):
        key = _UNIT_KEY[mt.group("u2").lower()]
        mod = mod_of(mt)
        return Reading(mt.start, mt.end, "DATE", "deictic", _unit_step(key, 0, mod), "XXXX", mod)
    key = _UNIT_KEY[mt.group("u").lower()]
    start = mt.start
    around = (mt.group("around") or "").lower()
    if around == "by":
        start = (
            mt.m.start("u") if not text[mt.m.end("around") :].lstrip().lower().startswith("the") else start
        )
    if key == "Y" and (mt.group("hy") or "").startswith("-"):

        def dec31(ref: date, policy: str) -> Value | None:
            return pick_year(ref, policy, lambda y: cal.day(date(y, 12, 31)))

        return Reading(start, mt.end, "DATE", "contextual", dec31, "XXXX-12-31", calendar=True)
    if around in ("around", "about"):  # 'around year end': the last month, roughly
        return Reading(
            mt.start,
            mt.end,
            "DATE",
            "deictic",
            _unit_step("M", 0, None) if key == "M" else (lambda ref, p: cal.month(ref.year, 12)),
            "XXXX-12",
            "APPROX",
        )
    return Reading(start, mt.end, "DATE", "deictic", _unit_step(key, 0, "END"), "XXXX", "END")


def read_the_year(mt: Match, text: str) -> Reading | None:
    """'the year', 'the full year', 'the fiscal year ended June 30', 'the weekend' (financial and news usage)."""
    adj = re.sub(r"\s+", " ", (mt.group("adj") or "").lower())
    if mt.group("u").lower() == "weekend":
        if adj:
            return None

        def weekend(ref: date, policy: str) -> Value:
            return cal.weekend(
                cal.weekday_before(ref, 6)
                if policy != "future"
                else ref + timedelta(days=(6 - ref.isoweekday()) % 7)
            )

        return Reading(mt.start, mt.end, "DATE", "contextual", weekend, "XXXX-WXX-WE")
    if mt.group("ended"):
        return Reading(mt.start, mt.m.end("u"), "DURATION", "absolute", fixed(Value("P1Y")), "P1Y")
    if adj == "same":
        return Reading(mt.start, mt.end, "DATE", "previous", _unit_step("Y", 0, None), "XXXX")
    step = -1 if adj == "latest fiscal" else 0
    return Reading(mt.start, mt.end, "DATE", "deictic", _unit_step("Y", step, None), "XXXX")


def read_spelled_year(mt: Match, text: str) -> Reading | None:
    """'nineteen ninety-six', 'the year two thousand' (transcribed speech)."""
    words = re.sub(r"[\s-]+", " ", mt.group("sy").lower())
    if words.startswith("two thousand"):
        rest = number(words[len("two thousand and ") :]) if " and " in words else 0
        y = 2000 + int(rest or 0)
    else:
        century, _, rest = words.partition(" ")
        if rest == "hundred":
            y = 100 * (19 if century == "nineteen" else 20)
        else:
            n = number(rest.replace("oh ", ""))
            if n is None or n >= 100:
                return None
            y = 100 * (19 if century == "nineteen" else 20) + int(n)
    v = cal.year(y)
    return Reading(mt.start, mt.end, "DATE", "absolute", fixed(v), v.value, calendar=True, facts={"year": y})


def read_all_unit(mt: Match, text: str) -> Reading | None:
    unit = mt.group("u").lower()
    season = lexicon()["seasons"].get(unit)

    def resolve(ref: date, policy: str) -> Value:
        if season:
            v = cal.season(ref.year if ref.month > 2 or season != "WI" else ref.year - 1, season)
        else:
            v = cal.unit_value(ref, _UNIT_KEY[unit])
        return Value(v.value, v.start, min(v.end, ref) if v.end else ref)  # 'all year': so far

    return Reading(mt.start, mt.end, "DATE", "deictic", resolve, "XXXX")


def read_ago(mt: Match, text: str) -> Reading | None:
    direction = re.sub(r"\s+", " ", mt.group("dir").lower())
    if direction in ("before", "after") and not re.match(r"\s*(?:[,.;:)]|$)", text[mt.end : mt.end + 2]):
        return None  # 'two days after the invasion': the anchor is an event, not a date
    key = unit_key(mt.group("u"))
    n_text = mt.group("n")
    if n_text is None and not mt.group("u").lower().endswith("s"):
        return None
    n = number(n_text) if n_text else None
    mod = lexicon()["mods"].get(re.sub(r"\s+", " ", (mt.group("mod") or "").lower()))
    if "or so" in mt.m.group(0):
        mod = "APPROX"
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back") else 1
    mode = "deictic" if direction in ("ago", "from now", "hence", "back") else "previous"
    gran = {"TS": "D", "TM": "D", "TH": "D", "2W": "W"}.get(key, key)
    if n is None:  # 'years ago', 'a few weeks later'
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"

        def vague(ref: date, policy: str) -> Value:
            far, near = cal.shift(ref, key, sign * 6), cal.shift(ref, key, sign)
            return Value(value, min(far, near), max(far, near))

        return Reading(mt.start, mt.end, "DATE", mode, vague, value, mod)
    if key == "Y" and n == 1 and direction in ("ago", "earlier"):
        mode = "year_ago" if direction == "ago" else "year_earlier"

    def resolve(ref: date, policy: str) -> Value:
        return cal.unit_value(cal.shift(ref, key, sign * n), gran)

    unresolved = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(gran, "XXXX")
    return Reading(mt.start, mt.end, "DATE", mode, resolve, unresolved, mod, facts={"ago": (key, sign * n)})


def duration_value(n: float | None, key: str) -> str:
    """TIMEX3 duration: P2M, PT5H, P2Y6M, PXW; 'decade' counts in years as the TimeBank gold does."""
    if key == "WE":
        key = "D" if n is None else "D"
        n = None if n is None else n * 2
    if key == "2W":
        key, n = "W", None if n is None else n * 2
    if key.endswith("0Y"):
        scale = int(key[:-1])
        return "PXDE" if n is None and scale == 10 else "PXCE" if n is None else f"P{_num(n * scale)}Y"
    time = key.startswith("T")
    letter = key[-1]
    prefix = "PT" if time else "P"
    if n is None:
        return f"{prefix}X{letter}"
    if key == "TH" and n == 24:
        return "P1D"
    if n != int(n):
        whole, frac = int(n), n - int(n)
        smaller = {"Y": (12, "M"), "M": (30, "D"), "D": (24, "TH"), "TH": (60, "TM"), "W": (7, "D")}.get(key)
        if smaller:
            k, sub = smaller
            sub_text = f"{_num(frac * k)}{sub[-1]}"
            if sub.startswith("T") and not time:
                return f"P{whole}{letter}T{sub_text}" if whole else f"PT{sub_text}"
            return f"{prefix}{whole}{letter}{sub_text}" if whole else f"{prefix}{sub_text}"
    return f"{prefix}{_num(n)}{letter}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


_IN_BEFORE = re.compile(r"\b(?:in|within|after)\s+$", re.I)


def read_duration(mt: Match, text: str) -> Reading | None:
    unit = mt.group("u").lower()
    key = unit_key(unit)
    n_text, the, rel = mt.group("n"), (mt.group("the") or "").lower(), (mt.group("rel") or "").lower()
    plural = unit.endswith("s") and unit not in ("centuries",) or unit == "centuries"
    if n_text is None and not (rel or plural or the in ("a", "an")):
        return None
    after = text[mt.end : mt.end + 12].lower()
    if (
        re.match(r"\s+old\b", after)
        or (mt.group("adj") or "").endswith("old")
        or (
            unit.startswith("quarter")
            and (re.match(r"\s+of\b", after) or text[mt.start - 1 : mt.start] == "-")
        )
    ):
        return None  # '52 years old' is an age; 'three-quarters of' a fraction
    before30 = text[max(0, mt.start - 30) : mt.start]
    if (
        the in ("a", "an", "per")
        and not mt.group("n")
        and re.search(
            r"(?:\d[\d,.]*\s*(?:%|percent|million|billion|thousand|cents?|[a-z]+s)?|once|twice|times)\s+$",
            before30,
        )
    ):
        return None  # '$1.76 a year', '700 seats a week': a rate, not a duration
    if re.fullmatch(r"(?:one|two|three)-quarters?", text[mt.start : mt.end].lower().split()[-1]):
        return None
    if n_text is None and the in ("a", "an"):
        n_text = the
    if unit.startswith("second") and n_text and n_text.lower() in ("a", "an") and not rel:
        return None  # 'a second attack'
    if (
        rel == "same"
        or (rel == "last" and n_text is None and not plural)
        or (rel in ("first", "final") and not n_text and not plural)
    ):
        return None
    n = number(mt.group("n1") or n_text) if n_text else None
    n2 = number(mt.group("n2")) if mt.group("n2") else None
    if n_text and n is None and n_text.lower() not in lexicon()["vague_numbers"]:
        return None
    vague_estimate = lexicon()["vague_numbers"].get((n_text or "").lower(), 3)
    mod = lexicon()["mods"].get(re.sub(r"\s+", " ", (mt.group("mod") or "").lower()))
    if mt.group("so") or (n_text and "couple" in n_text.lower()):
        mod = mod or "APPROX"
    if n2 is not None:
        mod = mod or "EQUAL_OR_MORE"
    value = duration_value(n, key)
    start = mt.start
    if not plural and n_text and the and mt.group("n"):  # 'a [five-year] low', 'the [two-week] crisis'
        start = mt.m.start("n")
    lo, hi = (
        (n if n is not None else vague_estimate),
        (n2 if n2 is not None else n if n is not None else vague_estimate),
    )
    before = text[max(0, mt.start - 8) : mt.start]
    window, mode, tensed = None, "absolute", False
    if rel in _PAST_RELS:
        window, mode = (-hi, 0), "deictic"
    elif rel in _NEXT_RELS:
        window, mode = (0, hi), "deictic"
    elif rel in _AFTER_RELS:
        window, mode = (0, hi), "previous"
    elif re.search(r"\bwithin\s+$", before):
        window, mode, mod, tensed = (0, hi), "deictic", mod or "EQUAL_OR_LESS", True
    elif _IN_BEFORE.search(before) and n_text and not rel and the not in ("the", "its", "their"):
        window, mode, tensed = (
            (lo, hi),
            "deictic",
            True,
        )  # 'in two to three months', if the clause looks ahead

    def resolve(ref: date, policy: str) -> Value:
        if window is None or tensed and policy == "past":
            return Value(value)  # 'fell within two hours', 'withdrew after 10 days': a length
        a, b = window
        if tensed and policy == "past_span":  # 'the highest in 40 years': the span up to the reference
            return Value(value, cal.shift(ref, key, -b), ref)
        if mode == "previous":  # 'the following months': after the day referred to
            ref = ref + timedelta(days=1)
            return Value(value, ref, None if n is None else cal.shift(ref, key, b))
        start, end = cal.shift(ref, key, a), cal.shift(ref, key, b)
        if n is None and a == 0:
            end = None  # 'the coming weeks' has no firm end
        return Value(value, start, end)

    end = mt.end if not (mt.group("so") or "").strip().startswith("ahead") else mt.end
    facts = {"duration": value, "tensed": tensed}
    return Reading(start, end, "DURATION", mode, resolve, value, mod, facts=facts)


def read_clock(mt: Match, text: str) -> Reading | None:
    mod = (
        "APPROX"
        if mt.group("mod") and re.match(r"(?:at\s+)?(?:around|about|approx)", mt.group("mod"), re.I)
        else None
    )
    if mt.group("noon"):
        word = re.sub(r"[\s-]+", "", mt.group("noon").lower())
        suffix = {
            "noon": "T12:00",
            "midday": "T12:00",
            "midnight": "T24:00",
            "midafternoon": "TAF",
            "midmorning": "TMO",
            "dawn": "TMO",
            "daybreak": "TMO",
            "dusk": "TEV",
            "nightfall": "TNI",
        }[word]
        mod = "MID" if word.startswith("mid") and len(word) > 8 else mod
    elif mt.group("h24"):
        suffix = f"T{int(mt.group('h24')):02d}:{mt.group('m24')}"
    else:
        h = int(mt.group("h"))
        ap = mt.group("ap").lower().replace(".", "").replace(" ", "")
        if h > 12 or h == 0:
            return None
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        suffix = f"T{h:02d}:{mt.group('min') or '00'}"

    def resolve(ref: date, policy: str) -> Value:
        return Value(ref.isoformat() + suffix, ref, ref)

    return Reading(
        mt.start, mt.end, "TIME", "previous_day", resolve, "XXXX-XX-XX" + suffix, mod, facts={"clock": suffix}
    )


def read_vague(mt: Match, text: str) -> Reading | None:
    phrase = re.sub(r"\s+", " ", mt.group("v").lower())
    value = lexicon()["vague"][phrase]
    before, after = text[max(0, mt.start - 4) : mt.start].lower(), text[mt.end : mt.end + 4].lower()
    if phrase == "soon" and before.endswith("as ") and after.startswith(" as"):
        return None  # 'as soon as' is a conjunction
    if phrase == "the moment" and not re.search(r"\b(?:at|for)\s+$", before):
        return None
    if phrase == "the present" and after.startswith(" ") and re.match(r"\s+[a-z]", text[mt.end : mt.end + 3]):
        return None  # 'the present government'
    return Reading(mt.start, mt.end, "DATE", "deictic", _ref_interval(value), value)


def read_vague_adj(mt: Match, text: str) -> Reading | None:
    word = mt.group("v").lower()
    nxt = re.match(r"\s+([a-z]+)", text[mt.end : mt.end + 20])
    if nxt and nxt.group(1) in (
        "account",
        "accounts",
        "affairs",
        "events",
        "flows",
        "flow",
        "contracts",
        "tense",
    ):
        return None
    value = lexicon()["vague_adjectives"][word]
    return Reading(mt.start, mt.end, "DATE", "deictic", _ref_interval(value), value)


def _ref_interval(value: str):
    def resolve(ref: date, policy: str) -> Value:
        if value == "PRESENT_REF":
            return Value(value, ref, ref)
        if value == "PAST_REF":
            return Value(value, None, ref)
        return Value(value, ref, None)

    return resolve


_SET_MONTH = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)


def read_set(mt: Match, text: str) -> Reading | None:
    if mt.group("adv"):
        value = lexicon()["sets"][mt.group("adv").lower()]
        if mt.group("adv").lower() in ("quarterly", "yearly", "monthly") and re.match(
            r"\s+[a-z]", text[mt.end : mt.end + 2]
        ):
            return None  # 'its quarterly dividend' names the dividend, not a recurrence
        return Reading(mt.start, mt.end, "SET", "absolute", fixed(Value(value)), value)
    word = (mt.group("u") or mt.group("u2")).lower()
    n = number(mt.group("n")) if mt.group("n") else 1
    if n is None:
        return None
    if word in lexicon()["day_parts"]:
        value = "XXXX-XX-XXT" + lexicon()["day_parts"][word]
    elif word in lexicon()["seasons"]:
        value = "XXXX-" + lexicon()["seasons"][word]
    elif re.match(r"(mon|tues|wednes|thurs|fri|satur|sun)day", word):
        value = f"XXXX-WXX-{weekday_number(word)}"
    elif _SET_MONTH.match(word) and word.rstrip("s").rstrip(".") in lexicon()["months"]:
        value = f"XXXX-{month_number(word.rstrip('.')):02d}"
    else:
        key = unit_key(word)
        value = duration_value(n, key if key != "WE" else "W")
    return Reading(mt.start, mt.end, "SET", "absolute", fixed(Value(value)), value)
