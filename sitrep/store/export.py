"""Exports: the JSON contract per document, events as CSV/Parquet, ACLED-shaped CSV, GeoJSON for QGIS.

Everything streams in chunks, so a store of a million events exports in constant memory
(Parquet writes one row group per chunk).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import StoreError
from .load import load_document
from .queries import EventRecord, iter_events
from .tables import DocumentRow

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
        return _csv(out, EVENT_COLUMNS, (event_row(e) for e in iter_events(session)))
    if fmt == "acled":
        rows = (r for e in iter_events(session) if (r := acled_row(e)) is not None)
        return _csv(out, ACLED_COLUMNS, rows)
    if fmt == "geojson":
        return _geojson(session, out)
    if fmt == "parquet":
        if not isinstance(out, str):
            raise StoreError("parquet is binary: give a file with --out")
        return _parquet(session, out)
    raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def event_row(e: EventRecord) -> dict[str, Any]:
    return {
        "key": e.key,
        "date_start": _iso(e.date_start),
        "date_end": _iso(e.date_end),
        "type": e.type,
        "mode": e.mode,
        "actors": "; ".join(e.actors),
        "recipients": "; ".join(e.recipients),
        "location": e.location,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "country": e.country,
        "modality": e.modality,
        "trigger": e.trigger,
        "sentence": e.sentence,
        "document": e.source.document,
        "title": e.source.title,
        "source": e.source.source,
        "url": e.source.url,
        "published": _iso(e.source.published),
    }


def acled_row(e: EventRecord) -> dict[str, Any] | None:
    """The event as an ACLED row, with the ACLED type and actors the pipeline gave it; None when ACLED
    would not code it (the ``acled`` stage leaves negated, hedged and predicted events untyped)."""
    if not e.acled_event_type:
        return None
    actors = e.acled_actors or {}
    inter1, inter2 = int(actors.get("inter1") or 0), int(actors.get("inter2") or 0)
    return {
        "event_id_cnty": e.key,
        "event_date": _iso(e.date_start),
        "disorder_type": _disorder(e.acled_event_type, e.acled_sub_event_type or ""),
        "event_type": e.acled_event_type,
        "sub_event_type": e.acled_sub_event_type or "",
        "actor1": actors.get("actor1") or "",
        "inter1": inter1,
        "actor2": actors.get("actor2") or "",
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "country": _country_name(e.country),
        "admin1": "",
        "location": e.location or "",
        "latitude": e.latitude,
        "longitude": e.longitude,
        "source": e.source.source or e.source.url or e.source.document,
        "notes": e.sentence,
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
    n, last = 0, 0
    while True:
        rows = list(
            session.scalars(
                select(DocumentRow).where(DocumentRow.id > last).order_by(DocumentRow.id).limit(200)
            )
        )
        if not rows:
            return n
        for row in rows:
            out.write(json.dumps(load_document(session, row).to_dict(), ensure_ascii=False) + "\n")
            n += 1
        last = rows[-1].id
        session.expunge_all()


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
    for e in iter_events(session):
        if e.latitude is None or e.longitude is None:
            continue
        props = {k: v for k, v in event_row(e).items() if k not in ("latitude", "longitude")}
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e.longitude, e.latitude]},
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
        for e in iter_events(session):
            row = event_row(e)
            row.update(
                {c: getattr(e, c, None) for c in ("date_start", "date_end")}, published=e.source.published
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
