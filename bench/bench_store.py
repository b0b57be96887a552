"""The store at scale: query latency on a generated database, and what storing costs during ingest.

    .venv/bin/python bench/bench_store.py                       # 1,000,000 events, both back ends
    .venv/bin/python bench/bench_store.py --events 100000       # a quick run
    .venv/bin/python bench/bench_store.py --skip-ingest --no-postgres

Queries: N events (and N/10 statements) are bulk-loaded straight into a fresh database at the
schema's head: ~200 actors with a Zipf-like spread (a few dominate, as in real reporting), 16 PLOVER
types, dates over three years. Then ``events --actor X --since D`` and ``timeline [--actor X]`` run
repeatedly through the same query functions the CLI calls, and p50/p95 are compared with the target
(p95 < 50 ms). The query plan of every SQL statement those functions issue is printed, so an
index that stops being used shows up as a full scan. PostgreSQL runs when 127.0.0.1:5432 answers
(``--postgres URL`` for another), in a schema of its own that is dropped afterwards.

Ingest: the bundled samples, repeated (each copy made distinct), through ``ingest`` with
``--workers 1`` and ``--workers 2``, against bare spaCy ``nlp.pipe`` on the same texts in the same
run. The store's share is the time spent writing and checking for duplicates divided by the
pipeline's time (target: under 10%).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import event, text

import sitrep
from sitrep.sources import Article
from sitrep.store import facts, open_store
from sitrep.store import ingest as ingest_fn

TARGET_P95_MS = 50.0
LIMIT = 100  # the CLI's and the API's default page of events
TARGET_STORE_SHARE = 0.10
FIRST_DAY = date(2022, 2, 24)
DAYS = 3 * 365
PLOVER_TYPES = {  # rough shares in conflict reporting: violence and statements dominate
    "ASSAULT": 30,
    "ACCUSE": 10,
    "THREATEN": 6,
    "SUPPORT": 6,
    "CONSULT": 6,
    "MOBILIZE": 6,
    "COERCE": 5,
    "AID": 5,
    "SANCTION": 4,
    "REQUEST": 4,
    "COOPERATE": 4,
    "REJECT": 3,
    "PROTEST": 3,
    "AGREE": 3,
    "RETREAT": 3,
    "CONCEDE": 2,
}
ACTS = ("said", "denied", "claimed", "warned", "announced")
EVENTS_PER_DOC = 4


# -- the generated database ---------------------------------------------------------------------------------


def actors() -> list[tuple[str, str, str]]:
    """~200 (id, name, type): countries, armed units and officials; the first ones are the busiest."""
    real = [
        ("country:RUS", "Russia"),
        ("country:UKR", "Ukraine"),
        ("country:BLR", "Belarus"),
        ("country:IRN", "Iran"),
        ("country:USA", "United States"),
        ("country:POL", "Poland"),
    ]
    out = [(i, n, "GPE") for i, n in real]
    out += [(f"country:X{k:02d}", f"Country {k}", "GPE") for k in range(54)]
    out += [(f"org:unit-{k}", f"Brigade {k}", "ORG") for k in range(100)]
    out += [(f"person:official-{k}", f"Official {k}", "PERSON") for k in range(40)]
    return out


def places(n: int = 500) -> list[tuple[str, str, float, float]]:
    rng = random.Random(7)
    return [(f"place:p{k}", f"Town {k}", rng.uniform(44, 56), rng.uniform(22, 40)) for k in range(n)]


def generate(store, n_events: int, seed: int = 1) -> dict[str, int]:
    """Bulk-load documents, entities, events, participants and statements; return the row counts."""
    rng = random.Random(seed)
    people, towns = actors(), places()
    weights = [1.0 / (rank + 1) for rank in range(len(people))]
    stamp = datetime(2025, 3, 1, tzinfo=timezone.utc)
    n_docs = max(1, n_events // EVENTS_PER_DOC)
    doc_days = [rng.randrange(DAYS) for _ in range(n_docs)]
    entity_rows = [
        {
            "id": i,
            "name": n,
            "name_norm": n.casefold(),
            "type": t,
            "role": None,
            "country": None,
            "lat": None,
            "lon": None,
            "kb_id": None,
            "attributes": "{}",
        }
        for i, n, t in people
    ] + [
        {
            "id": i,
            "name": n,
            "name_norm": n.casefold(),
            "type": "GPE",
            "role": None,
            "country": "UKR",
            "lat": la,
            "lon": lo,
            "kb_id": None,
            "attributes": "{}",
        }
        for i, n, la, lo in towns
    ]
    aliases = [{"entity_id": i, "alias_norm": n.casefold(), "alias": n} for i, n, _t in people]
    documents = (
        {
            "id": d + 1,
            "key": f"bench{d:08d}",
            "content_hash": f"{d:064x}",
            "url": f"https://bench.example/{d}",
            "source": f"Outlet {d % 40}",
            "title": f"Report {d}",
            "published": FIRST_DAY + timedelta(doc_days[d]),
            "published_earliest": None,
            "published_latest": None,
            "body_start": 0,
            "text": f"Report {d}. Generated for the store benchmark.",
            "origin": "bench",
            "ingested_at": stamp,
            "analyzed_at": stamp,
            "pipeline_version": "bench",
            "near_duplicate_of": None,
            "near_duplicate_score": None,
            "minhash": None,
        }
        for d in range(n_docs)
    )
    counts = {"entities": len(entity_rows), "documents": n_docs}
    _load(store, "entities", entity_rows)
    _load(store, "entity_aliases", aliases)
    _load(store, "documents", documents)
    events, participants = _events(rng, n_events, n_docs, doc_days, people, weights, towns)
    counts["events"] = _load(store, "events", events)
    counts["event_participants"] = _load(store, "event_participants", participants)
    counts["statements"] = _load(
        store, "statements", _statements(rng, n_events // 10, n_docs, doc_days, people)
    )
    _finish(store)
    return counts


def _events(rng, n, n_docs, doc_days, people, weights, towns):
    who = rng.choices(range(len(people)), weights=weights, k=2 * n)
    types = rng.choices(list(PLOVER_TYPES), weights=list(PLOVER_TYPES.values()), k=n)
    participants: list[tuple] = []  # tuples: millions of them must fit in memory

    def rows() -> Iterator[dict]:
        for e in range(n):
            doc = e % n_docs
            day = (
                None
                if rng.random() < 0.03
                else FIRST_DAY + timedelta(max(0, doc_days[doc] - rng.randrange(3)))
            )
            actor, other = people[who[2 * e]], people[who[2 * e + 1]]
            participants.append((e + 1, "actor", 0, actor[0], day))
            recipient = other if rng.random() < 0.6 and other != actor else None
            if recipient:
                participants.append((e + 1, "recipient", 0, recipient[0], day))
            sentence = f"{actor[1]} acted against {recipient[1] if recipient else 'someone'} in report {doc}."
            yield {
                "id": e + 1,
                "document_id": doc + 1,
                "seq": e // n_docs,
                "fact_id": f"e{e // n_docs + 1}",
                "fact_key": f"event:bench{doc:08d}:{e}-{e + 5}:{types[e]}",
                "type": types[e],
                "mode": None,
                "context": "[]",
                "trigger": "acted",
                "actor_texts": json.dumps([actor[1]]),
                "recipient_texts": json.dumps([recipient[1]] if recipient else []),
                "item_texts": "[]",
                "location": towns[e % len(towns)][0] if e % 3 else None,
                "main_quantity_id": None,
                "modality": "asserted",
                "statement_fact_id": None,
                "evidence_start": 0,
                "evidence_end": 5,
                "sentence": sentence,
                "sentence_start": 0,
                "time_text": None,
                "time_value": None,
                "time_start": None,
                "time_end": None,
                "date_start": day,
                "date_end": day,
            }

    # Participants are filled while events stream out, so they are loaded after the events.
    return rows(), _Deferred(participants)


class _Deferred:
    """Rows that exist only once another generator has been consumed."""

    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[dict]:
        keys = ("event_id", "role", "position", "entity_id", "date_start")
        return (dict(zip(keys, row, strict=True)) for row in self.rows)


def _statements(rng, n, n_docs, doc_days, people) -> Iterator[dict]:
    speakers = [p for p in people if p[2] == "PERSON"] + [p for p in people if p[2] == "GPE"][:10]
    for s in range(n):
        doc = (s * 7) % n_docs
        day = FIRST_DAY + timedelta(doc_days[doc])
        speaker = speakers[min(int(rng.paretovariate(1.2)) - 1, len(speakers) - 1)]
        yield {
            "id": s + 1,
            "document_id": doc + 1,
            "seq": s,
            "fact_id": f"s{s}",
            "fact_key": f"statement:bench{doc:08d}:{s}-{s + 4}:said",
            "speaker": speaker[0],
            "speaker_text": speaker[1],
            "role": None,
            "act": ACTS[s % len(ACTS)],
            "content": f"statement {s} on the war",
            "content_start": None,
            "content_end": None,
            "venue": None,
            "modality": "asserted",
            "evidence_start": 0,
            "evidence_end": 4,
            "sentence": f"Statement {s}.",
            "sentence_start": 0,
            "time_text": None,
            "time_value": None,
            "time_start": None,
            "time_end": None,
            "date_start": day,
            "date_end": day,
        }


def _load(store, table: str, rows, chunk: int = 50_000) -> int:
    """Insert rows fast: executemany on SQLite, COPY on PostgreSQL, in chunks."""
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            total += _insert(store, table, batch)
            batch = []
    if batch:
        total += _insert(store, table, batch)
    return total


def _insert(store, table: str, rows: list[dict]) -> int:
    columns = list(rows[0])
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if store.dialect == "sqlite":
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            cursor.executemany(sql, [tuple(r[c] for c in columns) for r in rows])
        else:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(tuple(r[c] for c in columns))
        raw.commit()
    finally:
        raw.close()
    return len(rows)


def _finish(store) -> None:
    """Statistics for the planner, and sequences past the ids we chose (PostgreSQL)."""
    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            conn.execute(text("ANALYZE"))
        else:
            for table in ("documents", "events", "statements"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )
    if store.dialect != "sqlite":
        # What autovacuum does to a working database after a bulk load: statistics, and the visibility
        # map that lets PostgreSQL answer from an index alone (VACUUM cannot run inside a transaction).
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in (
                "documents",
                "entities",
                "entity_aliases",
                "events",
                "event_participants",
                "statements",
            ):
                conn.execute(text(f"VACUUM ANALYZE {table}"))


# -- query latency ---------------------------------------------------------------------------------------------


class Recorder:
    """Every SQL statement a block issues, so its plans can be shown."""

    def __init__(self, engine) -> None:
        self.engine, self.statements = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append((statement, parameters))


def query_cases(seed: int = 3) -> dict[str, list[Callable]]:
    """The CLI's questions: ``events --actor X --since D`` and ``timeline [--actor X]``, varied."""
    rng = random.Random(seed)
    names = [n for _i, n, _t in actors()]
    picks = [names[0], names[1], names[2], names[10], names[60], names[150], names[199], "Official 3"]
    since = [FIRST_DAY + timedelta(rng.randrange(DAYS)) for _ in range(len(picks))]

    def events(limit: int) -> list[Callable]:
        return [
            (lambda s, a=a, d=d: facts.events(s, facts.EventFilter(actor=a, since=d), limit=limit))
            for a, d in zip(picks, since, strict=True)
        ]

    timeline = [lambda s: facts.timeline(s, limit=200)] + [
        (lambda s, a=a: facts.timeline(s, actor=a, limit=200)) for a in picks
    ]
    return {
        "events --actor X --since D": events(LIMIT),
        "timeline [--actor X]": timeline,
        "  (events … --limit 1000)": events(1000),  # a bigger page, for information: not the target
    }


