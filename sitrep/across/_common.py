"""What the across-reports modules share: their error, the analyst's name, audit rows."""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy.orm import Session

from ..errors import SitrepError
from ..store.tables import AuditEntry
from ..store.write import now


class AcrossError(SitrepError):
    """An analyst's decision across reports cannot be recorded as asked (bad grade, unknown forecast...)."""

    code = "E201"


def analyst(by: str | None = None) -> str:
    """Who decides: the name given, else the login name (audit rows must name someone)."""
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def audit(session: Session, by: str, action: str, kind: str, key: str, detail: dict[str, Any]) -> None:
    session.add(
        AuditEntry(at=now(), actor=by, action=action, target_kind=kind, target_key=key, detail=detail)
    )
