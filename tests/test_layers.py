"""The house rule: a lower layer never imports a higher one (docs/architecture.md draws the layers).

Every import in the package is read from the source, the ones inside functions too, so a lazy import
cannot sneak a dependency upwards.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sitrep

PACKAGE = Path(sitrep.__file__).parent

# Lowest first. A module may import its own layer and the layers below it.
LAYERS = (
    ("errors", "config", "model"),
    ("knowledge", "timex", "sources", "nlp", "samples"),
    ("pipeline",),
    ("store",),
    ("across", "hypotheses"),
    ("web", "cli"),
)
LEVEL = {name: n for n, names in enumerate(LAYERS) for name in names}


def _part(module: str) -> str:
    """The top-level part of ``sitrep.x.y`` (``x``), or '' for the package face itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "sitrep" else ""


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a file, relative imports resolved."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.append((node.lineno, target))
            if node.module is None or node.level and not node.module:
                out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return out


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _part(_module_name(path))
        if here not in LEVEL:  # the package face (sitrep/__init__.py) hands names on
            continue
        for line, target in _imports(path):
            there = _part(target)
            if there in LEVEL and LEVEL[there] > LEVEL[here]:
                rel = path.relative_to(PACKAGE.parent)
                found.append(
                    f"{rel}:{line} ({here}, layer {LEVEL[here]}) imports {target} (layer {LEVEL[there]})"
                )
    return found


def test_every_part_of_the_package_has_a_layer():
    parts = {p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    assert sorted(parts - set(LEVEL) - {"__init__"}) == []


def test_no_lower_layer_imports_a_higher_one():
    assert violations() == []


def test_the_checker_sees_a_lazy_upward_import(tmp_path, monkeypatch):
    """The check itself can fail: a function-level import of the web face from the store is caught."""
    fake = tmp_path / "sitrep"
    (fake / "store").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "store" / "__init__.py").write_text("")
    (fake / "store" / "x.py").write_text("def f():\n    from ..web import app\n    return app\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert violations() == ["sitrep/store/x.py:2 (store, layer 3) imports sitrep.web (layer 5)"]
