"""This checkout against an older one (the code before a restructuring), side by side in one run.

    git archive 006f057 | (mkdir -p /tmp/base && tar -x -C /tmp/base)
    .venv/bin/python bench/compare_base.py --base /tmp/base                  # 1,000,000 events
    .venv/bin/python bench/compare_base.py --base /tmp/base --events 200000 --only store,ach --no-postgres

Three benchmarks, each with its target of "no worse than 10%": the store's query p95
(``bench_store.py``: ``events --actor X --since D`` and ``timeline [--actor X]``), the API's p95
(``bench_api.py``: ``GET /api/events`` with filters through a live ``sitrep serve``) and the ACH
recompute (``bench_ach.py``: 50 indicators over N events).

Each side runs its own version of each benchmark script (``bench/`` of its checkout), in processes of
its own with ``PYTHONPATH`` at that checkout, so each imports its own ``sitrep`` and its own API
(the older code has ``store/queries.py`` where this one has ``store/facts.py``). Both generate the same
data (same generator, same seed) into a database of their own: each refuses a database at the other's
schema revision, so one file cannot serve both. The first answer of every case is compared between
the sides (rows returned), so both are seen to answer the same questions.

Measuring is interleaved: round 1 asks side A then side B, round 2 B then A, and so on, so drift in a
shared machine's load falls on both alike. Per side: p50 and p95 over all rounds; then the ratio
this/base (a ratio above 1.10 misses the target). Absolute times on a busy machine mean little; the
ratios are the result.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TOLERANCE = 1.10


# ---------------------------------------------------------------- worker side (one per checkout)


def _worker(args: argparse.Namespace) -> int:
    """Runs with PYTHONPATH at one checkout: set up with that checkout's bench script, then answer rounds."""
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root / "bench"))
    sys.path.insert(0, str(root))
    reply = sys.stdout
    sys.stdout = sys.stderr  # the benchmark code's prints must not mix with the replies

    def send(obj: dict) -> None:
        reply.write(json.dumps(obj) + "\n")
        reply.flush()

    import sitrep

    if not Path(sitrep.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"sitrep imported from {sitrep.__file__}, not from {root}")
    started = time.perf_counter()
    if args.worker == "store":
        rounds, info, close = _store_worker(args.url, args.events)
    else:
        rounds, info, close = _ach_worker(args.url, args.events)
    send({**info, "setup_s": time.perf_counter() - started, "sitrep": sitrep.__file__})
    for line in sys.stdin:
        if line.strip() != "round":
            break
        send(rounds())
    close()
    return 0


def _size(found) -> int:
    items = getattr(found, "items", found)
    return len(items)


def _store_worker(url: str, events: int):
    import bench_store
    from bench_api import create_token  # that side's bench_api: its own place of create_token
    from bench_store import generate, open_store, query_cases

    store = open_store(url)
    counts = generate(store, events)
    token = create_token(store, "bench", "reader")
    cases = query_cases()
    sizes = {}
    with store.sessions() as session:
        for kind, group in cases.items():
            sizes[kind] = [_size(case(session)) for case in group]  # also the warm-up

    def rounds() -> dict:
        out = {}
        for kind, group in cases.items():
            times = []
            with store.sessions() as session:
                for case in group:
                    t0 = time.perf_counter()
                    case(session)
                    times.append((time.perf_counter() - t0) * 1000)
            out[kind] = times
        return out

    info = {"counts": counts, "sizes": sizes, "token": token, "script": bench_store.__file__}
    return rounds, info, store.close


def _ach_worker(url: str, events: int):
    import bench_ach
    from bench_ach import HypothesisSetSpec, indicators, open_store, populate, recompute

    store = open_store(url)
    populate(store, events)
    hyps = [{"id": "H1", "text": "one"}, {"id": "H2", "text": "two"}, {"id": "H3", "text": "three"}]
    spec = HypothesisSetSpec("bench", "", [], indicators())
    spec = HypothesisSetSpec.from_dict({**spec.to_dict(), "hypotheses": hyps})
    _, rows, leading = recompute(store, spec)  # the warm-up, as bench_ach does

    def rounds() -> dict:
        return {"ACH recompute (50 indicators)": [recompute(store, spec)[0] * 1000]}

    info = {"sizes": {"ACH recompute (50 indicators)": [rows, leading]}, "script": bench_ach.__file__}
    return rounds, info, store.close


# ---------------------------------------------------------------- driver side


class Side:
    def __init__(self, name: str, root: Path) -> None:
        self.name, self.root = name, root.resolve()
        self.env = {**os.environ, "PYTHONPATH": str(self.root)}


