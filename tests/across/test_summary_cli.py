"""The commands over the corpus: summary, clusters, contradictions, sources, forecasts --due, scores."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitrep.cli import _register, app

_register()


def _run(store, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", store.url])
    assert result.exit_code == 0, result.output
    return result.output


def test_summary_is_dated_and_sourced(corpus):
    text = _run(corpus, "summary", "--actor", "Belarus", "--since", "2022-09-01")
    assert text.startswith("# Situation: Belarus, 2022-09-01 to today")
    assert (
        "- 2022-10-20 AID: Belarus sent 94 tanks to Russia on October 20. [Outlet A, Outlet D; "
        "2 report(s), grade F3]"
    ) in text
    assert "- 2022-10-17 denied: that Belarus sent troops to Ukraine [Outlet E, 2022-10-17]" in text
    assert '- count 94 tanks vs 120 T-72 tanks: "Belarus sent 94 tanks' in text


def test_commands_end_to_end(corpus):
    clusters = json.loads(_run(corpus, "clusters", "--format", "json"))
    assert len(clusters) == 7
    assert len(json.loads(_run(corpus, "contradictions", "--format", "json"))) == 3
    assert "Outlet A: B6" in _run(corpus, "source", "grade", "Outlet A", "--reliability", "B")
    assert "source,Outlet A,B6" in _run(corpus, "sources", "--format", "csv")
    (due,) = json.loads(_run(corpus, "forecasts", "--due", "--format", "json"))
    assert due["settled_by"]["reports"] == 2  # the forecast shows the happening that may settle it
    evidence = json.loads(_run(corpus, "forecasts", "evidence", due["key"], "--json"))
    doc = evidence[0]["document"]
    _run(corpus, "forecasts", "resolve", due["key"], "--outcome", "true", "--evidence", doc, "--note", "seen")
    assert json.loads(_run(corpus, "forecasts", "--due", "--format", "json")) == []
    (resolved,) = json.loads(_run(corpus, "forecasts", "--resolved", "--format", "json"))
    assert resolved["status"] == "resolved: true"
    (score,) = json.loads(_run(corpus, "scores", "--by", "source", "--format", "json"))
    assert (score["name"], score["brier"]) == ("Outlet A", 0.04)
