"""Emitting events: one :class:`~sitrep.model.Event` per candidate and object group, with its roles,
items, quantity, time, modality and statement; an announced intention also as AGREE, CONCEDE or
THREATEN (PLOVER codes "X will send aid" as AGREE)."""

from __future__ import annotations

from spacy.tokens import Token

from ...knowledge.lexicon import load_modality_cues
from ...model import Event, Quantity
from ..modality import PREDICTED, REPORTED, modality
from .actors import Role
from .context import SUBJECT_DEPS, Candidate, Context
from .roles import read_roles
from .timing import EventTimes


class Emitter:
    """Builds the document's events in order, numbering them ev1, ev2, ..."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.times = EventTimes(ctx)
        self.events: list[Event] = []

    def emit(self, candidate: Candidate, objects: list[Token]) -> None:
        ctx, sense, token = self.ctx, candidate.sense, candidate.token
        document = ctx.document
        roles = read_roles(ctx, candidate, objects)
        clause = ctx.clause(token)
        start = min(t.idx for t in candidate.trigger)
        end = max(t.idx + len(t) for t in candidate.trigger)
        items, item_texts, quantity = self._items(objects)
        statement = document.statement_at(start)
        event = Event(
            id=f"ev{len(self.events) + 1}",
            type=sense.type,
            evidence=document.evidence(start, end),
            trigger=document.text[start:end],
            mode=self._mode(candidate, objects),
            context=list(sense.context),
            actors=_ids(roles["actors"]),
            recipients=_ids(roles["recipients"]),
            actor_texts=_texts(roles["actors"]),
            recipient_texts=_texts(roles["recipients"]),
            location=next((i for i, _ in roles["location"] if i), None),  # an entity id, never free text
            items=items,
            item_texts=item_texts,
            quantity=quantity,
            quantities=ctx.quantities_in(clause[0].idx, clause[-1].idx + len(clause[-1])),
            time=self.times.time(token),
            modality=modality(token, document),
            statement=statement.id if statement else None,
        )
        self.times.remember(event, (candidate.nominal or token).lemma_.lower())
        self.events.append(event)
        self._intent(candidate, event)

    def _intent(self, candidate: Candidate, event: Event) -> None:
        """PLOVER codes announced future cooperation as AGREE and future retreats as CONCEDE."""
        kind = self.ctx.lex.future_as.get(event.type)
        if kind is None or event.modality != PREDICTED or not (event.actors or event.actor_texts):
            return
        cues = load_modality_cues()
        token = candidate.token
        aux = any(
            c.dep_ == "aux" and c.lower_.replace("\u2019", "'") in cues.intent_cues for c in token.children
        )
        governed = token.dep_ == "xcomp" and token.head.lemma_.lower() in cues.intent_cues
        if not (aux or governed):
            return
        reported = bool(event.statement) or _reported(token)
        if not reported and (_hypothetical(token) or _conditional(token)):
            return  # "Russia would attack", "If X, Poland will close the border": no one announced it
        mode = self.ctx.lex.threaten_modes.get(event.type) if kind == "THREATEN" else None
        derived = Event(**{**event.__dict__, "id": f"ev{len(self.events) + 1}", "type": kind, "mode": mode})
        derived.modality = REPORTED if event.statement or _reported(token) else "asserted"
        self.events.append(derived)

    def _items(self, objects: list[Token]) -> tuple[list[str], list[str], Quantity | None]:
        """What was moved or given: equipment entities, else the object words; the first count on them."""
        items: list[str] = []
        texts: list[str] = []
        quantity = None
        material = self.ctx.grammar.classes("material")
        for head in objects:
            if not self.ctx.classes([head]) & material and not self._equipment(head):
                continue
            equipment = self._equipment(head)
            if equipment:
                items += [e for e in equipment if e not in items]
            else:
                texts.append(head.text)
            quantity = quantity or self.ctx.own_quantity(head)
        return items, texts, quantity

    def _equipment(self, head: Token) -> list[str]:
        found = []
        start = max(head.left_edge.i, head.i - self.ctx.grammar.clause_window_tokens)
        for t in self.ctx.doc[start : head.i + 1]:
            entity = self.ctx.entity(t)
            if entity is not None and entity.type == "EQUIPMENT" and entity.id not in found:
                found.append(entity.id)
        return found

    def _mode(self, candidate: Candidate, objects: list[Token]) -> str | None:
        """The sense's mode; MOBILIZE of platforms is of weapons; ASSAULT by its instrument."""
        sense = candidate.sense
        if sense.type == "MOBILIZE" and sense.mode == "troops":
            classes = self.ctx.classes(objects)
            if "platforms" in classes or ("materiel" in classes and "troops" not in classes):
                return "weapons"
        if sense.type != "ASSAULT" or sense.mode not in (None, "heavy-weapons"):
            return sense.mode
        token = candidate.token
        near = [*objects, *[c for c in token.children if c.dep_ in SUBJECT_DEPS]]
        instrument = self.ctx.grammar.prep("instrument")
        for prep in (c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in instrument):
            near += [c for c in prep.children if c.dep_ == "pobj"]
        modes = self.ctx.lex.assault_modes
        for head in near:
            for t in (head, *head.children):
                mode = modes.get(t.lemma_.lower()) or modes.get(t.lower_)
                if mode:
                    return mode
        return sense.mode


def _hypothetical(token: Token) -> bool:
    """ "would"/"could" alone: the writer's supposition, not an announced intention."""
    aux = {c.lower_.replace("\u2019", "'") for c in token.children if c.dep_ == "aux"}
    return bool(aux) and not aux & load_modality_cues().announcing_aux


def _conditional(token: Token) -> bool:
    cues = load_modality_cues()
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditional_marks for m in c.children)
        for c in token.children
    )


def _reported(token: Token) -> bool:
    cues = load_modality_cues()
    return any(a.lemma_.lower() in cues.reporting_verbs for a in token.ancestors)


def _ids(pairs: list[Role]) -> list[str]:
    out: list[str] = []
    for entity_id, _ in pairs:
        if entity_id and entity_id not in out:
            out.append(entity_id)
    return out


def _texts(pairs: list[Role]) -> list[str]:
    out: list[str] = []
    for _, text in pairs:
        if text and text not in out:
            out.append(text)
    return out
