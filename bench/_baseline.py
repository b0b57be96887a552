"""The previous across-reports modules (commit 695ecc4, before issue 13), read from git for baselines."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMIT = "695ecc4"


def load(commit: str = COMMIT) -> types.SimpleNamespace | None:
    """``events``, ``clustering`` and ``contradictions`` as they were at ``commit``, under private
    module names; None where git or the commit is not at hand."""
    mods = {}
    for name in ("events", "clustering", "contradictions"):
        try:
            src = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{commit}:sitrep/across/{name}.py"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        for other in ("events", "clustering", "contradictions"):
            src = src.replace(f"from .{other} import", f"from ._old_{other} import")
        module = types.ModuleType(f"sitrep.across._old_{name}")
        module.__package__ = "sitrep.across"
        sys.modules[module.__name__] = module
        exec(compile(src, f"{commit}:sitrep/across/{name}.py", "exec"), module.__dict__)  # noqa: S102
        mods[name] = module
    return types.SimpleNamespace(**mods)
