"""Analysis of Competing Hypotheses over stored evidence.

A hypothesis set (YAML: hypotheses and indicators) is loaded into the store; each indicator is a query
over stored facts, every match a row of the matrix. The CLI (``sitrep hypotheses``, ``sitrep ach``,
``sitrep watch``) and the web face are thin readings of these functions.
"""

from __future__ import annotations

from .export import brief, to_csv
from .history import series
from .matrix import Matrix, Row
from .schema import HypothesisFileError, HypothesisSetSpec, parse
from .sets import HypothesisError, add_row, edit, get_set, init_set, matrix, set_names
from .watch import scan, triggers

__all__ = [
    "HypothesisError",
    "HypothesisFileError",
    "HypothesisSetSpec",
    "Matrix",
    "Row",
    "add_row",
    "brief",
    "edit",
    "get_set",
    "init_set",
    "matrix",
    "parse",
    "scan",
    "series",
    "set_names",
    "to_csv",
    "triggers",
]
