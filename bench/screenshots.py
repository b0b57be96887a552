"""Screenshots for the README at volume: the reader, timeline, map, network and a phone, 1280x800.

    .venv/bin/python bench/screenshots.py                # writes docs/img/{reader,timeline,map,network,phone}.png
    .venv/bin/python bench/screenshots.py --out /tmp/img --documents 300

The seed article is ingested with the real pipeline into a temporary store, then the browser tests'
generated reports (``tests/web/volume.py``: 300 by default, exact facts, text written for the tests) go
in beside it; ``sitrep serve`` runs on a free loopback port, and Debian's Chromium (headless, through
Playwright) signs in with an analyst token and photographs each page once it has drawn its data.
Nothing is fetched from the internet.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
SEED = SHARED / "corpus" / "seed" / "belarus-trapped-in-putins-plans.txt"
CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITREP = [sys.executable, "-c", "from sitrep.cli import main; main()"]
SIZE = {"width": 1280, "height": 800}


def _serve(db: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*SITREP, "serve", "--db", db, "--port", str(port)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/api/whoami", timeout=1)
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"sitrep serve exited: {proc.stderr.read().decode()}") from None
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("sitrep serve did not answer within 60 s")


def shoot(base: str, token: str, out: Path, profile: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS, viewport=SIZE
        )
        page = context.new_page()
        page.goto(f"{base}/login?next=/")
        page.fill("input[name=token]", token)
        page.click("#login button")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/documents/1")
        page.wait_for_selector("#events li.fact")
        saved.append(out / "reader.png")
        page.screenshot(path=str(saved[-1]))
        page.goto(f"{base}/timeline")
        page.wait_for_selector("svg#timeline rect.cell")
        saved.append(out / "timeline.png")
        page.screenshot(path=str(saved[-1]))
        page.goto(f"{base}/map")
        page.wait_for_selector("#map[data-basemap=loaded]", timeout=20_000)
        page.wait_for_selector(".place-marker")
        page.wait_for_timeout(500)  # let Leaflet finish its fit-to-markers animation
        saved.append(out / "map.png")
        page.screenshot(path=str(saved[-1]))
        page.goto(f"{base}/network")
        page.wait_for_selector("svg#network[data-settled=true]", timeout=30_000)
        saved.append(out / "network.png")
        page.screenshot(path=str(saved[-1]))
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/events")
        saved.append(out / "phone.png")
        page.screenshot(path=str(saved[-1]))
        context.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img", help="folder for the PNGs")
    parser.add_argument("--documents", type=int, default=300, help="generated reports beside the seed")
    args = parser.parse_args(argv)
    for need, path in (("chromium", Path(CHROMIUM)), ("the seed article", SEED)):
        if not path.exists():
            raise SystemExit(f"{need} not found at {path}")
    with tempfile.TemporaryDirectory(prefix="sitrep-shots-") as tmp:
        db = str(Path(tmp) / "shots.db")
        subprocess.run(
            [*SITREP, "ingest", str(SEED), "--db", db], check=True, capture_output=True, timeout=600
        )
        sys.path.insert(0, str(REPO / "tests"))
        from web.volume import build

        build(f"sqlite:///{db}", args.documents)
        token = (
            subprocess.run(
                [*SITREP, "token", "create", "--role", "analyst", "--name", "readme", "--db", db],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[0]
        )
        proc, base = _serve(db)
        try:
            saved = shoot(base, token, args.out, str(Path(tmp) / "profile"))
        finally:
            proc.terminate()
            proc.wait(10)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
