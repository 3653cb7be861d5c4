"""Closed vocabularies shared by the API, the services and the store."""

from __future__ import annotations

from enum import StrEnum


class PriorityGroup(StrEnum):
    """Người được ưu tiên tiếp nhận trước."""

    NONE = "không"
    ELDERLY = "người cao tuổi"
    PREGNANT = "phụ nữ mang thai"
    DISABLED = "người khuyết tật"


class Channel(StrEnum):
    KIOSK = "kiosk"
    TELEGRAM = "telegram"
    ZALO = "zalo"
    WEB = "web"


class AppointmentStatus(StrEnum):
    BOOKED = "đã đặt"
    CANCELLED = "đã hủy"


class TicketStatus(StrEnum):
    WAITING = "đang chờ"
    CALLED = "đang phục vụ"
    DONE = "đã xong"


class RatingScore(StrEnum):
    VERY_SATISFIED = "rất hài lòng"
    SATISFIED = "hài lòng"
    DISSATISFIED = "không hài lòng"


class ComplaintStatus(StrEnum):
    NEW = "mới"
    IN_PROGRESS = "đang xử lý"
    ANSWERED = "đã trả lời"


class HandoffStatus(StrEnum):
    WAITING = "đang chờ"
    CLOSED = "đã xử lý"
