"""Action unit tests in the rasa-sdk style: an inline Tracker, one action run, exact events.

They run in the Rasa venv, where rasa_sdk lives:

    .venv-rasa/bin/python -m pytest tests/bot/actions -p no:cacheprovider

The actions call a real kiosk: the session's `kiosk` fixture (tests/stack.py) serves
`python -m kiosk serve` from the main venv with its clock pinned at Monday 23/11/2026
09:00, so "ngày mai" is Tuesday 24/11/2026 in every test. Tests share that kiosk; each
books its own day and time so they never take each other's slots. Helpers: harness.py.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from harness import BOT


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """bot/domain/*.yml merged the way Rasa merges a domain folder."""
    merged: dict[str, Any] = {}
    for path in sorted((BOT / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, value in part.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
    return merged


@pytest.fixture
def kiosk_api(kiosk: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The actions talk to the session's kiosk; its API base URL."""
    monkeypatch.setenv("MOTCUA_KIOSK_URL", kiosk.url)
    return str(kiosk.api)
