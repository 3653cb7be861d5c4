"""The touchscreen UI end to end: Debian's Chromium driven by Playwright against the real
app (uvicorn on loopback, SQLite in tmp_path, the real retriever, a fixed clock).

Screenshots of every screen go to tests/artifacts/ui/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from kiosk.core.config import Settings
from tests.kiosk.conftest import Serve, staff_http
from tests.kiosk.kiosk_ui import (
    MIN_BODY_PX,
    assert_kiosk_sized,
    kiosk_page,
    shot,
    tap_keys,
    wait_for,
)
from tests.loopback import closed_port_url


@pytest.fixture
def idle_seconds() -> int:
    """The kiosk's idle timeout; the idle test parametrizes a short one."""
    return 90


@pytest.fixture
def phone_link() -> str | None:
    """The link behind the "continue on your phone" QR code (none by default)."""
    return None


@pytest.fixture
def public_url() -> str | None:
    """The kiosk's address as phones reach it (QR codes that lead to a page need one)."""
    return "https://motcua.example.vn"


@pytest.fixture
def speech_enabled() -> bool:
    """Read-aloud on (real espeak-ng); one test turns it off."""
    return True


@pytest.fixture
def settings(
    tmp_path: Path,
    database_url: str,
    idle_seconds: int,
    speech_enabled: bool,
    phone_link: str | None,
    public_url: str | None,
    now: dt.datetime,
) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        fixed_now=now,
        ui_idle_seconds=idle_seconds,
        ui_phone_link=phone_link,
        public_url=public_url,
        speech_enabled=speech_enabled,
        # A real Rasa server when the environment names one; else a closed port, so the
        # assistant answers from retrieval (degraded mode) as it does when Rasa is down.
        rasa_url=os.environ.get("MOTCUA_TEST_RASA_URL") or closed_port_url(),
    )


@pytest.fixture
def base_url(app: FastAPI, serve: Serve) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """The kiosk page, loaded; fails the test on a script error or a request off this host."""
    with kiosk_page(browser, base_url) as page:
        yield page


