"""The pipeline on a Dask cluster: workers analyse batches, the calling process alone writes.

Writing stays in one place (the client) so ingest through Dask keeps every guarantee of a serial
run: one transaction per document, duplicates skipped, input order kept. ``local`` starts a small
``LocalCluster`` of processes on this machine; ``tcp://host:port`` joins an existing scheduler, whose
workers need sitrep and the same spaCy model installed.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import StoreError

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Document
    from .sources import Article

# One pipeline per worker process, built on its first batch and kept: loading spaCy costs seconds.
_PIPELINES: dict[Any, Any] = {}


def _dask_batch(config: Config, documents: list[Document]) -> list:
    from ..pipeline import Pipeline
    from .ingest import analyse_batch

    key = (config.model, config.stages)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(config)
    return analyse_batch(_PIPELINES[key], documents)


@contextmanager
def client(address: str, workers: int | None = None) -> Iterator[Any]:
    """A Dask client on ``address`` (``local`` starts and later stops a LocalCluster of processes)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise StoreError("--dask needs dask.distributed: pip install 'dask[distributed]'") from None
    if address == "local":
        n = workers if workers and workers > 1 else min(2, os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            with Client(cluster) as c:
                yield c
        finally:
            cluster.close()
        return
    if not address.startswith(("tcp://", "tls://")):
        raise StoreError(f"--dask {address!r}: give 'local' or a scheduler address such as tcp://host:8786")
    try:
        c = Client(address, timeout="15s")
    except OSError as exc:
        raise StoreError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with c:
        yield c


def analyse(
    batches: Iterable[list[Article]], config: Config, address: str, workers: int | None = None
) -> Iterator[tuple[Article, Any]]:
    """(article, result) in input order; a bounded number of batches in flight so memory stays flat."""
    with client(address, workers) as c:
        in_flight_max = 2 * max(1, len(c.scheduler_info().get("workers", {})))
        in_flight: deque = deque()
        for batch in batches:
            future = c.submit(_dask_batch, config, [a.document for a in batch], pure=False)
            in_flight.append((batch, future))
            if len(in_flight) >= in_flight_max:
                done, future = in_flight.popleft()
                yield from zip(done, future.result(), strict=True)
        while in_flight:
            done, future = in_flight.popleft()
            yield from zip(done, future.result(), strict=True)
