"""What an official record of the national procedure database adds to a procedure's card
text: levels, channels each with its own time and fee, the case question, the desk's scope,
notices and the portal page; and the card of a list-only entry.

Pure functions over the kiosk's procedure JSON (GET /procedures/{id}); the same rules as
the kiosk's own chat text (kiosk/services/procedure_text.py, another runtime): values as
captured, nothing empty filled in, and a curated fact marked verified stays the answer of
a joined entry (the record's differing time or fee is then left out of its channels).
"""

from __future__ import annotations

import re
from typing import Any

NOTE_CHARS = 160
NO_INFO = "không có thông tin"
BARE_NUMBER = re.compile(r"^[\d.,\s]+$")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def money(amount: float, currency: str | None) -> str:
    if currency in (None, "VND"):
        return f"{round(amount):,}".replace(",", ".") + " đồng"
    number = f"{amount:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    return f"{number} {currency}"


def time_text(time: dict[str, Any] | None) -> str:
    if not time:
        return NO_INFO
    text = str(time.get("text") or "")
    if time.get("unit") is None and BARE_NUMBER.match(text):
        return f"{text} (trang thủ tục không ghi đơn vị)"
    return text


def fee_text(fee: dict[str, Any] | None) -> str:
    if not fee:
        return NO_INFO
    if fee.get("free"):
        amount = "miễn phí"
    elif fee.get("amount") is None:
        amount = str(fee.get("text") or NO_INFO)
    else:
        amount = money(float(fee["amount"]), fee.get("currency"))
        amount += f"/{fee['per']}" if fee.get("per") else ""
    note = fee.get("note")
    return f"{amount} ({_clip(str(note), NOTE_CHARS)})" if note else amount


def channel_lines(procedure: dict[str, Any]) -> list[str]:
    """ "- trực tiếp: 5 Ngày làm việc, 2.000.000 đồng" for each channel."""
    kept: set[str] = set()
    if procedure.get("origin") == "merged":
        kept = set(procedure["verified"]["verified"])
    lines = []
    for channel in procedure.get("channels") or []:
        parts = [] if "processing_time" in kept else [time_text(channel.get("time"))]
        parts += [] if "fees" in kept else [fee_text(channel.get("fee"))]
        lines.append(f"- {channel['kind']}" + (f": {', '.join(parts)}" if parts else ""))
    return lines


def levels_text(procedure: dict[str, Any]) -> str:
    main = str(procedure.get("level") or "")
    return ", ".join([main, *[str(x) for x in procedure.get("levels") or [] if x != main]])


def closing_lines(procedure: dict[str, Any]) -> list[str]:
    """Where to go when this desk does not take it, the notices, the portal page."""
    scope = procedure.get("scope") or {}
    lines = [] if scope.get("served", True) else [str(scope.get("where"))]
    lines += [str(notice) for notice in procedure.get("notices") or []]
    if procedure.get("portal_url") and procedure.get("origin", "curated") != "curated":
        lines.append(f"Trang thủ tục trên Cổng Dịch vụ công quốc gia: {procedure['portal_url']}")
    return lines


def components_text(procedure: dict[str, Any]) -> str:
    """The papers, or that they depend on the case (the checklist asks which)."""
    question = procedure.get("case_question")
    if question:
        count = len(question["options"])
        return f"khác nhau theo trường hợp ({count} trường hợp): bấm «Chuẩn bị hồ sơ» để chọn"
    papers = [i["name"] for i in procedure["dossier"] if i["kind"] != "không nộp bản giấy"]
    return f"({len(papers)} loại giấy tờ) {'; '.join(papers)}" if papers else NO_INFO


def official_aspect(procedure: dict[str, Any], aspect: str) -> str | None:
    """An official record's answer about its time, fees or place, from its channels and
    agencies; None when the catalog's own answer serves (curated, or nothing more known)."""
    name = procedure["name"]
    by_channel = procedure.get("origin") == "national" and procedure.get("channels")
    if by_channel and aspect in ("time", "fees"):
        what = "Thời hạn và phí, lệ phí" if aspect == "time" else "Phí, lệ phí và thời hạn"
        lines = "\n".join(channel_lines(procedure))
        return f"{what} của thủ tục {name}, theo từng cách nộp:\n{lines}"
    agency = procedure.get("agency") or {}
    if aspect == "place" and not agency.get("submit_at"):
        performing = "; ".join(agency.get("performing") or []) or agency.get("name") or NO_INFO
        head = f"Thủ tục {name}: cơ quan thực hiện: {performing}."
        return "\n".join([head, *closing_lines(procedure)])
    return None


PAPERLESS = "không nộp bản giấy"  # "0 bản chính" on the page: an explanation, not a paper


def nothing_to_prepare(procedure: dict[str, Any]) -> str | None:
    """What to say instead of a checklist when the catalog lists no paper to bring (a
    list-only entry, a page without dossier); None when there are papers."""
    if any(item["kind"] != PAPERLESS for item in procedure["dossier"]):
        return None
    lines = list(procedure.get("notices") or []) or [
        "Chưa có danh sách giấy tờ cho thủ tục này — hỏi cán bộ."
    ]
    return "\n".join([*lines, *[x for x in closing_lines(procedure) if x not in lines]])
