"""What an official record of the national procedure database adds to a procedure's card
text: levels, channels each with its own time and fee, the case question, the desk's scope,
notices and the portal page; and the card of a list-only entry.

Pure functions over the kiosk's procedure JSON (GET /procedures/{id}); the facts are worded
by vntext.procedure_facts, as in the kiosk's own chat text (kiosk/services/procedure_text.py).
"""

from __future__ import annotations

from typing import Any

from vntext.procedure_facts import NO_INFO, channels, portal_url, scope_text


def channel_lines(procedure: dict[str, Any]) -> list[str]:
    """ "- trực tiếp: 5 Ngày làm việc, 2.000.000 đồng" for each channel."""
    return [
        f"- {kind}" + (f": {', '.join(parts)}" if parts else "")
        for kind, parts in channels(procedure)
    ]


def closing_lines(procedure: dict[str, Any]) -> list[str]:
    """Where to go when this desk does not take it, the notices, the portal page."""
    where = scope_text(procedure)
    lines = [where] if where else []
    lines += [str(notice) for notice in procedure.get("notices") or []]
    page = portal_url(procedure)
    if page:
        lines.append(f"Trang thủ tục trên Cổng Dịch vụ công quốc gia: {page}")
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
