"""The hypothesis-set file: questions, hypotheses and indicators as data an analyst writes and shares.

The YAML is read node by node (not through ``yaml.safe_load``) so every error names the line it is
on, and the whole file is checked before anything is stored: a bad file is refused, never half-loaded.
The format is documented in docs/hypotheses.md.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import SitrepError
from ..model import MODALITIES, PLOVER_TYPES

CODES = ("CC", "C", "N", "I", "II")
LEVELS = ("high", "medium", "low")
KINDS = ("event", "statement")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class HypothesisFileError(SitrepError):
    """A hypothesis file that cannot be loaded; the message names the file and line."""

    code = "E701"


@dataclass
class Hypothesis:
    id: str
    text: str


@dataclass
class Indicator:
    """A query over stored facts and the consistency a match carries for each hypothesis."""

    id: str
    text: str
    consistency: dict[str, str]
    kind: str = "event"
    type: str | None = None  # PLOVER type (events)
    mode: str | None = None
    actor: str | None = None  # entity name/alias/id, or a country's ISO3 code (all its entities)
    recipient: str | None = None
    place: str | None = None  # event location: entity name/alias/id or ISO3 country
    speaker: str | None = None  # statements
    act: list[str] = field(default_factory=list)  # statements: said, denied, warned ...
    content: str | None = None  # statements: words the content contains
    min_quantity: float | None = None
    since: date | None = None
    until: date | None = None
    modality: list[str] = field(default_factory=list)
    relevance: str = "medium"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("since", "until"):
            d[k] = d[k].isoformat() if d[k] else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Indicator:
        d = dict(d)
        for k in ("since", "until"):
            d[k] = date.fromisoformat(d[k]) if d.get(k) else None
        return cls(**d)


@dataclass
class HypothesisSetSpec:
    name: str
    question: str
    hypotheses: list[Hypothesis]
    indicators: list[Indicator]

    @property
    def ids(self) -> list[str]:
        return [h.id for h in self.hypotheses]

    def indicator(self, ident: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == ident), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "question": self.question,
            "hypotheses": [asdict(h) for h in self.hypotheses],
            "indicators": [i.to_dict() for i in self.indicators],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> HypothesisSetSpec:
        return cls(
            d["name"],
            d.get("question", ""),
            [Hypothesis(**h) for h in d["hypotheses"]],
            [Indicator.from_dict(i) for i in d["indicators"]],
        )


# -- reading -----------------------------------------------------------------------------------------------

_TOP = {"name", "question", "hypotheses", "indicators"}
_HYP = {"id", "text"}
_IND_STR = {"text", "kind", "type", "mode", "actor", "recipient", "place", "speaker", "content", "relevance"}
_IND = _IND_STR | {"id", "consistency", "act", "min_quantity", "since", "until", "modality"}


def load(path: str | Path) -> tuple[HypothesisSetSpec, str]:
    """The set in a file, and its text; :class:`HypothesisFileError` for anything wrong with it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HypothesisFileError(f"{path}: cannot read the file: {exc}") from None
    return parse(text, str(path)), text


