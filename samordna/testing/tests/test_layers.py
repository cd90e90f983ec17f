"""Layers point one way: an app imports only apps below it (docs/architecture.md, "Layers").

The test parses every module's imports (tests and migrations excepted) and fails on an import of an app in the
same or a higher layer. `core` imports no domain app; the report kit imports no domain app; domain apps import
`core`, the kit and the apps below them; `demo` sits on top. A new app must be given its layer here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import samordna

ROOT = Path(samordna.__file__).resolve().parent

# Lower numbers are lower layers. Apps in one layer do not import each other.
LAYERS: dict[str, int] = {
    "core": 0,
    "reporting": 1,
    "organisations": 2,
    "interventions": 3,
    "participants": 4,
    "finance": 4,
    "activities": 4,
    "surveys": 5,
    "publications": 5,
    "planning": 6,
    "reports": 6,
    "accounts": 6,
    "onboarding": 6,
    "governance": 5,
    "documents": 7,
    "demo": 8,
}
# Not apps: the project's own modules (settings, URLs, the test support) may import anything.
UNLAYERED = {"settings", "urls", "api_urls", "wsgi", "manage", "env", "testing", "__init__"}

# Imports allowed to break the rule, each with its reason. There are none; the list only ever shrinks (the
# test fails when an entry no longer occurs).
KNOWN: set[tuple[str, str]] = set()


def _imported_apps(path: Path) -> set[str]:
    """The samordna apps a module imports (absolute imports only; the code base uses no relative ones)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    apps: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "samordna" and len(parts) > 1:
                apps.add(parts[1])
    return apps


def _modules() -> list[tuple[str, str, Path]]:
    """(app, path relative to the package, path) for every production module of an app."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = relative.parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        found.append((parts[0], relative.as_posix(), path))
    return found


def _violations() -> set[tuple[str, str]]:
    found = set()
    for app, relative, path in _modules():
        if app in UNLAYERED:
            continue
        assert app in LAYERS, f"{app}: give the new app its layer in LAYERS ({__name__})"
        for imported in _imported_apps(path) - {app} - UNLAYERED:
            assert imported in LAYERS, f"{relative} imports samordna.{imported}, which has no layer"
            if LAYERS[imported] >= LAYERS[app]:
                found.add((relative, imported))
    return found


def test_no_module_imports_an_app_in_its_own_or_a_higher_layer() -> None:
    new = sorted(_violations() - KNOWN)
    assert new == [], "upward or sideways imports (move the code, or read through the lower app's selectors): " + str(
        new
    )


def test_the_list_of_known_exceptions_only_shrinks() -> None:
    gone = sorted(KNOWN - _violations())
    assert gone == [], f"these imports are gone: remove them from KNOWN in {__name__}: {gone}"


def test_the_parser_sees_upward_imports() -> None:
    """The check itself: a module of `core` importing a domain app is found."""
    sample = ROOT / "core" / "navigation.py"
    assert "core" in _imported_apps(sample)
    assert LAYERS["participants"] > LAYERS["core"]
