"""Handing the conversation to desk staff: the request row and the channels' payload."""

from __future__ import annotations

import json
from typing import Any

from actions.handoff import ActionHandoff
from harness import customs, db_rows, run, texts, tracker


def test_handoff_payload(kiosk: Any, kiosk_api: str, domain: Any) -> None:
    history = [
        {"event": "user", "text": "đặt lịch hẹn", "parse_data": {}},
        {"event": "bot", "text": "Bạn làm thủ tục gì ạ?"},
    ]
    request = tracker(
        "cho tôi gặp cán bộ",
        "request_human",
        slots={"procedure_id": "ho-tich.khai-sinh"},
        history=history,
        sender_id="zalo-8841",
    )
    request.active_loop = {"name": "booking_form"}
    events, messages = run(ActionHandoff(), request, domain)
    assert events == []
    payload = customs(messages)[0]
    assert payload == {
        "type": "handoff",
        "code": payload["code"],
        "channel": "zalo",
        "sender_id": "zalo-8841",
        "reason": "Công dân yêu cầu gặp cán bộ (đang đặt lịch hẹn)",
        "procedure_id": "ho-tich.khai-sinh",
        "waiting_before": payload["waiting_before"],
    }
    assert texts(messages)[0].startswith(
        f"Mình đã chuyển yêu cầu của bạn tới cán bộ (mã {payload['code']})."
    )
    stored = db_rows(
        kiosk, "SELECT status, transcript FROM handoffs WHERE code = ?", payload["code"]
    )
    assert len(stored) == 1
    assert json.loads(stored[0][1]) == ["đặt lịch hẹn", "cho tôi gặp cán bộ"]