def api(base_url: str, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(method, f"{base_url}/api/v1/{path}", timeout=30, **kwargs)
    assert response.status_code < 300, response.text
    return response.json()


def test_page_and_static_files_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert '<html lang="vi">' in page.text and "/static/js/main.js" in page.text
    script = client.get("/static/js/telex.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/api/v1/ui-config").json() == {
        "idle_seconds": 90,
        "phone_link": None,
        "language": "vi",
    }


def test_generic_qr_code(client: TestClient) -> None:
    qr = client.get("/api/v1/qr.png", params={"data": "Mã lịch hẹn: LH-7K2Q9"})
    assert qr.status_code == 200 and qr.headers["content-type"] == "image/png"
    assert qr.content.startswith(b"\x89PNG")
    missing = client.get("/api/v1/qr.png")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["field"] == "data"
    assert client.get("/api/v1/qr.png", params={"data": "x" * 601}).status_code == 422


@pytest.mark.parametrize("phone_link", ["https://t.me/motcua_demo_bot?start=kiosk"])
def test_home_has_large_tiles_in_vietnamese(page: Page, phone_link: str) -> None:
    tiles = page.locator(".tile .tile-title")
    expect(tiles).to_have_text(
        [
            "Tra cứu thủ tục",
            "Chuẩn bị hồ sơ",
            "Đặt lịch hẹn",
            "Lấy số thứ tự",
            "Tra cứu hồ sơ",
            "Đánh giá",
            "Phản ánh kiến nghị",
            "Trợ lý",
        ]
    )
    assert page.evaluate("document.documentElement.lang") == "vi"
    box = page.locator(".tile").first.bounding_box()
    assert box and box["height"] >= 200 and box["width"] >= 400
    qr = page.locator(".phone-qr img")
    assert phone_link in unquote(qr.get_attribute("src") or "")
    wait_for(page, "document.querySelector('.phone-qr img').naturalWidth > 100")
    assert_kiosk_sized(page)
    shot(page, "01-home")


def test_prepare_papers_tile_leads_to_the_checklist(page: Page) -> None:
    page.click("[data-testid=tile-search-checklist]")
    expect(page.locator("h1")).to_have_text("Chuẩn bị hồ sơ: chọn thủ tục")
    page.fill("#f-q", "chung thuc ban sao tu ban chinh")
    first = page.locator("[data-testid=results] .result").first
    name = first.locator(".result-name").inner_text()
    first.click()
    expect(page.locator("main")).to_have_attribute("data-screen", "checklist")
    expect(page.locator(".screen.checklist .lead")).to_have_text(name)
    expect(page.locator(".check").first).to_be_visible()


def search_without_diacritics(page: Page) -> None:
    page.click("[data-testid=tile-search]")
    expect(page.locator("#f-q")).to_be_focused()
    expect(page.locator("#keyboard")).to_be_visible()
    tap_keys(page, "lam giay khai sinh")
    expect(page.locator("#f-q")).to_have_value("lam giay khai sinh")
    first = page.locator("[data-testid=results] .result").first
    expect(first).to_have_attribute("data-procedure-id", "ho-tich.khai-sinh")
    expect(first.locator(".result-name")).to_have_text("Đăng ký khai sinh")
    shot(page, "02-search")
    first.click()


def check_procedure_page(page: Page, base_url: str) -> dict[str, Any]:
    detail: dict[str, Any] = api(base_url, "GET", "procedures/ho-tich.khai-sinh")
    expect(page.locator("h1")).to_have_text("Đăng ký khai sinh")
    unverified = detail["verified"]["unverified"]
    assert unverified, "the bundled entry has unverified facts to badge"
    expect(page.locator("[data-testid=unverified]")).to_have_count(len(unverified))
    for field in unverified:
        badge = page.locator(f'[data-fact="{field}"] .badge')
        expect(badge).to_have_text("Chưa kiểm chứng")
    for field in detail["verified"]["verified"]:
        expect(page.locator(f'[data-fact="{field}"] .badge')).to_have_text("Đã kiểm chứng")
    updated = dt.date.fromisoformat(detail["updated"]).strftime("%d/%m/%Y")
    expect(page.locator("[data-testid=updated]")).to_have_text(f"Cập nhật: {updated}")
    for source in detail["sources"]:
        expect(page.locator("[data-testid=sources]")).to_contain_text(source["title"])
    for item in detail["dossier"]:
        expect(page.locator('[data-fact="dossier"]')).to_contain_text(item["name"])
    expect(page.locator('[data-fact="processing_time"]')).to_contain_text(
        detail["processing_time"]["text"]
    )
    assert_kiosk_sized(page)
    shot(page, "03-procedure", full_page=True)
    return detail


def answer_situations(page: Page, answer: str = "Không") -> None:
    """Answer every situation question of the checklist the same way."""
    expect(page.locator(".checklist-form")).to_be_visible()
    for question in page.locator(".situation").all():
        question.locator(".choice", has_text=answer).click()


def save_checklist(page: Page, base_url: str, detail: dict[str, Any]) -> None:
    page.click("[data-testid=to-checklist]")
    required = [item["name"] for item in detail["dossier"] if item["required"]]
    assert len(required) >= 2
    answer_situations(page)  # none of the special cases: only the required papers
    page.locator(".check", has_text=required[0]).click()
    assert_kiosk_sized(page)
    shot(page, "04-checklist")
    page.click(".checklist-form button[type=submit]")
    code = page.locator("[data-testid=checklist-code]")
    expect(code).to_have_text(re.compile(r"^DS-\w{4,}$"))
    saved = api(base_url, "GET", f"checklists/{code.inner_text()}")
    assert saved["have"] == required[:1] and saved["missing"] == required[1:]
    wait_for(page, "document.querySelector('[data-testid=checklist-qr]').naturalWidth > 100")
    shot(page, "05-checklist-saved")


def book_from_procedure(page: Page, base_url: str) -> None:
    page.go_back()
    page.click("[data-testid=to-booking]")
    expect(page.locator("[data-testid=booking-field]")).to_have_text("Lĩnh vực: Hộ tịch")
    day = page.locator(".day.free").first
    expect(day).to_have_attribute("data-date", "2026-11-23")  # today, from the fixed clock
    page.locator(".day.free").nth(1).click()
    slot = page.locator(".time").nth(1)
    starts_at = slot.get_attribute("data-starts-at")
    assert starts_at == "2026-11-24T07:45:00+07:00"
    slot.click()
    page.locator(".choice", has_text="Người khuyết tật").click()
    page.click("#f-name")
    tap_keys(page, "^nguyeexn ^vawn ^an")
    expect(page.locator("#f-name")).to_have_value("Nguyễn Văn An")
    page.click("#f-phone")
    tap_keys(page, "12345")
    shot(page, "06-booking-keypad")
    page.click('#keyboard button[data-key="ENTER"]')  # last field: submits
    expect(page.locator('[data-error-for="phone"]')).to_contain_text("Số điện thoại")
    page.fill("#f-phone", "0912 345 678")
    page.click(".booking-form button[type=submit]")
    code = page.locator("[data-testid=booking-code]")
    expect(code).to_have_text(re.compile(r"^LH-\w{4,}$"))
    lookup = {"code": code.inner_text(), "phone": "0912345678"}
    booked = api(base_url, "POST", "appointments/lookup", json=lookup)
    assert booked["starts_at"] == starts_at and booked["procedure_id"] == "ho-tich.khai-sinh"
    assert booked["name"] == "Nguyễn Văn An" and booked["priority"] == "người khuyết tật"
    assert_kiosk_sized(page)
    shot(page, "07-booking-done")


def take_ticket(page: Page, base_url: str) -> None:
    page.click("[data-testid=done]")
    page.click("[data-testid=tile-queue]")
    page.click('.pick[data-field="Hộ tịch"]')
    page.locator(".choice", has_text="Người cao tuổi").click()
    assert_kiosk_sized(page)
    shot(page, "08-queue")
    page.click(".queue-form button[type=submit]")
    number = page.locator("[data-testid=ticket-number]")
    expect(number).to_have_text(re.compile(r"^HT-\d{3}$"))
    expect(page.locator("[data-testid=wait]")).to_have_text(re.compile(r"\S"))
    page.click("[data-testid=print]")
    expect(page.frame_locator("#print-frame").locator(".number")).to_have_text(number.inner_text())
    src = page.locator("#print-frame").get_attribute("src") or ""
    ticket_id = re.search(r"/tickets/(\d+)/print$", src)
    assert ticket_id, src
    ticket = api(base_url, "GET", f"queue/tickets/{ticket_id.group(1)}")
    assert ticket["label"] == number.inner_text()
    assert ticket["priority"] == "người cao tuổi" and ticket["field"] == "Hộ tịch"
    shot(page, "09-ticket")


def test_search_procedure_checklist_booking_ticket(page: Page, base_url: str) -> None:
    search_without_diacritics(page)
    detail = check_procedure_page(page, base_url)
    save_checklist(page, base_url, detail)
    book_from_procedure(page, base_url)
    take_ticket(page, base_url)


TELEX_CASES = {
    "Ddawng kys": "Đăng ký",
    "hoafn": "hoàn",
    "hoanf": "hoàn",
    "nguwowif": "người",
    "dduwowcj": "được",
    "Vieejt Nam": "Việt Nam",
    "quas": "quá",
    "giuwowngf": "giường",
    "khoer": "khỏe",
    "thuyr": "thủy",
    "hoawcj": "hoặc",
    "chuwngs thuwcj": "chứng thực",
    "lamf giaays khai sinh": "làm giấy khai sinh",
    "hoafz": "hoa",
    "ass": "as",
    "tw": "tư",
    "sinh": "sinh",
}


def test_telex_rules_in_the_browser(page: Page) -> None:
    typed = page.evaluate(
        """async (cases) => {
            const { typeTelex } = await import('/static/js/telex.js');
            return Object.fromEntries(Object.keys(cases).map((keys) => [keys, typeTelex(keys)]));
        }""",
        TELEX_CASES,
    )
    assert typed == TELEX_CASES


def test_on_screen_keyboard_types_vietnamese(page: Page) -> None:
    page.click("[data-testid=tile-complaint]")
    page.click("#f-content")
    expect(page.locator("#keyboard")).to_be_visible()
    tap_keys(page, "^ddawng kys")
    expect(page.locator("#f-content")).to_have_value("Đăng ký")
    assert_kiosk_sized(page)
    shot(page, "10-keyboard-telex")
    page.keyboard.type(" vieejt")  # a physical keyboard goes through the same rules
    expect(page.locator("#f-content")).to_have_value("Đăng ký việt")
    page.click('#keyboard button[data-key="TELEX"]')  # off: letters as typed (codes, English)
    tap_keys(page, " dd")
    expect(page.locator("#f-content")).to_have_value("Đăng ký việt dd")
    page.click('#keyboard button[data-key="BACK"]')
    expect(page.locator("#f-content")).to_have_value("Đăng ký việt d")
    page.click("#f-contact_phone")
    expect(page.locator("#keyboard")).to_have_class(re.compile(r"\bnumeric\b"))


def test_validation_messages_next_to_fields_then_complaint_code(
    page: Page, now: dt.datetime
) -> None:
    page.click("[data-testid=tile-complaint]")
    page.fill("#f-content", "   ")
    page.fill("#f-contact_phone", "123")
    page.click(".complaint-form button[type=submit]")
    expect(page.locator('[data-error-for="content"]')).to_have_text("Nội dung: không được để trống")
    expect(page.locator('[data-error-for="contact_phone"]')).to_contain_text(
        "Số điện thoại liên hệ"
    )
    expect(page.locator("#f-contact_phone")).to_have_attribute("aria-invalid", "true")
    shot(page, "11-complaint-invalid")
    page.fill("#f-content", "Cần thêm ghế chờ ở khu vực quầy Hộ tịch.")
    page.fill("#f-contact_phone", "")
    page.click(".complaint-form button[type=submit]")
    expect(page.locator("[data-testid=complaint-code]")).to_have_text(re.compile(r"^PA-\w+$"))
    due = (now.date() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    expect(page.locator("[data-testid=complaint-due]")).to_have_text(due)
    shot(page, "12-complaint-done")


def test_dossier_status_and_rating(page: Page, base_url: str, app: FastAPI, clock: Any) -> None:
    staff = staff_http(app, clock, base_url)  # importing and the summary are staff work
    export = (
        "Mã hồ sơ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        "000.00.12.H25-261120-0002,Chứng thực bản sao từ bản chính,0987654321,"
        "20/11/2026,25/11/2026,Đang xử lý\n"
    )
    files = {"file": ("export.csv", export.encode(), "text/csv")}
    assert staff.post("/api/v1/dossiers/import", files=files).status_code == 200
    page.click("[data-testid=tile-dossier]")
    page.fill("#f-code", "000.00.12.H25-261120-0002")
    page.fill("#f-phone_last4", "0000")
    page.click(".dossier-form button[type=submit]")
    expect(page.locator(".dossier-form .notice.error")).to_contain_text("4 số cuối")
    page.fill("#f-phone_last4", "4321")
    page.click(".dossier-form button[type=submit]")
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Đang xử lý")
    expect(page.locator("[data-testid=dossier-result]")).to_contain_text("25/11/2026")
    assert_kiosk_sized(page)
    shot(page, "13-dossier")
    page.click("[data-testid=done]")
    page.click("[data-testid=tile-rating]")
    page.locator(".score", has_text="Rất hài lòng").click()
    assert_kiosk_sized(page)
    shot(page, "14-rating")
    page.click(".rating-form button[type=submit]")
    expect(page.locator(".notice.success")).to_have_text("Cảm ơn bạn đã đánh giá!")
    assert staff.get("/api/v1/ratings/summary").json()["rất hài lòng"] == 1
    staff.close()


def test_a_complaint_whose_answer_was_lost_is_filed_once(page: Page, app: FastAPI) -> None:
    """The kiosk's request reached the server but its answer never came back (a kiosk
    replica killed, the network): the citizen taps again and the screen sends the same
    Idempotency-Key, so the complaint filed the first time is shown, not a second one.
    With the old client (no key) two complaints were filed."""
    keys: list[str | None] = []

    def lose_first_answer(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()  # the server files it...
            route.abort("failed")  # ...and the answer is lost on the way back
        else:
            route.continue_()

    page.route("**/api/v1/complaints", lose_first_answer)
    page.click("[data-testid=tile-complaint]")
    page.fill("#f-content", "Màn hình gọi số ở quầy 2 không hiển thị.")
    page.click(".complaint-form button[type=submit]")
    expect(page.locator(".complaint-form .form-error")).not_to_be_empty()
    page.click(".complaint-form button[type=submit]")  # "thử lại"
    expect(page.locator("[data-testid=complaint-code]")).to_have_text(re.compile(r"^PA-\w+$"))
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    with app.state.runtime.db.read() as session:
        filed = session.execute(text("SELECT code FROM complaints")).all()
    assert [row[0] for row in filed] == [page.locator("[data-testid=complaint-code]").inner_text()]


def test_large_text_high_contrast_and_english(page: Page) -> None:
    root_px = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.evaluate(root_px)
    assert normal >= MIN_BODY_PX
    page.click("[data-testid=large-text]")
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    assert page.evaluate(root_px) >= normal * 1.2
    page.click("[data-testid=high-contrast]")
    expect(page.locator("[data-testid=high-contrast]")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert_kiosk_sized(page)
    shot(page, "15-large-text-high-contrast")
    page.click("[data-testid=tile-search]")
    assert_kiosk_sized(page)
    page.click("[data-testid=language]")
    expect(page.locator("h1")).to_have_text("Find a procedure")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click("[data-testid=home]")
    expect(page.locator(".tile .tile-title").first).to_have_text("Find a procedure")
    shot(page, "16-english")
    page.click("[data-testid=language]")
    expect(page.locator(".tile .tile-title").first).to_have_text("Tra cứu thủ tục")


@pytest.mark.parametrize("idle_seconds", [3])
def test_idle_timeout_clears_the_visit(page: Page) -> None:
    assert page.evaluate("fetch('/api/v1/ui-config').then(r => r.json())")["idle_seconds"] == 3
    session_id = "import('/static/js/session.js').then((m) => m.session.id)"
    first = page.evaluate(session_id)
    page.click("[data-testid=large-text]")
    page.click("[data-testid=language]")
    page.click("[data-testid=tile-search]")
    tap_keys(page, "khai sinh")
    expect(page.locator("[data-testid=results] .result").first).to_be_visible()
    expect(page.locator("main")).to_have_attribute("data-screen", "home", timeout=10_000)
    expect(page.locator(".tile .tile-title").first).to_have_text("Tra cứu thủ tục")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.locator("#keyboard")).to_be_hidden()
    assert page.evaluate(session_id) != first
    page.click("[data-testid=tile-search]")
    expect(page.locator("#f-q")).to_have_value("")  # the last visitor's search is gone


def is_chat(response: Any) -> bool:
    return bool(response.url.endswith("/api/v1/chat") and response.request.method == "POST")


def check_reply_rendered(page: Page, reply: dict[str, Any]) -> None:
    """Every message of the API's reply is on screen: text, buttons, procedure cards."""
    bots = page.locator("[data-testid=bot-message]")
    expect(bots).to_have_count(len(reply["messages"]))
    for i, message in enumerate(reply["messages"]):
        bubble = bots.nth(i)
        if message["text"]:
            expect(bubble.locator(".msg-text")).to_have_text(message["text"])
        titles = [button["title"] for button in message["buttons"]]
        expect(bubble.locator(".msg-buttons button")).to_have_text(titles)
        custom = message["custom"] or {}
        cards = bubble.locator("[data-testid=procedure-card]")
        if custom.get("type") == "procedure_card":
            expect(cards.locator("h3")).to_have_text(custom["procedure"]["name"])
        else:
            expect(cards).to_have_count(0)
    notice = page.locator(".chat-log .notice.info")
    expect(notice).to_have_count(1 if reply["degraded"] else 0)
    if reply["degraded"]:
        expect(notice).to_have_text(reply["notice"] or "")


def press_first_bot_button(page: Page, reply: dict[str, Any]) -> None:
    """A button sends its payload (Rasa's replies have buttons; retrieval's have none)."""
    buttons = [button for message in reply["messages"] for button in message["buttons"]]
    if not buttons:
        return
    with page.expect_response(is_chat) as pressed:
        page.locator("[data-testid=bot-message] .msg-buttons button").first.click()
    assert pressed.value.request.post_data_json["message"] == buttons[0]["payload"]


def test_chat_panel_renders_text_buttons_and_cards(page: Page) -> None:
    page.click("[data-testid=tile-chat]")
    expect(page.locator("#f-message")).to_be_focused()
    tap_keys(page, "lamf giaays khai sinh caanf gif")
    expect(page.locator("#f-message")).to_have_value("làm giấy khai sinh cần gì")
    with page.expect_response(is_chat) as answered:
        page.click("[data-testid=chat-send]")
    sent = answered.value.request.post_data_json
    assert sent["message"] == "làm giấy khai sinh cần gì"
    assert re.fullmatch(r"kiosk-[0-9a-f]{24}", sent["session_id"])
    reply = answered.value.json()
    expect(page.locator("[data-testid=user-message]")).to_have_text(["làm giấy khai sinh cần gì"])
    check_reply_rendered(page, reply)
    cards = [m["custom"] for m in reply["messages"] if (m["custom"] or {}).get("type")]
    assert cards, "a question about a procedure is answered with its card"
    assert_kiosk_sized(page)
    shot(page, "17-chat")
    press_first_bot_button(page, reply)
    page.locator("[data-testid=procedure-card] button").first.click()
    expect(page.locator("h1")).to_have_text(cards[0]["procedure"]["name"])
    page.go_back()  # the conversation is still there
    expect(page.locator("[data-testid=user-message]").first).to_have_text(
        "làm giấy khai sinh cần gì"
    )


def test_read_aloud_plays_a_wav(page: Page, base_url: str) -> None:
    assert api(base_url, "GET", "speech/status") == {"available": True}
    page.goto("/#/procedure/ho-tich.khai-sinh")
    speak = page.locator("[data-testid=speak]").first
    expect(speak).to_be_visible()
    speak.click()
    duration = wait_for(
        page,
        """(() => { const a = document.getElementById('speech-audio');
            return a.currentSrc.includes('/api/v1/speech?text=') && a.duration > 0
              ? a.duration : 0; })()""",
        seconds=60,
    )
    assert duration > 0.5
    src = page.evaluate("document.getElementById('speech-audio').currentSrc")
    wav = httpx.get(src, timeout=60)
    assert wav.headers["content-type"] == "audio/wav"
    assert wav.content[:4] == b"RIFF" and wav.content[8:12] == b"WAVE"
    shot(page, "18-read-aloud")


@pytest.mark.parametrize("speech_enabled", [False])
def test_read_aloud_button_hidden_when_speech_is_unavailable(page: Page, base_url: str) -> None:
    assert api(base_url, "GET", "speech/status") == {"available": False}
    page.goto("/#/procedure/ho-tich.khai-sinh")
    expect(page.locator("h1")).to_have_text("Đăng ký khai sinh")
    expect(page.locator("body")).to_have_class(re.compile(r"\bno-speech\b"))
    expect(page.locator("[data-testid=speak]").first).to_be_hidden()
