"""The time grammar: regular expressions over raw text, compiled once.

Each rule names a construction ("month_day", "ago", "duration" ...); :mod:`.normalise`
turns a rule's match into a TIMEX3 reading. Extents follow the TimeML gold: determiners,
'early'/'late' and modifiers such as 'about' belong to the expression, prepositions
('in', 'on', 'since') do not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import alternation, lexicon

_L = lexicon()

MONTH = (
    r"(?:"
    + "|".join(
        rf"{full[:3]}(?:{full[3:]}|\.)?" if full != "may" else "may"
        for full in (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
    + r"|sept\.?)(?![a-z])"
)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?<![\d,.$£€])(?:1[0-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d)"
SHORT_YEAR = r"'\d\d(?![\d's])"
NUMWORD = alternation(_L["numbers"])
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_DIGIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUM_ONE = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s+\d/\d)?|{_TENS}[\s-]+{_DIGIT_WORD}|(?:{_DIGIT_WORD}|a)\s+hundred|(?:{NUMWORD}))"
_SPELLED_YEAR = (
    rf"(?:nineteen|twenty)[\s-]+(?:{_TENS}(?:[\s-]+{_DIGIT_WORD})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|hundred|oh[\s-]+\w+)|two\s+thousand(?:\s+and\s+\w+)?"
)
NUM = rf"(?:{_NUM_ONE}(?:\s+and\s+a\s+half)?)"
# 'sentenced in 2020 to 16 years': a year opens no range of counts
_NOT_A_YEAR_RANGE = r"(?!(?:1[5-9]|20)\d\d(?:\s+(?:to|or)\s+|\s*[-–—]\s*))"
VAGUE_NUM = alternation(_L["vague_numbers"])
UNIT = r"(?:second|minute|hour|day|night|week(?:end)?|fortnight|month|quarter|year|decade|centur(?:y|ie)|millenni(?:um|a))"
UNITS = rf"(?:{UNIT}s?)"
MODS = alternation(_L["mods"])
SEASON = r"(?:spring|summer|fall|autumn|winter)"
PART = r"(?:morning|afternoon|evening|night)"
DASH = r"\s*[-–—]\s*"
# 'early', 'late in', 'the end of' ...: the part of a period, kept in the extent.
PRE = (
    r"(?:(?P<pre>early|late|mid|earlier|later)(?:[\s-]+in)?[\s-]*"
    r"|the\s+(?P<pre2>beginning|start|end|middle|close|turn|first\s+half|second\s+half|last\s+half|latter\s+half|latter\s+part)\s+of\s+)"
)
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
QUARTER_PRE = (
    r"(?:fiscal|its|this\s+year's|last\s+year's|next\s+year's|the\s+year-(?:ago|earlier)|year-(?:ago|earlier)"
    r"|year\s+earlier|latest|current|comparable|corresponding|same|\d{4}|flat|previous|preceding|recent)"
)
HOLIDAY = alternation(_L["holidays"])
REL_UNIT = r"(?:week(?:end)?|month|year|quarter|decade|century|season|half)"

_RULES: list[tuple[str, str]] = [
    # 'Tuesday, November 1', 'last Tuesday, November 1', 'September 26-27', 'Sept. 30, 1989', 'early March 5'
    (
        "month_day",
        rf"(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?:(?P<wd>{WEEKDAY})\s*,?\s+)?"
        rf"(?P<mon>{MONTH})\s+(?P<d>{DAY})(?:{DASH}(?P<d2>{DAY})(?!\s*(?:%|percent)))?"
        rf"(?:\s*,?\s*(?P<y>{YEAR}))?(?!\s*(?:%|percent|[-–]\s*\d|\d))",
    ),
    # '1 September 1939', 'the 3rd of May', '26-27 September'
    (
        "day_month",
        rf"(?:(?P<wd>{WEEKDAY})\s*,?\s+)?(?:the\s+)?(?P<d>{DAY})(?:{DASH}(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<mon>{MONTH})"
        rf"(?:\s*,?\s*(?P<y>{YEAR}))?",
    ),
    (
        "month_year",
        rf"{PRE}?(?:the\s+month\s+of\s+)?(?P<mon>{MONTH})\s*,?\s+(?:of\s+)?(?P<y>{YEAR}|{SHORT_YEAR})",
    ),
    (
        "month",
        rf"{PRE}?(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+previous|the\s+following|that|the\s+same)\s+)?"
        rf"(?:the\s+month\s+of\s+)?(?P<mon>{MONTH})(?:\s+(?:of\s+)?(?P<ry>last|this|next)\s+year)?",
    ),
    ("year_bc", r"(?P<y>\d{1,4})\s*(?P<era>BC|B\.C\.|BCE|B\.C\.E\.|AD|A\.D\.)(?![a-z])"),
    (
        "decade",
        rf"{PRE}?(?:the\s+)?(?:(?P<pre3>early|late|mid)[\s-]+)?(?P<dec>(?:1\d|20)?\d0|'\d0)'?s(?![a-z])"
        r"|(?:the\s+)?(?:(?P<pre4>early|late|mid)[\s-]+)?(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
    ),
    (
        "century",
        rf"{PRE}?(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
        r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
        r"|twenty-first)[\s-]+century(?:\s+(?P<era>BC|B\.C\.))?",
    ),
    (
        "year",
        rf"{PRE}?(?:(?P<fy>fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|model\s+year)\s+)?(?P<y>{YEAR})(?:[-–](?P<y2>{YEAR}))?"
        r"(?P<beyond>\s+(?:and\s+beyond|or\s+later|or\s+earlier))?",
    ),
    (
        "quarter",
        rf"(?:the\s+)?(?:{QUARTER_PRE}[\s-]+)*(?P<ord>{ORDINAL})[\s-]+(?:fiscal[\s-]+)?(?P<u>quarter|half|quarters|halves)"
        rf"(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR})|\s+(?P<ry>last|this|next)\s+year)?(?![\w-])",
    ),
    (
        "quarter_ref",
        rf"(?:the\s+)?(?P<qpre>(?:{QUARTER_PRE}[\s-]+)+)(?P<u>quarter|period)(?![\w-])"
        r"(?:\s+(?P<ry>last|a)\s+year(?:\s+ago)?)?"
        r"|(?:the|this|that)\s+(?P<u2>quarter)(?![\w-])(?:\s+a\s+year\s+ago)?",
    ),
    ("holiday", rf"(?:(?P<rel>last|this|next)\s+)?(?P<h>{HOLIDAY})(?:\s*,?\s*(?P<y>{YEAR}))?"),
    (
        "season",
        rf"{PRE}?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|that|the|the\s+coming|the\s+past)\s+)?"
        rf"(?P<s>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR}|next\s+year|last\s+year|this\s+year))?",
    ),
    (
        "weekday",
        rf"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+previous|the\s+following|that|early|late|earlier|later)\s+)?"
        rf"(?P<wd>{WEEKDAY})(?P<pl>s)?(?:\s+(?P<part>{PART})s?)?(?![\w-])",
    ),
    (
        "deictic",
        rf"(?:(?P<pre>early|late|earlier|later)\s+)?(?:(?P<dby>the\s+day\s+(?:before|after))\s+)?"
        rf"(?P<w>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>{PART}))?(?![\w-])",
    ),
    (
        "part_of_day",
        rf"(?:(?P<pre>early|late|earlier|later)\s+)?(?P<rel>this|last|tomorrow|yesterday|that|the\s+same|the\s+next|the\s+following|the\s+previous)"
        rf"\s+(?P<part>{PART}|daytime)(?![\w-])|(?P<on>overnight)(?![\w-])",
    ),
    (
        "relative",
        rf"(?:(?P<pre>early|late|earlier|later|mid)[\s-]+|(?:the\s+)?(?P<pre2>beginning|start|end|middle|close|turn)\s+of\s+)?"
        rf"(?:the\s+)?(?P<rel>this|last|next|past|coming|current|previous|following|same|latest|present|that|preceding|prior|upcoming)"
        rf"\s+(?:fiscal\s+|calendar\s+)?(?P<u>{REL_UNIT}|day)(?![\w-])(?:\s+or\s+so)?",
    ),
    (
        "unit_end",
        r"(?:(?P<around>around|about|by)\s+)?(?:the\s+)?(?P<u>year|month|week|quarter)(?P<hy>[\s-]end|'s\s+end)(?![\w-])"
        r"|the\s+(?P<pre2>beginning|start|end|middle|close|turn)\s+of\s+the\s+(?P<u2>year|month|week|quarter|decade|century)(?![\w-])",
    ),
    (
        "the_year",
        r"the\s+(?:(?P<adj>full|fiscal|current|current\s+fiscal|calendar|latest\s+fiscal|same)\s+)?(?P<u>year|weekend)(?![\w-])(?P<ended>\s+(?:ended|ending))?",
    ),
    ("spelled_year", rf"(?:the\s+year\s+)?(?P<sy>{_SPELLED_YEAR})(?![\w-])"),
    (
        "all_unit",
        r"(?:all|the\s+whole|the\s+entire|throughout\s+the)\s+(?:of\s+)?(?:this\s+)?(?P<u>year|month|week|day|night|summer|winter|spring)(?![\w-])(?:\s+long)?",
    ),
    ("vague", rf"(?P<v>{alternation(_L['vague'])})(?![\w-])"),
    ("vague_adj", rf"(?P<v>{alternation(_L['vague_adjectives'])})(?=\s+[a-z])"),
    (
        "ago",
        rf"(?:(?P<mod>{MODS}|only|just)\s+)?(?P<n>{NUM}|{VAGUE_NUM}|a|an)?\s*(?:more\s+|full\s+|long\s+)?(?P<u>{UNITS})"
        r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|back)(?![\w-])",
    ),
    (
        "duration",
        rf"(?:(?P<mod>{MODS})\s+)?(?:(?P<the>the|a|an|its|their)\s+)?"
        rf"(?:(?P<rel>past|last|next|first|final|coming|following|previous|remaining|latest|initial|preceding|succeeding|ensuing|subsequent|intervening|same|other)\s+)?"
        rf"(?P<n>(?P<n1>{_NOT_A_YEAR_RANGE}{NUM})(?:(?:\s+(?:to|or)\s+|\s*[-–—]\s*)(?P<n2>{NUM}))?|{VAGUE_NUM})?(?:\s+|-)?"
        rf"(?:more\s+|additional\s+|full\s+|straight\s+|consecutive\s+|trading\s+|business\s+|calendar\s+|working\s+|long\s+|short\s+|further\s+|extra\s+|odd\s+)?"
        rf"(?P<u>{UNITS})(?P<adj>[-‐](?:long|old))?(?![\w-])(?P<so>\s+or\s+so|\s+ahead)?",
    ),
    (
        "clock",
        r"(?:(?P<mod>around|about|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?\s*(?P<ap>a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'clock)"
        r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|[A-Z]ST))?"
        r"|(?P<h24>[01]\d|2[0-3]):?(?P<m24>[0-5]\d)\s*(?P<z>GMT|UTC|hours|hrs|local\s+time)(?![\w])"
        r"|(?P<noon>noon|midnight|midday|mid[\s-]?afternoon|mid[\s-]?morning|dawn|dusk|daybreak|nightfall)(?![\w-])",
    ),
    (
        "set",
        rf"(?P<adv>{alternation(_L['sets'])})(?![\w-])"
        rf"|(?P<q>every|each|per)\s+(?:other\s+)?(?:(?P<n>{NUM})\s+)?(?P<u>{UNITS}|{WEEKDAY}|{MONTH}|{PART}|{SEASON})(?![\w-])"
        rf"|(?P<times>once|twice|thrice|\w+\s+times)\s+(?:a|an|per)\s+(?P<u2>{UNIT})(?![\w-])",
    ),
]

RULES: dict[str, re.Pattern[str]] = {name: re.compile(rf"(?<![\w-])(?:{pat})", re.I) for name, pat in _RULES}
PRIORITY = {name: i for i, (name, _) in enumerate(_RULES)}
# Cheap gates: a rule runs only near one of its key words (a month name, a unit, a digit ...),
# so most of the text is never tried against the slow patterns.
_UNIT_WORD = rf"{UNIT}|season|half|halves"
_KEYS = {
    "month_day": MONTH,
    "day_month": MONTH,
    "month_year": MONTH,
    "month": MONTH,
    "year_bc": r"\b(?:BC|B\.C\.|BCE|AD|A\.D\.)",
    "decade": r"\d0'?s\b|ties\b",
    "century": r"century",
    "year": r"\d{4}",
    "quarter": r"quarter|half|halves",
    "quarter_ref": r"quarter|period",
    "holiday": alternation(w.split()[0] for w in _L["holidays"]),
    "season": SEASON,
    "weekday": WEEKDAY,
    "deictic": r"today|yesterday|tomorrow|tonight",
    "part_of_day": rf"{PART}|daytime|overnight",
    "relative": _UNIT_WORD,
    "unit_end": r"year|month|week|quarter",
    "the_year": r"year|weekend",
    "spelled_year": r"nineteen|twenty|two\s+thousand",
    "all_unit": _UNIT_WORD,
    "ago": _UNIT_WORD,
    "duration": _UNIT_WORD,
    "vague": alternation(_L["vague"]),
    "vague_adj": alternation(_L["vague_adjectives"]),
    "clock": r"\d|noon|midnight|midday|mid|dawn|dusk|daybreak|nightfall",
    "set": rf"{alternation(_L['sets'])}|every|each|per|once|twice|times",
}
_TRIGGERS = {name: re.compile(_KEYS[name], re.I) for name in RULES}  # re caches: same key, same object
# The same gates on lower-cased text: a case-blind regex is several times slower than a plain one.
_LOWER_TRIGGERS = {name: re.compile(_KEYS[name].lower()) for name in RULES}
_REACH_BACK, _REACH_FORWARD = 60, 45
_LONGEST_WORD = 64  # characters; 'Donaudampfschifffahrtsgesellschaft' has 34


@dataclass
class Match:
    """A rule's match: its extent in the text and the regex groups."""

    rule: str
    start: int
    end: int
    m: re.Match[str]

    def group(self, name: str) -> str | None:
        try:
            return self.m.group(name)
        except IndexError:  # a group of another rule
            return None


