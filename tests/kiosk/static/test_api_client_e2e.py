"""The shared API client (kiosk/static/shared/api.js) in Debian's Chromium against the real
app: the Vietnamese message the kiosk and the staff console show for a validation error
(422 with field messages), a rate limit (429 with Retry-After) and a server that is down;
every call carries X-Request-ID, staff writes carry the session's CSRF token.

A server is "down" by stopping the real one under the open page. Answers no motcua server
gives (a reverse proxy's bare 429 or 502 page) are played by Playwright's router.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Request, Response, Route, expect

from kiosk.core.config import Settings
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, Serve, create_staff, staff_http
from tests.loopback import closed_port_url

KIOSK_SCREEN = {"width": 1080, "height": 1920}
DESKTOP = {"width": 1366, "height": 900}
KIOSK_WORDS = {
    "network": "Không kết nối được máy chủ. Vui lòng thử lại hoặc hỏi cán bộ tại quầy.",
    "generic": "Chưa thực hiện được. Vui lòng thử lại.",
}
STAFF_WORDS = {
    "network": "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
    "generic": "Yêu cầu không thực hiện được.",
}
TOO_FAST = "Bạn gửi yêu cầu quá nhanh. Vui lòng thử lại sau {} giây."


@pytest.fixture
def rate_limited() -> bool:
    """Off, except in the 429 tests: then one write per client, then a minute's wait."""
    return False


@pytest.fixture
def settings(tmp_path: Path, database_url: str, now: dt.datetime, rate_limited: bool) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=rate_limited,
        rate_limit_per_minute=1,
        rate_limit_burst=1,
        fixed_now=now,
        speech_enabled=False,
        rasa_url=closed_port_url(),
        staff_session_hours=24 * 7,
    )


class Server:
    """The app on loopback, which a test can stop under an open page."""

    def __init__(self, app: FastAPI, serve: Serve) -> None:
        self._stack = ExitStack()
        self.url = self._stack.enter_context(serve(app))

    def stop(self) -> None:
        self._stack.close()


@pytest.fixture
def server(app: FastAPI, serve: Serve) -> Iterator[Server]:
    running = Server(app, serve)
    yield running
    running.stop()


