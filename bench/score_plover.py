"""Score the events stage on the PLOVER gold-standard records, against a keyword baseline.

    .venv/bin/python bench/score_plover.py [--errors] [--limit N]

The 322 records (PLOVER_GSR_CAMEO.json, openeventdata/PLOVER, CC BY-SA 4.0) are edited example
sentences from the CAMEO manual: development data for event typing and actor roles, not a test
of news text. Each sentence runs through the full pipeline; the predicted event is the one whose
trigger overlaps the gold EVT markup (asserted or reported first), else the first asserted one,
else the first. The baseline types each sentence by the first lexicon trigger lemma, with no
syntax, and takes the first GPE/NORP as source and the next as target.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from score_seed import shared_dir  # noqa: E402  (the one definition of where ../shared lies)

from sitrep import Pipeline  # noqa: E402
from sitrep.knowledge.lexicon import load_event_lexicon  # noqa: E402
from sitrep.model import Document, Event  # noqa: E402
from sitrep.sources.reader import make_document  # noqa: E402

GOLD = shared_dir() / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_EVT = re.compile(r"\(EVT:\s*([^()]*?)\s*[)}]")
_MARK = re.compile(r"\((?:SRC/TAR|SRC/LOC|TAR/LOC|SRC|TAR|LOC|EVT):?\s*|[(){}]")


def load_records(path: Path = GOLD) -> list[dict]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT"]


def markup(record: dict) -> str:
    info = record.get("textInfo")
    return info.get("markup", "") if isinstance(info, dict) else str(info or "")


def evt_spans(record: dict) -> list[tuple[int, int]]:
    """Character spans in the plain sentence of the phrases marked (EVT: ...)."""
    text, spans, cursor = record["text"], [], 0
    for phrase in _EVT.findall(markup(record)):
        phrase = _MARK.sub("", phrase).strip()
        if not phrase:
            continue
        at = text.find(phrase, cursor)
        at = text.find(phrase) if at < 0 else at
        if at >= 0:
            spans.append((at, at + len(phrase)))
            cursor = at + len(phrase)
    return spans


def choose(document: Document, spans: list[tuple[int, int]]) -> Event | None:
    events = document.events
    if not events:
        return None
    trigger = [e for e in events if any(e.evidence.start < b and e.evidence.end > a for a, b in spans)]
    for pool in (trigger, events):
        for e in pool:
            if e.modality in ("asserted", "reported"):
                return e
        if pool:
            return pool[0]
    return None


def _actors(value) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    return [v for v in value or [] if isinstance(v, dict)]


def _words(text: str) -> set[str]:
    stop = {"the", "of", "and", "a", "in", "s", "'s", "from", "to", "for", "on", "its", "their"}
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop}


def actor_match(document: Document, ids: list[str], texts: list[str], gold: list[dict]) -> bool:
    codes = {g.get("code") for g in gold if g.get("code")}
    for entity_id in ids:
        entity = document.entity(entity_id)
        if entity is not None and (entity.country in codes or (entity.kb_id or "").upper() in codes):
            return True
    gold_words = [_words(g.get("actorText", "")) for g in gold]
    return any(_words(t) & w for t in texts for w in gold_words)


class Tally:
    def __init__(self) -> None:
        self.n = self.typed = self.any_event = 0
        self.mode_n = self.mode_ok = self.src_n = self.src_ok = self.tar_n = self.tar_ok = 0
        self.pairs: list[tuple[str, str]] = []

    def add(
        self,
        gold_type: str,
        pred_type: str | None,
        mode: tuple[str, str | None] | None,
        src: bool | None,
        tar: bool | None,
        any_event: bool,
    ) -> None:
        self.n += 1
        self.any_event += any_event
        self.typed += pred_type == gold_type
        self.pairs.append((gold_type, pred_type or "-"))
        if mode is not None:
            self.mode_n += 1
            self.mode_ok += _mode_eq(*mode)
        if src is not None:
            self.src_n += 1
            self.src_ok += src
        if tar is not None:
            self.tar_n += 1
            self.tar_ok += tar

    def figures(self) -> dict[str, float]:
        return {
            "type accuracy": self.typed / self.n,
            "type macro-F1": macro_f1(self.pairs),
            "mode accuracy": self.mode_ok / max(self.mode_n, 1),
            "source actor": self.src_ok / max(self.src_n, 1),
            "target actor": self.tar_ok / max(self.tar_n, 1),
            "any event": self.any_event / self.n,
        }


def _mode_eq(gold: str, pred: str | None) -> bool:
    """Gold modes use 0.5b1 names ("strike-hun", "demo-org"); the current manual's stem matches."""
    if not pred:
        return False
    g, p = gold.lower(), pred.lower()
    aliases = {
        "strike-hun": "hunger",
        "strike-gen": "strike",
        "riot-spon": "riot",
        "demo-org": "demo",
        "demo-spon": "demo",
        "host": "visit",
        "detain": "arrest",
        "confiscate": "seize",
    }
    return aliases.get(g, g) == p or g.split("-")[0] == p.split("-")[0]


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {g for g, _ in pairs}
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def baseline(document: Document, keywords: dict) -> tuple[str | None, str | None, list[str], list[str]]:
    """First trigger lemma in the sentence; first GPE/NORP as source, the next as target."""
    kind = mode = None
    for token in document.spacy_doc:
        sense = keywords.get(token.lemma_.lower()) or keywords.get(token.lower_)
        if sense is not None:
            kind, mode = sense.type, sense.mode
            break
    names = [e.text for e in document.spacy_doc.ents if e.label_ in ("GPE", "NORP")]
    return kind, mode, names[:1], names[1:2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every record the stage gets wrong")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N records")
    args = parser.parse_args(argv)
    records = load_records()[: args.limit or None]
    pipeline = Pipeline()
    keywords = load_event_lexicon().keywords()
    ours, base = Tally(), Tally()
    confusion: Counter[tuple[str, str]] = Counter()
    documents = pipeline.pipe(make_document(r["text"]) for r in records)
    for record, document in zip(records, documents, strict=True):
        gold = RENAMED.get(record["event"], record["event"])
        src, tar = _actors(record.get("source")), _actors(record.get("target"))
        tar = [t for t in tar if t.get("actorText")]
        gold_mode = record.get("mode") or None
        event = choose(document, evt_spans(record))
        kind = event.type if event else None
        ours.add(
            gold,
            kind,
            (gold_mode, event.mode if event else None) if gold_mode else None,
            actor_match(document, event.actors, event.actor_texts, src)
            if src and event
            else (False if src else None),
            (
                actor_match(document, event.recipients, [*event.recipient_texts, event.location or ""], tar)
                if event
                else False
            )
            if tar
            else None,
            bool(document.events),
        )
        b_kind, b_mode, b_src, b_tar = baseline(document, keywords)
        base.add(
            gold,
            b_kind,
            (gold_mode, b_mode) if gold_mode else None,
            actor_match(document, [], b_src, src) if src else None,
            actor_match(document, [], b_tar, tar) if tar else None,
            b_kind is not None,
        )
        if kind != gold:
            confusion[(gold, kind or "-")] += 1
        tar_ok = not tar or (
            event is not None
            and actor_match(document, event.recipients, [*event.recipient_texts, event.location or ""], tar)
        )
        if args.errors and (kind != gold or (src and not ours_src_ok(document, event, src)) or not tar_ok):
            print(
                f"{record['id']}: gold {gold}/{gold_mode} -> {kind}/{event.mode if event else None}"
                f" [{event.trigger if event else ''}] actors={event.actor_texts if event else []}"
                f" recipients={event.recipient_texts if event else []}"
                f" (gold target {[t.get('actorText') for t in tar]})"
            )
            print(f"    {markup(record)}")
    print(f"PLOVER gold records: {ours.n} sentences (CAMEO-manual examples: development data, not news)")
    print(f"{'figure':<16}{'sitrep':>9}{'baseline':>10}{'ratio':>8}")
    for (name, value), b in zip(ours.figures().items(), base.figures().values(), strict=True):
        ratio = f"{value / b:.2f}" if b else "inf"
        print(f"{name:<16}{value:>9.3f}{b:>10.3f}{ratio:>8}")
    print(f"(mode scored on {ours.mode_n}, source on {ours.src_n}, target on {ours.tar_n} records)")
    print(
        "most frequent type confusions (gold -> predicted):",
        ", ".join(f"{g}->{p} {n}" for (g, p), n in confusion.most_common(8)),
    )
    return 0


def ours_src_ok(document: Document, event: Event | None, src: list[dict]) -> bool:
    return bool(event) and actor_match(document, event.actors, event.actor_texts, src)


if __name__ == "__main__":
    raise SystemExit(main())
