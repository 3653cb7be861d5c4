"""Desk configuration: the bundled example, its calendar, and what a bad file is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from kiosk.api.ratelimit import TokenBucketLimiter
from kiosk.core.config import DEFAULT_DESK
from kiosk.services.desk import DeskConfig, load_desk


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_DESK.read_text(encoding="utf-8"))
    return data


def test_example_desk_calendar() -> None:
    desk = load_desk(DEFAULT_DESK)
    monday = dt.date(2026, 11, 23)
    assert len(desk.slot_starts(monday)) == 16 + 14  # 07:30–11:30 and 13:30–17:00
    assert desk.closing_time(monday) == dt.datetime(2026, 11, 23, 17, 0)
    assert [s.time() for s in desk.slot_starts(dt.date(2026, 11, 28))][-1] == dt.time(11, 15)
    assert desk.slot_starts(dt.date(2026, 11, 29)) == []  # Sunday
    for day in (
        dt.date(2026, 2, 14),
        dt.date(2026, 2, 17),
        dt.date(2026, 2, 22),
        dt.date(2026, 4, 27),
        dt.date(2026, 9, 2),
        dt.date(2027, 1, 1),
    ):
        assert desk.slot_starts(day) == [], day
    assert desk.holiday(dt.date(2026, 2, 17)) is not None
    assert desk.slot_starts(dt.date(2026, 2, 23))  # first working day after Tết
    assert [c.id for c in desk.counters_for("Hộ tịch")] == ["1", "2"]


def test_bad_configurations_are_refused(raw: dict[str, Any]) -> None:
    def refused(change: dict[str, Any], words: str) -> None:
        with pytest.raises(ValidationError, match=words):
            DeskConfig.model_validate({**raw, **change})

    refused({"hours": {"mon": ["07:30-11:30", "11:00-12:00"]}}, "chồng lên nhau")
    refused({"hours": {"monday": ["07:30-11:30"]}}, "thứ không hợp lệ")
    refused({"hours": {"mon": ["11:30-07:30"]}}, "giờ đóng phải sau giờ mở")
    refused({"counters": [{"id": "1", "name": "Quầy 1", "fields": ["Hàng hải"]}]}, "chưa khai báo")
    refused(
        {"fields": {**raw["fields"], "Hàng hải": {"prefix": "HT", "capacity": 1}}},
        "không quầy nào phục vụ",
    )
    refused({"fields": {**raw["fields"], "Hộ tịch": {"prefix": "CT", "capacity": 2}}}, "tiền tố")
    refused(
        {"holidays": [{"from": "2026-02-22", "to": "2026-02-14", "name": "Tết"}]},
        "ngày kết thúc trước ngày bắt đầu",
    )


def test_token_bucket_refills() -> None:
    now = [0.0]
    limiter = TokenBucketLimiter(per_minute=6, burst=2, monotonic=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(10.0)  # one token per 10 s
    assert limiter.take("b") == 0.0  # per client
    now[0] = 10.0
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0


def test_official_field_names_lead_to_the_desk_field(raw: dict[str, Any]) -> None:
    desk = load_desk(DEFAULT_DESK)
    assert desk.field_of("Đăng ký, quản lý cư trú") == "Cư trú"
    assert desk.resolve_field("quản lý xuất nhập cảnh") == "Xuất nhập cảnh"
    assert desk.serves_field("Cấp, quản lý căn cước") and not desk.serves_field("Thú y")
    twice = {**raw["fields"], "Hộ tịch": {"prefix": "HT", "capacity": 2, "official": ["Cư trú"]}}
    with pytest.raises(ValidationError, match="cho hai lĩnh vực"):
        DeskConfig.model_validate({**raw, "fields": twice})
