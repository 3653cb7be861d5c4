"""Who may import whom: routes call services, services own the knowledge work, and the
kiosk's core (and everything but the app that mounts the webhooks) knows no connector."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What a route may take from the knowledge layer: the catalog's models (response schemas).
ROUTE_KNOWLEDGE = {"knowledge.catalog.models"}
# The composition roots: they open the channels next to the API.
CONNECTOR_ROOTS = {REPO / "kiosk" / "app.py"}


def imports(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def sources(*parts: str) -> list[Path]:
    files = sorted((REPO.joinpath(*parts)).rglob("*.py"))
    assert files, parts
    return files


def test_routes_import_only_models_from_the_knowledge_layer() -> None:
    found = {
        f"{path.relative_to(REPO)}: {module}"
        for path in sources("kiosk", "api", "routes")
        for module in imports(path)
        if module.startswith("knowledge") and module not in ROUTE_KNOWLEDGE
    }
    assert found == set()


def test_the_kiosk_knows_no_connector_outside_its_app() -> None:
    found = {
        f"{path.relative_to(REPO)}: {module}"
        for path in sources("kiosk")
        if path not in CONNECTOR_ROOTS
        for module in imports(path)
        if module == "connectors" or module.startswith("connectors.")
    }
    assert found == set()


def test_no_production_code_reads_dependency_overrides() -> None:
    found = [
        str(path.relative_to(REPO))
        for package in ("kiosk", "connectors", "knowledge")
        for path in sources(package)
        if "dependency_overrides" in path.read_text(encoding="utf-8")
    ]
    assert found == []
