"""The pipeline over many documents: in this process, in worker processes, or on a Dask cluster.

Workers only analyse; whoever calls (the store's ingest) writes, in input order, so every guarantee
of a serial run holds. ``finish`` runs in the worker after the pipeline, for per-document work the
caller would otherwise do in its own process (the store's near-duplicate signature): the parent
must not compete with its workers for the cores.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ..config import VERSION, Config
from ..errors import ParallelError
from ..model import Document
from . import Pipeline

Finish = Callable[[Document], Any]


class Carrier(Protocol):
    """Anything that carries a document to analyse (the sources' ``Article``)."""

    document: Document


C = TypeVar("C", bound=Carrier)


@dataclass
class Analysed:
    document: Document
    version: str
    extra: Any = None  # what ``finish`` computed in the worker


def pipeline_version(pipeline: Pipeline) -> str:
    meta = pipeline.resources.nlp.meta
    stages = ",".join(pipeline.config.stages)
    return f"sitrep {VERSION}; {meta.get('lang')}_{meta.get('name')} {meta.get('version')}; {stages}"


def analyse_batch(
    pipeline: Pipeline, documents: list[Document], finish: Finish | None = None
) -> list[Analysed | str]:
    """Analyse a batch; when the batch fails, retry one by one so only the bad document is lost."""
    version = pipeline_version(pipeline)
    try:
        done = list(pipeline.pipe(documents))
    except Exception:  # noqa: BLE001 - any stage bug must cost one document, not the run
        return [_analyse_one(pipeline, d, version, finish) for d in documents]
    return [_result(d, version, finish) for d in done]


def _analyse_one(
    pipeline: Pipeline, document: Document, version: str, finish: Finish | None
) -> Analysed | str:
    try:
        return _result(pipeline(document), version, finish)
    except Exception as exc:  # noqa: BLE001
        return f"the pipeline failed: {type(exc).__name__}: {exc}"


def _result(document: Document, version: str, finish: Finish | None) -> Analysed:
    document.spacy_doc = None  # transient, and too heavy to send between processes
    return Analysed(document, version, finish(document) if finish else None)


def analyse(
    items: Iterable[C],
    config: Config,
    *,
    workers: int = 1,
    pipeline: Pipeline | None = None,
    dask: str | None = None,
    finish: Finish | None = None,
) -> Iterator[tuple[C, Analysed | str]]:
    """(item, result) in input order, batched; a bounded number of batches in flight.

    ``finish`` must be a module-level function when ``workers > 1`` or ``dask`` is set (it is pickled).
    """
    batches = _batches(items, config.batch_size)
    if dask:
        yield from _on_dask(batches, config, dask, workers, finish)
        return
    if workers <= 1:
        pipeline = pipeline or Pipeline(config)
        for batch in batches:
            yield from zip(batch, analyse_batch(pipeline, [a.document for a in batch], finish), strict=True)
        return
    yield from _on_processes(batches, config, workers, finish)


def _batches(items: Iterable[C], size: int) -> Iterator[list[C]]:
    batch: list[C] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- worker processes -----------------------------------------------------------------------------

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline(config)


def _worker_batch(documents: list[Document], finish: Finish | None) -> list[Analysed | str]:
    assert _WORKER_PIPELINE is not None
    return analyse_batch(_WORKER_PIPELINE, documents, finish)


def _on_processes(
    batches: Iterator[list[C]], config: Config, workers: int, finish: Finish | None
) -> Iterator[tuple[C, Analysed | str]]:
    import multiprocessing

    # spawn: the same behaviour on every platform, and no forked copies of open database connections
    with multiprocessing.get_context("spawn").Pool(workers, _init_worker, (config,)) as pool:
        in_flight: deque = deque()
        for batch in batches:
            documents = [a.document for a in batch]
            in_flight.append((batch, pool.apply_async(_worker_batch, (documents, finish))))
            if len(in_flight) >= 2 * workers:
                done, result = in_flight.popleft()
                yield from zip(done, result.get(), strict=True)
        while in_flight:
            done, result = in_flight.popleft()
            yield from zip(done, result.get(), strict=True)


# -- Dask -------------------------------------------------------------------------------------------

# One pipeline per Dask worker process, built on its first batch and kept: loading spaCy costs seconds.
_DASK_PIPELINES: dict[Any, Pipeline] = {}


def _dask_batch(config: Config, documents: list[Document], finish: Finish | None) -> list[Analysed | str]:
    key = (config.model, config.stages)
    if key not in _DASK_PIPELINES:
        _DASK_PIPELINES[key] = Pipeline(config)
    return analyse_batch(_DASK_PIPELINES[key], documents, finish)


@contextmanager
def dask_client(address: str, workers: int | None = None) -> Iterator[Any]:
    """A Dask client on ``address``: ``local`` starts (and later stops) a LocalCluster of processes;
    ``tcp://host:port`` joins a scheduler whose workers have sitrep and the same model installed."""
    from dask.distributed import Client, LocalCluster

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
        raise ParallelError(
            f"--dask {address!r}: give 'local' or a scheduler address such as tcp://host:8786"
        )
    try:
        c = Client(address, timeout="15s")
    except OSError as exc:
        raise ParallelError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with c:
        yield c


def _on_dask(
    batches: Iterator[list[C]], config: Config, address: str, workers: int | None, finish: Finish | None
) -> Iterator[tuple[C, Analysed | str]]:
    with dask_client(address, workers) as c:
        in_flight_max = 2 * max(1, len(c.scheduler_info().get("workers", {})))
        in_flight: deque = deque()
        for batch in batches:
            future = c.submit(_dask_batch, config, [a.document for a in batch], finish, pure=False)
            in_flight.append((batch, future))
            if len(in_flight) >= in_flight_max:
                done, future = in_flight.popleft()
                yield from zip(done, future.result(), strict=True)
        while in_flight:
            done, future = in_flight.popleft()
            yield from zip(done, future.result(), strict=True)
