"""What the connectors themselves say (not Rasa): reminders, status notices, deep links."""

from __future__ import annotations

import datetime as dt
import json

from connectors.messages import Outgoing
from kiosk.services.chat import Button
from kiosk.services.desk import DeskConfig
from kiosk.store.models import Appointment, Checklist, Dossier, DossierEvent

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
CHANGE_BUTTON = Button("Đổi hoặc hủy lịch hẹn", "/cancel_appointment")

WELCOME = (
    "Xin chào! Mình là trợ lý của Bộ phận Một cửa. Bạn cần hỏi thủ tục, chuẩn bị hồ sơ, "
    "đặt lịch hẹn hay tra cứu hồ sơ ạ?"
)
HELP_FOLLOW = (
    "Để nhận thông báo khi hồ sơ thay đổi trạng thái, bạn gửi: /theodoi <mã hồ sơ> "
    "<4 số cuối điện thoại>, ví dụ /theodoi 000.00.12.H25-261120-0001 5678"
)
UNKNOWN_CODE = (
    "Mình chưa tìm thấy mã {code}. Mã in trên màn hình kiosk có dạng LH-XXXXX (lịch hẹn) "
    "hoặc DS-XXXXX (danh sách hồ sơ). Bạn kiểm tra lại giúp mình nhé."
)
DOSSIER_NOT_FOUND = (
    "Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại này. Bạn kiểm tra lại giấy biên nhận "
    "giúp mình nhé."
)


def when_text(moment: dt.datetime) -> str:
    return f"{moment:%H:%M} {WEEKDAYS[moment.weekday()]} {moment:%d/%m/%Y}"


def _appointment_rows(appointment: Appointment, desk: DeskConfig) -> list[tuple[str, str]]:
    counters = ", ".join(c.name for c in desk.counters_for(appointment.field))
    return [
        ("Thời gian", when_text(appointment.starts_at)),
        ("Lĩnh vực", appointment.field),
        ("Nơi tiếp nhận", counters or "Bộ phận Một cửa"),
    ]


def appointment_reminder(appointment: Appointment, desk: DeskConfig) -> Outgoing:
    return Outgoing(
        title=f"⏰ Nhắc lịch hẹn {appointment.code}",
        rows=_appointment_rows(appointment, desk),
        text="Bạn nhớ mang đủ giấy tờ và đến đúng giờ nhé. Nếu không đến được, bạn đổi hoặc "
        "hủy lịch để nhường chỗ cho người khác.",
        buttons=[CHANGE_BUTTON],
    )


def dossier_notice(dossier: Dossier, event: DossierEvent) -> Outgoing:
    rows = [
        ("Thủ tục", dossier.procedure_name),
        ("Trạng thái", event.status),
        ("Cập nhật lúc", f"{event.recorded_at:%H:%M %d/%m/%Y}"),
    ]
    if dossier.due_on:
        rows.append(("Ngày hẹn trả", f"{dossier.due_on:%d/%m/%Y}"))
    return Outgoing(
        title=f"📂 Hồ sơ {dossier.code}",
        rows=rows,
        text="Hồ sơ của bạn vừa được cập nhật trạng thái.",
    )


def appointment_linked(appointment: Appointment, desk: DeskConfig) -> Outgoing:
    return Outgoing(
        title=f"📅 Lịch hẹn {appointment.code}",
        rows=_appointment_rows(appointment, desk),
        text="Đã kết nối lịch hẹn với cuộc trò chuyện này. Mình sẽ nhắc bạn trước giờ hẹn.",
        buttons=[CHANGE_BUTTON],
    )


def appointment_closed(appointment: Appointment, now: dt.datetime) -> Outgoing:
    state = "đã qua" if appointment.starts_at <= now else str(appointment.status)
    return Outgoing(text=f"Lịch hẹn {appointment.code} {state}. Bạn có thể đặt lịch hẹn mới.")


def checklist_continued(checklist: Checklist, procedure_name: str) -> Outgoing:
    entity = json.dumps({"procedure": procedure_name}, ensure_ascii=False)
    return Outgoing(
        title=f"📋 Danh sách hồ sơ {checklist.code}",
        rows=[
            ("Thủ tục", procedure_name),
            ("Đã có", "; ".join(checklist.have) or "chưa có"),
            ("Còn thiếu", "; ".join(checklist.missing) or "không thiếu giấy tờ nào"),
            ("Biểu mẫu cần điền", "; ".join(checklist.forms) or "không có"),
        ],
        text="Đây là danh sách bạn đã chuẩn bị tại kiosk. Khi đủ giấy tờ, bạn đặt lịch hẹn để "
        "nộp hồ sơ nhé.",
        buttons=[
            Button("Đặt lịch hẹn", f"/book_appointment{entity}"),
            Button("Hỏi về thủ tục", f"/ask_procedure{entity}"),
        ],
    )


def dossier_followed(dossier: Dossier) -> Outgoing:
    return Outgoing(
        title=f"📂 Hồ sơ {dossier.code}",
        rows=[("Thủ tục", dossier.procedure_name), ("Trạng thái hiện tại", dossier.status)],
        text="Mình sẽ báo cho bạn mỗi khi hồ sơ này thay đổi trạng thái.",
    )
