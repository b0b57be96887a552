"""List tables fit an 80-column terminal (columns chosen, long text cut; ``--wide`` for all of them), and
the command line starts without loading spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from store.conftest import STRIKE_TEXT, FakePipeline, strike_facts
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.cli.render import fit_widths
from sitrep.sources import Article
from sitrep.sources.reader import make_document
from sitrep.store import ingest, open_store

HEADERS = ["date", "type", "actors", "recipients", "location", "sentence"]
FLEXIBLE = [False, False, False, False, False, True]


def test_long_text_gives_way_first_then_the_widest_columns():
    naturals = [10, 8, 18, 18, 14, 200]
    assert fit_widths(naturals, HEADERS, FLEXIBLE, 200) == [10, 8, 18, 18, 14, 132]
    assert fit_widths(naturals, HEADERS, FLEXIBLE, 65) == [10, 8, 10, 10, 11, 16]  # dates stay whole
    assert sum(fit_widths(naturals, HEADERS, FLEXIBLE, 30)) == 40  # every column down to its heading
    assert fit_widths([4, 3], ["date", "id"], [False, False], 80) == [4, 3]


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    doc = make_document(STRIKE_TEXT * 3, title="Strike", source="Wire")
    ingest(open_store(url), [Article("test", doc)], pipeline=FakePipeline(strike_facts))
    return url


@pytest.mark.parametrize(
    ("command", "wide_only"),
    [
        (["events"], "trigger"),
        (["statements"], "role"),
        (["forecasts"], "modality"),
        (["entities"], "aliases"),
        (["timeline"], "kind"),
    ],
)
def test_list_tables_fit_80_columns(db, command, wide_only):
    _register()
    narrow = CliRunner().invoke(app, [*command, "--db", db], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.output.splitlines()
    assert len(lines) >= 4 and max(len(line) for line in lines) <= 80, narrow.output
    wide = CliRunner().invoke(app, [*command, "--db", db, "--wide"], env={"COLUMNS": "80"})
    assert wide_only not in lines[1].split()
    assert wide.exit_code == 0 and wide_only in " ".join(wide.output.splitlines()[1:3])


def test_events_table_keeps_dates_whole_and_says_how_many(db):
    _register()
    out = CliRunner().invoke(app, ["events", "--db", db, "--limit", "2"], env={"COLUMNS": "80"}).output
    assert out.splitlines()[0].startswith("events (1-2 of 3; --offset 2 for more)")
    assert "2022-10-12" in out and "AID" in out


def test_the_command_line_starts_without_spacy():
    probe = "import sys; from sitrep.cli import _register; _register(); print('spacy' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
        == "False"
    )
