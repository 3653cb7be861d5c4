"""The one-line fields every client already reads, summarised from the structured ones.

`processing_time`, `fees`, `dossier`, `online` and `postal` were single values before
channels and groups existed; an imported record fills them from its channels and
groups so that a client reading only them still tells the truth (times per channel
when they differ, one fee per distinct fee, case groups as conditions).
"""

from __future__ import annotations

from knowledge.catalog.facts import (
    Channel,
    ChannelFee,
    ChannelKind,
    CopyKind,
    DossierItem,
    Fee,
    Postal,
    ProcessingTime,
)
from knowledge.catalog.models import Online
from knowledge.catalog.portal.dossier import Group, GroupRole, Row
from knowledge.text import fold


def processing_time(channels: list[Channel]) -> ProcessingTime:
    texts = {c.kind: c.time.text for c in channels if c.time}
    distinct = list(dict.fromkeys(texts.values()))
    if not distinct:
        return ProcessingTime()
    text = distinct[0] if len(distinct) == 1 else "; ".join(f"{k}: {t}" for k, t in texts.items())
    days = [c.time.value for c in channels if c.time and c.time.unit == "ngày làm việc"]
    working_days = max((d for d in days if d is not None), default=None)
    return ProcessingTime(text=text[0].upper() + text[1:], working_days=working_days)


def fees(channels: list[Channel]) -> list[Fee]:
    """One entry per distinct fee; named by its channels when channels differ."""
    by_fee: dict[tuple[str, str | None], list[ChannelKind]] = {}
    for channel in channels:
        if channel.fee is not None:
            key = (channel.fee.text, channel.fee.note)
            by_fee.setdefault(key, []).append(channel.kind)
    found = {c.fee.text: c.fee for c in channels if c.fee is not None}
    entries = []
    for (text, note), kinds in by_fee.items():
        fee = found[text]
        name = "Phí, lệ phí"
        if len(by_fee) > 1:
            name += f" ({', '.join(dict.fromkeys(kinds))})"
        amount = vnd(fee)
        shown = text if amount is None else None  # "145 USD" stays readable in the note
        note_text = "; ".join(p for p in (shown, note) if p) or None
        entries.append(Fee(name=name, amount_vnd=amount, note=note_text))
    return entries


def vnd(fee: ChannelFee) -> int | None:
    if fee.free:
        return 0
    return int(fee.amount) if fee.currency == "VND" and fee.amount is not None else None


def online(channels: list[Channel]) -> Online:
    if not channels:
        return Online.UNKNOWN
    return Online.AVAILABLE if any(c.kind is ChannelKind.ONLINE for c in channels) else Online.NONE


def postal(channels: list[Channel]) -> Postal:
    """Submission by post is in the table or not; delivery of the result is not said."""
    if not channels:
        return Postal(receive=None, deliver=None)
    return Postal(receive=any(c.kind is ChannelKind.POSTAL for c in channels), deliver=None)


def dossier(groups: list[Group]) -> list[DossierItem]:
    return [_item(row, group) for group in groups for row in group.rows]


def _item(row: Row, group: Group) -> DossierItem:
    kind, count = _kind(row)
    if group.role is GroupRole.PRESENT and kind not in (CopyKind.NO_PAPER, CopyKind.UNSPECIFIED):
        kind = CopyKind.PRESENT
    case = group.role is GroupRole.CASE
    return DossierItem(
        name=row.name,
        kind=kind,
        count=count,
        form=row.form,
        required=not case,
        condition=(group.heading or "").rstrip(" :") if case else None,
        originals=row.originals,
        copies=row.copies,
        group=group.heading,
    )


def _kind(row: Row) -> tuple[CopyKind, int]:
    originals, copies = row.originals or 0, row.copies or 0
    if row.originals is None and row.copies is None:
        return CopyKind.UNSPECIFIED, 0
    if originals and copies:
        return CopyKind.ORIGINAL_AND_COPY, max(originals, copies)
    if originals:
        return CopyKind.ORIGINAL, originals
    if copies:
        certified = "chung thuc" in fold(row.name)
        return (CopyKind.CERTIFIED_COPY if certified else CopyKind.COPY), copies
    return CopyKind.NO_PAPER, 0
