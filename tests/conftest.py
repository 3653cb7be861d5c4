"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# tests/stack.py: session fixtures that start a real kiosk + Rasa action server + Rasa
# server (`kiosk`, `rasa_model`, `action_server`, `rasa_server`, `stack`); see its docstring.
# tests/postgres_server.py: `postgres_server`, a throwaway PostgreSQL server (session).
# tests/topology.py: `topology`, the production topology on this machine (session).
pytest_plugins = ["stack", "postgres_server", "topology"]

# Models come from site-packages only; a test must never reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


def shared_dir() -> Path:
    """../shared beside the checkout (CI puts it there); MOTCUA_SHARED overrides."""
    return Path(os.environ.get("MOTCUA_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    folder = shared_dir()
    assert (folder / "catalog-coverage.csv").is_file(), f"missing shared data at {folder}"
    return folder


@pytest.fixture(scope="session")
def plans_dir(shared: Path) -> Path:
    folder = shared / "corpus" / "plans"
    assert len(list(folder.glob("*.txt"))) == 5, f"expected the five plans in {folder}"
    return folder
