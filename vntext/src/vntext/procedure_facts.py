"""A procedure's official facts as short Vietnamese text, the same in both runtimes: the
kiosk's chat and the Telegram/Zalo cards (kiosk/services/procedure_text.py) and the Rasa
actions (bot/actions/official.py). Reads the procedure as the kiosk API answers it.

Values are shown as the record has them and nothing empty is filled in; a curated fact
marked verified stays the answer of a joined entry (the record's differing time or fee is
then left out of its channels).
"""

from __future__ import annotations

import re
from typing import Any

NOTE_CHARS = 160  # a fee's note in a chat line; the full note is on the procedure's page
NO_UNIT = "(trang thủ tục không ghi đơn vị)"
NO_INFO = "không có thông tin"
BARE_NUMBER = re.compile(r"^[\d.,\s]+$")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis where it was cut."""
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


def fee_text(fee: dict[str, Any] | None) -> str:
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
    return f"{amount} ({clip(str(note), NOTE_CHARS)})" if note else amount


def verified_kept(procedure: dict[str, Any]) -> set[str]:
    """The facts a joined entry's curated side marks verified (they win over the record's)."""
    if procedure.get("origin") != "merged":
        return set()
    return set((procedure.get("verified") or {}).get("verified") or [])


def channels(procedure: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each channel's kind with its time and fee texts (a verified curated fact left out)."""
    keep = verified_kept(procedure)
    found = []
    for channel in procedure.get("channels") or []:
        parts = [] if "processing_time" in keep else [time_text(channel.get("time"))]
        parts += [] if "fees" in keep else [fee_text(channel.get("fee"))]
        found.append((str(channel["kind"]), parts))
    return found


def levels_text(procedure: dict[str, Any]) -> str:
    """Every level, the main one first: "xã, tỉnh"."""
    main = str(procedure.get("level") or "")
    others = [str(level) for level in procedure.get("levels") or [] if level != main]
    return ", ".join([main, *others]) if main else ", ".join(others)


def scope_text(procedure: dict[str, Any]) -> str | None:
    """Where to go when this desk does not take the procedure ("Thủ tục này thực hiện tại …")."""
    scope = procedure.get("scope") or {}
    return None if scope.get("served", True) else scope.get("where")


def portal_url(procedure: dict[str, Any]) -> str | None:
    """The portal page of an official record (a curated entry cites its own sources)."""
    if procedure.get("portal_url") and procedure.get("origin", "curated") != "curated":
        return str(procedure["portal_url"])
    return None
