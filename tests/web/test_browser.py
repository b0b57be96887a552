"""The UI in real headless Chromium (Debian's), driven by Playwright, against a live ``sitrep serve``.

The server runs the real pipeline over the seed article. Screenshots go to ``test-artifacts/``.
Without chromium or Playwright these tests skip with the reason, unless SITREP_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
SEED = SHARED / "corpus" / "seed" / "belarus-trapped-in-putins-plans.txt"

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
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


@contextmanager
def live_server(db: str) -> Iterator[tuple[str, str]]:
    """``sitrep serve`` over ``db`` on a free loopback port, with an analyst's token: (base URL, token)."""
    token = subprocess.run(
        [*SITREP, "token", "create", "--role", "analyst", "--name", "alice", "--db", db],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*SITREP, "serve", "--db", db, "--port", str(port)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/api/whoami", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"sitrep serve exited: {proc.stderr.read().decode()}")
                time.sleep(0.1)
        yield base, token
    finally:
        proc.terminate()
        proc.wait(10)


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not SEED.exists():
        return f"seed article not found at {SEED} (set SITREP_SHARED)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    missing = _browser_missing()
    if missing:
        if os.environ.get("SITREP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{missing} and SITREP_REQUIRE_BROWSER=1")
        pytest.skip(missing)
    tmp = tmp_path_factory.mktemp("live")
    db = str(tmp / "live.db")
    subprocess.run([*SITREP, "ingest", str(SEED), "--db", db], check=True, capture_output=True, timeout=300)
    with live_server(db) as (base, token):
        yield {"base": base, "db": db, "token": token}


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        page = context.new_page()
        page.goto(f"{server['base']}/login?next=/")
        page.fill("input[name=token]", server["token"])
        page.click("#login button")
        page.wait_for_url(f"{server['base']}/")
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def _open(context, url: str):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def test_reader_shows_the_seed_article_with_its_events(server, browser):
    page, errors = _open(browser, f"{server['base']}/documents/1")
    assert "Belarus" in page.inner_text("h1")
    assert page.locator("#events li.fact").count() >= 3
    assert page.locator("#text mark.m-trigger").count() >= 3
    assert page.locator("#text mark.m-entity").count() >= 5 and page.locator("#text mark.m-time").count() >= 1
    page.locator("#events li.fact .show-sentence").first.click()
    assert page.locator("#text .hl").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=False)
    assert errors == []


def test_timeline_map_and_network_render_with_data(server, browser):
    page, errors = _open(browser, f"{server['base']}/timeline")
    assert page.locator("svg#timeline rect.bar").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))
    page, errors_map = _open(browser, f"{server['base']}/map")
    page.wait_for_selector("#map[data-basemap=loaded]", timeout=10_000)
    assert int(page.get_attribute("#map", "data-events")) >= 1
    assert page.locator(".place-marker").count() >= 1
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # country outlines
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    page, errors_net = _open(browser, f"{server['base']}/network")
    page.wait_for_selector("svg#network[data-nodes]")
    assert page.locator("svg#network .edge").count() >= 1 and page.locator("svg#network circle").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "network.png"))
    assert errors == errors_map == errors_net == []


def test_an_analysts_edit_persists_after_reload_and_reanalyze(server, browser):
    page, _ = _open(browser, f"{server['base']}/documents/1")
    first = page.locator("#events li.fact").first
    key = first.get_attribute("data-key")
    new_type = "PROTEST" if first.locator(".etype").inner_text() != "PROTEST" else "COERCE"
    first.locator("details.review summary").click()
    first.locator("input[name=type]").fill(new_type)
    first.locator("input[name=note]").fill("checked against the ministry's statement")
    first.locator("button[value='']").click()
    page.wait_for_load_state()

    def shown() -> str:
        return page.locator(f"#events li.fact[data-key='{key}'] .etype").inner_text()

    assert shown() == new_type
    page.reload()
    assert shown() == new_type
    subprocess.run([*SITREP, "reanalyze", "--db", server["db"]], check=True, capture_output=True, timeout=300)
    page.reload()
    assert shown() == new_type
    assert "checked against" in page.locator(f"#events li.fact[data-key='{key}'] .note").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review.png"))


def test_hostile_article_runs_nothing(server, browser):
    nasty = (
        "Russia shelled Kharkiv on October 10 <script>window.__pwned = 1; alert(1)</script>. "
        '<img src=x onerror="window.__pwned = 2; alert(2)"> <svg onload="window.__pwned = 3"></svg> '
        '<a href="javascript:window.__pwned = 4" id="bad">click me</a> '
        '<iframe src="javascript:alert(5)"></iframe> <body onload=alert(6)>Ukraine said.</body>'
    )
    import json

    request = urllib.request.Request(
        f"{server['base']}/api/documents",
        method="POST",
        data=json.dumps({"text": nasty, "title": "<script>alert(7)</script>"}).encode(),
        headers={"Authorization": f"Bearer {server['token']}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        doc_id = json.load(answer)["stored"]["id"]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server['base']}/documents/{doc_id}")
    page.wait_for_timeout(500)
    for selector in ("script", "img", "svg", "iframe", "a"):
        assert page.locator(f"#text {selector}").count() == 0, selector
    assert "<script>window.__pwned" in page.inner_text("#text")
    page.get_by_text("click me").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.inner_text("h1") == "<script>alert(7)</script>"
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))
