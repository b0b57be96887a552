"""The pages at real volume, in Debian's Chromium: a few hundred generated reports (``volume.py``, exact
facts), served by ``sitrep serve``; each page shows its counts, stays within its size and draws in time.

Skips like ``test_browser.py`` without Chromium or Playwright (SITREP_REQUIRE_BROWSER=1 makes it fail).
"""

from __future__ import annotations

import time

import pytest

from .test_browser import ARTIFACTS, CHROMIUM, FLAGS, _browser_missing, live_server
from .volume import build

N = 300
PAGE_BYTES = 1_000_000  # no page over 1 MB
DRAW_SECONDS = 10.0  # generous: the test machine is shared; a page draws in well under a second alone


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    missing = _browser_missing()
    if missing:
        import os

        if os.environ.get("SITREP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{missing} and SITREP_REQUIRE_BROWSER=1")
        pytest.skip(missing)
    db = str(tmp_path_factory.mktemp("volume") / "volume.db")
    counts = build(f"sqlite:///{db}", N)
    with live_server(db) as (base, token):
        yield {"base": base, "token": token, "counts": counts}


@pytest.fixture(scope="module")
def context(volume, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        page = ctx.new_page()
        page.goto(f"{volume['base']}/login?next=/")
        page.fill("input[name=token]", volume["token"])
        page.click("#login button")
        page.wait_for_url(f"{volume['base']}/")
        page.close()
        yield ctx
        ctx.close()


def _visit(context, url: str, ready: str | None = None):
    """Open a page; its size in bytes, the seconds until it drew (``ready`` appears), and errors."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    started = time.perf_counter()
    answer = page.goto(url)
    if ready:
        page.wait_for_selector(ready, timeout=DRAW_SECONDS * 1000)
    seconds = time.perf_counter() - started
    return page, len(answer.body()), seconds, errors


def test_lists_show_totals_and_page(volume, context):
    base, counts = volume["base"], volume["counts"]
    page, size, seconds, errors = _visit(context, f"{base}/")
    assert page.locator("nav.pager b.total").first.inner_text() == str(counts["documents"])
    assert page.locator("#documents tr").count() == 101  # a heading and a page of 100
    page, size, seconds, errors = _visit(context, f"{base}/events?type=ASSAULT")
    assert page.locator("nav.pager b.total").first.inner_text() == str(counts["documents"])
    page.locator("a[rel=next]").first.click()
    page.wait_for_load_state()
    assert "type=ASSAULT" in page.url and "offset=100" in page.url  # the filter is kept
    assert page.locator("nav.pager").first.inner_text().startswith("101–200 of 300")
    page, size, seconds, errors = _visit(context, f"{base}/statements")
    assert page.locator("nav.pager b.total").first.inner_text() == str(counts["statements"])
    page, size, seconds, errors = _visit(context, f"{base}/forecasts")
    assert page.locator(".count[data-status=all]").inner_text() == str(counts["forecasts"])
    assert size < PAGE_BYTES and errors == []


def test_timeline_clips_outliers_and_folds_lanes(volume, context):
    page, size, seconds, errors = _visit(context, f"{volume['base']}/timeline", "svg#timeline")
    assert size < PAGE_BYTES and seconds < DRAW_SECONDS and errors == []
    svg = page.locator("svg#timeline")
    assert int(svg.get_attribute("data-lanes")) == 13  # twelve actors and the rest folded
    assert int(svg.get_attribute("data-cells")) > 100 and int(svg.get_attribute("data-bars")) == 0
    clipped = page.locator("#clipped").inner_text()
    assert f"{volume['counts']['outliers']} earlier" in clipped
    since = page.locator("input[name=since]").input_value()
    assert since.startswith("2022-")  # where the facts are, not 1962
    assert page.locator("text=statement").first.is_visible()  # statements in the legend
    top = svg.bounding_box()["y"]
    assert page.locator("svg#timeline .tick-label").first.bounding_box()["y"] - top < 30  # the axis on top
    page.screenshot(path=str(ARTIFACTS / "volume-timeline.png"))
    page.locator("#zoom-in").click()
    page.wait_for_load_state()
    assert page.locator("input[name=since]").input_value() > since
    page.locator("svg#timeline a rect.cell").first.click()  # a cell zooms to its actor and period
    page.wait_for_load_state()
    assert "actor=" in page.url and int(page.get_attribute("svg#timeline", "data-bars")) > 0


def test_map_draws_every_located_event_clustered(volume, context):
    page, size, seconds, errors = _visit(context, f"{volume['base']}/map", "#map[data-basemap=loaded]")
    assert size < PAGE_BYTES and seconds < DRAW_SECONDS and errors == []
    assert int(page.get_attribute("#map", "data-events")) == volume["counts"]["located"]
    assert page.locator("#map-counts b.total").inner_text() == str(volume["counts"]["located"])
    clusters = page.locator(".place-marker")
    assert 0 < clusters.count() < 40  # clustered at this zoom, not 600 circles
    page.screenshot(path=str(ARTIFACTS / "volume-map.png"))
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(400)
    page.locator(".place-marker").first.click()
    page.wait_for_timeout(400)
    links = page.locator(".map-popup a")
    if links.count() == 0:  # a cluster opened into markers: open one
        page.locator(".place-marker").first.click()
        page.wait_for_timeout(400)
    href = page.locator(".map-popup a").first.get_attribute("href")
    assert href.startswith("/documents/") and "#event%3A" in href


def test_network_top_actors_drag_zoom_and_filter(volume, context):
    page, size, seconds, errors = _visit(context, f"{volume['base']}/network", "svg#network[data-nodes]")
    assert size < PAGE_BYTES and seconds < DRAW_SECONDS and errors == []
    nodes = int(page.get_attribute("svg#network", "data-nodes"))
    assert 5 <= nodes <= 30
    assert page.locator("svg#network .node text").count() == nodes
    page.wait_for_selector("svg#network[data-settled=true]", timeout=DRAW_SECONDS * 1000)
    node = page.locator("svg#network .node").first
    before = node.bounding_box()
    page.mouse.move(before["x"] + before["width"] / 2, before["y"] + before["height"] / 2)
    page.mouse.down()
    page.mouse.move(before["x"] + 80, before["y"] + 60, steps=5)
    page.mouse.up()
    assert node.bounding_box()["x"] != before["x"]  # dragged
    page.mouse.wheel(0, -300)  # zoom
    node.click()
    link = page.locator("#node-events")
    assert link.get_attribute("href").startswith("/events?actor=")
    page.screenshot(path=str(ARTIFACTS / "volume-network.png"))
    link.click()
    page.wait_for_load_state()
    assert int(page.locator("nav.pager b.total").first.inner_text()) > 0


def test_phone_layout_and_reader(volume, context):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{volume['base']}/events")
    assert page.locator("#menu-button").is_visible() and not page.locator("#nav").is_visible()
    page.locator("#menu-button").click()
    assert page.locator("#nav a[href='/map']").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # tables scroll in their box
    page.screenshot(path=str(ARTIFACTS / "volume-phone.png"))
    page.goto(f"{volume['base']}/documents/1")
    assert page.locator("#text p.para").count() == 4  # report 1: three sentences and a forecast, apart
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    desk = context.new_page()
    desk.goto(f"{volume['base']}/documents/1")
    assert desk.evaluate("getComputedStyle(document.getElementById('facts')).position") == "sticky"
    form = desk.locator("#events li.fact").first
    form.locator("details.review summary").click()
    assert form.locator("input[name=actors]").input_value() != ""  # filled with the current values
    assert form.locator("input[name=date_start]").input_value().count("-") == 2
