"""A supervisor's draft entry (every fact unverified) is staff-only until a supervisor
publishes it: both sides through the real API, before and after publishing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.core.config import Settings
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import NOW
from tests.kiosk.drafts import ASKED
from tests.kiosk.drafts import LIBRARY_CARD as DRAFT
from tests.kiosk.drafts import LIBRARY_CARD_ID as DRAFT_ID
from tests.loopback import closed_port_url

API = "/api/v1"
BOOKING = {
    "field": "Văn hóa",
    "starts_at": "2026-11-24T08:00:00",
    "name": "Nguyễn Văn An",
    "phone": "0912345678",
    "procedure_id": DRAFT_ID,
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"speech_enabled": False, "rasa_url": closed_port_url()}  # chat by retrieval
    )


@pytest.fixture
def supervisor(
    app: FastAPI,
    client: TestClient,
    knowledge_dir: Path,
    staff_login: Callable[..., dict[str, str]],
) -> TestClient:
    """A supervisor's session on an app whose data folder holds a copy of the index, with
    one draft created from the analytics page."""
    index = KnowledgeSettings(data_dir=knowledge_dir).index_dir
    shutil.copytree(index, app.state.settings.data_dir / "index")
    staff_login(client, "supervisor")
    created = client.post(f"{API}/analytics/drafts", json=DRAFT)
    assert created.status_code == 201, created.text
    assert created.json()["procedure_id"] == DRAFT_ID
    return client


@pytest.fixture
def citizen(app: FastAPI, supervisor: TestClient) -> TestClient:
    """Another client of the same running app, without a staff session."""
    return TestClient(app)


def search_ids(client: TestClient, query: str = ASKED) -> list[str]:
    answer = client.get(f"{API}/procedures/search", params={"q": query, "k": 10})
    assert answer.status_code == 200, answer.text
    return [hit["id"] for hit in answer.json()["hits"]]


def chat_cards(client: TestClient) -> list[str]:
    reply = client.post(f"{API}/chat", json={"session_id": "draft", "message": ASKED}).json()
    assert reply["degraded"] is True
    return [m["custom"]["procedure"]["id"] for m in reply["messages"] if m["custom"]]


def refused(response: Any) -> bool:
    return bool(response.status_code == 404 and response.json()["error"] == "procedure_not_found")


def test_citizens_do_not_see_a_draft(citizen: TestClient) -> None:
    assert DRAFT_ID not in search_ids(citizen)
    assert refused(citizen.get(f"{API}/procedures/{DRAFT_ID}"))  # as an unknown id is
    assert refused(citizen.get(f"{API}/procedures/{DRAFT_ID}/forms"))
    assert DRAFT_ID not in chat_cards(citizen)
    assert refused(citizen.post(f"{API}/appointments", json=BOOKING))
    assert refused(citizen.post(f"{API}/checklists", json={"procedure_id": DRAFT_ID}))
    rating = {"score": "hài lòng", "procedure_id": DRAFT_ID}
    assert refused(citizen.post(f"{API}/ratings", json=rating))


def test_staff_see_a_draft_at_once(supervisor: TestClient) -> None:
    faq = supervisor.get(f"{API}/staff/faq", params={"q": ASKED}).json()
    assert faq["procedures"]["hits"][0]["id"] == DRAFT_ID
    [draft] = supervisor.get(f"{API}/analytics/drafts").json()
    assert draft["id"] == DRAFT_ID and draft["verified"]["verified"] == []
    assert DRAFT_ID not in search_ids(supervisor)  # the kiosk's search is the citizens'


def test_publishing_needs_a_supervisor_and_the_csrf_token(
    app: FastAPI,
    supervisor: TestClient,
    citizen: TestClient,
    staff_login: Callable[..., dict[str, str]],
) -> None:
    publish = f"{API}/analytics/drafts/{DRAFT_ID}/publish"
    assert citizen.post(publish).status_code == 401
    staff = TestClient(app)
    staff_login(staff, "staff")
    assert staff.post(publish).status_code == 403
    token = supervisor.headers.pop("X-CSRF-Token")
    no_token = supervisor.post(publish)
    assert no_token.status_code == 403 and no_token.json()["error"] == "csrf_rejected"
    supervisor.headers["X-CSRF-Token"] = token
    assert supervisor.get(f"{API}/analytics/drafts").json()[0]["id"] == DRAFT_ID
    assert DRAFT_ID not in search_ids(citizen)


def test_a_published_draft_reaches_citizens_with_who_and_when(
    app: FastAPI, supervisor: TestClient, citizen: TestClient
) -> None:
    me = supervisor.get(f"{API}/staff/me").json()
    published = supervisor.post(f"{API}/analytics/drafts/{DRAFT_ID}/publish")
    assert published.status_code == 200, published.text
    record = published.json()
    assert record["procedure_id"] == DRAFT_ID and me["username"] in record["published_by"]
    assert record["published_at"] == NOW.isoformat()
    kept = yaml.safe_load((app.state.settings.data_dir / "publications.yaml").read_text())
    assert kept == [{"id": DRAFT_ID, "by": record["published_by"], "at": NOW.isoformat()}]

    assert search_ids(citizen)[0] == DRAFT_ID
    entry = citizen.get(f"{API}/procedures/{DRAFT_ID}").json()
    assert entry["verified"]["checked_against"] == "chưa đối chiếu"  # still unverified
    assert citizen.get(f"{API}/procedures/{DRAFT_ID}/forms").status_code == 200
    assert DRAFT_ID in chat_cards(citizen)
    assert citizen.post(f"{API}/appointments", json=BOOKING).status_code == 201
    assert citizen.post(f"{API}/checklists", json={"procedure_id": DRAFT_ID}).status_code == 201
    assert supervisor.get(f"{API}/analytics/drafts").json() == []

    again = supervisor.post(f"{API}/analytics/drafts/{DRAFT_ID}/publish")
    assert again.status_code == 422 and again.json()["error"] == "catalog_edit_rejected"
    unknown = supervisor.post(f"{API}/analytics/drafts/khong.co/publish")
    assert unknown.status_code == 404
