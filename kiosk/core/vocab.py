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
    CHECKED_IN = "đã đến"  # staff checked the citizen in at the desk
    NO_SHOW = "vắng mặt"  # the slot passed without the citizen


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
    TAKEN = "đang hỗ trợ"  # a staff member took it (and may have answered)
    CLOSED = "đã xử lý"


class StaffRole(StrEnum):
    """Staff console roles, each allowed everything the ones before it are."""

    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(StaffRole).index(self)

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    StaffRole.STAFF: "cán bộ một cửa",
    StaffRole.SUPERVISOR: "lãnh đạo bộ phận",
    StaffRole.ADMIN: "quản trị hệ thống",
}
