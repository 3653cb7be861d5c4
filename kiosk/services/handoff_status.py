"""What a citizen who asked for a person is told happens next (pure: no database).

The kiosk shows it under the request, the assistant can say it in the chat: the place
in the line while the desk is open; outside opening hours, when the desk opens again
and that staff will call back on a phone number the citizen leaves, with consent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.core.vocab import HandoffStatus
from kiosk.store.models import Handoff
from vntext.masking import mask_phone

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def when_text(moment: dt.datetime) -> str:
    """ "07:30 Thứ Ba 24/11/2026"."""
    return f"{moment:%H:%M} {WEEKDAYS[moment.weekday()]} {moment:%d/%m/%Y}"


@dataclass(frozen=True)
class DeskMoment:
    """The desk at the moment the citizen asks: open now, and when it opens next."""

    open_now: bool
    next_open: dt.datetime | None


@dataclass(frozen=True)
class HandoffState:
    """A request as its citizen sees it."""

    handoff: Handoff
    waiting_before: int
    desk: DeskMoment
    counter_name: str | None
    next_step: str


def _reopens(desk: DeskMoment) -> str:
    return when_text(desk.next_open) if desk.next_open else "ngày làm việc tiếp theo"


def _waiting(handoff: Handoff, ahead: int, desk: DeskMoment) -> str:
    if not desk.open_now and handoff.callback_phone:
        return (
            "Ngoài giờ làm việc: cán bộ sẽ gọi lại qua số điện thoại "
            f"{mask_phone(handoff.callback_phone)} khi Bộ phận Một cửa làm việc lại "
            f"({_reopens(desk)})."
        )
    if not desk.open_now:
        return (
            "Bây giờ là ngoài giờ làm việc, chưa có cán bộ trực. Bộ phận Một cửa làm việc lại "
            f"lúc {_reopens(desk)}. Nếu bạn đồng ý, hãy để lại số điện thoại: cán bộ sẽ gọi "
            "lại cho bạn."
        )
    place = f"Trước bạn còn {ahead} người đang chờ" if ahead else "Bạn là người tiếp theo"
    return (
        f"Yêu cầu {handoff.code} đã được chuyển tới cán bộ. {place}; câu trả lời của cán bộ "
        "sẽ hiện ngay tại đây."
    )


def next_step(handoff: Handoff, ahead: int, desk: DeskMoment, counter_name: str | None) -> str:
    """One or two Vietnamese sentences: what happens now with this request."""
    if counter_name:
        return f"Cán bộ mời bạn đến {counter_name} để được hỗ trợ trực tiếp."
    if handoff.answer:
        return f"Cán bộ đã trả lời yêu cầu {handoff.code}."
    if handoff.status == HandoffStatus.CLOSED:
        return f"Yêu cầu {handoff.code} đã được cán bộ xử lý xong."
    if handoff.status == HandoffStatus.TAKEN:
        return f"Cán bộ đang xem yêu cầu {handoff.code} của bạn, vui lòng chờ trong giây lát."
    return _waiting(handoff, ahead, desk)
