"""A citizen's walk through the whole kiosk in Debian's Chromium, portrait 1080×1920: every
home tile, the assistant with "Gặp cán bộ", English, large text, high contrast and the idle
warning, each screen checked for kiosk sizes (targets ≥ 56 px, text ≥ 20 pt).

The screenshots are the README's pictures: docs/screens/*.png (each under 300 KB; taken at
half scale, 540×960, which keeps them small and legible).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from kiosk.core.config import Settings
from tests.kiosk.conftest import MovableClock, Serve, staff_http
from tests.kiosk.kiosk_ui import KIOSK_SCREEN, assert_kiosk_sized, tap_keys, wait_for
from tests.kiosk.kiosk_ui import shot as save_shot
from tests.loopback import closed_port_url

SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"
MAX_PNG_BYTES = 300_000
IDLE_SECONDS = 40  # the warning after 30 s without a touch, the reset 10 s later
TIMEOUT_MS = 20_000


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        speech_enabled=False,
        public_url="https://motcua.example.vn",
        telegram_bot_username="motcua_demo_bot",
        ui_idle_seconds=IDLE_SECONDS,
        rasa_url=os.environ.get("MOTCUA_TEST_RASA_URL") or closed_port_url(),
    )


@pytest.fixture
def base_url(app: FastAPI, serve: Serve) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        viewport=KIOSK_SCREEN, device_scale_factor=0.5, base_url=base_url, locale="vi-VN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    page.wait_for_selector("body[data-ready]")
    yield page
    context.close()
    assert not errors, errors


IMAGES_LOADED = "[...document.images].every((i) => i.complete && i.naturalWidth > 0)"


def shot(page: Page, name: str, full_page: bool = False) -> None:
    """A checked screen, kept for the README (once its QR codes have loaded)."""
    assert_kiosk_sized(page)
    wait_for(page, IMAGES_LOADED)
    path = save_shot(page, name, full_page=full_page, folder=SCREENS)
    assert path.stat().st_size < MAX_PNG_BYTES, f"{path.name}: {path.stat().st_size} bytes"


def home(page: Page) -> None:
    page.click("[data-testid=home]")
    expect(page.locator("main")).to_have_attribute("data-screen", "home")


def api(base_url: str, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(method, f"{base_url}/api/v1/{path}", timeout=30, **kwargs)
    assert response.status_code < 300, response.text
    return response.json()


def search_and_procedure(page: Page) -> None:
    page.click("[data-testid=tile-search]")
    tap_keys(page, "dang ky thuong tru")
    first = page.locator("[data-testid=results] .result").first
    expect(first).to_be_visible()
    shot(page, "02-search")
    first.click()
    expect(page.locator("main")).to_have_attribute("data-screen", "procedure")
    shot(page, "03-procedure")
    home(page)


def checklist(page: Page) -> None:
    page.click("[data-testid=tile-search-checklist]")
    page.fill("#f-q", "đăng ký khai sinh")
    page.locator("[data-testid=results] .result", has_text="Đăng ký khai sinh").first.click()
    expect(page.locator(".situation").first).to_be_visible()
    for question in page.locator(".situation").all():
        answer = (
            "Có" if "sinh tại cơ sở y tế" in (question.get_attribute("data-key") or "") else "Không"
        )
        question.locator(".choice", has_text=answer).first.click()
    page.locator(".check", has_text="Tờ khai đăng ký khai sinh").click()
    shot(page, "04-checklist-situations")
    page.click(".checklist-form button[type=submit]")
    expect(page.locator("[data-testid=checklist-code]")).to_have_text(re.compile(r"^DS-"))
    page.locator("[data-testid=checklist-result]").scroll_into_view_if_needed()
    shot(page, "05-checklist-saved")
    home(page)


def booking(page: Page) -> str:
    page.click("[data-testid=tile-booking]")
    page.click('.pick[data-field="Hộ tịch"]')
    page.locator(".day.free").nth(1).click()
    page.locator(".time").nth(2).click()
    page.click("#f-name")
    tap_keys(page, "^nguyeexn ^thij ^mai")
    page.click("#f-phone")
    tap_keys(page, "0912345678")
    shot(page, "06-booking")
    page.click(".booking-form button[type=submit]")
    code = page.locator("[data-testid=booking-code]")
    expect(code).to_have_text(re.compile(r"^LH-"))
    expect(page.locator("[data-testid=telegram-qr]")).to_be_visible()
    shot(page, "07-booking-done")
    booked = code.inner_text()
    page.click("[data-testid=to-manage]")
    page.fill("#f-code", booked)
    page.fill("#f-phone", "0912345678")
    page.click(".manage-form button[type=submit]")
    expect(page.locator("[data-testid=manage-reschedule]")).to_be_visible()
    shot(page, "08-booking-change")
    home(page)
    return booked


def queue(page: Page) -> None:
    page.click("[data-testid=tile-queue]")
    page.click('.pick[data-field="Chứng thực"]')
    page.click(".queue-form button[type=submit]")
    expect(page.locator("[data-testid=ticket-number]")).to_have_text(re.compile(r"^CT-\d{3}$"))
    shot(page, "09-queue-ticket")
    home(page)


def dossier(page: Page, base_url: str, app: FastAPI, clock: MovableClock) -> None:
    staff = staff_http(app, clock, base_url)
    export = (
        "Mã hồ sơ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        "H25-0099,Đăng ký khai sinh,0912345678,20/11/2026,25/11/2026,Đang xử lý\n"
    )
    files = {"file": ("export.csv", export.encode(), "text/csv")}
    assert staff.post("/api/v1/dossiers/import", files=files).status_code == 200
    staff.close()
    page.click("[data-testid=tile-dossier]")
    page.fill("#f-code", "H25-0099")
    page.fill("#f-phone_last4", "5678")
    page.click(".dossier-form button[type=submit]")
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Đang xử lý")
    shot(page, "10-dossier")
    home(page)


def rating(page: Page) -> None:
    page.click("[data-testid=tile-rating]")
    page.locator(".score", has_text="Hài lòng").last.click()
    page.click(".rating-form button[type=submit]")
    expect(page.locator(".notice.success")).to_be_visible()
    shot(page, "11-rating")
    home(page)


def complaint(page: Page) -> None:
    page.click("[data-testid=tile-complaint]")
    page.fill("#f-content", "Nhà vệ sinh khu chờ bị hỏng khóa.")
    page.fill("#f-contact_phone", "0912345678")
    page.click(".complaint-form button[type=submit]")
    code = page.locator("[data-testid=complaint-code]")
    expect(code).to_have_text(re.compile(r"^PA-"))
    filed = code.inner_text()
    shot(page, "12-complaint")
    page.click("[data-testid=to-track]")
    page.fill("#f-code", filed)
    page.fill("#f-phone_last4", "5678")
    page.click(".track-form button[type=submit]")
    expect(page.locator("[data-testid=track-status]")).to_have_text("mới")
    shot(page, "13-complaint-tracking")
    home(page)


def assistant(page: Page) -> None:
    page.click("[data-testid=tile-chat]")
    tap_keys(page, "lamf giaays khai sinh caanf gif")
    page.click("[data-testid=chat-send]")
    expect(page.locator("[data-testid=bot-message]").first).to_be_visible()
    page.click("[data-testid=ask-staff]")
    expect(page.locator("[data-testid=handoff-next]")).to_contain_text("cán bộ")
    shot(page, "14-assistant-and-staff")
    home(page)


def english_large_contrast(page: Page) -> None:
    page.click("[data-testid=language]")
    expect(page.locator(".tile .tile-title").first).to_have_text("Find a procedure")
    shot(page, "15-english")
    page.click("[data-testid=tile-chat]")
    tap_keys(page, "passport for my son")
    expect(page.locator("#f-message")).to_have_value("passport for my son")
    page.click("[data-testid=language]")
    home(page)
    page.click("[data-testid=large-text]")
    page.click("[data-testid=high-contrast]")
    shot(page, "16-large-text-contrast")
    page.click("[data-testid=large-text]")
    page.click("[data-testid=high-contrast]")


def idle(page: Page) -> None:
    page.click("[data-testid=tile-search]")
    tap_keys(page, "chung thuc")
    warning = page.locator("[data-testid=idle-warning]")
    expect(warning).to_be_visible(timeout=(IDLE_SECONDS + 10) * 1000)
    shot(page, "17-idle-warning")
    expect(page.locator("main")).to_have_attribute(
        "data-screen", "home", timeout=(IDLE_SECONDS + 10) * 1000
    )


def test_a_citizen_walks_through_every_screen(
    page: Page, base_url: str, app: FastAPI, clock: MovableClock
) -> None:
    expect(page.locator(".tile")).to_have_count(8)
    expect(page.locator(".phone-qr img")).to_be_visible()
    expect(page.locator("[data-testid=desk-day]")).to_have_text(
        "Hôm nay Bộ phận Một cửa làm việc đến 17:00."
    )
    shot(page, "01-home", full_page=True)
    search_and_procedure(page)
    checklist(page)
    booking(page)
    queue(page)
    dossier(page, base_url, app, clock)
    rating(page)
    complaint(page)
    assistant(page)
    english_large_contrast(page)
    idle(page)
    pictures = sorted(p.name for p in SCREENS.glob("*.png"))
    assert len(pictures) >= 17, pictures
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in pictures if f"docs/screens/{name}" not in readme]
    assert missing == [], f"screens not shown in README.md: {missing}"