def parse(text: str, origin: str = "<text>") -> HypothesisSetSpec:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark else ""
        raise HypothesisFileError(f"{origin}:{line}: malformed YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise HypothesisFileError(f"{origin}: malformed YAML: {exc}") from None
    return _Reader(origin).top(root)


class _Reader:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, node: yaml.Node | None, message: str) -> HypothesisFileError:
        line = f" line {node.start_mark.line + 1}:" if node is not None else ""
        return HypothesisFileError(f"{self.origin}:{line} {message}")

    def mapping(self, node: yaml.Node | None, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of fields")
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key not in allowed:
                raise self.fail(k, f"unknown field {key!r} in {what} (allowed: {', '.join(sorted(allowed))})")
            if key in out:
                raise self.fail(k, f"field {key!r} given twice in {what}")
            out[key] = v
        return out

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.value == "":
            raise self.fail(node, f"{what} must be a non-empty value")
        return node.value

    def strings(self, node: yaml.Node, what: str) -> list[str]:
        if isinstance(node, yaml.SequenceNode):
            return [self.scalar(n, what) for n in node.value]
        return [self.scalar(node, what)]

    def require(self, fields: dict[str, yaml.Node], node: yaml.Node, what: str, *names: str) -> None:
        for name in names:
            if name not in fields:
                raise self.fail(node, f"{what} lacks the field {name!r}")

    def top(self, root: yaml.Node | None) -> HypothesisSetSpec:
        if root is None:
            raise HypothesisFileError(f"{self.origin}: the file is empty")
        f = self.mapping(root, "the hypothesis set", _TOP)
        self.require(f, root, "the hypothesis set", "name", "hypotheses", "indicators")
        name = self.ident(f["name"], "the set's name")
        question = self.scalar(f["question"], "question") if "question" in f else ""
        hyps = self.sequence(f["hypotheses"], "hypotheses")
        hypotheses = [self.hypothesis(n) for n in hyps]
        self.unique([(h.id, n) for h, n in zip(hypotheses, hyps, strict=True)], "hypothesis")
        if len(hypotheses) < 2:
            raise self.fail(f["hypotheses"], "a set needs at least two competing hypotheses")
        inds = self.sequence(f["indicators"], "indicators")
        indicators = [self.indicator(n, [h.id for h in hypotheses]) for n in inds]
        self.unique([(i.id, n) for i, n in zip(indicators, inds, strict=True)], "indicator")
        return HypothesisSetSpec(name, question, hypotheses, indicators)

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.fail(node, f"{what} must be a non-empty list")
        return node.value

    def ident(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node, what)
        if not _ID.match(value):
            raise self.fail(node, f"{what} {value!r} must be letters, digits, '-', '_' or '.' (at most 64)")
        return value

    def unique(self, pairs: list[tuple[str, yaml.Node]], what: str) -> None:
        seen: set[str] = set()
        for ident, node in pairs:
            if ident in seen:
                raise self.fail(node, f"{what} id {ident!r} is used twice")
            seen.add(ident)

    def hypothesis(self, node: yaml.Node) -> Hypothesis:
        f = self.mapping(node, "a hypothesis", _HYP)
        self.require(f, node, "a hypothesis", "id", "text")
        return Hypothesis(self.ident(f["id"], "hypothesis id"), self.scalar(f["text"], "text"))

    def indicator(self, node: yaml.Node, hypotheses: list[str]) -> Indicator:
        f = self.mapping(node, "an indicator", _IND)
        self.require(f, node, "an indicator", "id", "text", "consistency")
        ind = Indicator(self.ident(f["id"], "indicator id"), "", {})
        for name in _IND_STR & f.keys():
            setattr(ind, name, self.scalar(f[name], name))
        self.choice(f, "kind", ind.kind, KINDS)
        self.choice(f, "relevance", ind.relevance, LEVELS)
        if ind.type is not None:
            ind.type = ind.type.upper()
            self.choice(f, "type", ind.type, PLOVER_TYPES)
        if "modality" in f:
            ind.modality = self.strings(f["modality"], "modality")
            for m in ind.modality:
                self.choice(f, "modality", m, MODALITIES)
        if "act" in f:
            ind.act = [a.lower() for a in self.strings(f["act"], "act")]
        if "min_quantity" in f:
            ind.min_quantity = self.number(f["min_quantity"], "min_quantity")
        for name in ("since", "until"):
            if name in f:
                setattr(ind, name, self.day(f[name], name))
        self.fields_fit(f, ind)
        ind.consistency = self.consistency(f["consistency"], hypotheses)
        return ind

    def choice(self, f: dict[str, yaml.Node], name: str, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            raise self.fail(f[name], f"unknown {name} {value!r} (one of: {', '.join(allowed)})")

    def number(self, node: yaml.Node, what: str) -> float:
        try:
            return float(self.scalar(node, what).replace(",", "").replace("_", ""))
        except ValueError:
            raise self.fail(node, f"{what} must be a number") from None

    def day(self, node: yaml.Node, what: str) -> date:
        try:
            return date.fromisoformat(self.scalar(node, what))
        except ValueError:
            raise self.fail(node, f"{what} must be a date YYYY-MM-DD") from None

    def fields_fit(self, f: dict[str, yaml.Node], ind: Indicator) -> None:
        """Fields of the other kind of fact would silently match nothing: refuse them."""
        only = {
            "event": {"type", "mode", "actor", "recipient", "place", "min_quantity"},
            "statement": {"speaker", "act", "content"},
        }
        other = "statement" if ind.kind == "event" else "event"
        for name in only[other] & f.keys():
            raise self.fail(
                f[name], f"field {name!r} is for {other} indicators; this one has kind {ind.kind}"
            )

    def consistency(self, node: yaml.Node, hypotheses: list[str]) -> dict[str, str]:
        f = self.mapping(node, "consistency", set(hypotheses))
        out = {}
        for h in hypotheses:
            code = self.scalar(f[h], f"consistency of {h}").upper() if h in f else "N"
            if code not in CODES:
                raise self.fail(f[h], f"unknown consistency {code!r} for {h} (one of: {', '.join(CODES)})")
            out[h] = code
        return out
