"""bot/actions/validators.py: what citizens type into forms, with and without diacritics."""

from __future__ import annotations

import datetime as dt

import pytest
from actions.validators import (
    asks_complaint_status,
    is_reschedule,
    is_skip,
    is_stop,
    normalize_phone,
    parse_booking_code,
    parse_change,
    parse_complaint_code,
    parse_date,
    parse_dossier_code,
    parse_name,
    parse_priority,
    parse_rating,
    parse_time,
    parse_tracking_code,
    parse_yes_no,
    phone_last4,
)

MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("hôm nay", "2026-11-23"),
        ("ngày mai", "2026-11-24"),
        ("mai", "2026-11-24"),
        ("ngay kia", "2026-11-25"),
        ("mốt", "2026-11-25"),
        ("thứ tư", "2026-11-25"),
        ("thu 6", "2026-11-27"),
        ("T7", "2026-11-28"),
        ("chủ nhật", "2026-11-29"),
        ("thứ hai", "2026-11-30"),  # said on a Monday: the next one
        ("thứ ba tuần sau", "2026-12-01"),
        ("25/11", "2026-11-25"),
        ("25-11-2026", "2026-11-25"),
        ("ngày 3 tháng 12", "2026-12-03"),
        ("ngay 5", "2026-12-05"),  # the 5th, said on the 23rd: next month
        ("20/11", "2026-11-20"),  # three days ago: a past day, refused by the form
        ("5/1", "2027-01-05"),  # January said in November: next year
        ("2026-12-24", "2026-12-24"),
    ],
)
def test_parse_date(text: str, day: str) -> None:
    assert parse_date(text, MONDAY) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("text", ["hôm nào cũng được", "31/2", "", "sớm nhất có thể"])
def test_unreadable_dates(text: str) -> None:
    assert parse_date(text, MONDAY) is None


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("9h", "09:00"),
        ("14h30", "14:30"),
        ("9 giờ sáng", "09:00"),
        ("2 giờ chiều", "14:00"),
        ("2 gio chieu", "14:00"),
        ("9:15", "09:15"),
        ("9 rưỡi", "09:30"),
        ("8h rưỡi", "08:30"),
        ("khoảng 10h", "10:00"),
    ],
)
def test_parse_time(text: str, time: str) -> None:
    assert parse_time(text) == dt.time.fromisoformat(time)


@pytest.mark.parametrize("text", ["sáng", "25h", "không biết"])
def test_unreadable_times(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("số của tôi là 0398-765-432", "0398765432"),
        ("0123456789", None),  # old 11-digit prefixes are gone
        ("12345", None),
        ("091234567", None),
    ],
)
def test_normalize_phone(text: str, phone: str | None) -> None:
    assert normalize_phone(text) == phone


def test_phone_last4() -> None:
    assert phone_last4("5678") == "5678"
    assert phone_last4("4 số cuối 4321") == "4321"
    assert phone_last4("0912 345 678") == "5678"
    assert phone_last4("43 21") == "4321"
    assert phone_last4("43") is None


def test_codes() -> None:
    assert parse_booking_code("LH-7K2Q9") == "LH-7K2Q9"
    assert parse_booking_code("mã lh 7k2q9 nhé") == "LH-7K2Q9"
    assert parse_booking_code("LH7K2Q9") == "LH-7K2Q9"
    assert parse_booking_code("abc") is None
    assert parse_dossier_code("mã 000.00.12.h25-261120-0001") == "000.00.12.H25-261120-0001"
    assert parse_dossier_code("H25.22-261120-0003") == "H25.22-261120-0003"
    assert parse_dossier_code("không nhớ") is None


def test_priority_rating_yes_no() -> None:
    assert parse_priority("em đang mang bầu") == "phụ nữ mang thai"
    assert parse_priority("nguoi gia tren 70") == "người cao tuổi"
    assert parse_priority("đi xe lăn") == "người khuyết tật"
    assert parse_priority("không") == "không"
    assert parse_priority("hmm") is None
    assert parse_rating("rất hài lòng") == "rất hài lòng"
    assert parse_rating("khong hai long lam") == "không hài lòng"
    assert parse_rating("4 sao") == "hài lòng"
    assert parse_rating("1") == "không hài lòng"
    assert parse_rating("hmm") is None
    assert parse_yes_no("có rồi") is True
    assert parse_yes_no("da co") is True
    assert parse_yes_no("chưa có") is False
    assert parse_yes_no("ko co") is False
    assert parse_yes_no("để xem") is None


def test_names() -> None:
    assert parse_name("Nguyễn Văn An") == "Nguyễn Văn An"
    assert parse_name("tôi tên là Trần Thị Bình") == "Trần Thị Bình"
    assert parse_name("ten toi la Le Van Tam") == "Le Van Tam"
    assert parse_name("An") is None  # a full name, please
    assert parse_name("0912345678") is None
    assert parse_name("có") is None


def test_stop_and_skip() -> None:
    assert is_stop("thôi") and is_stop("Hủy") and is_stop("dung lai") and is_stop("thoi khoi")
    assert not is_stop("thôi được, đặt ngày mai")
    assert is_skip("bỏ qua") and is_skip("khong") and not is_skip("quầy 3 chậm")


def test_parse_change() -> None:
    assert parse_change("hủy lịch") == "hủy"
    assert parse_change("huy di") == "hủy"
    assert parse_change("đổi sang giờ khác") == "đổi"
    assert parse_change("chuyen qua hom khac") == "đổi"
    assert parse_change("không biết") is None


def test_is_reschedule() -> None:
    assert is_reschedule("mình muốn đổi lịch hẹn")
    assert is_reschedule("chuyen gio kham sang chieu")
    assert not is_reschedule("đặt lịch làm căn cước")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("tra cứu phản ánh PA-9KX3MT4Q", "PA-9KX3MT4Q"),
        ("tra cuu phan anh pa 9kx3 mt4q", "PA-9KX3MT4Q"),
        ("pa9kx3mt4q", "PA-9KX3MT4Q"),
        ("mã PA-9KX3 MT4Q đã trả lời chưa", "PA-9KX3MT4Q"),
        ("phản ánh về cán bộ quầy 3", None),
        ("PA-9KX3", None),  # too short: not a tracking code
    ],
)
def test_complaint_code(text: str, code: str | None) -> None:
    assert parse_complaint_code(text) == code


def test_tracking_code_is_a_complaint_or_a_dossier() -> None:
    assert parse_tracking_code("phản ánh pa 9kx3mt4q") == "PA-9KX3MT4Q"
    assert parse_tracking_code("mã 000.00.12.h25-261120-0001") == "000.00.12.H25-261120-0001"
    assert parse_tracking_code("không nhớ") is None


@pytest.mark.parametrize(
    ("text", "following"),
    [
        ("tra cứu phản ánh", True),
        ("phản ánh của tôi đã có trả lời chưa", True),
        ("kiem tra kien nghi giup toi", True),
        ("PA-9KX3MT4Q", True),
        ("tôi muốn phản ánh về thái độ cán bộ", False),
        ("gửi kiến nghị", False),
        ("tôi muốn phản ánh việc kiểm tra hồ sơ quá chậm", False),
    ],
)
def test_asks_complaint_status(text: str, following: bool) -> None:
    assert asks_complaint_status(text) is following
