"""A procedure's official structure as short Vietnamese text, for chat replies and the
Telegram/Zalo cards: every channel with its own time and fee, the levels, the desk's scope,
the notices and the portal link. Values are shown as the record has them; nothing empty is
filled in. Reads the procedure as the kiosk answers it (knowledge.catalog.view plus scope).
"""

from __future__ import annotations

import re
from typing import Any

NOTE_CHARS = 160  # a fee's note in a chat line; the full note is on the procedure's page
NO_UNIT = "(trang thủ tục không ghi đơn vị)"
NO_INFO = "không có thông tin"
BARE_NUMBER = re.compile(r"^[\d.,\s]+$")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def money(amount: float, currency: str | None) -> str:
    """2000000 → "2.000.000 đồng"; 10, "USD" → "10 USD"."""
    if currency in (None, "VND"):
        return f"{round(amount):,}".replace(",", ".") + " đồng"
    number = f"{amount:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    return f"{number} {currency}"


def time_text(time: dict[str, Any] | None) -> str:
    """A channel's time, "5 Ngày làm việc"; a bare number says the page gives no unit."""
    if not time:
        return NO_INFO
    text = str(time.get("text") or "")
    bare = time.get("unit") is None and BARE_NUMBER.match(text)
    return f"{text} {NO_UNIT}" if bare else text


def channel_fee_text(fee: dict[str, Any] | None) -> str:
    """A channel's fee: "2.000.000 đồng", "10 USD/trang", "miễn phí" or the cell, with its note."""
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
    """One line per channel: "trực tiếp: 5 Ngày làm việc, 2.000.000 đồng". A curated fact
    marked verified stays the answer of a joined entry: the record's differing time or fee
    is then left out of its channels (the card says the verified one)."""
    keep = _verified_kept(procedure)
    lines = []
    for channel in procedure.get("channels") or []:
        parts = [] if "processing_time" in keep else [time_text(channel.get("time"))]
        parts += [] if "fees" in keep else [channel_fee_text(channel.get("fee"))]
        lines.append(f"{channel['kind']}: {', '.join(parts)}" if parts else str(channel["kind"]))
    return lines


def _verified_kept(procedure: dict[str, Any]) -> set[str]:
    if procedure.get("origin") != "merged":
        return set()
    return set((procedure.get("verified") or {}).get("verified") or [])


def levels_text(procedure: dict[str, Any]) -> str:
    """Every level, the main one first: "xã, tỉnh"."""
    main = str(procedure.get("level") or "")
    others = [str(level) for level in procedure.get("levels") or [] if level != main]
    return ", ".join([main, *others]) if main else ", ".join(others)


def scope_text(procedure: dict[str, Any]) -> str | None:
    """Where to go when this desk does not take the procedure ("Thủ tục này thực hiện tại …")."""
    scope = procedure.get("scope") or {}
    return None if scope.get("served", True) else scope.get("where")


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
    if procedure.get("portal_url") and procedure.get("origin", "curated") != "curated":
        rows.append(("Trang thủ tục", str(procedure["portal_url"])))
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
    if procedure.get("portal_url") and procedure.get("origin", "curated") != "curated":
        parts.append(f"Trang thủ tục: {procedure['portal_url']}")
    return " ".join(parts)
