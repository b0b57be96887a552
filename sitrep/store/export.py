"""Exports: the JSON contract per document, events as CSV/Parquet, ACLED-shaped CSV, GeoJSON for QGIS.

Everything streams in chunks, so a store of a million events exports in constant memory
(Parquet writes one row group per chunk).
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..knowledge import load_data
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

ACLED_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
)

# ACLED records what happened: negated, hedged and predicted events stay out of its export.
ACLED_MODALITIES = ("asserted", "reported")


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


@functools.lru_cache(maxsize=1)
def acled_mapping() -> dict[str, dict[str, Any]]:
    """The PLOVER -> ACLED table from ``knowledge/data/acled.yaml``."""
    return load_data("acled.yaml")


def acled_types(plover_type: str, mode: str | None) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) for a PLOVER type and mode; None when ACLED has no such event."""
    entry = acled_mapping().get(plover_type)
    if not entry or entry.get("skip"):
        return None
    modes = entry.get("modes") or {}
    for m in (mode or "").replace(";", ",").split(","):
        if m.strip() in modes:
            return tuple(modes[m.strip()])  # type: ignore[return-value]
    return tuple(entry["default"])  # type: ignore[return-value]


def acled_row(e: EventRecord) -> dict[str, Any] | None:
    types = acled_types(e.type, e.mode)
    if types is None or e.modality not in ACLED_MODALITIES:
        return None
    return {
        "event_date": _iso(e.date_start),
        "event_type": types[0],
        "sub_event_type": types[1],
        "actor1": "; ".join(e.actors),
        "actor2": "; ".join(e.recipients),
        "country": _country_name(e.country),
        "admin1": "",
        "location": e.location or "",
        "latitude": e.latitude,
        "longitude": e.longitude,
        "source": e.source.source or e.source.url or e.source.document,
        "notes": e.sentence,
    }


def _country_name(alpha3: str | None) -> str:
    if not alpha3:
        return ""
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