class Worker:
    def __init__(self, side: Side, kind: str, url: str, events: int) -> None:
        self.side = side
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", kind, "--root", str(side.root), "--url", url]
            + ["--events", str(events)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=side.env,
            cwd=side.root,
            text=True,
        )

    def receive(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.side.name} worker exited ({self.proc.wait()})")
        return json.loads(line)

    def round(self) -> dict:
        self.proc.stdin.write("round\n")
        self.proc.stdin.flush()
        return self.receive()

    def close(self) -> None:
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(120)


def p50_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def interleave(sides: list, rounds: int, ask) -> list[dict[str, list[float]]]:
    """``ask(side_index)`` per round, A B then B A, ...; the times of each side merged per kind."""
    merged: list[dict[str, list[float]]] = [{} for _ in sides]
    for r in range(rounds):
        order = range(len(sides)) if r % 2 == 0 else reversed(range(len(sides)))
        for i in order:
            for kind, times in ask(i).items():
                merged[i].setdefault(kind, []).extend(times)
    return merged


def report(label: str, names: list[str], merged: list[dict[str, list[float]]], rows: list[str]) -> None:
    print(
        f"  {'':34} {names[0] + ' p50':>11} {names[0] + ' p95':>11} {names[1] + ' p50':>11}"
        f" {names[1] + ' p95':>11}  ratio p50  ratio p95"
    )
    for kind in merged[0]:
        (b50, b95), (h50, h95) = p50_p95(merged[0][kind]), p50_p95(merged[1][kind])
        verdict = "within 10%" if h95 <= TOLERANCE * b95 else "MORE THAN 10% SLOWER"
        informational = kind.startswith(" ")
        rows.append(
            f"{label:16} {kind.strip():34} p95 ratio {h95 / b95:5.2f}  {verdict}"
            + ("  (for information)" if informational else "")
        )
        print(
            f"  {kind:34} {b50:9.1f}ms {b95:9.1f}ms {h50:9.1f}ms {h95:9.1f}ms  {h50 / b50:9.2f}  {h95 / b95:9.2f}"
            f"  n={len(merged[0][kind])}/{len(merged[1][kind])}"
        )


def same_answers(infos: list[dict]) -> str:
    a, b = infos[0]["sizes"], infos[1]["sizes"]
    return "same rows returned by both sides" if a == b else f"ANSWERS DIFFER: {a} vs {b}"


def start_workers(sides: list[Side], kind: str, urls: list[str], events: int) -> tuple[list[Worker], list]:
    """Both sides set up at once (generation is not measured), then wait for both."""
    workers = [Worker(s, kind, u, events) for s, u in zip(sides, urls, strict=True)]
    infos = [w.receive() for w in workers]
    for s, info in zip(sides, infos, strict=True):
        print(
            f"  {s.name}: {info['script']} (sitrep from {Path(info['sitrep']).parent}); set up in "
            f"{info['setup_s']:.0f}s" + (f": {info['counts']}" if "counts" in info else "")
        )
    print(f"  {same_answers(infos)}")
    return workers, infos


def bench_store_and_api(sides, label, urls, args, rows) -> None:
    print(f"\n== store queries, {label}: {args.events:,} events, {args.rounds} interleaved rounds ==")
    workers, infos = start_workers(sides, "store", urls, args.events)
    try:
        if "store" in args.only:
            merged = interleave(workers, args.rounds, lambda i: workers[i].round())
            report(f"store {label}", [s.name for s in sides], merged, rows)
    finally:
        for w in workers:
            w.close()
    if "api" in args.only:
        bench_api(sides, label, urls, [i["token"] for i in infos], args, rows)


def serve(side: Side, url: str) -> tuple[subprocess.Popen, str]:
    """``sitrep serve`` of this side's checkout on a free loopback port (bench_api's launcher)."""
    sys.path.insert(0, str(HERE / "bench"))
    from bench_api import serve as serve_api

    return serve_api(url, env=side.env, cwd=side.root)


