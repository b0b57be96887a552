"""The faces on Russian and Ukrainian files: `sitrep analyze` prints the same kinds of facts, the store keeps
each document's language and status, `--lang` overrides the detection."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.store import open_store
from sitrep.store.tables import DocumentRow

_register()
runner = CliRunner()

RUSSIAN = (
    "3 ноября Россия перебросила в Белоруссию 20 танков. Лукашенко опроверг, что армия вступит в войну.\n"
)
UKRAINIAN = "У вівторок, 1 листопада, російські війська обстріляли Херсон.\n"
GERMAN = "Die russischen Truppen haben am Dienstag die Stadt Cherson mit Raketen beschossen.\n"


def test_analyze_a_russian_file_prints_events_statements_and_entities(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_text(RUSSIAN, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--published", "2022-11-07"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    for expected in ("language ru", "MOBILIZE", "Russia", "Belarus", "denied", "Alexander Lukashenko"):
        assert expected in result.output


def test_analyze_json_carries_the_language(tmp_path):
    path = tmp_path / "uk.txt"
    path.write_text(UKRAINIAN, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--published", "2022-11-07", "--format", "json"])
    data = json.loads(result.stdout)
    assert (data["document"]["language"], data["document"]["analysis_status"]) == ("uk", None)
    assert [(e["type"], e["location"]) for e in data["events"]] == [("ASSAULT", "place:kherson")]


def test_lang_overrides_detection(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--lang", "ru", "--format", "json"])
    assert json.loads(result.stdout)["document"]["language"] == "ru"


def test_ingest_stores_language_and_status(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("ru.txt", RUSSIAN), ("uk.txt", UKRAINIAN), ("de.txt", GERMAN)):
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'sitrep.db'}"
    result = runner.invoke(app, ["ingest", str(folder), "--db", url, "--quiet"])
    assert result.exit_code == 0, result.output
    store = open_store(url)
    try:
        with store.sessions() as s:
            rows = {r.language: r.analysis_status for r in s.scalars(select(DocumentRow))}
    finally:
        store.close()
    assert rows == {"ru": None, "uk": None, "de": "not analysed: language de"}
