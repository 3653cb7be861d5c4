"""A kiosk device in Debian's Chromium: rate-limited per citizen visit, not per address.

The kiosk is set up once by opening /?kiosk=<device token> (MOTCUA_KIOSK_DEVICE_TOKENS);
every request then carries the token and the visit's id. With one write a minute, the
same citizen sending again is refused and keeps what was typed; the next citizen, after
the idle reset, is not refused because of the previous one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Request, Response, expect

from kiosk.core.config import Settings
from tests.kiosk.conftest import Serve
from tests.kiosk.kiosk_ui import kiosk_page
from tests.loopback import closed_port_url

TOKEN = "kiosk-sanh-cho-so-1-2026"
TOO_FAST = "Bạn gửi yêu cầu quá nhanh."
IDLE_SECONDS = 8


@pytest.fixture
def settings(tmp_path: Path, database_url: str, now: dt.datetime) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=True,
        rate_limit_per_minute=1,
        rate_limit_burst=1,
        kiosk_device_tokens=TOKEN,
        ui_idle_seconds=IDLE_SECONDS,
        fixed_now=now,
        speech_enabled=False,
        rasa_url=closed_port_url(),
    )


@pytest.fixture
def page(browser: Browser, app: FastAPI, serve: Serve) -> Iterator[Page]:
    with serve(app) as url, kiosk_page(browser, url, f"/?kiosk={TOKEN}") as page:
        yield page


def is_complaint(r: Request | Response) -> bool:
    request = r.request if isinstance(r, Response) else r
    return request.url.endswith("/api/v1/complaints") and request.method == "POST"


def send_complaint(page: Page, content: str, phone: str) -> Response:
    page.click("[data-testid=tile-complaint]")
    page.fill("#f-content", content)
    page.fill("#f-contact_phone", phone)
    with page.expect_response(is_complaint) as answered:
        page.click(".complaint-form button[type=submit]")
    return answered.value


def home(page: Page) -> None:
    page.goto(page.url.split("#")[0] + "#/")


def visit_of(response: Response) -> str:
    return response.request.all_headers()["x-motcua-session"]


def test_each_visit_has_its_own_limit_and_a_refusal_keeps_the_typing(page: Page) -> None:
    assert "kiosk=" not in page.url  # the token is kept by the browser, not shown
    first = send_complaint(page, "Cần thêm ghế chờ ở quầy Hộ tịch.", "0912345678")
    assert first.status == 201
    sent = first.request.all_headers()
    assert sent["x-motcua-kiosk"] == TOKEN and visit_of(first).startswith("kiosk-")

    home(page)  # the same citizen, at once: refused, and nothing typed is lost
    again = send_complaint(page, "Quầy Đất đai đông, cần thêm cán bộ.", "0987 654 321")
    assert again.status == 429 and visit_of(again) == visit_of(first)
    expect(page.locator(".complaint-form .form-error .notice.error")).to_contain_text(TOO_FAST)
    expect(page.locator("#f-content")).to_have_value("Quầy Đất đai đông, cần thêm cán bộ.")
    expect(page.locator("#f-contact_phone")).to_have_value("0987 654 321")

    # The citizen leaves; the idle reset starts the next visit, which has its own limit.
    page.wait_for_selector("body[data-resets='1']", timeout=(IDLE_SECONDS + 10) * 1000)
    nxt = send_complaint(page, "Nhà vệ sinh tầng 1 hết nước.", "0901234567")
    assert nxt.status == 201 and visit_of(nxt) != visit_of(first)