def bench_api(sides, label, urls, tokens, args, rows) -> None:
    import httpx

    sys.path.insert(0, str(HERE / "bench"))
    from bench_api import PAGE, cases

    params = cases()
    batch = max(1, args.requests // args.rounds)
    print(
        f"\n== GET /api/events, {label}: {args.rounds} interleaved rounds of {batch} requests,"
        f" concurrency {args.concurrency}, limit={PAGE} =="
    )
    servers = [serve(s, u) for s, u in zip(sides, urls, strict=True)]

    async def load(base: str, token: str, start: int, n: int, warm: bool) -> dict:
        gate, times, sizes = asyncio.Semaphore(args.concurrency), [], []
        headers = {"Authorization": f"Bearer {token}"}
        limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
        async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as client:
            if warm:
                for p in params:
                    found = (
                        (await client.get("/api/events", params={**p, "limit": PAGE}))
                        .raise_for_status()
                        .json()
                    )
                    sizes.append(len(found["items"]) if isinstance(found, dict) else len(found))
                return {"sizes": sizes}

            async def one(i: int) -> None:
                async with gate:
                    t0 = time.perf_counter()
                    answer = await client.get(
                        "/api/events", params={**params[i % len(params)], "limit": PAGE}
                    )
                    times.append((time.perf_counter() - t0) * 1000)
                    answer.raise_for_status()

            await asyncio.gather(*(one(start + i) for i in range(n)))
        return {"GET /api/events": times}

    try:
        warm = [asyncio.run(load(b, t, 0, 0, True)) for (_, b), t in zip(servers, tokens, strict=True)]
        print(f"  {same_answers(warm)}")
        done = [0, 0]

        def ask(i: int) -> dict:
            out = asyncio.run(load(servers[i][1], tokens[i], done[i], batch, False))
            done[i] += batch
            return out

        merged = interleave(sides, args.rounds, ask)
        report(f"api {label}", [s.name for s in sides], merged, rows)
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(10)


def bench_ach(sides, label, urls, args, rows) -> None:
    print(f"\n== ACH recompute, {label}: {args.ach_events:,} events, {args.ach_rounds} interleaved rounds ==")
    workers, _ = start_workers(sides, "ach", urls, args.ach_events)
    try:
        merged = interleave(workers, args.ach_rounds, lambda i: workers[i].round())
        report(f"ach {label}", [s.name for s in sides], merged, rows)
    finally:
        for w in workers:
            w.close()


class PgSchemas:
    """A schema per side in the PostgreSQL database, dropped at the end."""

    def __init__(self, base: str, names: list[str]) -> None:
        self.base, self.names = base, names

    def _run(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def __enter__(self) -> list[str]:
        for n in self.names:
            self._run(f"DROP SCHEMA IF EXISTS {n} CASCADE", f"CREATE SCHEMA {n}")
        head = self.base.replace("postgresql://", "postgresql+psycopg://")
        return [f"{head}?options=-csearch_path%3D{n}" for n in self.names]

    def __exit__(self, *exc) -> None:
        for n in self.names:
            self._run(f"DROP SCHEMA IF EXISTS {n} CASCADE")


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 - no server: skip it
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="the older checkout (e.g. an exported commit)")
    parser.add_argument("--events", type=int, default=1_000_000, help="events for the store and API")
    parser.add_argument("--ach-events", type=int, help="events for ACH (default: --events)")
    parser.add_argument("--rounds", type=int, default=20, help="interleaved rounds (store, API)")
    parser.add_argument("--ach-rounds", type=int, default=20, help="interleaved ACH recomputes per side")
    parser.add_argument("--requests", type=int, default=400, help="API requests per side, over the rounds")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--only", default="store,api,ach", help="comma-separated: store, api, ach")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--dir", type=Path, help="where the SQLite files go (default: a temporary folder)")
    parser.add_argument("--worker", choices=["store", "ach"], help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    if not args.base:
        parser.error("--base is required")
    args.only = set(args.only.split(","))
    args.ach_events = args.ach_events or args.events
    sides = [Side("base", args.base), Side("this", HERE)]
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"base: {sides[0].root}   this: {sides[1].root} ({commit or 'not a git checkout'})")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
        " at the start"
    )
    rows: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        if not args.no_sqlite:
            if args.only & {"store", "api"}:
                urls = [f"sqlite:///{Path(tmp) / s.name}.db" for s in sides]
                bench_store_and_api(sides, "SQLite", urls, args, rows)
                for s in sides:
                    (Path(tmp) / f"{s.name}.db").unlink()
            if "ach" in args.only:
                bench_ach(
                    sides, "SQLite", [f"sqlite:///{Path(tmp) / s.name}_ach.db" for s in sides], args, rows
                )
    if not args.no_postgres and postgres_reachable(args.postgres):
        if args.only & {"store", "api"}:
            with PgSchemas(args.postgres, [f"sitrep_cmp_{s.name}" for s in sides]) as urls:
                bench_store_and_api(sides, "PostgreSQL", urls, args, rows)
        if "ach" in args.only:
            with PgSchemas(args.postgres, [f"sitrep_cmp_ach_{s.name}" for s in sides]) as urls:
                bench_ach(sides, "PostgreSQL", urls, args, rows)
    elif not args.no_postgres:
        print(f"\nPostgreSQL not reachable at {args.postgres}: skipped")
    print(f"\n== this/base (target: p95 ratio <= {TOLERANCE:.2f}) ==")
    for row in rows:
        print(f"  {row}")
    print(f"(whole run {time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
