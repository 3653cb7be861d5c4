"""The "Cách thức thực hiện" table: channels, each with its time, fee and description.

The capture runs the cells together after the header cells:

    Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc2,000,000 Việt Nam
    Đồng(Phí ...: 2.000.000 đồng/01 đơn hàng)Dịch vụ bưu chính5 Ngày làm việc...

A row starts where a channel name runs straight into a cell (a digit or a capital
letter); "Trực tiếp tại ..." or "Trực tuyến: ..." inside a description does not.
Each row is time, fee, the fee's note in brackets, then the description.
A unit-less time ("1") can run into an amount without separator ("120 VNĐ"): the
time is then read as the shortest prefix that leaves a well-formed amount, and the
record is noted (`JOINED_TIME_FEE`) so a person can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.catalog.facts import Channel, ChannelFee, ChannelKind, TimeLimit
from knowledge.catalog.portal.cells import NO_INFO, balanced, one_line, strip_outer

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
JOINED_TIME_FEE = "thời hạn và lệ phí dính liền"
KINDS = {
    "Trực tiếp": ChannelKind.IN_PERSON,
    "Trực tuyến": ChannelKind.ONLINE,
    "Dịch vụ bưu chính": ChannelKind.POSTAL,
}
_CHANNEL = re.compile("|".join(KINDS))
_CURRENCY = r"(Việt Nam Đồng|VNĐ|VND|Đồng|USD|EUR)"
_AMOUNT = rf"([1-9]\d{{0,2}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*{_CURRENCY}"
_FEE = re.compile(rf"Miễn phí|{NO_INFO}|{_AMOUNT}")
_UNITS = "Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần|Phút"
_TIME = re.compile(rf"(\d+(?:[.,]\d+)?)\s*({_UNITS}|{_UNITS.lower()})")
_SAME_DAY = re.compile(r"Trong ngày|Ngay trong ngày")
_PER = re.compile(
    r"([\d.,]*)\s*(?:đồng|vnđ|vnd|đ|usd)?\s*/\s*(?:0?1\s+)?([^\s/;,.()][^/;,.()]{0,40})", re.I
)
CURRENCIES = {"Việt Nam Đồng": "VND", "VNĐ": "VND", "VND": "VND", "Đồng": "VND"}


@dataclass
class ChannelTable:
    channels: list[Channel] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a person should check


def parse_channels(text: str) -> ChannelTable:
    """Every row of the table; text before the first row is noted, never dropped silently."""
    table = ChannelTable()
    body = text.strip()
    body = body[len(HEADER) :] if body.startswith(HEADER) else body
    starts = [m for m in _CHANNEL.finditer(body) if _opens_row(body, m.end())]
    if starts and body[: starts[0].start()].strip():
        table.notes.append("chữ trước dòng đầu của bảng cách thức")
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        channel, joined = _row(KINDS[match.group(0)], body[match.end() : end])
        table.channels.append(channel)
        if joined:
            table.notes.append(JOINED_TIME_FEE)
    return table


def _opens_row(body: str, at: int) -> bool:
    """A channel name opens a row when a cell follows at once (digit or capital)."""
    if at >= len(body) or _CHANNEL.match(body, at):
        return False
    return body[at].isdigit() or body[at].isupper()


def _row(kind: ChannelKind, cells: str) -> tuple[Channel, bool]:
    time, rest, joined = _read_time(cells)
    fee, rest = _read_fee(rest)
    return Channel(kind=kind, time=time, fee=fee, description=one_line(rest)), joined


def _read_time(cells: str) -> tuple[TimeLimit | None, str, bool]:
    """(time, rest, whether the time had to be split off an amount)."""
    if match := _TIME.match(cells):
        value, unit = match.groups()
        limit = TimeLimit(text=match.group(0), value=_number(value), unit=unit.lower())
        return limit, cells[match.end() :], False
    if match := _SAME_DAY.match(cells):
        return TimeLimit(text=match.group(0), unit="trong ngày"), cells[match.end() :], False
    if match := re.match(r"\d+", cells):
        return _unitless(cells, match.group(0))
    if cells.startswith(NO_INFO):
        return None, cells[len(NO_INFO) :], False
    fee = _FEE.search(cells)
    text = one_line(cells[: fee.start()] if fee else cells)
    rest = cells[fee.start() :] if fee else ""
    return (TimeLimit(text=text) if text else None), rest, False


def _unitless(cells: str, digits: str) -> tuple[TimeLimit, str, bool]:
    """A bare number; when it runs into an amount, the shortest time that leaves one."""
    after = cells[len(digits) :]
    if re.match(rf"(?:,\d{{3}})*\s*{_CURRENCY}", after):
        for cut in range(1, len(digits)):
            if re.match(_AMOUNT, cells[cut:]) and cells[cut] != "0":
                return TimeLimit(text=digits[:cut], value=float(digits[:cut])), cells[cut:], True
    return TimeLimit(text=digits, value=float(digits)), after, False


def _read_fee(rest: str) -> tuple[ChannelFee | None, str]:
    match = _FEE.match(rest)
    if match is None:
        return None, rest
    token = match.group(0)
    if token == NO_INFO:
        return None, rest[match.end() :]
    inside, after = balanced(rest[match.end() :])
    note = strip_outer(one_line(inside)) or None
    if token == "Miễn phí":
        return ChannelFee(text=token, amount=0, free=True, note=note), after
    amount = _number(match.group(1).replace(",", ""))
    currency = CURRENCIES.get(match.group(2), match.group(2))
    per = _per(note, amount) if note else None
    fee = ChannelFee(text=token, amount=amount, currency=currency, per=per, note=note)
    return fee, after


def _per(note: str, amount: float | None) -> str | None:
    """The unit a fee is charged per ("trang", "tờ khai"), when the note states it for
    this amount: "/trang", "2.000 đồng/trang"."""
    for match in _PER.finditer(note):
        number, unit = match.groups()
        stated = _number(number.replace(".", "").replace(",", "")) if number else None
        if (match.start() == 0 and not number) or (stated is not None and stated == amount):
            return _unit_words(unit)
    return None


def _unit_words(text: str) -> str | None:
    """At most four words, stopping at a capitalised word or "đối với" (the note goes on)."""
    words: list[str] = []
    for word in text.split():
        if words and (word[0].isupper() or word == "đối") or len(words) == 4:
            break
        words.append(word)
    return " ".join(words) or None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None
