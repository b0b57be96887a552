"""Who acts: the subject of a predicate, followed through control, coordination and relative clauses,
and the entity an actor phrase or pronoun stands for."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..modality import misparsed_predicate
from ..syntax import sentence
from .context import ACTOR_TYPES, SUBJECT_DEPS, Context

Role = tuple[str | None, str]  # (entity id or None, the phrase as written)


def passive_conjunct(token: Token) -> bool:
    """ "500 were killed and another 1,600 injured": a bare participle sharing a passive's auxiliary."""
    return (
        token.dep_ == "conj"
        and token.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
        and any(c.dep_ == "auxpass" for c in token.head.children)
    )


def patient(token: Token) -> Token | None:
    """The subject of a passive predicate: the one acted upon."""
    if not passive_conjunct(token):
        return next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    own = next((c for c in token.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    # "the line was completed and pressurized": the shared subject is the head's
    return own or next((c for c in token.head.children if c.dep_ == "nsubjpass"), None)


def subject_heads(ctx: Context, token: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """The subject phrase heads of a predicate and whether it is passive without agent."""
    if depth > 6:
        return [], False
    if passive_conjunct(token):
        return [], True
    grammar = ctx.grammar
    subj = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is not None and ctx.across_paragraph(subj, token):
        return [], False  # a heading parsed as the subject of the first sentence
    if subj is not None:
        if subj.lower_ in grammar.relative_pronouns and token.dep_ == "relcl":
            return _relative_subject(ctx, token.head, depth)
        if subj.lower_ in grammar.expletive_subjects and token.pos_ == "ADJ":  # "it is difficult to invade"
            return [], False
        return [subj, *subj.conjuncts], False
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return [pobj, *pobj.conjuncts], False
    if any(c.dep_ == "nsubjpass" for c in token.children):
        return [], True
    head, dep = token.head, token.dep_
    if head is token:
        return [], False
    if dep in ("xcomp", "advcl", "acomp") or (dep == "ccomp" and head.pos_ == "ADJ"):
        if head.lemma_.lower() in grammar.object_control:
            obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:
                return [obj, *obj.conjuncts], False
        return subject_heads(ctx, head, depth + 1)
    if dep == "conj":
        return subject_heads(ctx, head, depth + 1)
    if dep == "pcomp" and head.dep_ == "prep":
        obj = next((c for c in head.head.children if c.dep_ == "dobj"), None)
        if obj is not None and head.lower_ in grammar.prep("object_subject"):  # "prevent X from"
            return [obj, *obj.conjuncts], False
        return subject_heads(ctx, head.head, depth + 1)
    if dep == "relcl":
        return _relative_subject(ctx, head, depth)
    if dep == "acl" and misparsed_predicate(token) and _intransitive(ctx, token):
        subject = _outermost_noun(ctx, token)
        return ([subject, *subject.conjuncts], False) if subject is not None else ([], False)
    return [], False


def _intransitive(ctx: Context, token: Token) -> bool:
    """A verb with a sense of a type that takes no patient ("protested", "gathered"): never a passive."""
    senses = ctx.lex.verbs.get(ctx.lemma(token), ())
    return any(s.type in ctx.grammar.types("intransitive") for s in senses)


def _outermost_noun(ctx: Context, token: Token) -> Token | None:
    """The highest noun above a misparsed predicate that is no date: its real subject."""
    found = None
    current = token
    for _ in range(40):
        if current.head.i == current.i:
            break
        current = current.head
        if (
            current.pos_ in ("NOUN", "PROPN")
            and not ctx.is_time(current)
            and current.ent_type_ not in ("DATE", "TIME")
        ):
            found = current
    return found


def _relative_subject(ctx: Context, noun: Token, depth: int) -> tuple[list[Token], bool]:
    """Documents speak for whoever issued them: "a resolution that calls for ..."."""
    if noun.lemma_.lower() in ctx.grammar.document_nouns and noun.head is not noun:
        return subject_heads(ctx, noun.head, depth + 1)
    return [noun], False


def actor(ctx: Context, head: Token, places: bool = False) -> Role:
    """Entity id and surface text of an actor phrase, preferring entities near its head.

    With ``places``, the phrase is read as a place: "different locations in Penza" is Penza.
    """
    if head.pos_ == "PRON":
        head = antecedent(ctx, head) or head
    text = _named_phrase(ctx, head)
    order = [head]
    order += [c for c in head.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
    order += [c for c in head.children if c.dep_ == "appos"]
    actor_of = ctx.grammar.prep("actor_of")
    located = set()  # "nurses in Omsk", "an explosion in Minsk": a town there is where, not who
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in actor_of):
        pobjs = [c for c in prep.children if c.dep_ == "pobj"]
        order += pobjs
        located |= {p.i for p in pobjs if not places and _located(ctx, head, p)}
    for token in order:
        entity = ctx.entity(token)
        if entity is not None and entity.type in ACTOR_TYPES and token.i not in located:
            return entity.id, text
        if token.pos_ == "PRON" and token.dep_ == "poss" and token is not head:
            found = antecedent(ctx, token)
            if found is not None:
                return actor(ctx, found)[0], text
    return reference(ctx, head), text


def _named_phrase(ctx: Context, head: Token) -> str:
    """The actor phrase with its apposition: one group named two ways ("Kenzo Oshima, the UN relief
    coordinator", "the main rebel group, the FDD") is one actor, and either name identifies it."""
    own = phrase(ctx, head)
    other = next((c for c in head.children if c.dep_ == "appos" and c.i > head.i), None)
    if (
        other is None
        and head.dep_ == "appos"
        and head.head.i < head.i
        and head.head.pos_ in ("NOUN", "PROPN")
    ):
        other = head.head
    if other is None:
        return own.text
    second = phrase(ctx, other)
    start, end = min(own.start, second.start), max(own.end, second.end)
    if end - start > 2 * ctx.grammar.clause_window_tokens:
        return own.text
    return ctx.doc[start:end].text.strip(" ,")


def reference(ctx: Context, head: Token) -> str | None:
    """The entity a definite actor noun refers back to: "the troops" after "Russian troops".

    Only a common noun of an actor class ("the troops", "the ministry", "10,000 soldiers") refers
    back; it takes the entity of the nearest earlier mention of the same class (its modifier's, or
    an actor entity whose name holds the noun), within a few sentences. None when nothing fits: the
    actor is then left unknown rather than guessed.
    """
    grammar = ctx.grammar
    if head.pos_ != "NOUN" or ctx.entity(head) is not None or head.ent_type_:
        return None
    if not ctx.lex.classes_of(head.lemma_) & grammar.agency["agent_classes"]:
        return None
    if any(c.dep_ == "det" and c.lower_ not in grammar.agency["definite_determiners"] for c in head.children):
        return None  # "a soldier", "some officials": someone new, not someone named before
    lemma = head.lemma_.lower()
    kin = ctx.lex.classes_of(head.lemma_) & grammar.agency["reference_classes"]  # troops ~ soldiers
    for t in _window(ctx, head):
        if t.pos_ != "NOUN" or not (t.lemma_.lower() == lemma or ctx.lex.classes_of(t.lemma_) & kin):
            continue
        owner = _modifier_entity(ctx, t)
        if owner is not None:
            return owner
    for t in _window(ctx, head):  # "the ministry" after "the Russian Defence Ministry" (an ORG)
        entity = ctx.entity(t)
        if entity is not None and entity.type == "ORG" and lemma in entity.name.lower():
            return entity.id
    return None


def _window(ctx: Context, head: Token):
    """Tokens before the head, nearest first, back to a few sentences (and a bounded count)."""
    grammar = ctx.grammar
    start = sentence(head).start
    for _ in range(grammar.reference_window_sentences):
        start = sentence(ctx.doc[start - 1]).start if start > 0 else 0
    start = max(start, head.i - grammar.reference_window_tokens)
    return (ctx.doc[i] for i in range(head.i - 1, start - 1, -1))


def _modifier_entity(ctx: Context, noun: Token) -> str | None:
    """The actor entity a noun phrase names by a modifier: "Russian troops", "Kyiv's forces"."""
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ctx.grammar.prep("actor_of")):
        modifiers += [c for c in prep.children if c.dep_ == "pobj"]
    for m in modifiers:
        entity = ctx.entity(m)
        if entity is not None and entity.type in ACTOR_TYPES:
            return entity.id
    return None


def phrase(ctx: Context, head: Token) -> Span:
    """The noun phrase of a head, without coordination and without words of an earlier paragraph."""
    # A fronted adjunct the parser hung on the noun ("On 3 May, people ...") is no part of it.
    lefts = [c for c in head.lefts if c.dep_ not in ("cc", "conj", "punct", "preconj", "prep")]
    keep = [c for c in head.rights if c.dep_ in ("prep", "compound", "nummod", "amod", "flat")]
    start = min([head.i, *[c.left_edge.i for c in lefts]])
    end = max([head.i, *[c.right_edge.i for c in keep]]) + 1
    if end - head.i > 1:  # "people of the village protested ...": the sentence's own verb ends the phrase
        end = next((t.i for t in ctx.doc[head.i + 1 : end] if misparsed_predicate(t)), end)
    while start < head.i and ctx.is_time(ctx.doc[start]):
        start += 1  # "On 5 May police detained": the date is no part of who acted
    breaks = [t.i for t in ctx.doc[start:end] if t.i < head.i and "\n" in t.text_with_ws]
    return ctx.doc[(max(breaks) + 1 if breaks else start) : end]


def antecedent(ctx: Context, pronoun: Token) -> Token | None:
    """The nearest earlier subject that fits the pronoun; pronouns in clauses reach their governor."""
    grammar = ctx.grammar
    wanted = grammar.pronoun_antecedents.get(pronoun.lower_, ACTOR_TYPES)
    plural = pronoun.lower_ in grammar.plural_pronouns
    previous = sentence(pronoun).start
    for _ in range(2):
        previous = sentence(ctx.doc[previous - 1]).start if previous > 0 else 0
    previous = max(previous, pronoun.i - grammar.reference_window_tokens)
    fallback = None
    for i in range(pronoun.i - 1, previous - 1, -1):
        t = ctx.doc[i]
        if t.pos_ == "PRON" or _place_or_time(ctx, t):
            continue  # a pronoun never stands for a place or a date ("They" after "in Sochi")
        entity = ctx.entity(t)
        etype = entity.type if entity else t.ent_type_
        group = plural and not etype and t.tag_ in ("NNS", "NNPS") and _agent_noun(ctx, t)
        if etype not in wanted and not group:
            continue
        if t.dep_ in SUBJECT_DEPS or t.head.dep_ in SUBJECT_DEPS:
            return t
        fallback = fallback or t
    return fallback


def _located(ctx: Context, head: Token, pobj: Token) -> bool:
    """A place after "in/from" that says where the actor is, not whom it acts for: a town ("nurses in
    Omsk"), or any place after an attack ("an explosion in Minsk"); a capital stands for its state
    ("officials in Baghdad")."""
    entity = ctx.entity(pobj)
    if entity is None or entity.id.startswith("country:"):
        return entity is None and _place_or_time(ctx, pobj)
    if entity.lat is None:
        return False
    return "capital_of" not in entity.attributes or bool(
        ctx.classes([head]) & ctx.grammar.classes("attack_event")
    )


def _place_or_time(ctx: Context, token: Token) -> bool:
    entity = ctx.entity(token)
    if entity is not None:
        return entity.type in ("LOC", "FAC") or entity.id.startswith("place:")
    return token.ent_type_ in ("LOC", "FAC", "DATE", "TIME") or ctx.is_time(token)


def _agent_noun(ctx: Context, token: Token) -> bool:
    """A group of people who can act: "the residents", "dozens (of protesters)", "the troops"."""
    return bool(ctx.lex.classes_of(token.lemma_) & ctx.grammar.agency["agent_classes"])


def entity_end(ctx: Context, token: Token) -> bool:
    """The last token of a named actor that is no demonym ("Belarusian leader Alexander Lukashenko")."""
    entity = ctx.entity(token)
    if (entity.type if entity else token.ent_type_) == "NORP":
        return False
    following = ctx.doc[token.i + 1] if token.i + 1 < len(ctx.doc) else None
    if following is None:
        return True
    return ctx.entity(following) is not entity if entity else following.ent_iob_ != "I"
