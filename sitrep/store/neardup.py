"""Near-duplicates: the same wire story in several outlets, found with MinHash and linked, not dropped.

Signatures are ``datasketch`` MinHashes over word 5-shingles. Locality-sensitive hashing runs inside
the database: each signature is cut into ``BANDS`` bands of ``ROWS`` values, each band hashed to one
indexed integer. Documents sharing a band are candidates; a candidate whose estimated Jaccard
similarity reaches ``THRESHOLD`` is a near-duplicate. With 32 bands of 4 rows a pair at similarity
0.5 becomes a candidate 87% of the time, at 0.7 more than 99.9%.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from .tables import DocumentBand, DocumentRow

NUM_PERM = 128
BANDS, ROWS = 32, 4
SHINGLE = 5
THRESHOLD = 0.5

_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes:
    """The MinHash signature of a text, as bytes for the ``documents.minhash`` column."""
    words = _WORD.findall(text.casefold())
    if len(words) <= SHINGLE:
        shingles = [" ".join(words).encode()]
    else:
        shingles = [" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)]
    mh = MinHash(num_perm=NUM_PERM)  # fixed default seed: signatures compare across runs
    mh.update_batch(shingles)
    return mh.hashvalues.astype("<u8").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    va, vb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(va == vb)) / NUM_PERM


def bands(sig: bytes) -> list[int]:
    """One signed 64-bit hash per band, to fit a BIGINT column on both back ends."""
    width = ROWS * 8
    return [
        int.from_bytes(
            hashlib.blake2b(sig[b * width : (b + 1) * width], digest_size=8).digest(), "big", signed=True
        )
        for b in range(BANDS)
    ]


# Built once: compiling the 32-band OR for every document cost more than the lookup itself.
# (A tuple IN would be shorter, but SQLite answers it with a scan of every band.)
_CANDIDATES = select(DocumentBand.document_id).where(
    or_(*(and_(DocumentBand.band == b, DocumentBand.hash == bindparam(f"h{b}")) for b in range(BANDS)))
)


def find_near_duplicate(session: Session, sig: bytes, exclude: int | None = None) -> tuple[int, float] | None:
    """The stored document most similar to ``sig`` above the threshold, as (root id, similarity).

    The link goes to the first copy of the story (the candidate's own original, when it has one),
    so every copy of a story points at one document.
    """
    params = {f"h{b}": h for b, h in enumerate(bands(sig))}
    candidate_ids = set(session.scalars(_CANDIDATES, params))
    candidate_ids.discard(exclude)
    if not candidate_ids:
        return None
    best: tuple[int, float] | None = None
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.minhash, DocumentRow.near_duplicate_of).where(
            DocumentRow.id.in_(candidate_ids)
        )
    )
    for doc_id, other, original in rows:
        score = similarity(sig, other) if other else 0.0
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (original or doc_id, score)
    return best


def band_rows(document_id: int, sig: bytes) -> list[dict]:
    return [{"document_id": document_id, "band": b, "hash": h} for b, h in enumerate(bands(sig))]
