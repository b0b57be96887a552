"""Clustering scaled out: the comparisons of blocks run on Dask, the merge runs here.

Comparing is where the time goes, and blocks are independent: events are cut into time buckets (a
month by default), each event also copied into the buckets its window reaches (plus the family's date
slack), so every pair whose windows overlap meets in the bucket of the later start. Each bucket's
agreeing pairs are computed on a worker (:func:`~sitrep.across.clustering.links`); the pairs come back
as a few integers each and one :func:`~sitrep.across.clustering.cluster` merges them, strongest first,
with the same veto as in one process. The result is the same clusters as :func:`cluster` gives alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .clustering import Cluster, candidate_pairs, cluster, links
from .keys import HAPPENING, EventKey, family_rule

BUCKET_DAYS = 31


def buckets(keys: Sequence[EventKey], days: int = BUCKET_DAYS) -> list[list[int]]:
    """Indices of ``keys`` per time bucket; an event sits in every bucket its window (plus slack) reaches."""
    out: dict[int, list[int]] = defaultdict(list)
    for n, k in enumerate(keys):
        slack = family_rule(k.family)["date_slack_days"]
        for b in range(k.lo // days, (k.hi + slack) // days + 1):
            out[b].append(n)
    return [out[b] for b in sorted(out)]


def bucket_links(part: list[EventKey]) -> list[tuple[int, int, int]]:
    """The agreeing pairs of one bucket, by position in ``part`` (run on a worker)."""
    return links(part, candidate_pairs(part))


def cluster_on_dask(
    keys: Sequence[EventKey],
    client,
    overrides: Iterable[tuple[str, str, str]] = (),
    *,
    days: int = BUCKET_DAYS,
) -> list[Cluster]:
    """:func:`cluster` with the comparisons spread over a Dask ``client``'s workers."""
    keys = [k for k in keys if k.kind == HAPPENING]
    parts = buckets(keys, days)
    futures = client.map(bucket_links, [[keys[i] for i in idx] for idx in parts], pure=False)
    pairs: set[tuple[int, int, int]] = set()
    for idx, found in zip(parts, client.gather(futures), strict=True):
        for score, i, j in found:
            a, b = idx[i], idx[j]
            pairs.add((score, min(a, b), max(a, b)))
    return cluster(keys, overrides, pairs=sorted(pairs))