def measure(store, rounds: int) -> dict[str, tuple[float, float, float]]:
    """p50, p95 and max in ms per kind of question, each case run ``rounds`` times (after a warm-up).

    The cases of a kind run in turn, so each one's pages are not all in the cache from the run before.
    """
    out = {}
    for kind, cases in query_cases().items():
        times = []
        with store.sessions() as session:
            for case in cases:
                case(session)  # warm the cache: we measure a working database, not a cold disk
            for _ in range(rounds):
                for case in cases:
                    started = time.perf_counter()
                    case(session)
                    times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[kind] = (statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1])
    return out


def plans(store) -> list[tuple[str, list[str]]]:
    """The query plan of each distinct statement the questions issue (busiest actor, one date)."""
    cases = query_cases()
    seen, out = set(), []
    with store.sessions() as session, Recorder(store.engine) as recorder:
        cases["events --actor X --since D"][0](session)
        cases["timeline [--actor X]"][1](session)
    with store.engine.connect() as conn:
        for statement, params in recorder.statements:
            shape = " ".join(statement.split())
            if shape in seen:
                continue
            seen.add(shape)
            explain = "EXPLAIN QUERY PLAN " if store.dialect == "sqlite" else "EXPLAIN "
            rows = conn.exec_driver_sql(explain + statement, params).all()
            lines = [r[-1] if store.dialect == "sqlite" else r[0] for r in rows]
            out.append((shape, lines))
    return out


