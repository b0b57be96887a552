"""Contradictions: every planted one found on the corpus and no other, shown with both sides."""

from __future__ import annotations

from sitrep.across.contradictions import contradictions


def _docs(session, c, stems) -> tuple[set[str], set[str]]:
    from sitrep.store import facts

    def docs(keys):
        page = facts.events(session, facts.EventFilter(keys=keys), limit=None) if keys else None
        return {stems[e.stored.document] for e in page.items} if page else set()

    return docs([c.a, *c.others_a]), docs([c.b, *c.others_b])


def test_every_planted_contradiction_is_found_and_no_other(corpus, truth, stems):
    with corpus.sessions() as session:
        found = contradictions(session, limit=None).items
        got = sorted((c.kind, *map(sorted, _docs(session, c, stems))) for c in found)
    want = []
    for c in truth["contradictions"]:
        x, y = ([d] if isinstance(d, str) else d for d in c["documents"])
        want.append((c["kind"], sorted(x), sorted(y)))
    assert got == sorted(want)


def test_contradictions_show_both_pieces_of_evidence_ranked(corpus):
    with corpus.sessions() as session:
        page = contradictions(session)
    assert [c.kind for c in page.items] == ["count", "denial", "date"] and page.total == 3
    found = {c.kind: c for c in page.items}
    q = found["count"]
    assert q.detail == "94 tanks vs 120 T-72 tanks" and q.rank == 2
    assert (q.event_a.evidence.sentence, q.event_b.evidence.sentence) == (
        "Belarus sent 94 tanks to Russia on October 20.",
        "Belarus transferred 120 T-72 tanks to Russia on October 20.",
    )
    assert found["date"].detail == "2022-11-09 vs 2022-11-11"
    denial = found["denial"]
    assert denial.speaker == "Iranian Foreign Minister Hossein Amir-Abdollahian"
    assert denial.event_b.modality == "negated" and denial.event_a.stored.source in {"Outlet A", "Outlet B"}
    d = denial.to_dict()
    assert d["b"]["sentence"].startswith("Iranian Foreign Minister") and len(d["a"]["also"]) == 1
