"""The domain knowledge base: countries, places, equipment, organisations, people, verbs.

Knowledge lives in data files under ``data/`` with their sources noted; this module loads them once.
"""

from __future__ import annotations

import functools


class KnowledgeBase:
    pass


@functools.lru_cache(maxsize=1)
def load_knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()
