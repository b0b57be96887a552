"""``sitrep ingest --url``: public addresses only (after DNS, on every hop), bounded size, pages only."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.sources import fetch
from sitrep.sources.fetch import FetchError, read_urls
from sitrep.store import ingest
from sitrep.store.tables import DocumentRow

from .conftest import STRIKE_TEXT

PAGE = f"""<!doctype html><html><head><title>Strike on Kyiv</title>
<meta name="date" content="2022-10-11"></head><body><nav>Home | World | Sport</nav>
<article><h1>Strike on Kyiv</h1><p>{STRIKE_TEXT}</p>
<p>Officials in Minsk said more aid convoys would follow in the coming weeks.</p></article>
<footer>Copyright the newspaper</footer></body></html>"""


class _Handler(SimpleHTTPRequestHandler):
    """Files from the served folder, plus redirects and a body sent without a length."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        type(self).requests.append(self.path)
        host = self.headers["Host"].split(":")[0]
        port = self.server.server_address[1]
        if self.path.startswith("/redirect/"):
            target = self.path.removeprefix("/redirect/")
            self.send_response(302)
            self.send_header("Location", target if "://" in target else f"http://{host}:{port}/{target}")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/endless.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: only the streamed count can stop it
            for _ in range(100):
                self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        else:
            super().do_GET()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A web server on 127.0.0.1 serving a page, a big page, binary files and redirects."""
    root: Path = tmp_path_factory.mktemp("www")
    (root / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "big.html").write_bytes(b"<html><body>" + b"<p>words</p>" * 500_000 + b"</body></html>")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (root / "disguised.html").write_bytes(b"<html>\x00\x01\x02\x03 binary</html>")
    (root / "note.txt").write_text(STRIKE_TEXT, encoding="utf-8")

    with serve(root) as url:
        yield url


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port for the duration of the block."""

    def handler(*args, **kwargs):
        return _Handler(*args, directory=str(root), **kwargs)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
        ("http://localhost:8000/a", "refused: localhost resolves to 127.0.0.1, a loopback address"),
        ("http://10.1.2.3/", "refused: 10.1.2.3 is a private address"),
        ("http://192.168.0.1/", "refused: 192.168.0.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 is a loopback address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "refused: 240.0.0.1 is a reserved address"),
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("ftp://example.org/a", "only http and https URLs are fetched, not ftp"),
    ],
)
def test_private_and_odd_addresses_are_refused(url, reason):
    with pytest.raises(FetchError) as caught:
        fetch.fetch(url)
    assert caught.value.message.startswith(reason)
    if reason.startswith("refused"):
        assert caught.value.message.endswith("(--allow-private fetches from your own network)")


def test_a_name_resolving_to_loopback_is_refused(monkeypatch):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == "news.example":
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with pytest.raises(FetchError, match=r"news.example resolves to 127.0.0.1, a loopback address"):
        fetch.fetch("https://news.example/story")


def test_every_redirect_hop_is_checked(server, monkeypatch):
    # The first hop counts as public here; its redirect to another loopback address must still be refused.
    real = fetch.refusal
    monkeypatch.setattr(fetch, "refusal", lambda a: None if a == "127.0.0.1" else real(a))
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match=r"\] refused: 127.0.0.2 is a loopback address"):
        fetch.fetch(f"{server}/redirect/http://127.0.0.2:{port}/page.html")
    with pytest.raises(FetchError, match=r"\] refused: 169.254.169.254 is a link-local address"):
        fetch.fetch(f"{server}/redirect/http://169.254.169.254/latest/meta-data/")


def test_allowed_page_is_fetched_with_title_and_date(server):
    page = fetch.fetch(f"{server}/redirect/page.html", allow_private=True)
    assert (page.url, page.final_url, page.content_type) == (
        f"{server}/redirect/page.html",
        f"{server}/page.html",
        "text/html",
    )
    document = fetch.page_document(page)
    assert document.title == "Strike on Kyiv"
    assert str(document.published) == "2022-10-11"
    assert document.url == f"{server}/redirect/page.html"
    assert "Russia struck Kyiv with 12 missiles on October 10" in document.text
    assert "Home | World" not in document.text and "Copyright" not in document.text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("big.html", "6,000,026 bytes is over the limit of 5,242,880 bytes for one page"),
        ("endless.html", "the page is over the limit of 500,000 bytes"),
        ("photo.png", "content type image/png is not one sitrep reads (application/xhtml+xml, text/html, "),
        ("disguised.html", "looks like a binary file, not text"),
        ("missing.html", "the server answered HTTP 404"),
        ("loop", "more than 5 redirects"),
    ],
)
def test_what_cannot_be_an_article_is_a_one_line_failure(server, path, reason):
    limit = 500_000 if path == "endless.html" else fetch.MAX_BYTES
    [failure] = read_urls([f"{server}/{path}"], allow_private=True, max_bytes=limit)
    assert failure.origin == f"{server}/{path}"
    assert failure.reason.startswith(reason)
    assert "\n" not in failure.reason


def test_fetched_pages_are_stored_once(store, fake_pipeline, server):
    urls = [f"{server}/page.html", f"{server}/note.txt", f"{server}/page.html"]
    stats = ingest(store, read_urls(urls, allow_private=True), pipeline=fake_pipeline)
    assert (stats.stored, stats.duplicates, stats.failures) == (2, 1, [])
    again = ingest(store, read_urls(urls[:1], allow_private=True), pipeline=fake_pipeline)
    assert (again.stored, again.duplicates) == (0, 1)
    with store.sessions() as s:
        row = s.scalar(select(DocumentRow).where(DocumentRow.title.is_not(None)))
    assert (row.url, row.title, str(row.published), row.origin) == (
        f"{server}/page.html",
        "Strike on Kyiv",
        "2022-10-11",
        f"{server}/page.html",
    )


def test_cli_refuses_then_allows(server, tmp_path, fake_pipeline, monkeypatch):
    _register()
    monkeypatch.setattr(sys.modules["sitrep.pipeline.parallel"], "Pipeline", lambda config: fake_pipeline)
    db = str(tmp_path / "web.db")
    runner = CliRunner()
    refused = runner.invoke(app, ["ingest", "--url", f"{server}/page.html", "--db", db, "-q"])
    assert refused.exit_code == 1
    assert (
        f"skipped {server}/page.html: refused: 127.0.0.1 is a loopback address "
        "(--allow-private fetches from your own network)" in refused.stderr
    )
    allowed = runner.invoke(
        app, ["ingest", "--url", f"{server}/page.html", "--allow-private", "--db", db, "-q"]
    )
    assert allowed.exit_code == 0, allowed.stderr
    assert "1 stored (0 near-duplicates linked), 0 already stored, 0 failed" in allowed.stderr
    nothing = runner.invoke(app, ["ingest", "--db", db])
    assert nothing.exit_code == 2
    assert "give files or folders, --url URL or --feed URL" in nothing.stderr
