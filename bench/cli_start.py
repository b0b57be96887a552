"""How long ``sitrep --help`` takes to start, against bare Python and the spaCy import it used to pay.

    .venv/bin/python bench/cli_start.py [--runs 10]

Each command runs ``--runs`` times in a fresh process; the median wall time and the median CPU time
(user + system, from the children's rusage) are printed. CPU time is the figure to trust on a shared
machine: wall time includes waiting for a core. Baselines in the same run: ``python -c pass`` (the
floor) and ``python -c "import sitrep.pipeline"`` (spaCy and the pipeline, which every command loaded
at start before the imports became lazy). Target: ``sitrep --help`` under 0.5 s.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

TARGET_S = 0.5
COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "sitrep --help": [
        sys.executable,
        "-c",
        "import sys; sys.argv = ['sitrep', '--help']; from sitrep.cli import main; main()",
    ],
    "import sitrep.pipeline (baseline)": [sys.executable, "-c", "import sitrep.pipeline"],
}


def run(command: list[str], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    results = {name: run(cmd, args.runs) for name, cmd in COMMANDS.items()}
    print(f"median of {args.runs} runs:")
    for name, (wall, cpu) in results.items():
        print(f"  {name:36} wall {wall:6.3f} s   cpu {cpu:6.3f} s")
    wall, cpu = results["sitrep --help"]
    verdict = "meets" if cpu < TARGET_S else "MISSES"
    print(
        f"  sitrep --help {verdict} the target < {TARGET_S} s (cpu {cpu:.3f} s, wall {wall:.3f} s on this machine)"
    )
    return 0 if cpu < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
