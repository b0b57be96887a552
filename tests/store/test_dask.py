"""``sitrep ingest --dask``: workers on a Dask cluster analyse, the client writes the same as a serial run."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.sources import read
from sitrep.store import ingest, open_store

from .conftest import stored_documents

ARTICLES = {
    "a.txt": "Russia struck Kyiv with 12 missiles on October 10, 2022, Ukraine said.",
    "b.txt": "Belarus sent 20 trucks of ammunition to Russia on October 12, 2022.\nLukashenko said Belarus "
    "would not join the war.",
    "c.md": "Iran denied on November 5, 2022 that it had sold drones to Russia after the war began.",
}


@pytest.mark.slow
def test_dask_local_stores_what_a_serial_run_stores(tmp_path, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    serial, distributed = (f"sqlite:///{tmp_path / n}" for n in ("serial.db", "dask.db"))
    store = open_store(serial)
    ingest(store, read([folder]), pipeline=pipeline)
    store.close()

    _register()
    args = ["ingest", str(folder), "--dask", "local", "--workers", "2", "--db", distributed, "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "3 stored (0 near-duplicates linked), 0 already stored, 0 failed" in result.stderr
    expected = stored_documents(serial)
    assert len(expected) == 3 and sum(len(d["events"]) for d in expected) >= 3
    assert stored_documents(distributed) == expected

    again = CliRunner().invoke(app, args)  # idempotent as a serial run: nothing new, nothing analysed
    assert "0 stored (0 near-duplicates linked), 3 already stored, 0 failed" in again.stderr


def test_dask_bad_address_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLES["a.txt"], encoding="utf-8")
    _register()
    result = CliRunner().invoke(
        app,
        ["ingest", str(tmp_path / "a.txt"), "--dask", "scheduler:8786", "--db", str(tmp_path / "x.db"), "-q"],
    )
    assert result.exit_code == 2
    assert (
        "--dask 'scheduler:8786': give 'local' or a scheduler address such as tcp://host:8786"
        in result.stderr
    )
