"""The commands end to end, with the real pipeline: kill -9 mid-ingest, workers, filters, exports."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.sources import read
from sitrep.store import facts, ingest, open_store
from sitrep.store.tables import (
    AuditEntry,
    DocumentBand,
    DocumentRow,
    EventRow,
    ForecastRow,
    SearchRow,
    StatementRow,
)

from .conftest import stored_documents

PLACES = ["Brest", "Gomel", "Minsk", "Mozyr", "Pinsk", "Grodno", "Vitebsk", "Mogilev", "Lida", "Orsha"]


def _article(n: int) -> str:
    """A distinct article of a few hundred words, so the pipeline takes a moment on each."""
    place = PLACES[n % len(PLACES)]
    lines = [f"Report {n} from {place}", ""]
    for k in range(12):
        lines.append(
            f"On October {1 + (n + k) % 28}, Belarusian troops moved {10 + n + k} trucks of ammunition from "
            f"{place} towards the border with Ukraine, the ministry said in statement {n}-{k}. "
            f"Russia sent {k + 2} battalions to the joint grouping near {PLACES[(n + k) % len(PLACES)]}."
        )
    return "\n".join(lines) + "\n"


def _folder(tmp_path, count: int):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_text(_article(n), encoding="utf-8")
    return folder


def _sitrep(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sitrep.cli import main; main()", *args]


def _documents(url: str) -> int:
    store = open_store(url)
    try:
        with store.sessions() as s:
            return s.scalar(select(func.count()).select_from(DocumentRow))
    finally:
        store.close()


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_stores_each_document_once(db_url, tmp_path):
    count = 30
    folder = _folder(tmp_path, count)
    open_store(db_url).close()  # create the schema first, so polling never races the migration
    proc = subprocess.Popen(
        _sitrep("ingest", str(folder), "--db", db_url, "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while _documents(db_url) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = _documents(db_url)
    assert 0 < stored_before < count, "the kill must land mid-way for this test to mean anything"

    rerun = subprocess.run(
        _sitrep("ingest", str(folder), "--db", db_url, "--quiet"), capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{count - stored_before} stored" in rerun.stderr
    assert f"{stored_before} already stored" in rerun.stderr

    store = open_store(db_url)
    with store.sessions() as s:
        assert s.scalar(select(func.count(func.distinct(DocumentRow.content_hash)))) == count
        assert s.scalar(select(func.count()).select_from(DocumentBand)) == 32 * count
        assert (
            s.scalar(select(func.count()).select_from(SearchRow).where(SearchRow.kind == "document")) == count
        )
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == count
    # No half-written document: the rows written last in each transaction (search rows of its facts)
    # match the facts stored for every document.
    with store.sessions() as s:
        for kind, table in (("event", EventRow), ("statement", StatementRow), ("forecast", ForecastRow)):
            facts = dict(s.execute(select(table.document_id, func.count()).group_by(table.document_id)).all())
            rows = dict(
                s.execute(
                    select(SearchRow.document_id, func.count())
                    .where(SearchRow.kind == kind)
                    .group_by(SearchRow.document_id)
                ).all()
            )
            assert rows == facts
        assert s.scalar(select(func.count()).select_from(EventRow)) > count
    store.close()


@pytest.mark.slow
def test_workers_store_the_same_as_serial(tmp_path, pipeline):
    folder = _folder(tmp_path, 6)
    serial, parallel = (f"sqlite:///{tmp_path / name}" for name in ("serial.db", "parallel.db"))
    store = open_store(serial)
    ingest(store, read([folder]), pipeline=pipeline)
    store.close()
    store = open_store(parallel)
    stats = ingest(store, read([folder]), config=pipeline.config, workers=2)
    store.close()
    assert stats.stored == 6
    assert stored_documents(parallel) == stored_documents(serial)


@pytest.fixture
def cli():
    _register()
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, list(args), catch_exceptions=False)
        return result

    return run


def test_cli_ingest_query_export(cli, tmp_path, pipeline):
    db = str(tmp_path / "cli.db")
    rows = [
        {
            "text": "Russia sent 300 tanks to Belarus on October 3, 2022.",
            "published": "2022-10-05",
            "source": "A",
        },
        {"text": "Lukashenko said Belarus would not join the war.", "published": "2022-10-06", "source": "B"},
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    first = cli("ingest", str(tmp_path / "in.jsonl"), str(tmp_path / "bad.txt"), "--db", db, "--quiet")
    assert first.exit_code == 0
    assert "2 stored (0 near-duplicates linked), 0 already stored, 1 failed" in first.stderr
    assert f"skipped {tmp_path / 'bad.txt'}: looks like a binary file, not text" in first.stderr
    again = cli("ingest", str(tmp_path / "in.jsonl"), "--db", db, "--quiet")
    assert "0 stored (0 near-duplicates linked), 2 already stored, 0 failed" in again.stderr

    out = cli("events", "--actor", "Russia", "--format", "csv", "--db", db).stdout
    header, *lines = list(csv.reader(io.StringIO(out)))
    assert header == [
        "date",
        "dated by",
        "type",
        "actors",
        "recipients",
        "location",
        "modality",
        "acled",
        "trigger",
        "sentence",
        "source",
        "key",
    ]
    # The command is a thin face over the reader of stored facts: the same facts, in the same order.
    as_json = json.loads(cli("events", "--actor", "Russia", "--format", "json", "--db", db).stdout)
    store = open_store(db)
    with store.sessions() as s:
        expected = [e.to_dict() for e in facts.events(s, facts.EventFilter(actor="Russia"))]
    store.close()
    assert as_json == expected
    assert [r[-1] for r in lines] == [e["key"] for e in expected]
    data = json.loads(cli("statements", "--speaker", "Lukashenko", "--format", "json", "--db", db).stdout)
    assert [s["content"] for s in data] == ["Belarus would not join the war"]
    hits = json.loads(cli("search", "tanks", "--format", "json", "--db", db).stdout)
    assert "document" in [h["kind"] for h in hits]
    result = cli("export", "--format", "acled", "--out", str(tmp_path / "a.csv"), "--db", db)
    assert result.exit_code == 0
    with open(tmp_path / "a.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:5] == [
            "event_id_cnty",
            "event_date",
            "disorder_type",
            "event_type",
            "sub_event_type",
        ]
    assert "revision 0008 (head 0008)" in cli("db", "current", "--db", db).stdout


def test_cli_events_by_acled_type(cli, tmp_path):
    result = cli("events", "--acled-type", "Picnic", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "--acled-type 'Picnic' is no ACLED event or sub-event type" in result.stderr
    result = cli(
        "events", "--acled-type", "peaceful protest", "--format", "json", "--db", str(tmp_path / "x.db")
    )
    assert result.exit_code == 0 and result.stdout.strip() == "[]"


def test_cli_bad_dates_and_unknown_databases(cli, tmp_path):
    result = cli("events", "--since", "yesterday", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "--since 'yesterday' is not a date in YYYY-MM-DD form" in result.stderr
    result = cli("db", "current", "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 2
    assert "has no sitrep schema; run `sitrep db upgrade`" in result.stderr
    assert "-> 0008 (head 0008)" in cli("db", "upgrade", "--db", str(tmp_path / "new.db")).stdout
