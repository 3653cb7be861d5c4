"""Out-of-scope questions: where the matter goes and the hotline, from the kiosk."""

from __future__ import annotations

from typing import Any

import pytest
from actions.referrals import ActionReferOutOfScope
from harness import free_port_url, get_json, run, texts, tracker


def test_a_neighbour_dispute_is_sent_to_mediation_and_the_court(
    kiosk_api: str, domain: Any
) -> None:
    hotline = get_json(f"{kiosk_api}/desk")["hotline"]
    asked = tracker("kiện hàng xóm", "out_of_scope")
    events, messages = run(ActionReferOutOfScope(), asked, domain)
    assert events == []
    [said] = texts(messages)
    assert "hòa giải ở cơ sở" in said and "Tòa án" in said and hotline in said


def test_the_price_of_gold_gets_where_to_look_and_the_hotline(kiosk_api: str, domain: Any) -> None:
    hotline = get_json(f"{kiosk_api}/desk")["hotline"]
    _, messages = run(ActionReferOutOfScope(), tracker("giá vàng", "out_of_scope"), domain)
    [said] = texts(messages)
    assert "ngân hàng" in said and hotline in said


def test_small_talk_gets_the_hotline_only(kiosk_api: str, domain: Any) -> None:
    hotline = get_json(f"{kiosk_api}/desk")["hotline"]
    _, messages = run(ActionReferOutOfScope(), tracker("kể chuyện cười đi", "out_of_scope"), domain)
    assert texts(messages) == [f"Cần hỏi thêm, bạn gọi đường dây nóng {hotline}."]


def test_without_the_kiosk_it_sends_the_citizen_to_the_counter(
    monkeypatch: pytest.MonkeyPatch, domain: Any
) -> None:
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())
    _, messages = run(ActionReferOutOfScope(), tracker("giá vàng", "out_of_scope"), domain)
    assert texts(messages) == ["Bạn có thể gặp cán bộ tại quầy để được hướng dẫn."]
