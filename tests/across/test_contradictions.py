"""Contradictions: every planted one found on the corpus, none between agreeing reports."""

from __future__ import annotations

from sitrep.across.contradictions import contradictions


def test_every_planted_contradiction_is_found_and_no_other(corpus, truth, stems):
    with corpus.sessions() as session:
        found = contradictions(session)
    got = sorted((c.kind, tuple(sorted((stems[c.a.document], stems[c.b.document])))) for c in found)
    want = sorted((c["kind"], tuple(sorted(c["documents"]))) for c in truth["contradictions"])
    assert got == want


def test_contradictions_show_both_pieces_of_evidence(corpus):
    with corpus.sessions() as session:
        found = {c.kind: c for c in contradictions(session)}
    q = found["quantity"]
    assert q.detail == "94 vs 120 tanks"
    assert {q.a.sentence, q.b.sentence} == {
        "Belarus sent 94 tanks to Russia on October 20.",
        "Belarus transferred 120 T-72 tanks to Russia on October 20.",
    }
    assert found["date"].detail == "2022-11-09 vs 2022-11-11"
    denial = found["denial"]
    assert denial.speaker == "Iranian Foreign Minister Hossein Amir-Abdollahian"
    assert denial.b.modality == "negated" and denial.a.source in {"Outlet A", "Outlet B"}
    assert denial.to_dict()["b"]["sentence"].startswith("Iranian Foreign Minister")
