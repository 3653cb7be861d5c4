"""The chat relay: POST /api/v1/chat against Rasa's REST channel on loopback, and the
kiosk without Rasa (down, slow, broken): answers from retrieval with a visible notice,
and every other service keeps working."""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.core.logs import configure_logging
from kiosk.runtime import RuntimeOverrides
from kiosk.services.chat import (
    ABSTAIN_TEXT,
    COMMAND_TEXT,
    DEGRADED_NOTICE,
    OUTSIDE_TEXT,
    UNAVAILABLE_TEXT,
)
from tests.kiosk.conftest import MovableClock, Serve
from tests.kiosk.rasa_channel import FALLBACK, Failure, RasaChannel, Turn
from tests.loopback import closed_port_url

CHAT = "/api/v1/chat"
TIMEOUT = 1.0  # the relay's wait for Rasa in these tests (MOTCUA_RASA_TIMEOUT_SECONDS)
QUESTION = "làm giấy khai sinh cần gì"
TOKEN = "rasa-api-token-of-this-test"
OFF_TOPIC = "thời tiết Hà Nội ngày mai thế nào"
CARD = {
    "type": "procedure_card",
    "procedure": {"id": "ho-tich.khai-sinh", "name": "Đăng ký khai sinh"},
}
SCRIPT = {
    QUESTION: Turn(
        "hoi_ho_so",
        0.97,
        [
            {
                "text": "Đăng ký khai sinh cần tờ khai và giấy chứng sinh.",
                "buttons": [
                    {"title": "Đặt lịch hẹn", "payload": "/dat_lich"},
                    {"title": "Chuẩn bị hồ sơ", "payload": "/chuan_bi_ho_so"},
                ],
            },
            {"custom": CARD},
            {"image": "http://127.0.0.1/so-do-quay.png"},  # nothing the kiosk shows
            {"text": "Bạn cần gì thêm không?"},
        ],
    ),
    "/dat_lich": Turn("dat_lich", 1.0, [{"text": "Bạn muốn đặt lịch ngày nào?"}]),
    '/chon_thu_tuc{"procedure_id":"ho-tich.khai-sinh"}': Turn(
        "chon_thu_tuc", 1.0, [{"text": "Bạn đã chọn Đăng ký khai sinh."}]
    ),
}
RELAYED = [
    {
        "text": "Đăng ký khai sinh cần tờ khai và giấy chứng sinh.",
        "buttons": [
            {"title": "Đặt lịch hẹn", "payload": "/dat_lich"},
            {"title": "Chuẩn bị hồ sơ", "payload": "/chuan_bi_ho_so"},
        ],
        "custom": None,
    },
    {"text": None, "buttons": [], "custom": CARD},
    {"text": "Bạn cần gì thêm không?", "buttons": [], "custom": None},
]


@pytest.fixture
def failure() -> Failure:
    return Failure.NONE


@pytest.fixture
def rasa_timeout() -> float:
    return TIMEOUT


@pytest.fixture
def channel(failure: Failure) -> RasaChannel:
    return RasaChannel(SCRIPT, failure)


@pytest.fixture
def rasa_down() -> bool:
    return False


@pytest.fixture
def rasa_url(channel: RasaChannel, serve: Serve, rasa_down: bool) -> Iterator[str]:
    """Rasa's REST channel on a free loopback port; with `rasa_down`, a port nobody serves."""
    if rasa_down:
        yield closed_port_url()
        return
    with serve(channel.app()) as url:
        try:
            yield url
        finally:
            channel.release()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, rasa_url: str, rasa_timeout: float) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        rasa_url=rasa_url,
        rasa_timeout_seconds=rasa_timeout,
    )


def chat(client: TestClient, message: str, session: str = "s1") -> dict[str, Any]:
    response = client.post(CHAT, json={"session_id": session, "message": message})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- the relay's contract with Rasa ---------------------------------------------------


def test_messages_buttons_cards_and_intent_are_relayed(
    client: TestClient, channel: RasaChannel
) -> None:
    reply = chat(client, QUESTION, session="a1b2c3")
    assert reply == {
        "session_id": "a1b2c3",
        "messages": RELAYED,
        "intent": {"name": "hoi_ho_so", "confidence": 0.97},
        "degraded": False,
        "notice": None,
    }
    assert channel.received == [{"sender": "kiosk-a1b2c3", "message": QUESTION}]
    assert channel.tracker_requests == [("kiosk-a1b2c3", {"include_events": "NONE"})]


def test_the_tracker_is_read_with_the_rasa_token(app: FastAPI, channel: RasaChannel) -> None:
    """Rasa's HTTP API wants `?token=` (run with --auth-token); the REST channel does not."""
    app.state.settings = app.state.settings.model_copy(update={"rasa_token": SecretStr(TOKEN)})
    with TestClient(app) as client:
        reply = chat(client, QUESTION, session="t0k3n")
    assert reply["intent"] == {"name": "hoi_ho_so", "confidence": 0.97}
    assert channel.received == [{"sender": "kiosk-t0k3n", "message": QUESTION}]
    assert channel.tracker_requests == [("kiosk-t0k3n", {"include_events": "NONE", "token": TOKEN})]


def test_request_urls_with_tokens_stay_out_of_the_logs() -> None:
    """httpx logs each request URL at INFO; the entry point's logging keeps it quiet."""
    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    saved = (list(root.handlers), root.level, httpx_logger.level)
    try:
        configure_logging("text", "DEBUG")
        assert not httpx_logger.isEnabledFor(logging.INFO)
    finally:
        root.handlers[:], httpx_logger.level = saved[0], saved[2]
        root.setLevel(saved[1])


def test_each_kiosk_session_is_one_rasa_conversation(
    client: TestClient, channel: RasaChannel
) -> None:
    first = chat(client, QUESTION, session="visit-1")
    other = chat(client, "xin chào", session="visit-2")
    again = chat(client, "/dat_lich", session="visit-1")
    assert channel.senders == ["kiosk-visit-1", "kiosk-visit-2", "kiosk-visit-1"]
    # Each intent is read from that session's own tracker.
    assert first["intent"]["name"] == "hoi_ho_so"
    assert other["intent"] == {"name": FALLBACK.intent, "confidence": FALLBACK.confidence}
    assert other["messages"] == [
        {"text": FALLBACK.messages[0]["text"], "buttons": [], "custom": None}
    ]
    assert again["intent"] == {"name": "dat_lich", "confidence": 1.0}
    assert [sender for sender, _ in channel.tracker_requests] == channel.senders


def test_text_reaches_rasa_canonical_and_payloads_verbatim(
    client: TestClient, channel: RasaChannel
) -> None:
    decomposed = "  " + unicodedata.normalize("NFD", QUESTION).replace(" ", "   ") + " "
    assert chat(client, decomposed)["messages"] == RELAYED
    payload = '/chon_thu_tuc{"procedure_id":"ho-tich.khai-sinh"}'
    assert chat(client, payload)["intent"] == {"name": "chon_thu_tuc", "confidence": 1.0}
    assert [body["message"] for body in channel.received] == [QUESTION, payload]


def test_the_english_screen_tells_rasa_in_the_metadata(
    client: TestClient, channel: RasaChannel
) -> None:
    """The kiosk in English: Rasa's REST channel hands `metadata` to NLU and the tracker."""
    body = {"session_id": "en-1", "message": "passport", "language": "en"}
    assert client.post(CHAT, json=body).status_code == 200
    chat(client, "hộ chiếu", session="vi-1")  # Vietnamese: the body as it always was
    assert channel.received == [
        {"sender": "kiosk-en-1", "message": "passport", "metadata": {"language": "en"}},
        {"sender": "kiosk-vi-1", "message": "hộ chiếu"},
    ]


@pytest.mark.parametrize("failure", [Failure.TRACKER_BROKEN, Failure.TRACKER_NONSENSE])
def test_unreadable_tracker_keeps_the_answer_without_intent(
    client: TestClient, channel: RasaChannel
) -> None:
    reply = chat(client, QUESTION)
    assert reply["messages"] == RELAYED
    assert reply["intent"] is None and reply["degraded"] is False and reply["notice"] is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"session_id": "s1", "message": "   "}, "message", "Tin nhắn: không được để trống"),
        ({"session_id": "s1", "message": "a\u0007b"}, "message", "Tin nhắn: chứa ký tự"),
        ({"session_id": "s1", "message": "x" * 501}, "message", "Tin nhắn: tối đa 500 ký tự"),
        ({"session_id": "a b", "message": "chào"}, "session_id", "Mã phiên: không đúng định dạng"),
        ({"session_id": "s" * 65, "message": "chào"}, "session_id", "Mã phiên: tối đa 64 ký tự"),
        ({"message": "chào"}, "session_id", "Mã phiên: bắt buộc phải có"),
        ({"session_id": "s1", "message": ["chào"]}, "message", "Tin nhắn: phải là chuỗi ký tự"),
        (
            {"session_id": "s1", "message": "chào", "language": "fr"},
            "language",
            "Ngôn ngữ: phải là một trong các giá trị",
        ),
    ],
)
def test_bad_turns_are_refused_in_vietnamese_and_never_reach_rasa(
    client: TestClient, channel: RasaChannel, body: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(CHAT, json=body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == field and error["message"].startswith(message)
    assert channel.received == []


# -- without Rasa: answers from retrieval ---------------------------------------------


def assert_answered_from_retrieval(client: TestClient, reply: dict[str, Any]) -> None:
    """The degraded answer to QUESTION: the top procedure as a card, with the notice."""
    assert reply["degraded"] is True and reply["intent"] is None
    assert reply["notice"] == DEGRADED_NOTICE
    procedure = client.get("/api/v1/procedures/ho-tich.khai-sinh").json()
    [message] = reply["messages"]
    assert message["custom"] == {"type": "procedure_card", "procedure": procedure}
    assert message["text"].startswith("Thủ tục phù hợp nhất: Đăng ký khai sinh (lĩnh vực Hộ tịch)")
    assert procedure["processing_time"]["text"] in message["text"]
    assert message["buttons"] == []


@pytest.mark.parametrize("rasa_down", [True])
def test_rasa_down_answers_from_retrieval_with_the_notice(client: TestClient) -> None:
    assert_answered_from_retrieval(client, chat(client, QUESTION))


@pytest.mark.parametrize("failure", [Failure.SLOW, Failure.BROKEN, Failure.NONSENSE, Failure.EMPTY])
def test_rasa_slow_or_broken_answers_from_retrieval(
    client: TestClient, channel: RasaChannel, failure: Failure
) -> None:
    began = time.monotonic()
    reply = chat(client, QUESTION)
    waited = time.monotonic() - began
    assert_answered_from_retrieval(client, reply)
    assert channel.senders == ["kiosk-s1"]  # Rasa was asked, and did not answer usefully
    if failure is Failure.SLOW:
        assert TIMEOUT * 0.9 <= waited < TIMEOUT + 5


@pytest.mark.parametrize("order", ["down-first", "down-last"])
def test_a_replica_that_refuses_is_skipped_for_the_next(
    app: FastAPI, channel: RasaChannel, rasa_url: str, order: str
) -> None:
    """MOTCUA_RASA_URL lists several replicas: a conversation whose replica is down (killed,
    restarting) goes on through the next one, without the catalog's notice. Catches a
    relay that reads only one URL (every turn of those conversations degraded)."""
    replicas = [closed_port_url(), rasa_url]
    app.state.settings.rasa_url = ",".join(replicas if order == "down-first" else replicas[::-1])
    with TestClient(app) as client:
        replies = [chat(client, QUESTION, session=f"s{i}") for i in range(8)]
    assert [r["degraded"] for r in replies] == [False] * 8
    assert all(r["messages"] == RELAYED for r in replies)
    assert sorted(channel.senders) == sorted(f"kiosk-s{i}" for i in range(8))  # each once


@pytest.mark.parametrize("rasa_down", [True])
def test_abstaining_question_gets_the_apology_and_the_hotline(client: TestClient) -> None:
    search = client.get("/api/v1/procedures/search", params={"q": OFF_TOPIC}).json()
    assert search["abstain"] is True  # retrieval itself declines this one
    hotline = client.get("/api/v1/desk").json()["hotline"]
    reply = chat(client, OFF_TOPIC)
    assert reply["degraded"] is True and reply["notice"] == DEGRADED_NOTICE
    assert reply["messages"] == [
        {"text": f"{ABSTAIN_TEXT} Đường dây nóng: {hotline}.", "buttons": [], "custom": None}
    ]


@pytest.mark.parametrize("rasa_down", [True])
@pytest.mark.parametrize("question", ["kiện hàng xóm", "giá vàng"])
def test_an_outside_matter_gets_where_it_goes_and_the_hotline(
    client: TestClient, question: str
) -> None:
    search = client.get("/api/v1/procedures/search", params={"q": question}).json()
    hotline = client.get("/api/v1/desk").json()["hotline"]
    reply = chat(client, question)
    assert reply["degraded"] is True and reply["notice"] == DEGRADED_NOTICE
    [message] = reply["messages"]
    assert message["text"] == f"{OUTSIDE_TEXT} {search['referral']['message']}"
    assert hotline in message["text"] and message["custom"] is None  # no procedure card


@pytest.mark.parametrize("rasa_down", [True])
def test_button_payload_without_rasa_points_to_the_tiles(client: TestClient) -> None:
    reply = chat(client, "/dat_lich")
    assert reply["degraded"] is True
    assert reply["messages"] == [{"text": COMMAND_TEXT, "buttons": [], "custom": None}]


@pytest.mark.parametrize("rasa_down", [True])
def test_without_rasa_and_retrieval_the_answer_says_so(
    settings: Settings, clock: MovableClock
) -> None:
    no_knowledge = settings.model_copy(update={"open_retriever": False})
    with TestClient(create_app(no_knowledge, overrides=RuntimeOverrides(clock=clock))) as client:
        reply = chat(client, QUESTION)
    assert reply["degraded"] is True and reply["notice"] == DEGRADED_NOTICE
    assert reply["messages"] == [{"text": UNAVAILABLE_TEXT, "buttons": [], "custom": None}]


@pytest.mark.parametrize("rasa_down", [True])
def test_chat_turns_leave_no_personal_data_in_the_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    chat(client, "tôi là Trần Thị Bích, số 0987654321, muốn làm giấy khai sinh")
    assert "Rasa unavailable" in caplog.text  # the fallback is logged ...
    for secret in ("Trần Thị Bích", "0987654321", "987654321"):
        assert secret not in caplog.text  # ... without what the citizen typed


BOOKING = {
    "field": "Hộ tịch",
    "starts_at": "2026-11-24T08:00:00",
    "name": "Nguyễn Văn An",
    "phone": "0912345678",
}


@pytest.mark.parametrize(
    ("rasa_down", "failure", "rasa_timeout"),
    [(True, Failure.NONE, TIMEOUT), (False, Failure.SLOW, 4.0)],
    ids=["rasa-down", "rasa-slow"],
)
def test_booking_works_while_the_assistant_cannot(
    app: FastAPI, serve: Serve, channel: RasaChannel, failure: Failure
) -> None:
    """A chat turn waiting on Rasa holds nothing up: slots and booking answer meanwhile."""
    replies: list[dict[str, Any]] = []
    with serve(app) as base, httpx.Client(base_url=f"{base}/api/v1", timeout=30) as http:

        def ask() -> None:
            body = {"session_id": "kiosk-7", "message": QUESTION}
            replies.append(httpx.post(f"{base}{CHAT}", json=body, timeout=30).json())

        asking = threading.Thread(target=ask)
        asking.start()
        if failure is Failure.SLOW:  # the turn has reached Rasa, which sits on it
            deadline = time.monotonic() + 10
            while not channel.received and time.monotonic() < deadline:
                time.sleep(0.02)
            assert channel.received
        query = {"field": "Hộ tịch", "start": "2026-11-24", "end": "2026-11-24"}
        slots = http.get("/appointments/slots", params=query)
        assert slots.status_code == 200
        assert slots.json()[0] == {
            "starts_at": "2026-11-24T07:30:00+07:00",
            "ends_at": "2026-11-24T07:45:00+07:00",
            "remaining": 2,
        }
        booked = http.post("/appointments", json=BOOKING)
        assert booked.status_code == 201, booked.text
        if failure is Failure.SLOW:
            assert asking.is_alive()  # booked while the assistant was still waiting
        asking.join(timeout=30)
        lookup = http.post(
            "/appointments/lookup", json={"code": booked.json()["code"], "phone": "0912345678"}
        )
        booked_at = f"{BOOKING['starts_at']}+07:00"  # answers carry the desk's UTC offset
        assert lookup.status_code == 200 and lookup.json()["starts_at"] == booked_at
        left = http.get("/appointments/slots", params=query).json()
        assert [s["remaining"] for s in left if s["starts_at"] == booked_at] == [1]
    [reply] = replies
    assert reply["degraded"] is True and reply["notice"] == DEGRADED_NOTICE
    assert reply["messages"][0]["custom"]["procedure"]["id"] == "ho-tich.khai-sinh"
