"""Reading untrusted files: front matter, title lines, and one clear error per bad input."""

from __future__ import annotations

import re
from datetime import date
from importlib.resources import files

import pytest

from sitrep.errors import InputError
from sitrep.samples import sample_files
from sitrep.sources.reader import decode, make_document, read_text

FRONT = (
    "---\n"
    "title: Drones hit Odesa port\n"
    "Source: Test Wire\n"
    "url: https://example.org/odesa\n"
    "published: 2022-11-02\n"
    "editor: not a key we read\n"
    "---\n"
    "Drones hit Odesa port\n"
    "\n"
    "Two drones struck the port of Odesa on Tuesday, the regional governor said.\n"
)


# -- front matter --------------------------------------------------------------------


def test_front_matter_fields() -> None:
    doc = make_document(FRONT)
    assert doc.title == "Drones hit Odesa port"
    assert doc.source == "Test Wire"  # keys are case-insensitive
    assert doc.url == "https://example.org/odesa"
    assert doc.published == date(2022, 11, 2)
    assert doc.body_start >= FRONT.index("---\nDrones") + 4
    assert "Two drones struck" in doc.text[doc.body_start :]
    assert doc.text == FRONT  # offsets index the text as given


def test_front_matter_date_and_outlet_aliases() -> None:
    doc = make_document("---\noutlet: Kyiv Desk\ndate: 2022-12-19\n---\nPutin landed in Minsk on Monday.\n")
    assert (doc.source, doc.published) == ("Kyiv Desk", date(2022, 12, 19))


def test_arguments_override_front_matter() -> None:
    doc = make_document(FRONT, title="Other", published=date(2022, 11, 3), source="Mine")
    assert (doc.title, doc.published, doc.source) == ("Other", date(2022, 11, 3), "Mine")


def test_bad_front_matter_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"front matter date '2 November 2022' is not YYYY-MM-DD") as info:
        make_document("---\npublished: 2 November 2022\n---\nText.\n")
    assert info.value.code == "E001"


def test_unclosed_front_matter_is_plain_text() -> None:
    doc = make_document("---\ntitle: Never closed\nThe strike hit a depot.\n")
    assert (doc.title, doc.published, doc.body_start) == (None, None, 0)


def test_document_id_is_stable_per_text() -> None:
    assert make_document(FRONT).id == make_document(FRONT).id != make_document(FRONT + " ").id


# -- title line ----------------------------------------------------------------------


def test_title_line_then_blank_line() -> None:
    text = "Kherson is back under Ukrainian control\n\nUkrainian troops entered Kherson on Friday.\n"
    doc = make_document(text)
    assert doc.title == "Kherson is back under Ukrainian control"
    assert doc.body_start == text.index("Ukrainian troops")


def test_title_line_with_surrounding_spaces() -> None:
    doc = make_document("  Strikes on Kyiv \n \nMissiles hit the capital.\n")
    assert doc.title == "Strikes on Kyiv"


@pytest.mark.parametrize(
    "text",
    [
        "Russia fired 84 missiles on Monday.\n\nMore followed.\n",  # a sentence, not a title
        "Lukashenko said:\n\nthe grouping is defensive.\n",  # ends like a lead-in
        "Strikes on Kyiv\nMissiles hit the capital.\n",  # no blank line after it
        "A" * 201 + "\n\nBody.\n",  # too long for a headline
        "One paragraph only, no title at all",
    ],
)
def test_no_title_line(text: str) -> None:
    doc = make_document(text)
    assert (doc.title, doc.body_start) == (None, 0)


# -- read_text / decode --------------------------------------------------------------


def test_read_text_returns_utf8_and_drops_bom(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffShahed-136 drones hit Kyiv on 17 October.\n".encode())
    assert read_text(p) == "Shahed-136 drones hit Kyiv on 17 October.\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text"),
        (b"Caf\xe9 in Minsk\n", "not valid UTF-8 (byte 3); convert it to UTF-8 first"),
    ],
)
def test_read_text_refuses_what_is_not_an_article(tmp_path, content: bytes, reason: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_text(p)
    assert str(info.value) == f"[E001] {p}: {reason}"


def test_read_text_missing_and_directory(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="not a regular file"):
        read_text(tmp_path)


def test_read_text_size_limit_is_checked_before_reading(tmp_path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 300)
    with pytest.raises(InputError) as info:
        read_text(p, max_bytes=1000)
    assert str(info.value) == f"[E001] {p}: 1,500 bytes is over the limit of 1,000 bytes for one article"


def test_decode_names_its_input() -> None:
    with pytest.raises(InputError, match=r"^\[E001\] upload\.txt: the file is empty$"):
        decode(b"", "upload.txt")


# -- the bundled samples -------------------------------------------------------------


def test_bundled_samples_are_well_formed() -> None:
    samples = sample_files()
    assert len(samples) == 6
    readme = (files("sitrep.samples") / "README.md").read_text("utf-8")
    for f in samples:
        text = f.read_text("utf-8")
        doc = make_document(text)
        body = text.split("\n---\n", 1)[1]
        assert doc.source == "sitrep samples (written for the project)", f.name
        assert doc.published and date(2022, 9, 1) <= doc.published <= date(2022, 12, 31), f.name
        assert body.startswith(doc.title + "\n\n"), f.name  # the title line repeats the front matter
        assert 250 <= len(body.split()) - len(doc.title.split()) <= 450, f.name
        assert f"`{f.name}`" in readme, f"{f.name} is not listed in samples/README.md"
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", text), f.name