SMALL_TABLE = 10_000  # rows: a planner may rightly read such a table whole rather than through an index


def full_scans(dialect: str, lines: list[str]) -> list[str]:
    if dialect == "sqlite":
        return [ln for ln in lines if ln.strip().startswith("SCAN ") and " INDEX " not in ln]
    return [ln for ln in lines if "Seq Scan" in ln]


def scanned_table(dialect: str, line: str) -> str:
    words = line.strip().split()
    if dialect == "sqlite":  # SCAN entities
        return words[1]
    return words[words.index("on") + 1]  # ->  Seq Scan on entities party  (cost=…)


def row_counts(store) -> dict[str, int]:
    from sqlalchemy import inspect

    with store.engine.connect() as conn:
        return {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in inspect(store.engine).get_table_names()
        }


def bench_queries(label: str, url: str, n_events: int, rounds: int, show_sql: bool) -> None:
    print(f"\n== queries on {label}: {n_events:,} events ==")
    store = open_store(url)
    started = time.perf_counter()
    counts = generate(store, n_events)
    print(
        f"generated in {time.perf_counter() - started:.0f}s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    for kind, (p50, p95, worst) in measure(store, rounds).items():
        verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
        print(
            f"{kind:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {worst:7.1f} ms   "
            f"({verdict} p95 < {TARGET_P95_MS:.0f} ms)"
        )
    print("query plans (busiest actor):")
    sizes = row_counts(store)
    for shape, lines in plans(store):
        # A scan of the page subquery (SQLite's ``SCAN page``) reads the page itself, not a table.
        found = [ln for ln in full_scans(store.dialect, lines) if scanned_table(store.dialect, ln) in sizes]
        scans = [ln for ln in found if sizes.get(scanned_table(store.dialect, ln), 0) >= SMALL_TABLE]
        small = [
            f"{scanned_table(store.dialect, ln)} ({sizes.get(scanned_table(store.dialect, ln), 0)} rows)"
            for ln in found
            if ln not in scans
        ]
        head = shape if show_sql else shape[:150] + ("…" if len(shape) > 150 else "")
        print(f"  -- {head}")
        for line in lines:
            print(f"     {line if show_sql or len(line) <= 160 else line[:160] + '…'}")
        if scans:
            print(f"     ^ FULL SCAN: {'; '.join(ln.strip()[:100] for ln in scans)}")
        if small:
            print(f"     ^ whole small table read (cheaper than an index): {', '.join(small)}")
    store.close()


# -- ingest throughput ---------------------------------------------------------------------------------------


def sample_texts(n: int) -> list[str]:
    from sitrep.samples import sample_files
    from sitrep.sources.reader import decode

    base = [decode(f.read_bytes(), f.name) for f in sample_files()]
    return [base[k % len(base)] + f"\n\n(Dispatch {k}.)" for k in range(n)]


class _Timer:
    """Wraps functions of ``sitrep.store.ingest`` to add up their time (the bench's own instrument)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.module = sys.modules["sitrep.store.ingest"]
        self.names, self.totals, self.saved = names, dict.fromkeys(set(names.values()), 0.0), {}

    def __enter__(self):
        for name, bucket in self.names.items():
            original = self.saved[name] = getattr(self.module, name)
            setattr(self.module, name, self._wrap(original, bucket))
        return self

    def _wrap(self, fn, bucket):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.totals[bucket] += time.perf_counter() - started

        return timed

    def __exit__(self, *exc) -> None:
        for name, original in self.saved.items():
            setattr(self.module, name, original)


def bench_ingest(n: int, url_for: Callable[[str], str]) -> None:
    from sitrep.sources.reader import make_document

    texts = sample_texts(n)
    pipeline = sitrep.get_pipeline()
    nlp, batch = pipeline.resources.nlp, pipeline.config.batch_size
    print(f"\n== ingest: {n} articles (the {len(set(t[:200] for t in texts))} bundled samples, repeated) ==")
    list(nlp.pipe(texts[:4], batch_size=batch))  # warm-up
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    bare = n / (time.perf_counter() - started)
    print(f"bare spaCy nlp.pipe                 {bare:7.1f} articles/s")

    def articles():
        return (Article(f"sample:{k}", make_document(t)) for k, t in enumerate(texts))

    for workers in (1, 2):
        store = open_store(url_for(f"ingest-w{workers}"))
        names = {"_store": "store", "_stored": "store", "analyse_batch": "pipeline"}
        with _Timer(names) as timer:
            if workers == 1:
                stats = ingest_fn(store, articles(), pipeline=pipeline)
            else:
                stats = ingest_fn(store, articles(), config=pipeline.config, workers=workers)
        store.close()
        rate = stats.stored / stats.seconds
        store_s, pipe_s = timer.totals["store"], timer.totals["pipeline"]
        # With workers the pipeline runs in other processes: the store's share is then of the wall time.
        share, of = (
            (store_s / pipe_s, "pipeline time") if workers == 1 else (store_s / stats.seconds, "wall time")
        )
        verdict = "meets" if share < TARGET_STORE_SHARE else "MISSES"
        print(
            f"sitrep ingest --workers {workers}           {rate:7.1f} articles/s   {rate / bare:.2f} of bare spaCy   "
            f"store {store_s:.2f}s = {share:.1%} of {of} ({verdict} < {TARGET_STORE_SHARE:.0%}); "
            f"{stats.stored} stored, {stats.near_duplicates} linked as near-duplicates"
        )


# -- command line ------------------------------------------------------------------------------------------------


def postgres_url(explicit: str | None) -> str | None:
    """The URL of a reachable server, or None."""
    import psycopg

    candidates = (
        [explicit] if explicit else [f"postgresql://{u}@127.0.0.1:5432/test" for u in ("postgres", "root")]
    )
    for url in candidates:
        try:
            psycopg.connect(url, connect_timeout=3).close()
            return url
        except psycopg.Error:
            continue
    return None


class _PgSchema:
    """A schema of its own in the PostgreSQL database, dropped at the end."""

    def __init__(self, base: str, name: str) -> None:
        self.base, self.name = base, name

    def __enter__(self) -> str:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")
            conn.execute(f"CREATE SCHEMA {self.name}")
        return (
            self.base.replace("postgresql://", "postgresql+psycopg://")
            + f"?options=-csearch_path%3D{self.name}"
        )

    def __exit__(self, *exc) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="events to generate (default 1,000,000)"
    )
    parser.add_argument("--rounds", type=int, default=20, help="repetitions of each query case")
    parser.add_argument("--articles", type=int, default=48, help="articles for the ingest throughput")
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: 127.0.0.1:5432/test if it answers)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--dir", type=Path, help="where the SQLite files go (default: a temporary folder)")
    parser.add_argument("--show-sql", action="store_true", help="print whole statements above their plans")
    args = parser.parse_args(argv)
    pg = None if args.no_postgres else postgres_url(args.postgres)
    if pg is None and not args.no_postgres:
        print("note: PostgreSQL not reachable; SQLite only", file=sys.stderr)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        if not args.skip_queries:
            bench_queries(
                "SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", args.events, args.rounds, args.show_sql
            )
            if pg:
                with _PgSchema(pg, "sitrep_bench") as url:
                    bench_queries("PostgreSQL", url, args.events, args.rounds, args.show_sql)
        if not args.skip_ingest:
            bench_ingest(args.articles, lambda name: f"sqlite:///{Path(tmp) / name}.db")
    return 0


if __name__ == "__main__":
    sys.exit(main())
