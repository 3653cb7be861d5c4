"""A procedure's official structure as short Vietnamese text, for chat replies and the
Telegram/Zalo cards: every channel with its own time and fee, the levels, the desk's scope,
the notices and the portal link. Values are shown as the record has them; nothing empty is
filled in. Reads the procedure as the kiosk answers it (knowledge.catalog.view plus scope).
"""

from __future__ import annotations

from typing import Any

from vntext.procedure_facts import channels, levels_text, portal_url, scope_text


def channel_lines(procedure: dict[str, Any]) -> list[str]:
    """One line per channel: "trực tiếp: 5 Ngày làm việc, 2.000.000 đồng"."""
    return [f"{kind}: {', '.join(parts)}" if parts else kind for kind, parts in channels(procedure)]


def extra_rows(procedure: dict[str, Any]) -> list[tuple[str, str]]:
    """Labelled rows an official record adds to a card: levels, channels, scope, notices,
    portal link (none for a curated entry without them)."""
    rows: list[tuple[str, str]] = []
    if procedure.get("levels"):
        rows.append(("Cấp thực hiện", levels_text(procedure)))
    rows += [("Cách thức", line) for line in channel_lines(procedure)]
    where = scope_text(procedure)
    if where:
        rows.append(("Nơi thực hiện", where))
    rows += [("Lưu ý", notice) for notice in procedure.get("notices") or []]
    page = portal_url(procedure)
    if page:
        rows.append(("Trang thủ tục", page))
    return rows


def summary(procedure: dict[str, Any]) -> str:
    """The chat's one-paragraph answer: name and field, where to submit, time or channels,
    where to go instead, notices and the portal link of an official record."""
    parts = [f"Thủ tục phù hợp nhất: {procedure['name']} (lĩnh vực {procedure['field']})."]
    agency = procedure.get("agency") or {}
    if agency.get("submit_at"):
        parts.append(f"Nơi nộp: {agency['submit_at']}.")
    elif agency.get("name"):
        parts.append(f"Cơ quan thực hiện: {agency['name']}.")
    time = (procedure.get("processing_time") or {}).get("text")
    if time and (procedure.get("origin") != "national" or not procedure.get("channels")):
        parts.append(f"Thời hạn: {time}.")
    lines = channel_lines(procedure)
    if lines:
        parts.append(f"Cách thức thực hiện: {'; '.join(lines)}.")
    where = scope_text(procedure)
    parts += [where] if where else []
    parts += list(procedure.get("notices") or [])
    page = portal_url(procedure)
    parts += [f"Trang thủ tục: {page}"] if page else []
    return " ".join(parts)
