"""Small HTML pages: the printable queue ticket and the checklist seen on a phone.

Every value is escaped; pages are self-contained (inline CSS, no scripts).
"""

from __future__ import annotations

from html import escape

from kiosk.core.vocab import PriorityGroup
from kiosk.services.desk import DeskConfig
from kiosk.services.queue import TicketView
from kiosk.store.models import Checklist
from knowledge.catalog.models import Procedure

_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""

_TICKET_STYLE = """
@page { size: 80mm auto; margin: 4mm; }
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; text-align: center; margin: 0; }
.desk { font-size: 14px; font-weight: bold; text-transform: uppercase; }
.label { font-size: 14px; margin-top: 8px; }
.number { font-size: 72px; font-weight: bold; line-height: 1.1; margin: 4px 0; }
.field { font-size: 20px; font-weight: bold; }
.meta { font-size: 14px; margin-top: 6px; }
.note { font-size: 12px; margin-top: 10px; font-style: italic; }
"""

_CHECKLIST_STYLE = """
body { font-family: "Noto Sans", Arial, sans-serif; margin: 16px; line-height: 1.45; }
h1 { font-size: 20px; } h2 { font-size: 17px; margin-top: 20px; }
.code { color: #555; } li { margin: 4px 0; }
"""


def _items(items: list[str], empty: str) -> str:
    if not items:
        return f"<p>{escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def ticket_page(view: TicketView, desk: DeskConfig) -> str:
    """A receipt-printer page with the number in large type."""
    ticket = view.ticket
    counters = ", ".join(c.name for c in desk.counters_for(ticket.field))
    wait = (
        f"khoảng {view.estimated_wait_minutes} phút"
        if view.estimated_wait_minutes
        else "sắp đến lượt"
    )
    priority = (
        ""
        if ticket.priority == PriorityGroup.NONE
        else f'<div class="meta">Ưu tiên: {escape(ticket.priority)}</div>'
    )
    body = f"""<div class="desk">{escape(desk.name)}</div>
<div class="label">SỐ THỨ TỰ</div>
<div class="number">{escape(ticket.label)}</div>
<div class="field">{escape(ticket.field)}</div>
<div class="meta">Quầy: {escape(counters)}</div>
{priority}
<div class="meta">Lấy số lúc {ticket.issued_at:%H:%M} ngày {ticket.issued_at:%d/%m/%Y}</div>
<div class="meta">Số người đang chờ trước: {view.people_ahead}</div>
<div class="meta">Thời gian chờ dự kiến: {escape(wait)}</div>
<div class="note">Vui lòng chú ý màn hình và loa gọi số.</div>"""
    return _PAGE.format(title=escape(f"Số thứ tự {ticket.label}"), style=_TICKET_STYLE, body=body)


def checklist_page(checklist: Checklist, procedure: Procedure | None) -> str:
    """The checklist a citizen continues with on a phone after scanning the QR code."""
    name = procedure.name if procedure else checklist.procedure_id
    where = f"<h2>Nơi nộp</h2><p>{escape(procedure.agency.submit_at)}</p>" if procedure else ""
    body = f"""<h1>{escape(name)}</h1>
<p class="code">Mã danh sách: {escape(checklist.code)}</p>
<h2>Giấy tờ còn thiếu</h2>{_items(checklist.missing, "Không thiếu giấy tờ nào.")}
<h2>Giấy tờ đã có</h2>{_items(checklist.have, "Chưa đánh dấu giấy tờ nào.")}
<h2>Mẫu đơn, tờ khai cần điền</h2>{_items(checklist.forms, "Không có mẫu cần điền.")}
{where}"""
    return _PAGE.format(title=escape(name), style=_CHECKLIST_STYLE, body=body)
