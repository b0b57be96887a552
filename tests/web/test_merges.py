"""Entity merges: an analyst says two entities are one; answers show the target, reversibly, across re-runs."""

from __future__ import annotations

from sitrep.store import reanalyze

from .conftest import FakePipeline, bearer, strike_facts


def by_type(client, token) -> dict[str, dict]:
    """Events by type, their actors and recipients by name (through the answer's ``names``)."""
    page = client.get("/api/events", headers=bearer(token)).json()
    out = {}
    for e in page["items"]:
        named = {"actors": [page["names"][i] for i in e["actors"]], "actor_ids": e["actors"]}
        out[e["type"]] = {**named, "recipients": [page["names"][i] for i in e["recipients"]]}
    return out


def speaker(client, token) -> tuple[str, str]:
    page = client.get("/api/statements", headers=bearer(token)).json()
    [said] = page["items"]
    return page["names"][said["speaker"]], said["speaker"]


def test_merge_shows_the_target_is_audited_survives_reanalyze_and_unmerges(client, tokens, app):
    h, r = bearer(tokens["analyst"]), tokens["reader"]
    assert by_type(client, r)["AID"]["actors"] == ["Belarus"]

    merged = client.patch(
        "/api/entities/country:BLR", json={"merge_into": "country:RUS", "note": "same side"}, headers=h
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["entity"]["merged_into"] == {"id": "country:RUS", "name": "Russia"}
    events = by_type(client, r)
    assert (events["AID"]["actors"], events["AID"]["actor_ids"]) == (["Russia"], ["country:RUS"])
    assert events["AID"]["recipients"] == ["Russia"]
    assert events["SUPPORT"]["actors"] == ["Russia"]
    assert events["ASSAULT"]["actors"] == ["Russia"] and events["ASSAULT"]["recipients"] == ["Kyiv"]
    assert client.get("/api/entities/country:RUS", headers=bearer(r)).json()["merged_from"] == ["country:BLR"]
    [audit] = client.get("/api/audit?kind=entity", headers=bearer(r)).json()["items"]
    assert (audit["actor"], audit["target_key"]) == ("analyst-user", "country:BLR")
    assert audit["detail"]["before"] == {"merged_into": None}
    assert audit["detail"]["after"] == {"merged_into": "country:RUS"}
    # a chain: Lukashenko into Belarus, which is merged into Russia, speaks as Russia
    client.patch("/api/entities/person:lukashenko", json={"merge_into": "country:BLR"}, headers=h)
    assert speaker(client, r) == ("Russia", "country:RUS")

    stats = reanalyze(app.state.store, pipeline=FakePipeline(strike_facts, version="fake 2"))
    assert (stats.stored, stats.failures) == (1, [])
    assert by_type(client, r)["AID"]["actors"] == ["Russia"]

    undone = client.patch("/api/entities/country:BLR", json={"merge_into": None}, headers=h)
    assert undone.status_code == 200 and undone.json()["entity"]["merged_into"] is None
    events = by_type(client, r)
    assert (events["AID"]["actors"], events["AID"]["recipients"]) == (["Belarus"], ["Russia"])
    assert speaker(client, r)[0] == "Belarus"  # Lukashenko's own merge into Belarus stays
    assert [
        a["detail"]["decision"]
        for a in client.get("/api/audit?kind=entity", headers=bearer(r)).json()["items"]
    ] == ["unmerge", "merge", "merge"]


def test_merge_errors(client, tokens):
    h = bearer(tokens["analyst"])

    def merge(source: str, body: dict, headers=h):
        return client.patch(f"/api/entities/{source}", json=body, headers=headers)

    assert merge("country:BLR", {"merge_into": "country:RUS"}, bearer(tokens["reader"])).status_code == 403
    assert merge("country:XXX", {"merge_into": "country:RUS"}).status_code == 404
    unknown = merge("country:BLR", {"merge_into": "country:XXX"})
    assert unknown.status_code == 422 and "country:XXX" in unknown.json()["detail"]
    assert merge("country:BLR", {"merge_into": "country:BLR"}).status_code == 422
    assert merge("country:BLR", {"merge_into": None}).status_code == 422  # not merged
    assert merge("country:BLR", {"merge_into": "country:RUS"}).status_code == 200
    cycle = merge("country:RUS", {"merge_into": "country:BLR"})
    assert cycle.status_code == 422 and "already" in cycle.json()["detail"]
    assert merge("country:BLR", {}).status_code == 422  # merge_into is required (null to undo)
