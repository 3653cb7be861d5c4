"""The staff console end to end in Debian's Chromium: log in, check an appointment in,
call the next ticket (and see it on the waiting-room display), answer a complaint,
import dossiers and see the one due tomorrow flagged.

Screenshots go to tests/artifacts/staff/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, expect

from kiosk.core.config import Settings
from knowledge.retriever import Retriever
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, Serve, create_staff
from tests.kiosk.kiosk_ui import watch
from tests.kiosk.plans import PLAN, with_plans
from tests.kiosk.plans import plan_dir as plan_dir  # the fixture

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "staff"
DESKTOP = {"width": 1366, "height": 900}
TIMEOUT_MS = 20_000


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        speech_enabled=False,  # the console does not read aloud
        rasa_url="http://127.0.0.1:9",
    )


@pytest.fixture
def base_url(
    app: FastAPI, serve: Serve, kiosk_retriever: Retriever, plan_dir: Path
) -> Iterator[str]:
    """The app on loopback; its FAQ also searches one real plan document."""
    with serve(app) as url:
        app.state.runtime.knowledge.replace(with_plans(kiosk_retriever, plan_dir))
        yield url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A browser profile; fails the test on a script error or a request off this host."""
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    context.on("page", lambda page: watch(page, base_url, problems))
    yield context
    context.close()
    assert not problems, problems


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def seed(base_url: str, clock: MovableClock) -> dict[str, str]:
    """What a morning at the desk starts with, made through the citizen API."""
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=30) as http:
        booking = {
            "field": "Hộ tịch",
            "starts_at": "2026-11-23T09:30:00",
            "name": "Nguyễn Văn An",
            "phone": "0912345678",
        }
        appointment = http.post("/appointments", json=booking).json()["code"]
        for _ in range(2):
            assert http.post("/queue/tickets", json={"field": "Hộ tịch"}).status_code == 201
        clock.now -= dt.timedelta(days=9)  # filed 9 days ago: due tomorrow
        complaint = http.post(
            "/complaints", json={"content": "Quầy hộ tịch đông, chờ hơn một giờ."}
        ).json()["code"]
        clock.now += dt.timedelta(days=9)
        http.post("/ratings", json={"score": "không hài lòng", "comment": "Chờ lâu quá"})
    return {"appointment": appointment, "complaint": complaint}


