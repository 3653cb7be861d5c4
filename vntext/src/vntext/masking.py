"""The one masking function: personal data out of analytics, logs and audit records.

Citizens type their phone number, identity card number, e-mail or name into the
chat. Whatever is kept for statistics or written to a log goes through `mask`
first. Each kind of datum becomes a placeholder that still tells an analyst what
was there ("[sđt]", "[cccd]", "[email]", "[tên]").

Names are masked where they can be recognised: after a cue ("tôi tên là",
"họ tên", "ông", "chị", ...) or when two to four capitalised syllables start
with a common Vietnamese surname. A name typed in lower case without a cue
cannot be told from ordinary words and stays.
"""

from __future__ import annotations

import logging
import re
import unicodedata

PHONE = "[sđt]"
CCCD = "[cccd]"
EMAIL = "[email]"
NAME = "[tên]"
NUMBER = "[số]"

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# 12 digits: căn cước (công dân); may be typed in groups of 3 or 4.
_CCCD = re.compile(r"(?<![\d+])\d{3}(?:[ .]?\d{3}){3}(?!\d)|(?<![\d+])\d{4}(?:[ .]?\d{4}){2}(?!\d)")
# Vietnamese phone numbers, mobile or landline, with +84/84/0 and separators.
_PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)[\s.\-]?\(?\d{1,3}\)?(?:[\s.\-]?\d){6,8}(?!\d)")
# Any other long run of digits: old 9-digit ID cards, bank accounts, insurance numbers.
_LONG_NUMBER = re.compile(r"(?<!\d)\d{9,}(?!\d)")

_UPPER = "A-ZÀ-ỸĐ"
_CAP_WORD = rf"[{_UPPER}][a-zà-ỹđ]*"
_CAP_RUN = rf"{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,4}}"
# Cues after which the next capitalised words (or, for explicit cues, any words) are a name.
_NAME_CUES = (
    r"tên (?:tôi|em|mình|cháu|con|tớ) là",
    r"(?:tôi|em|mình|cháu|con|tớ) tên là",
    r"(?:tôi|em|mình|cháu|con|tớ) tên",
    r"họ (?:và )?tên(?: là)?\s*:?",
    r"tên\s*:",
    r"(?:tôi|em|mình|cháu|con|tớ) là",
    r"người (?:nhận|nộp|đứng tên)(?: là)?",
)
_CUED_NAME = re.compile(rf"(?i:\b(?:{'|'.join(_NAME_CUES)}))\s+({_CAP_RUN})")
_TITLED_NAME = re.compile(rf"(?i:\b(?:ông|bà|anh|chị|cô|chú|bác|cháu|em|bé))\s+({_CAP_RUN})")
_SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đoàn|"
    "Trịnh|Trương|Lâm|Mai|Cao|Hà|Tạ|Lương|Lưu|Chu|Châu|Quách|Thái|Tôn|Văn|Kiều|Mạc|Triệu|"
    "Từ|Tăng|Thân|Khúc|Âu|Ông|Vương|Diệp|La|Lại|Phùng|Nghiêm|Quan|Tô|Lục|Cù|Khổng|Giang"
)
_SURNAME_NAME = re.compile(rf"\b(?:{_SURNAMES})(?:\s+{_CAP_WORD}){{1,3}}\b")
# Capitalised runs that are places or institutions, not people.
_NOT_NAMES = (
    "Hồ Chí Minh",
    "Bà Rịa",
    "Hà Nội",
    "Hà Giang",
    "Hà Tĩnh",
    "Hà Nam",
    "Lâm Đồng",
    "Cao Bằng",
    "Thái Bình",
    "Thái Nguyên",
    "Ủy Ban",
    "Uỷ Ban",
    "Công An",
    "Bộ Phận",
    "Một Cửa",
)


def _is_place(text: str) -> bool:
    lowered = text.lower()
    return any(place.lower() in lowered for place in _NOT_NAMES)


def _mask_group(match: re.Match[str]) -> str:
    """The cue or title kept, the name after it replaced."""
    if _is_place(match.group(0)):
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start()] + NAME


def mask(text: str) -> str:
    """Text with phone numbers, identity numbers, e-mails and recognisable names replaced."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    text = _EMAIL.sub(EMAIL, text)
    text = _CCCD.sub(CCCD, text)
    text = _PHONE.sub(PHONE, text)
    text = _LONG_NUMBER.sub(NUMBER, text)
    text = _CUED_NAME.sub(_mask_group, text)
    text = _TITLED_NAME.sub(_mask_group, text)
    return _SURNAME_NAME.sub(lambda m: m.group(0) if _is_place(m.group(0)) else NAME, text)


def phone_digits(found: str) -> str:
    """A phone number as written ("+84 912.345.678") in the 0xxxxxxxxx form."""
    digits = re.sub(r"\D", "", found)
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def mentions_phone(text: str | None, phone: str) -> bool:
    """Whether the text contains this phone number (0xxxxxxxxx), however it was written."""
    return bool(text) and any(phone_digits(m) == phone for m in _PHONE.findall(text or ""))


def mask_phone(phone: str) -> str:
    """A phone number with its middle hidden, for audit records: 091****678."""
    return f"{phone[:3]}{'*' * max(len(phone) - 6, 0)}{phone[-3:]}" if len(phone) > 6 else "***"


class MaskedFormatter(logging.Formatter):
    """Plain log lines passed through `mask` (command-line tools; the kiosk's own formatters
    also cut out bot tokens, kiosk/core/logs.py)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))
