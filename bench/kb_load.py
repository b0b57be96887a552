"""Knowledge-base load time, cold (compiled anew) and warm (from the cache file), in fresh processes.

    python bench/kb_load.py [--runs 5] [--compare /path/to/an/older/checkout]

Each run is a new interpreter doing what every command does first:
``python -c 'from sitrep.knowledge import load_knowledge_base as l; l()'``. Printed: the wall time of
the whole command and, inside it, the time of ``l()`` alone (the import of ``sitrep`` loads spaCy and is
the same before and after). Cold runs use an empty cache directory each time; warm runs reuse one.
Baselines in the same run: the knowledge base built in memory with the cache off (``SITREP_CACHE_DIR=off``:
what every command paid before the cache), and with ``--compare`` the same command on another checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHILD = (
    "import time; t = time.perf_counter(); from sitrep.knowledge import load_knowledge_base as l; "
    "t1 = time.perf_counter(); l(); print(time.perf_counter() - t1)"
)


def run(env: dict[str, str], cwd: Path) -> tuple[float, float]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, float(out.stdout.strip().splitlines()[-1])


def measure(name: str, runs: int, env: dict[str, str], cwd: Path, fresh_cache: bool = False) -> None:
    walls, loads = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            e = dict(env)
            if fresh_cache:
                e["SITREP_CACHE_DIR"] = tmp
            wall, load = run(e, cwd)
        walls.append(wall)
        loads.append(load)
    print(f"{name:<44} {statistics.median(walls):>8.2f} {statistics.median(loads):>10.2f}   ({runs} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--compare", type=Path, default=None, help="an older checkout to time the same way")
    args = ap.parse_args()
    base = dict(os.environ)
    print(f"{'median seconds':<44} {'command':>8} {'l() alone':>10}")
    if args.compare:
        older = dict(base, PYTHONPATH=str(args.compare.resolve()))
        measure(f"older checkout ({args.compare.name})", args.runs, older, args.compare)
    measure("this checkout, cache off (built in memory)", args.runs, dict(base, SITREP_CACHE_DIR="off"), REPO)
    measure(
        "this checkout, cold (compiled into the cache)", max(1, args.runs // 2), base, REPO, fresh_cache=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        warm = dict(base, SITREP_CACHE_DIR=tmp)
        run(warm, REPO)  # compile once
        measure("this checkout, warm (loaded from the cache)", args.runs, warm, REPO)


if __name__ == "__main__":
    main()
