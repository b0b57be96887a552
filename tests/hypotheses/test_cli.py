"""``sitrep hypotheses``, ``sitrep ach`` and ``sitrep watch`` end to end on the corpus database."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitrep.cli import _register, app

from .conftest import SET_FILE

_register()


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_ach_formats(store):
    db = store.url
    out = json.loads(run("ach", "belarus-front", "--db", db, "--format", "json").output)
    assert (out["leading"], out["inconsistency"]) == ("H1", {"H1": 2.0, "H2": 6.0, "H3": 3.0})
    early = json.loads(run("ach", "belarus-front", "--db", db, "--as-of", "2022-11-10", "-f", "json").output)
    assert early["leading"] == "H3"
    assert run("ach", "belarus-front", "--db", db, "-f", "csv").output.startswith("row,indicator,evidence,H1")
    assert "**Leading hypothesis: H1" in run("ach", "belarus-front", "--db", db, "-f", "md").output
    weekly = run("ach", "belarus-front", "--db", db, "--history", "weekly", "-f", "csv").output.splitlines()
    assert weekly[0].startswith("week_ending,leading,rows") and weekly[-1].startswith("2023-01-01,H1,15,")
    table = run("ach", "belarus-front", "--db", db)
    assert table.exit_code == 0 and "Leading: H1" in table.output


def test_edit_commands_and_watch(store):
    db = store.url
    rows = json.loads(run("ach", "belarus-front", "--db", db, "-f", "json").output)["rows"]
    call_up = next(r["id"] for r in rows if r["indicator"] == "belarus-mobilises")
    assert run("hypotheses", "cell", "belarus-front", call_up, "H1", "i", "--db", db).exit_code == 0
    assert run("hypotheses", "dismiss", "belarus-front", call_up, "--db", db).exit_code == 0
    assert (
        run("hypotheses", "weight", "belarus-front", call_up, "--relevance", "high", "--db", db).exit_code
        == 0
    )
    added = run(
        "hypotheses",
        "add-row",
        "belarus-front",
        "No bridging units seen",
        "--cell",
        "H1=II",
        "--date",
        "2022-12-20",
        "--db",
        db,
    )
    assert added.output.strip() == "belarus-front: added manual:1"
    out = json.loads(run("ach", "belarus-front", "--db", db, "-f", "json").output)
    row = next(r for r in out["rows"] if r["id"] == call_up)
    assert (row["cells"]["H1"], row["dismissed"], row["relevance"]) == ("I", True, "high")
    assert out["inconsistency"]["H1"] == 4.0
    bad = run("hypotheses", "cell", "belarus-front", call_up, "H7", "C", "--db", db)
    assert bad.exit_code == 2
    assert json.loads(run("watch", "--db", db, "-f", "json").output) == []


def test_init_refuses_a_bad_file_naming_the_line(store, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SET_FILE.read_text().replace("type: AID", "type: GIFT"))
    result = CliRunner().invoke(app, ["hypotheses", "init", "other", "--file", str(bad), "--db", store.url])
    assert result.exit_code == 2
    assert "bad.yaml: line 35: unknown type 'GIFT'" in result.output
    again = CliRunner().invoke(
        app, ["hypotheses", "init", "belarus-front", "--file", str(SET_FILE), "--db", store.url]
    )
    assert again.exit_code == 2 and "--replace" in again.output
