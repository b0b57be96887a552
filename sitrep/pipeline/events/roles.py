"""An event's roles from the parse: actors (subject or agent), recipients (object, indirect object or
"to X") and location, read per event type through the prepositions of ``event_verbs.yaml``."""

from __future__ import annotations

from spacy.tokens import Token

from ..syntax import sentence
from .actors import Role, actor, entity_end, patient, phrase, reference, subject_heads
from .agency import INSTRUMENT, agency, owner_entity
from .context import ACTOR_TYPES, PLACE_TYPES, Candidate, Context

Roles = dict[str, list]  # "actors", "recipients", "location" -> [Role, ...]


def _empty() -> Roles:
    return {"actors": [], "recipients": [], "location": []}


def read_roles(ctx: Context, candidate: Candidate, objects: list[Token]) -> Roles:
    """Actors, recipients and location of one event; ``objects`` are its object heads."""
    kind, token, mode = candidate.sense.type, candidate.token, candidate.sense.mode
    grammar = ctx.grammar
    roles = _empty()
    subjects, passive = subject_heads(ctx, token)
    if candidate.nominal is not None and candidate.nominal is token:
        nominal_roles(ctx, token, kind, roles)
    elif candidate.nominal is not None and candidate.nominal in subjects:  # "a protest by farmers took place"
        subjects = [s for s in subjects if s.i != candidate.nominal.i]
        nominal_roles(ctx, candidate.nominal, kind, roles)
    for head in subjects:
        role = actor(ctx, head)
        if role[0] is None and agency(ctx, head) == INSTRUMENT:
            owner = owner_entity(ctx, head)  # "US Predator attacks": the US
            if owner is None and ctx.classes([head]) & ctx.grammar.classes("attack_event"):
                roles["actors"].append(role)  # "a roadside bombing killed": its unknown perpetrators
                continue
            if owner is None:
                continue  # "missiles hit the city": the weapon is no actor
            role = (owner, role[1])
        roles["actors"].append(role)
    if not subjects and passive and kind in grammar.types("movement"):
        roles["actors"] += _passive_modifier_actors(ctx, token, kind)  # not the victims' "Ukrainian"
    elif not subjects and passive and kind in grammar.types("force"):
        roles["actors"] += _attack_in(ctx, token)
    for child in token.children:
        if (
            child.dep_ == "dative"
            and child.pos_ != "ADP"
            or child.dep_ == "dobj"
            and not objects
            and ctx.is_actorish(child)
        ):
            roles["recipients"].append(actor(ctx, child))
    places = _object_targets(ctx, kind, objects, roles)
    if kind in grammar.types("about_target") and not roles["recipients"]:
        # "complained over Israeli raids": the complaint is about its perpetrator
        about = [c for c in token.children if c.dep_ == "prep" and c.lower_ in grammar.prep("about")]
        _object_targets(ctx, "ACCUSE", [t for p in about for t in p.children if t.dep_ == "pobj"], roles)
    preps = [c for c in token.children if c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")]
    if candidate.nominal is not None and candidate.nominal is not token:
        preps += [c for c in candidate.nominal.children if c.dep_ == "prep"]
        if kind in grammar.types("object_target") and kind not in grammar.types("gathering"):
            of = [c for p in preps if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
            places += _object_targets(ctx, kind, of, roles)  # "its invasion of X"
    if kind not in grammar.types("movement"):  # "shared evidence with X", "closed its border with X"
        preps += [
            c
            for h in objects
            for c in h.children
            if c.dep_ == "prep" and ctx.lex.role(kind, c.lower_, mode) == "recipient"
        ]
    else:  # "sent 20 trains of ammunition to X": the parser hangs "to X" on the goods
        own = {p.lower_ for p in preps}
        preps += [
            c
            for h in objects
            for c in h.children
            if c.dep_ == "prep" and c.lower_ not in own and ctx.lex.role(kind, c.lower_, mode) == "recipient"
        ]
    _prep_roles(ctx, preps, kind, roles, mode)
    roles["location"] += places
    if not roles["location"] and token.dep_ == "conj":
        _shared_location(ctx, token, kind, roles)
    if kind in grammar.types("complement_target") and not roles["recipients"]:
        roles["recipients"] = _complement_recipients(ctx, token, kind)
    if kind in grammar.types("verbal") and not roles["recipients"]:
        roles["recipients"] = _clause_entities(ctx, token, subjects)
    return roles


def _passive_modifier_actors(ctx: Context, token: Token, kind: str) -> list[Role]:
    """ "More Russian troops were dispatched": Russia, from the passive subject's modifier.

    Troops moved without a named owner are those named before: "Russian troops massed near the
    border. About 10,000 soldiers were moved there" moves Russia's.
    """
    found: list[Role] = []
    subj = patient(token)
    modifiers = [c for c in subj.children if c.dep_ in ("amod", "compound", "poss")] if subj else []
    for mod in modifiers:
        entity_id, _ = actor(ctx, mod)
        if entity_id or mod.ent_type_ in ACTOR_TYPES:
            found.append((entity_id, mod.text))
    armed = subj is not None and ctx.classes([subj]) & ctx.grammar.classes("armed")
    if not found and armed and kind in ctx.grammar.types("movement"):
        owner = reference(ctx, subj)
        if owner is not None:
            found.append((owner, phrase(ctx, subj).text))
    return found


def _attack_in(ctx: Context, token: Token) -> list[Role]:
    """ "killed in a car bomb explosion": the attack that did it stands for its unknown perpetrators."""
    found: list[Role] = []
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if ctx.classes([pobj]) & ctx.grammar.classes("attack_event"):
                found.append(actor(ctx, pobj))
    return found


def _shared_location(ctx: Context, token: Token, kind: str, roles: Roles) -> None:
    """Coordinated clauses share a fronted place: "In the north, roads were blocked and troops dug in"."""
    head, first = token, sentence(token)[0]
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
        fronted = [c for c in head.children if c.dep_ == "prep" and c.i < head.i]
        if first.dep_ == "prep" and first.head.pos_ in ("VERB", "AUX") and first not in fronted:
            fronted.append(first)  # the sentence's opening phrase, wherever the parser hung it
        found = _empty()
        _prep_roles(ctx, fronted, kind, found, None)
        if found["location"]:
            roles["location"] += found["location"]
            return


def _object_targets(ctx: Context, kind: str, objects: list[Token], roles: Roles) -> list[Role]:
    """The object is whom the act is done to: "accused Kyiv", "praised Turkey's efforts", "shelled X".

    Returns place objects of force, which are also where it happened ("shelled Kharkiv").
    """
    grammar = ctx.grammar
    places: list[Role] = []
    for head in objects:
        classes = ctx.classes([head])
        forceful = kind in grammar.types("force")
        if forceful and ctx.is_place(head) and (actor(ctx, head)[0] or head.ent_type_ in PLACE_TYPES):
            roles["recipients"].append(actor(ctx, head))  # "shelled Kharkiv": target and place
            places.append(actor(ctx, head))
            continue
        if classes & grammar.classes("material") and not (forceful and classes & grammar.classes("armed")):
            continue
        if ctx.is_actorish(head):
            roles["recipients"].append(actor(ctx, head))
            continue
        if kind not in grammar.types("object_target"):
            continue
        owner = _owner(ctx, head)
        if owner is not None:
            roles["recipients"].append(actor(ctx, owner))
        elif forceful and ctx.is_place(head):
            pair = actor(ctx, head)
            roles["recipients"].append(pair)
            if pair[0] or head.ent_type_ in PLACE_TYPES:  # a named place, not "roads"
                places.append(pair)
        elif forceful and (classes & grammar.classes("victim") or actor(ctx, head)[0]):
            roles["recipients"].append(actor(ctx, head))
    return places


def _owner(ctx: Context, head: Token) -> Token | None:
    """Whose thing the object is: "Turkey's efforts", "positions of the rebels", "a camp for refugees"."""
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and ctx.named(child):
            return child
    owned_place = ctx.classes([head]) & ctx.grammar.classes("owned")
    owning = ctx.grammar.prep("place_owner" if owned_place else "owner")
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in owning):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if ctx.is_actorish(pobj) or actor(ctx, pobj)[0]:  # "withdrawal of Serbian forces"
                return pobj
    return None


def _complement_recipients(ctx: Context, token: Token, kind: str, depth: int = 0) -> list[Role]:
    """An offer, demand or threat is aimed at whom the act it names is aimed at.

    "agreed to provide aid for Romania", "offered to hand them over to Britain", "went on hunger
    strike to protest Sweden's decision": the recipient sits in the complement clause.
    """
    if depth > 3:
        return []
    deps = ("xcomp", "ccomp", "advcl") if kind in ("PROTEST", "AGREE") or depth else ("xcomp", "ccomp")
    found: list[Role] = []
    for clause in (c for c in token.children if c.dep_ in deps and c.pos_ in ("VERB", "AUX")):
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if (
            kind == "REQUEST"
            and clause.dep_ == "ccomp"
            and subject is not None
            and (ctx.is_actorish(subject) or actor(ctx, subject)[0])
        ):
            return [actor(ctx, subject)]  # "demanded that Hamas renounce ...": asked of Hamas
        found = _clause_targets(ctx, clause)
        found += _complement_recipients(ctx, clause, kind, depth + 1) if not found else []
        if found:
            break
    return found


def _clause_targets(ctx: Context, clause: Token) -> list[Role]:
    """Whom a complement clause's act is aimed at: its actor-like objects, "to X", else its place."""
    found: list[Role] = []
    objects = [o for o in clause.children if o.dep_ in ("dobj", "dative") and o.pos_ != "ADP"]
    for head in (o2 for o in objects for o2 in (o, *o.conjuncts)):
        owner = head if ctx.is_actorish(head) else _owner(ctx, head)
        if owner is not None:
            found.append(actor(ctx, owner))
    preps = [c for c in clause.children if c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")]
    preps += [c for o in objects for c in o.children if c.dep_ == "prep"]
    for prep in (p for p in preps if p.lower_ in ctx.grammar.prep("complement_target")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for head in (pobj, *pobj.conjuncts):
                owner = head if ctx.is_actorish(head) or ctx.is_place(head) else _owner(ctx, head)
                if owner is not None and not ctx.is_time(owner):
                    found.append(actor(ctx, owner))
    if not found:  # "agreed to set up a centre in Tokyo", "to withdraw from Lebanon"
        found = [
            actor(ctx, t)
            for p in preps
            if p.lower_ in ctx.grammar.prep("complement_place")
            for t in p.children
            if t.dep_ == "pobj" and ctx.is_place(t) and not ctx.is_time(t)
        ]
    return found


def _prep_roles(ctx: Context, preps: list[Token], kind: str, roles: Roles, mode: str | None) -> None:
    """The role each preposition gives its object for this type (``roles`` of event_verbs.yaml)."""
    grammar = ctx.grammar
    for prep in preps:
        role = ctx.lex.role(kind, prep.lower_, mode)
        if role is None:
            continue
        instrumental = prep.lower_ in grammar.prep("instrument")
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.ent_type_ in ("DATE", "TIME") or ctx.is_time(pobj):
                continue
            for head in (pobj, *pobj.conjuncts):
                if instrumental and ctx.classes([head]) & grammar.classes("weapons"):
                    continue  # "attacked with Iranian drones": an instrument, not a side
                entity_id, text = actor(ctx, head)
                entity = ctx.document.entity(entity_id)
                place = (
                    entity is not None and entity.type in ("GPE", "LOC")
                ) or head.ent_type_ in PLACE_TYPES
                if role == "recipient" and (entity_id or ctx.is_actorish(head)):
                    if kind in ("MOBILIZE",) and place:
                        roles["location"].append((entity_id, text))
                    elif kind == "AID" and place and not str(entity_id).startswith("country:"):
                        _owned_place(ctx, head, (entity_id, text), roles)  # "to Russia's Belgorod region"
                    else:
                        roles["recipients"].append((entity_id, text))
                        if place and kind in grammar.types("force"):
                            roles["location"].append((entity_id, text))  # "attacks on Kyiv"
                elif role == "location" or (role == "recipient" and place):
                    roles["location"].append(
                        (entity_id, text) if entity_id else actor(ctx, head, places=True)
                    )
                elif role == "recipient" and kind in ctx.grammar.types("object_target"):
                    roles["location"] += _object_targets(ctx, kind, [head], roles)  # "fire against camps"


def _owned_place(ctx: Context, head: Token, place: Role, roles: Roles) -> None:
    """Aid sent to a region of a state goes to that state, there: "to Russia's Belgorod region"."""
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON" and ctx.named(c)), None)
    if owner is None:
        roles["recipients"].append(place)
        return
    roles["recipients"].append(actor(ctx, owner))
    roles["location"].append(place)


def nominal_roles(ctx: Context, noun: Token, kind: str, roles: Roles) -> None:
    """Participants named on an event noun: "Russian airstrikes", "talks between X and Y", "attack by X"."""
    grammar = ctx.grammar
    for child in noun.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod") and ctx.named(child):
            roles["actors"].append(actor(ctx, child))
        elif child.dep_ == "prep" and child.lower_ in grammar.prep("between"):
            named = [t for t in child.subtree if ctx.named(t) and t.pos_ != "PRON" and entity_end(ctx, t)]
            roles["actors"] += [actor(ctx, t) for t in named]
        elif (
            child.dep_ == "prep"
            and child.lower_ in grammar.prep("nominal_target")
            and kind in grammar.types("force")
        ):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if ctx.is_actorish(pobj) or actor(ctx, pobj)[0]:  # "a cyberattack on Ukrainian websites"
                    roles["recipients"].append(actor(ctx, pobj))
        elif child.dep_ == "prep" and child.lower_ in grammar.prep("nominal_actor"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                for head in (pobj, *pobj.conjuncts):
                    acts = child.lower_ != "of" or kind in grammar.types("gathering")
                    roles["actors" if acts else "recipients"].append(actor(ctx, head))
                    if not acts and kind in grammar.types("force") and ctx.is_place(head):
                        roles["location"].append(actor(ctx, head))  # "the liberation of Kherson"


def has_participants(ctx: Context, noun: Token, kind: str) -> bool:
    roles = _empty()
    nominal_roles(ctx, noun, kind, roles)
    return bool(roles["actors"] or roles["recipients"])


def _clause_entities(ctx: Context, token: Token, subjects: list[Token]) -> list[Role]:
    """The named actors of the clause other than its subject: whom a verbal act is about."""
    skip = [(s.left_edge.i, s.right_edge.i) for s in subjects]
    found: list[Role] = []
    for t in ctx.clause(token):
        if t.i == token.i or any(lo <= t.i <= hi for lo, hi in skip):
            continue
        entity = ctx.entity(t)
        if entity is not None and entity.type in ACTOR_TYPES:
            pair: Role = (entity.id, t.text)
        elif entity is None and t.ent_type_ in ACTOR_TYPES and t.ent_iob_ == "B":
            pair = (None, t.text)
        else:
            continue
        if all(e != pair[0] or (e is None and x != pair[1]) for e, x in found):
            found.append(pair)
    return found[:3]
