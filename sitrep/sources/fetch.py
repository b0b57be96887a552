"""Fetching a web page for ingest, guarded: public addresses only, bounded size and time.

A URL given to sitrep (or found in a feed) must not reach the analyst's own network: a page could
point at ``http://169.254.169.254/`` or an intranet host. So every hop, the first and each redirect,
is resolved first and refused when any address is loopback, private, link-local, multicast, reserved
or unspecified; the request then goes to the address that was checked (the host name still in the
``Host`` header and TLS SNI), so a second DNS answer cannot swap it for another. ``allow_private``
lifts the address check, nothing else.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..config import VERSION
from ..errors import InputError, SitrepError
from ..model import Document
from .files import Article, Failure, Item, html_document
from .reader import decode, make_document

MAX_BYTES = 5 * 1024 * 1024  # a news page is well under 1 MB; more is a file, not an article
TIMEOUT = 30.0  # seconds for the whole fetch, redirects included
MAX_REDIRECTS = 5
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
USER_AGENT = f"sitrep/{VERSION} (conflict-reporting analysis)"
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(SitrepError):
    """A URL could not or must not be fetched: refused address, too large, wrong type, HTTP error."""

    code = "E110"


@dataclass
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    content_type: str
    body: bytes


def refusal(address: str) -> str | None:
    """Why ``address`` is not a public one (None when it is)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "unspecified", "link_local", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return f"{'an' if kind[0] == 'u' else 'a'} {kind.replace('_', '-')} address"
    if not ip.is_global:
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (a literal address resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    accept: frozenset[str] = PAGE_TYPES,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
    max_redirects: int = MAX_REDIRECTS,
) -> Page:
    """GET ``url`` under the guard; raises :class:`FetchError` with a one-line reason."""
    import httpx

    try:
        return _fetch(url, allow_private, accept, max_bytes, timeout, max_redirects)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g}s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}") from None


def _fetch(
    url: str, allow_private: bool, accept: frozenset[str], max_bytes: int, timeout: float, max_redirects: int
) -> Page:
    import httpx

    deadline = time.monotonic() + timeout
    current = _parse(url)
    with httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False) as client:
        for _hop in range(max_redirects + 1):
            with _send(client, current, allow_private) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = _parse(str(current.join(response.headers["location"])))
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"the server answered HTTP {response.status_code}")
                ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype not in accept:
                    wanted = ", ".join(sorted(accept))
                    raise FetchError(f"content type {ctype or '(none)'} is not one sitrep reads ({wanted})")
                body = _read(response, max_bytes, deadline, timeout)
                return Page(url, str(current), ctype, _utf8(body, response.charset_encoding))
    raise FetchError(f"more than {max_redirects} redirects")


def _parse(url: str):
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parsed.scheme or 'a bare path'}")
    if not parsed.host:
        raise FetchError("the URL has no host")
    return parsed


def _send(client, url, allow_private: bool):
    """Open a streamed request to a checked address of ``url``'s host, keeping the host name for TLS."""
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = resolve(url.host, port)
    if not allow_private:
        for address in addresses:
            why = refusal(address)
            if why:
                named = f"{address} is" if url.host == address else f"{url.host} resolves to {address},"
                raise FetchError(f"refused: {named} {why} (--allow-private fetches from your own network)")
    pinned = url.copy_with(host=addresses[0])
    headers = {"Host": url.netloc.decode("ascii"), "User-Agent": USER_AGENT, "Accept": "*/*"}
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    return client.stream("GET", pinned, headers=headers, extensions=extensions)


def _read(response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, streamed, stopped as soon as it passes ``max_bytes`` or the time runs out."""
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{int(declared):,} bytes is over the limit of {max_bytes:,} bytes for one page")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the page is over the limit of {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g}s")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(body: bytes, charset: str | None) -> bytes:
    """Pages in other encodings, re-encoded: the readers take UTF-8 only."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return body
    try:
        return body.decode(charset, errors="replace").encode("utf-8")
    except LookupError:
        return body


def page_document(page: Page) -> Document:
    """The article a fetched page holds: HTML main text (with title and date), or plain text."""
    if page.content_type in HTML_TYPES:
        return html_document(page.body, page.url, url=page.url)
    return make_document(decode(page.body, page.url), url=page.url)


def fetch_document(url: str, *, allow_private: bool = False, max_bytes: int = MAX_BYTES) -> Document:
    return page_document(fetch(url, allow_private=allow_private, max_bytes=max_bytes))


def read_urls(
    urls: Iterable[str], *, allow_private: bool = False, max_bytes: int = MAX_BYTES
) -> Iterator[Item]:
    """Articles from URLs for :func:`sitrep.store.ingest`; each problem a :class:`Failure`, never a raise."""
    for url in urls:
        try:
            yield Article(url, fetch_document(url, allow_private=allow_private, max_bytes=max_bytes))
        except SitrepError as exc:
            yield Failure(url, _reason(exc, url))


def _reason(exc: SitrepError, origin: str) -> str:
    message = exc.message if isinstance(exc, (FetchError, InputError)) else str(exc)
    return message.removeprefix(f"{origin}: ")
