"""Exports: the JSON contract per document, events as CSV/Parquet, ACLED-shaped CSV, GeoJSON for QGIS.

Everything is read through :mod:`.facts`, so an export shows what the analysts decided (rejected facts
left out, edits and merges applied), and streams in chunks: a store of a million events exports in
constant memory (Parquet writes one row group per chunk).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy.orm import Session

from ..model import Event, name_of, names_of
from .errors import StoreError
from .facts import Page, iter_documents, iter_events

FORMATS = ("jsonl", "csv", "acled", "geojson", "parquet")

EVENT_COLUMNS = (
    "key",
    "date_start",
    "date_end",
    "type",
    "mode",
    "actors",
    "recipients",
    "location",
    "latitude",
    "longitude",
    "country",
    "modality",
    "trigger",
    "sentence",
    "document",
    "title",
    "source",
    "url",
    "published",
)

# ACLED's own columns, in its order (the codebook's "ACLED Data Columns at a Glance"), for those sitrep
# fills: the event's key stands in event_id_cnty, its sentence in notes.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
)


def export(session: Session, fmt: str, out: IO[str] | IO[bytes] | str) -> int:
    """Write the store in ``fmt`` to ``out`` (a text stream, or a path for parquet). Returns rows written."""
    if fmt == "jsonl":
        return _jsonl(session, out)
    if fmt == "csv":
        return _csv(out, EVENT_COLUMNS, (event_row(e, page) for e, page in iter_events(session)))
    if fmt == "acled":
        rows = (r for e, page in iter_events(session) if (r := acled_row(e, page)) is not None)
        return _csv(out, ACLED_COLUMNS, rows)
    if fmt == "geojson":
        return _geojson(session, out)
    if fmt == "parquet":
        if not isinstance(out, str):
            raise StoreError("parquet is binary: give a file with --out")
        return _parquet(session, out)
    raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def event_row(e: Event, page: Page) -> dict[str, Any]:
    place = page.entity(e.location)
    stored = e.stored
    assert stored is not None
    return {
        "key": stored.key,
        "date_start": _iso(stored.date_start),
        "date_end": _iso(stored.date_end),
        "type": e.type,
        "mode": e.mode,
        "actors": "; ".join(names_of(page, e.actors, e.actor_texts)),
        "recipients": "; ".join(names_of(page, e.recipients, e.recipient_texts)),
        "location": name_of(page, e.location) if e.location else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "country": place.country if place else None,
        "modality": e.modality,
        "trigger": e.trigger,
        "sentence": e.evidence.sentence,
        "document": stored.document,
        "title": stored.title,
        "source": stored.source,
        "url": stored.url,
        "published": _iso(stored.published),
    }


def acled_row(e: Event, page: Page) -> dict[str, Any] | None:
    """The event as an ACLED row, with the ACLED type and actors the pipeline gave it; None when ACLED
    would not code it (the ``acled`` stage leaves negated, hedged and predicted events untyped)."""
    if not e.acled_event_type:
        return None
    row = event_row(e, page)
    actors = e.acled_actors or {}
    inter1, inter2 = int(actors.get("inter1") or 0), int(actors.get("inter2") or 0)
    return {
        "event_id_cnty": row["key"],
        "event_date": row["date_start"],
        "disorder_type": _disorder(e.acled_event_type, e.acled_sub_event_type or ""),
        "event_type": e.acled_event_type,
        "sub_event_type": e.acled_sub_event_type or "",
        "actor1": actors.get("actor1") or "",
        "inter1": inter1,
        "actor2": actors.get("actor2") or "",
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "country": _country_name(row["country"]),
        "admin1": "",
        "location": row["location"] or "",
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "source": row["source"] or row["url"] or row["document"],
        "notes": row["sentence"],
    }


def _interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: both inter codes, the smaller first (60: protesters alone)."""
    if not inter2:
        return inter1 * 10
    return min(inter1, inter2) * 10 + max(inter1, inter2)


def _disorder(event_type: str, sub_event_type: str) -> str:
    from ..pipeline.acled_rules import acled_rules

    return acled_rules().disorder.get((event_type, sub_event_type), "")


def _country_name(alpha3: str | None) -> str:
    if not alpha3:
        return ""
    from ..pipeline.acled_rules import acled_rules

    if alpha3 in acled_rules().country_names:
        return acled_rules().country_names[alpha3]
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha3)
    return getattr(country, "common_name", None) or (country.name if country else alpha3)


def _jsonl(session: Session, out) -> int:
    """One document per line: the JSON of ``analyze``, each fact with its key and review."""
    n = 0
    for document in iter_documents(session):
        out.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
        n += 1
        session.expunge_all()
    return n


def _csv(out, columns, rows: Iterator[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def _geojson(session: Session, out) -> int:
    """Located events as Point features (GeoJSON is lon, lat); events without coordinates are left out."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for e, page in iter_events(session):
        row = event_row(e, page)
        if row["latitude"] is None or row["longitude"] is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": props,
        }
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n


def _parquet(session: Session, path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (
                c,
                pa.float64()
                if c in ("latitude", "longitude")
                else pa.date32()
                if c in _DATES
                else pa.string(),
            )
            for c in EVENT_COLUMNS
        ]
    )
    n, chunk = 0, []
    with pq.ParquetWriter(path, schema) as writer:
        for e, page in iter_events(session):
            row = event_row(e, page)
            assert e.stored is not None
            row.update(
                date_start=e.stored.date_start, date_end=e.stored.date_end, published=e.stored.published
            )
            chunk.append(row)
            if len(chunk) >= 10_000:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n, chunk = n + len(chunk), []
        if chunk or not n:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


_DATES = ("date_start", "date_end", "published")


def _iso(d) -> str | None:
    return d.isoformat() if d else None