def log_in(page: Page, username: str) -> None:
    page.goto("/staff")
    expect(page.locator("[data-testid=login-form]")).to_be_visible()
    shot(page, "01-login")
    page.fill("#username", username)
    page.fill("#password", "sai-mat-khau")
    page.click("[data-testid=login-form] button[type=submit]")
    expect(page.locator("[data-testid=login-form] .notice.error")).to_have_text(
        "Tên đăng nhập hoặc mật khẩu không đúng."
    )
    page.fill("#password", STAFF_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    expect(page.locator("[data-testid=who]")).to_contain_text("cán bộ một cửa")


def test_staff_console_day(
    context: BrowserContext, base_url: str, app: FastAPI, clock: MovableClock
) -> None:
    codes = seed(base_url, clock)
    username = create_staff(app, clock, "staff", "nv.lan")
    page = context.new_page()
    log_in(page, username)
    expect(page.locator("#nav a", has_text="Thống kê")).to_have_count(0)  # supervisors only

    # Check the citizen in.
    page.click("#nav a[data-page=appointments]")
    row = page.locator(f"tr[data-code='{codes['appointment']}']")
    expect(row).to_contain_text("Nguyễn Văn An")
    expect(row).to_contain_text("09•••••678")
    shot(page, "02-appointments")
    row.get_by_role("button", name="Đã đến").click()
    expect(row.locator("[data-testid=status]")).to_have_text("đã đến")
    expect(row.get_by_role("button")).to_have_count(0)

    # Call the next ticket; the waiting-room display shows it.
    display = context.new_page()
    display.goto("/display")
    expect(display.locator("[data-testid=latest-number]")).to_have_text("—")
    page.click("#nav a[data-page=queue]")
    page.select_option("#counter", "1")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(page.locator("[data-testid=serving]")).to_have_text("HT-001")
    expect(page.locator("[data-testid=call-note]")).to_contain_text("Mời số HT-001")
    expect(display.locator("[data-testid=latest-number]")).to_have_text("HT-001")
    expect(display.locator("[data-testid=latest-counter]")).to_contain_text("Quầy 1")
    shot(page, "03-queue")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(display.locator("[data-testid=latest-number]")).to_have_text("HT-002")
    expect(display.locator("[data-testid=recent-calls]")).to_contain_text("HT-001")
    shot(display, "04-display")
    display.close()

    # Answer the complaint that is due tomorrow.
    page.click("#nav a[data-page=complaints]")
    card = page.locator(f"[data-code='{codes['complaint']}']")
    expect(card).to_have_class(re.compile(r"\bdue-tomorrow\b"))
    expect(card.locator(".tag.due-tomorrow")).to_have_text("Hạn ngày mai")
    shot(page, "05-complaints")
    card.locator("textarea").fill("Bộ phận đã bố trí thêm một cán bộ tại quầy hộ tịch.")
    card.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator("[data-testid=complaints]")).to_contain_text(
        "Không có phản ánh nào cần trả lời."
    )
    answer = httpx.post(  # as the citizen follows it: no phone was left, the code is enough
        f"{base_url}/api/v1/complaints/lookup", json={"code": codes["complaint"]}
    ).json()
    assert answer["status"] == "đã trả lời" and answer["answer"].startswith("Bộ phận")

    # Import dossiers; the one due tomorrow asks for an apology letter.
    page.click("#nav a[data-page=dossiers]")
    export = (
        "Mã hồ sơ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        "H25-0001,Đăng ký khai sinh,0912345678,20/11/2026,24/11/2026,Đang xử lý\n"
        "H25-0002,Chứng thực bản sao,0987654321,20/11/2026,30/11/2026,Đang xử lý\n"
    )
    page.set_input_files(
        "#csv", files=[{"name": "x.csv", "mimeType": "text/csv", "buffer": export.encode()}]
    )
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.locator("[data-testid=import-report]")).to_contain_text("2 mới")
    due = page.locator("tr[data-code='H25-0001']")
    expect(due).to_have_class(re.compile(r"\bdue-tomorrow\b"))
    expect(due).to_contain_text("gửi thư xin lỗi")
    shot(page, "06-dossiers")
    due.locator("input[type=text]").fill("Đã có kết quả")
    due.get_by_role("button", name="Lưu").click()
    expect(page.locator("tr[data-code='H25-0001']")).to_have_count(0)  # finished: off the list

    # Ratings and the FAQ lookup.
    page.click("#nav a[data-page=ratings]")
    expect(page.locator("[data-testid=ratings]")).to_contain_text("Chờ lâu quá")
    page.click("#nav a[data-page=faq]")
    page.fill("#faq-q", "đăng ký khai sinh cho con")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("[data-testid=faq-results]")).to_contain_text("ho-tich.khai-sinh")
    page.fill("#faq-q", "Sở Khoa học và Công nghệ chủ trì việc gì?")
    page.get_by_role("button", name="Tra cứu").click()
    task = page.locator("[data-testid=task]").first
    expect(task).to_contain_text("Khoa hoc")  # the lead unit, as OCR read it
    expect(task.locator(".citation")).to_have_text(re.compile(rf"^{PLAN}:\d+-\d+$"))
    expect(task.locator("mark").first).to_be_visible()
    passage = page.locator("[data-testid=passage]").first
    expect(passage.locator("[data-testid=citation]")).to_have_text(re.compile(rf"^{PLAN}:"))
    expect(passage.locator("mark").first).to_be_visible()
    shot(page, "07-faq")

    # Logging out ends the session for every tab.
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("[data-testid=login-form]")).to_contain_text("Đã đăng xuất.")
    assert page.request.get("/api/v1/staff/me").status == 401
