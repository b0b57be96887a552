"""Stage ``slavic.statements``: who said what in Russian and Ukrainian, when, where, with what force.

Anchors: a speech-act verb ("заявил", "спростував") with its speaker in the nominative and its content
after "что"/"що" or a colon, or before a dash ("«...», — сказал X"); "как заявил X, ..." / "як заявив X,
..."; and attribution phrases ("по словам X, ...", "за словами X, ..."). The act is the English
canonical act (said, denied ...), so statements from every language read and count alike.
"""

from __future__ import annotations

from ...model import Document, Statement, TimeExpression
from .. import Resources, Stage, stage
from .clauses import Argument, arguments, clause
from .lexicon import SlavicLexicon, load_slavic_lexicon
from .parse import Parsed, Word, parsed

_THAT = {"что", "що", "чтобы", "щоб"}
_AS = {"как", "як"}
_DASHES = {"—", "–", "-"}
_SPEAKER_KINDS = ("person:", "org:", "country:", "place:")


@stage("slavic.statements")
def make_statements(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        result = parsed(document)
        if result is not None:
            document.statements = _Reader(document, result, load_slavic_lexicon(result.language)).run()
        return document

    return run


class _Reader:
    def __init__(self, document: Document, result: Parsed, lexicon: SlavicLexicon) -> None:
        self.document, self.result, self.lex = document, result, lexicon
        self.statements: list[Statement] = []

    def run(self) -> list[Statement]:
        for first, end in self.result.sentences:
            words = self.result.words[first:end]
            done = self._attribution(words)
            for word in words:
                if not done and word.pos == "VERB" and word.lemma in self.lex.acts:
                    self._speech(word, words)
                    break
        return self.statements

    # -- "по словам X, ..." ----------------------------------------------------------------------
    def _attribution(self, words: list[Word]) -> bool:
        lowered = [w.lower for w in words]
        for phrase in self.lex.attributions:
            size = len(phrase.split())
            for k in range(len(words) - size):
                if " ".join(lowered[k : k + size]) != phrase:
                    continue
                rest = words[k + size :]
                comma = next((n for n, w in enumerate(rest) if w.text == ","), None)
                if comma is None or comma + 1 >= len(rest):
                    return False
                speaker_words = rest[:comma]
                args = arguments(self.result, speaker_words, self.lex, set())
                speaker = self._speaker(args)
                content = rest[comma + 1 :]
                self._add(words[k], speaker, speaker_words, content, "said", "asserted", words)
                return True
        return False

    # -- speech verbs ----------------------------------------------------------------------------
    def _speech(self, verb: Word, words: list[Word]) -> None:
        act = self.lex.acts[verb.lemma]
        own = clause(self.result, verb)
        args = [a for a in arguments(self.result, own, self.lex, set()) if "Nom" in a.cases and not a.prep]
        before = [a for a in args if a.first < verb.i and not self._function(a)]
        speaker = self._speaker(before or self._after(args, verb))
        content = self._content(verb, words, speaker)
        if not content:
            return
        speaker_words = [w for w in words if speaker and speaker.first <= w.i < speaker.end]
        self._add(verb, speaker, speaker_words, content, act["act"], act["force"], words)

    def _content(self, verb: Word, words: list[Word], speaker: Argument | None) -> list[Word]:
        after = [w for w in words if w.i > verb.i]
        before = [w for w in words if w.i < verb.i]
        that = next((n for n, w in enumerate(after) if w.lower in _THAT), None)
        if that is not None and that <= 4:
            return after[that + 1 :]
        if before and before[0].lower in _AS:
            comma = next((n for n, w in enumerate(after) if w.text == ","), None)
            if comma is not None:
                return after[comma + 1 :]
        colon = next((n for n, w in enumerate(after) if w.text == ":"), None)
        if colon is not None and colon <= 6:
            return after[colon + 1 :]
        dash = next((n for n in range(len(before) - 1, -1, -1) if before[n].text in _DASHES), None)
        if dash is not None and dash >= 2:
            return before[:dash]
        return []

    def _function(self, arg: Argument) -> bool:
        return arg.head.lower in _AS or arg.head.lower in _THAT

    def _after(self, args: list[Argument], verb: Word) -> list[Argument]:
        """Nominatives right after an inverted verb, appositions included ("заявил глава ГУР Кирилл Буданов")."""
        out: list[Argument] = []
        for a in (a for a in args if a.first > verb.i):
            between = self.result.words[(out[-1].end if out else verb.i + 1) : a.first]
            if any(w.text == "," or w.pos in ("VERB", "SCONJ") for w in between):
                break
            out.append(a)
        return out

    def _speaker(self, args: list[Argument]) -> Argument | None:
        named = [a for a in args if a.entity and a.entity.startswith(_SPEAKER_KINDS)]
        return named[-1] if named else (args[0] if args else None)

    def _add(
        self,
        anchor: Word,
        speaker: Argument | None,
        speaker_words: list[Word],
        content: list[Word],
        act: str,
        force: str,
        sentence: list[Word],
    ) -> None:
        content = [w for w in content if w.text not in ("«", "»", '"', "“", "”")] or content
        while content and content[-1].pos == "PUNCT":
            content = content[:-1]
        while content and content[0].pos == "PUNCT":
            content = content[1:]
        if not content:
            return
        c_start, c_end = content[0].start, content[-1].end
        entity = self.document.entity(speaker.entity) if speaker and speaker.entity else None
        statement = Statement(
            id=f"s{len(self.statements) + 1}",
            speaker=entity.id if entity else None,
            speaker_text=speaker.text if speaker else "",
            act=act,
            content=self.document.text[c_start:c_end],
            evidence=self.document.evidence(anchor.start, anchor.end),
            role=(entity.role if entity and entity.role else None) or self._role(speaker),
            time=self._time(sentence, c_start, c_end),
            venue=self._venue(sentence),
            content_start=c_start,
            content_end=c_end,
            modality=force,
        )
        self.statements.append(statement)

    def _role(self, speaker: Argument | None) -> str | None:
        """ "глава ГУР Кирилл Буданов": the role noun phrase right before the speaker's name."""
        if speaker is None or not speaker.entity:
            return None
        k = speaker.first - 1
        words = self.result.words
        start = None
        while k >= 0 and words[k].sent == words[speaker.first].sent and speaker.first - k <= 5:
            if words[k].lemma in self.lex.role_nouns:
                start = k
            if words[k].pos in ("VERB", "PUNCT", "ADP", "SCONJ", "CCONJ") and words[k].text not in ("«", "»"):
                break
            k -= 1
        if start is None:
            return None
        return self.result.text[words[start].start : words[speaker.first - 1].end]

    def _time(self, sentence: list[Word], c_start: int, c_end: int) -> TimeExpression | None:
        s_start, s_end = sentence[0].start, sentence[-1].end
        for t in self.document.times:
            if s_start <= t.span_start < s_end and not c_start <= t.span_start < c_end:
                return t
        return None

    def _venue(self, sentence: list[Word]) -> str | None:
        text = self.result.text[sentence[0].start : sentence[-1].end].lower()
        for venue, phrases in self.lex.venues.items():
            if any(p in text for p in phrases):
                return venue
        return None