@pytest.fixture
def open_page(browser: Browser, server: Server) -> Iterator[Callable[..., Page]]:
    """`open_page("/staff", DESKTOP)`: a fresh profile on that page; fails the test on a
    script error or a request off this host."""
    problems: list[str] = []
    contexts = []

    def open_(path: str, viewport: dict[str, int]) -> Page:
        context = browser.new_context(viewport=viewport, base_url=server.url, locale="vi-VN")
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((server.url, "data:", "blob:", "about:"))
                else problems.append(f"request off the server: {r.url}")
            ),
        )
        page.goto(path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, problems


def kiosk(open_page: Callable[..., Page]) -> Page:
    page = open_page("/", KIOSK_SCREEN)
    page.wait_for_selector("body[data-ready]")
    return page


def is_post(path: str) -> Callable[[Request | Response], bool]:
    """Matches the POST to /api/v1/`path`, or its response."""

    def match(r: Request | Response) -> bool:
        request = r.request if isinstance(r, Response) else r
        return request.url.endswith(f"/api/v1/{path}") and request.method == "POST"

    return match


def request_id(headers: dict[str, str], name: str) -> str:
    rid = headers.get("x-request-id", "")
    assert re.fullmatch(rf"{name}-[0-9a-f]{{16}}", rid), headers
    return rid


def fill_complaint(page: Page, content: str, phone: str) -> None:
    page.fill("#f-content", content)
    page.fill("#f-contact_phone", phone)
    page.click(".complaint-form button[type=submit]")


def test_kiosk_shows_each_field_message_of_a_422(open_page: Callable[..., Page]) -> None:
    page = kiosk(open_page)
    page.click("[data-testid=tile-complaint]")
    with page.expect_response(is_post("complaints")) as answered:
        fill_complaint(page, "   ", "123")
    response = answered.value
    assert response.status == 422
    sent = response.request.all_headers()
    assert response.all_headers()["x-request-id"] == request_id(sent, "kiosk")
    assert "x-csrf-token" not in sent
    detail = response.json()["detail"]
    assert {item["field"] for item in detail} == {"content", "contact_phone"}
    for item in detail:
        expect(page.locator(f'[data-error-for="{item["field"]}"]')).to_have_text(item["message"])
        expect(page.locator(f"#f-{item['field']}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".complaint-form .form-error")).to_be_empty()


@pytest.mark.parametrize("rate_limited", [True])
def test_kiosk_says_when_to_try_again_after_a_429(
    open_page: Callable[..., Page], rate_limited: bool
) -> None:
    page = kiosk(open_page)
    page.click("[data-testid=tile-complaint]")
    fill_complaint(page, "   ", "")  # spends the one write a minute
    expect(page.locator('[data-error-for="content"]')).not_to_be_empty()
    with page.expect_response(is_post("complaints")) as answered:
        fill_complaint(page, "Cần thêm ghế chờ ở quầy Hộ tịch.", "")
    response = answered.value
    assert response.status == 429
    seconds = int(response.all_headers()["retry-after"])
    assert 1 <= seconds <= 60
    notice = page.locator(".complaint-form .form-error .notice.error")
    expect(notice).to_have_text(TOO_FAST.format(seconds))
    expect(page.locator('[data-error-for="content"]')).to_be_empty()
    expect(page.locator("#f-content")).to_have_value("Cần thêm ghế chờ ở quầy Hộ tịch.")


def test_kiosk_says_the_server_is_unreachable(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = kiosk(open_page)
    page.click("[data-testid=tile-complaint]")
    server.stop()
    fill_complaint(page, "Cần thêm ghế chờ ở quầy Hộ tịch.", "0912345678")
    notice = page.locator(".complaint-form .form-error .notice.error")
    expect(notice).to_have_text(KIOSK_WORDS["network"])
    expect(page.locator("#f-content")).to_have_value("Cần thêm ghế chờ ở quầy Hộ tịch.")
    expect(page.locator(".complaint-form button[type=submit]")).to_be_enabled()


def log_in(page: Page, username: str, password: str = STAFF_PASSWORD) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("[data-testid=login-form] button[type=submit]")


def test_staff_writes_carry_the_csrf_token_and_show_field_messages(
    open_page: Callable[..., Page], server: Server, app: FastAPI, clock: MovableClock
) -> None:
    export = "Mã hồ sơ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
    export += "H25-0001,Đăng ký khai sinh,0912345678,20/11/2026,30/11/2026,Đang xử lý\n"
    http = staff_http(app, clock, server.url)
    files = {"file": ("x.csv", export.encode(), "text/csv")}
    assert http.post("/api/v1/dossiers/import", files=files).status_code == 200
    http.close()
    page = open_page("/staff", DESKTOP)
    with page.expect_response(is_post("staff/login")) as logged_in:
        log_in(page, create_staff(app, clock, "staff"))
    token = logged_in.value.json()["csrf_token"]
    expect(page.locator("[data-testid=who]")).to_be_visible()
    page.click("#nav a[data-page=dossiers]")
    row = page.locator("tr[data-code='H25-0001']")
    row.locator("input[type=text]").fill("")
    with page.expect_response(is_post("staff/dossiers/H25-0001/status")) as refused:
        row.get_by_role("button", name="Lưu").click()
    assert refused.value.status == 422
    sent = refused.value.request.all_headers()
    assert sent["x-csrf-token"] == token
    request_id(sent, "staff")
    [problem] = refused.value.json()["detail"]
    assert problem == {"field": "status", "message": "Trạng thái: không được để trống"}
    expect(page.locator("#toast")).to_have_text(problem["message"])
    expect(page.locator("#toast")).to_have_class(re.compile(r"\berror\b"))

    row.locator("input[type=text]").fill("Chờ bổ sung")
    with (
        page.expect_request(lambda r: r.url.endswith("/api/v1/staff/dossiers")) as reloaded,
        page.expect_response(is_post("staff/dossiers/H25-0001/status")) as saved,
    ):
        row.get_by_role("button", name="Lưu").click()
    assert saved.value.status == 200
    assert saved.value.request.all_headers()["x-csrf-token"] == token
    assert "x-csrf-token" not in reloaded.value.all_headers()  # reads do not carry it
    expect(page.locator("#toast")).to_have_text("Hồ sơ H25-0001: «Chờ bổ sung».")


@pytest.mark.parametrize("rate_limited", [True])
def test_staff_login_says_when_to_try_again_after_a_429(
    open_page: Callable[..., Page], app: FastAPI, clock: MovableClock, rate_limited: bool
) -> None:
    page = open_page("/staff", DESKTOP)
    username = create_staff(app, clock, "staff")
    error = page.locator("[data-testid=login-form] .notice.error")
    log_in(page, username, "sai-mat-khau")
    expect(error).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    with page.expect_response(is_post("staff/login")) as answered:
        log_in(page, username)
    assert answered.value.status == 429
    seconds = int(answered.value.all_headers()["retry-after"])
    expect(error).to_have_text(TOO_FAST.format(seconds))
    expect(page.locator("[data-testid=login-form]")).to_be_visible()


def test_staff_says_the_server_is_unreachable(
    open_page: Callable[..., Page], server: Server, app: FastAPI, clock: MovableClock
) -> None:
    page = open_page("/staff", DESKTOP)
    log_in(page, create_staff(app, clock, "staff"))
    page.click("#nav a[data-page=queue]")
    expect(page.locator("[data-testid=serving]")).to_have_text("—")
    server.stop()
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(page.locator("#toast")).to_have_text(STAFF_WORDS["network"])
    expect(page.locator("#toast")).to_have_class(re.compile(r"\berror\b"))
    # The board's next refresh says so too, and the session is not taken for ended.
    expect(page.locator("[data-testid=waiting] .notice.error")).to_have_text(
        STAFF_WORDS["network"], timeout=15_000
    )
    expect(page.locator("[data-testid=login-form]")).to_have_count(0)


def test_staff_console_asks_to_log_in_again_when_the_session_ends(
    open_page: Callable[..., Page], app: FastAPI, clock: MovableClock
) -> None:
    page = open_page("/staff", DESKTOP)
    with page.expect_response(is_post("staff/login")) as logged_in:
        log_in(page, create_staff(app, clock, "staff"))
    page.click("#nav a[data-page=queue]")
    expect(page.locator("[data-testid=serving]")).to_have_text("—")
    token = logged_in.value.json()["csrf_token"]
    ended = page.request.post("/api/v1/staff/logout", headers={"X-CSRF-Token": token})
    assert ended.status == 204  # another tab logged out: this session is gone
    with page.expect_response(is_post("queue/counters/1/next")) as refused:
        page.get_by_role("button", name="Gọi số tiếp theo").click()
    assert refused.value.status == 401
    expect(page.locator("[data-testid=login-form] .notice.error")).to_have_text(
        "Phiên làm việc đã hết. Vui lòng đăng nhập lại."
    )


def test_display_names_its_requests_and_shows_when_the_server_is_down(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page("/display", DESKTOP)
    with page.expect_request(lambda r: r.url.endswith("/api/v1/queue/calls")) as polled:
        pass
    request_id(polled.value.all_headers(), "display")
    expect(page.locator("#offline")).to_be_hidden()
    server.stop()
    expect(page.locator("#offline")).to_be_visible(timeout=10_000)


# What the client makes of each kind of answer, on both pages' clients.
OUTCOMES_JS = """async ({ module, staff }) => {
  const loaded = await import(module);
  const api = staff ? loaded.createClient({ name: "staff" }) : loaded.api;
  const outcome = async (call) => {
    try {
      return { ok: await call() };
    } catch (e) {
      const { name, status, code, message, fields, retryAfter, requestId, network } = e;
      return { name, status, code, message, fields, retryAfter, requestId, network };
    }
  };
  const aborted = new AbortController();
  aborted.abort();
  return {
    notFound: await outcome(() => api("procedures/khong-co-ma-nay")),
    invalid: await outcome(() =>
      api("complaints", { method: "POST", body: { content: " ", contact_phone: "123" } })),
    proxyBusy: await outcome(() => api("proxy/busy")),
    proxyDown: await outcome(() => api("proxy/down")),
    refused: await outcome(() => api("proxy/refused")),
    aborted: await outcome(() => api("desk", { signal: aborted.signal })),
  };
}"""


def play_proxy(page: Page) -> None:
    """A reverse proxy in front of the kiosk: a bare 429, a 502 page, a refused connection."""

    def busy(route: Route) -> None:
        route.fulfill(status=429, headers={"Retry-After": "7"}, body="<h1>Too Many Requests</h1>")

    page.route("**/api/v1/proxy/busy", busy)
    page.route("**/api/v1/proxy/down", lambda r: r.fulfill(status=502, body="<h1>Bad Gateway</h1>"))
    page.route("**/api/v1/proxy/refused", lambda r: r.abort("connectionrefused"))


@pytest.mark.parametrize("staff", [False, True], ids=["kiosk", "staff"])
def test_one_client_decides_what_an_error_is(
    open_page: Callable[..., Page], server: Server, staff: bool
) -> None:
    page = open_page("/staff", DESKTOP) if staff else kiosk(open_page)
    words, name = (STAFF_WORDS, "staff") if staff else (KIOSK_WORDS, "kiosk")
    play_proxy(page)
    module = "/static/shared/api.js" if staff else "/static/js/api.js"
    got = page.evaluate(OUTCOMES_JS, {"module": module, "staff": staff})

    missing = httpx.get(f"{server.url}/api/v1/procedures/khong-co-ma-nay").json()
    assert got["notFound"]["status"] == 404 and got["notFound"]["code"] == "procedure_not_found"
    assert got["notFound"]["message"] == missing["detail"]
    assert got["notFound"]["name"] == "ApiError" and got["notFound"]["network"] is False
    request_id({"x-request-id": got["notFound"]["requestId"]}, name)

    invalid = got["invalid"]
    assert invalid["status"] == 422 and invalid["code"] is None
    assert set(invalid["fields"]) == {"content", "contact_phone"}
    assert invalid["fields"]["content"] == "Nội dung: không được để trống"
    assert invalid["message"] == " ".join(invalid["fields"].values())

    assert got["proxyBusy"]["status"] == 429 and got["proxyBusy"]["retryAfter"] == 7
    assert got["proxyBusy"]["message"] == TOO_FAST.format(7)
    assert got["proxyDown"]["status"] == 502 and got["proxyDown"]["message"] == words["generic"]
    assert got["refused"]["status"] == 0 and got["refused"]["network"] is True
    assert got["refused"]["message"] == words["network"]
    assert got["aborted"]["name"] == "AbortError" and got["aborted"]["status"] is None


def test_shared_client_is_served_as_utf8_javascript(server: Server) -> None:
    for path in ("/static/shared/api.js", "/static/js/api.js"):
        response = httpx.get(f"{server.url}{path}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "Không kết nối được máy chủ" in httpx.get(f"{server.url}/static/shared/api.js").text
