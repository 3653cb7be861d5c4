"""The analytics page in Debian's Chromium: charts drawn offline, the Decision 766 note,
the forecast's back-test, an unanswered question fixed with an alias, a draft published
for citizens; an admin deletes a citizen's data by phone. Screenshots go to
tests/artifacts/staff/ (git-ignored)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from kiosk.core.config import Settings
from kiosk.core.vocab import TicketStatus
from kiosk.store.models import Ticket
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import (
    NOW,
    STAFF_PASSWORD,
    MovableClock,
    Serve,
    create_staff,
    staff_http,
)
from tests.kiosk.drafts import LIBRARY_CARD as DRAFT
from tests.kiosk.drafts import LIBRARY_CARD_ID

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "staff"
UNANSWERED = "giấy chào đời cho em bé"
EDIT_MS = 60_000


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        speech_enabled=False,
        fixed_now=NOW,  # the app's retention run must not age the seeded transcripts
        rasa_url="http://127.0.0.1:9",  # discard port: Rasa is down, chat uses retrieval
    )


@pytest.fixture
def base_url(app: FastAPI, serve: Serve, knowledge_dir: Path) -> Iterator[str]:
    """The app on loopback; its data folder holds a copy of the session's index, so a
    catalog edit re-encodes only what changed."""
    index = KnowledgeSettings(data_dir=knowledge_dir).index_dir
    shutil.copytree(index, app.state.settings.data_dir / "index")
    with serve(app) as url:
        yield url


def seed(app: FastAPI, base_url: str) -> None:
    """Eight weeks of queue numbers, some ratings, citizens' questions and one booking."""
    tickets = []
    for offset in range(1, 57):
        day = NOW.date() - dt.timedelta(days=offset)
        if day.weekday() == 6:
            continue
        for n in range(1, 6 + (day.weekday() == 0) * 4 + offset % 3):
            issued = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(minutes=7 * n)
            called = issued + dt.timedelta(minutes=3 * n)
            field = "Hộ tịch" if n % 3 else "Chứng thực"
            tickets.append(
                Ticket(
                    day=day,
                    field=field,
                    number=n,
                    label=f"HT-{n:03d}",
                    priority="không",
                    status=TicketStatus.DONE,
                    issued_at=issued,
                    called_at=called,
                )
            )
    with app.state.runtime.db.write() as session:
        session.add_all(tickets)
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=60) as http:
        for score in ("rất hài lòng", "hài lòng", "hài lòng", "không hài lòng"):
            assert http.post("/ratings", json={"score": score}).status_code == 201
        for message in (UNANSWERED, UNANSWERED, "làm giấy khai sinh", "đăng ký kết hôn"):
            http.post("/chat", json={"session_id": "e2e", "message": message})
        booking = {
            "field": "Hộ tịch",
            "starts_at": "2026-11-24T08:00:00",
            "name": "Nguyễn Văn An",
            "phone": "0912345678",
        }
        assert http.post("/appointments", json=booking).status_code == 201
    app.state.runtime.questions.flush()


def library_hits(base_url: str) -> list[str]:
    """What a citizen's search for a library card finds."""
    answer = httpx.get(f"{base_url}/api/v1/procedures/search", params={"q": "làm thẻ thư viện"})
    return [hit["id"] for hit in answer.json()["hits"] if "thu-vien" in hit["id"]]


def log_in(page: Page, username: str) -> None:
    page.goto("/staff#analytics")
    page.fill("#username", username)
    page.fill("#password", STAFF_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_analytics_page(browser: Browser, base_url: str, app: FastAPI, clock: MovableClock) -> None:
    seed(app, base_url)
    http = staff_http(app, clock, base_url, "supervisor")
    try:
        assert http.post("/api/v1/analytics/drafts", json=DRAFT).status_code == 201
    finally:
        http.close()
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=base_url, locale="vi-VN"
    )
    context.set_default_timeout(30_000)
    offsite: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.on(
        "request",
        lambda r: None if r.url.startswith((base_url, "blob:", "data:")) else offsite.append(r.url),
    )
    log_in(page, create_staff(app, clock, "supervisor"))

    expect(page.locator("[data-testid=questions-total]")).to_contain_text("4")
    expect(page.locator("[data-testid=satisfaction]")).to_contain_text("75,0%")
    expect(page.locator("[data-testid=satisfaction-note]")).to_contain_text("766/QĐ-TTg")
    expect(page.locator("[data-testid=waits]")).to_contain_text("số được gọi trong 15 phút")
    fields = page.locator("[data-testid=forecast-field]")
    expect(fields.first).to_contain_text("Tất cả lĩnh vực · Holt-Winters")
    expect(fields.first.locator("[data-testid=backtest]")).to_contain_text("MAE")
    assert page.locator("svg.chart").count() >= 7
    row = page.locator("[data-testid=unanswered]").first
    expect(row).to_contain_text(UNANSWERED)
    shot(page, "analytics-01")

    row.locator("select").select_option("ho-tich.khai-sinh")
    row.get_by_role("button", name="Thêm bí danh").click()
    # A catalog edit re-reads the catalog and re-encodes the changed procedure: seconds on a
    # busy machine, past expect's default of five.
    answered = page.locator("[data-testid=unanswered]").first
    expect(answered).to_contain_text("đã trả lời được", timeout=EDIT_MS)

    draft = page.locator("[data-testid=draft]")
    expect(draft).to_contain_text("Cấp thẻ thư viện công cộng")
    assert library_hits(base_url) == []  # citizens do not see the draft
    draft.get_by_role("button", name="Công bố").click()
    expect(page.locator("[data-testid=drafts-section]")).to_contain_text(
        "Không có mục nháp", timeout=EDIT_MS
    )
    assert library_hits(base_url)[0] == LIBRARY_CARD_ID
    shot(page, "analytics-01-published")
    context.close()

    admin = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=base_url)
    admin.set_default_timeout(30_000)
    page = admin.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, create_staff(app, clock, "admin"))
    page.fill("#privacy-phone", "0912 345 678")
    page.get_by_role("button", name="Xóa dữ liệu").click()
    expect(page.locator("[data-testid=privacy-section] .notice.ok")).to_contain_text("Đã xóa")
    expect(page.locator("[data-testid=privacy-section] table")).to_contain_text("091****678")
    shot(page, "analytics-02-privacy")
    admin.close()
    assert not errors and not offsite, (errors, offsite)