def scan(text: str) -> list[Match]:
    """Every match of every rule, overlapping ones included: the readers decide which stand."""
    found: list[Match] = []
    blobs = _Blobs(text)
    lower = text.lower()
    triggers, gate_text = (_LOWER_TRIGGERS, lower) if len(lower) == len(text) else (_TRIGGERS, text)
    windows: dict[re.Pattern[str], list[tuple[int, int]]] = {}  # rules sharing key words share a pass
    for name, pattern in RULES.items():
        trigger = triggers[name]
        if trigger not in windows:
            windows[trigger] = _windows(text, trigger, blobs, gate_text)
        for window_start, window_end in windows[trigger]:
            for m in pattern.finditer(text, window_start, window_end):
                if m.end() > m.start() and not text[m.start()].isspace():
                    found.append(Match(name, m.start(), m.end() - _trailing(text, m.start(), m.end()), m))
    return found


def _trailing(text: str, start: int, end: int) -> int:
    """Trailing blanks a pattern swallowed (never part of the extent)."""
    n = 0
    while end - n > start and text[end - n - 1].isspace():
        n += 1
    return n


class _Blobs:
    """Runs of more non-blank characters than any word has (URLs, encoded data): no time word lies inside."""

    _RUN = re.compile(rf"\S{{{_LONGEST_WORD + 1},}}")

    def __init__(self, text: str) -> None:
        runs = [(m.start(), m.end()) for m in self._RUN.finditer(text)]
        self.starts = [a for a, _ in runs]
        self.ends = [b for _, b in runs]
        self.gaps = list(zip([0, *self.ends], [*self.starts, len(text)], strict=True))  # the text between

    def around(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and offset < self.ends[i] else None


def _windows(text: str, trigger: re.Pattern[str], blobs: _Blobs, gate_text: str) -> list[tuple[int, int]]:
    """Stretches of text around a rule's key words, widened to blanks so no word is cut.

    Key words are sought in ``gate_text`` (the text lower-cased, offsets kept) between blobs only,
    and a window stops at a blob's edge, so widening
    costs at most ``_LONGEST_WORD`` steps per key word and a blob nothing but one pass.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    for m in (m for a, b in blobs.gaps for m in trigger.finditer(gate_text, a, b)):
        lo, hi = max(0, m.start() - _REACH_BACK), min(n, m.end() + _REACH_FORWARD)
        before, after = blobs.around(lo), blobs.around(hi - 1)
        if before:
            lo = before[1]
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        if after:
            hi = after[0]
        while hi < n and not text[hi].isspace():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans
