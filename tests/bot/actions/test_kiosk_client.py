"""bot/actions/kiosk_client.py against the real kiosk app (python -m kiosk serve)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from actions.kiosk_client import FAILED, UNREACHABLE, KioskClient, KioskError, close_pools
from actions.validators import desk_moment
from harness import free_port_url

T = TypeVar("T")


def call(kiosk_url: str, use: Callable[[KioskClient], Awaitable[T]]) -> T:
    async def go() -> T:
        try:
            async with KioskClient(kiosk_url, timeout=10) as client:
                return await use(client)
        finally:
            await close_pools()

    return asyncio.run(go())


def refused(kiosk_url: str, use: Callable[[KioskClient], Awaitable[Any]]) -> KioskError:
    with pytest.raises(KioskError) as caught:
        call(kiosk_url, use)
    return caught.value


def test_search_and_detail(kiosk: Any) -> None:
    found = call(kiosk.url, lambda k: k.search("lam giay khai sinh cho con", k=3))
    assert found["abstain"] is False
    assert found["hits"][0]["id"] == "ho-tich.khai-sinh"
    procedure = call(kiosk.url, lambda k: k.procedure("ho-tich.khai-sinh"))
    assert procedure["name"] == "Đăng ký khai sinh"
    assert procedure["field"] == "Hộ tịch"
    assert {"agency", "dossier", "fees", "processing_time", "legal_basis", "sources"} <= set(
        procedure
    )


def test_search_abstains_on_nonsense(kiosk: Any) -> None:
    found = call(kiosk.url, lambda k: k.search("xin cấp phép bay khinh khí cầu trên sao Hỏa"))
    assert found["abstain"] is True


def test_unknown_procedure_is_a_vietnamese_404(kiosk: Any) -> None:
    error = refused(kiosk.url, lambda k: k.procedure("khong-co.thu-tuc-nay"))
    assert error.status == 404 and not error.unreachable
    assert error.message not in (FAILED, UNREACHABLE) and "thủ tục" in error.message.lower()


def test_desk_gives_the_pinned_clock_and_horizon(kiosk: Any) -> None:
    desk = call(kiosk.url, lambda k: k.desk())
    assert desk["now"].endswith("+07:00")  # RFC 3339 with the desk's offset
    assert desk_moment(desk["now"]) == kiosk.now
    assert desk["booking_horizon_days"] == 30
    assert desk["hotline"]


def test_book_lookup_reschedule_cancel(kiosk: Any) -> None:
    day = dt.date(2026, 11, 25)
    free = call(kiosk.url, lambda k: k.free_slots("Chứng thực", day, day))
    assert free and all(s["starts_at"].startswith("2026-11-25") for s in free)
    first, second = (dt.datetime.fromisoformat(s["starts_at"]) for s in free[:2])
    booking = {
        "field": "Chứng thực",
        "starts_at": first.isoformat(),
        "name": "Nguyễn Văn Khách",
        "phone": "0912000111",
        "procedure_id": "chung-thuc.ban-sao",
        "priority": "không",
        "channel": "kiosk",
        "channel_user_id": "kiosk-client-test",
    }
    booked = call(kiosk.url, lambda k: k.book(booking))
    code = booked["code"]
    assert booked["status"] == "đã đặt" and booked["counters"]
    found = call(kiosk.url, lambda k: k.find_booking(code, "0912000111"))
    assert found["code"] == code and found["starts_at"] == first.isoformat()

    wrong = refused(kiosk.url, lambda k: k.find_booking(code, "0912000112"))
    assert wrong.status == 404 and "không tìm thấy" in wrong.message.lower()

    moved = call(kiosk.url, lambda k: k.reschedule(code, "0912000111", second))
    assert moved["starts_at"] == second.isoformat()
    cancelled = call(kiosk.url, lambda k: k.cancel(code, "0912000111"))
    assert cancelled["status"] != "đã đặt"


def test_a_full_slot_comes_with_alternatives(kiosk: Any) -> None:
    start = dt.datetime(2026, 11, 26, 10, 0)  # Căn cước: one seat per slot
    booking = {
        "field": "Căn cước",
        "starts_at": start.isoformat(),
        "name": "Trần Văn Một",
        "phone": "0912000221",
        "priority": "không",
        "channel": "kiosk",
    }
    call(kiosk.url, lambda k: k.book(booking))
    second = {**booking, "name": "Lê Thị Hai", "phone": "0912000222"}
    error = refused(kiosk.url, lambda k: k.book(second))
    assert error.status == 409 and error.code == "slot_full"
    alternatives = error.body["alternatives"]
    assert alternatives and all(a["starts_at"] != start.isoformat() for a in alternatives)


def test_bad_input_is_refused_with_the_kiosks_message(kiosk: Any) -> None:
    booking = {"field": "Hộ tịch", "starts_at": "2026-11-24T09:00:00", "phone": "123"}
    error = refused(kiosk.url, lambda k: k.book(booking))
    assert error.status == 422 and error.message != FAILED


def test_services(kiosk: Any) -> None:
    ticket = call(kiosk.url, lambda k: k.take_ticket("Hộ tịch", "không"))
    assert ticket["label"].startswith("HT-") and ticket["field"] == "Hộ tịch"

    saved = call(
        kiosk.url,
        lambda k: k.save_checklist(
            "ho-tich.khai-sinh", ["Giấy chứng sinh"], ["Tờ khai đăng ký khai sinh"], []
        ),
    )
    assert saved["code"] and saved["url"].endswith(f"{saved['code']}/view")

    rated = call(kiosk.url, lambda k: k.rate("hài lòng", "Nhanh gọn", "ho-tich.khai-sinh"))
    assert rated["score"] == "hài lòng"

    filed = call(
        kiosk.url, lambda k: k.complain("Chờ quá lâu ở quầy 2 mà không ai hướng dẫn", None, None)
    )
    assert filed["code"] and dt.date.fromisoformat(filed["due_on"]) == dt.date(2026, 12, 3)

    request = {
        "channel": "kiosk",
        "sender_id": "kiosk-client-test",
        "reason": "Công dân yêu cầu gặp cán bộ",
        "procedure_id": None,
        "transcript": ["cho tôi gặp cán bộ"],
    }
    handoff = call(kiosk.url, lambda k: k.handoff(request))
    assert handoff["code"] and handoff["channel"] == "kiosk"


def test_dossier_status(kiosk: Any) -> None:
    kiosk.import_dossiers(
        "Mã hồ sơ,Tên thủ tục,Người nộp,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        "000.00.12.H25-261120-0101,Đăng ký khai sinh,Trần Thị Bình,0912 345 678,"
        "20/11/2026,20/11/2026,Đã trả kết quả\n"
    )
    found = call(kiosk.url, lambda k: k.dossier_status("000.00.12.H25-261120-0101", "5678"))
    assert found["status"] == "Đã trả kết quả"
    hidden = refused(kiosk.url, lambda k: k.dossier_status("000.00.12.H25-261120-0101", "0000"))
    assert hidden.status == 404


def test_unreachable_kiosk() -> None:
    error = refused(free_port_url(), lambda k: k.desk())
    assert error.unreachable and error.message == UNREACHABLE


def test_service_token_is_sent(kiosk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTCUA_KIOSK_URL", kiosk.url)
    monkeypatch.setenv("MOTCUA_SERVICE_TOKEN", "s" * 24)
    client = KioskClient.from_env()
    assert client.headers() == {"X-Motcua-Source": "assistant", "X-Motcua-Service": "s" * 24}
    monkeypatch.delenv("MOTCUA_SERVICE_TOKEN")
    assert "X-Motcua-Service" not in KioskClient.from_env().headers()
