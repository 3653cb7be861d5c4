"""Pure parsing of what citizens type into forms: no Rasa imports, no I/O.

Everything here accepts text with or without diacritics ("ngày mai" / "ngay mai"),
in upper or lower case, with chat shorthand, and returns a normalised value or
None when the text cannot be read. Checking a value against the desk (a closed
day, a full slot) is the kiosk's job; these functions only read the text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from vntext import normalize_text, strip_marks

_MOBILE = re.compile(r"^0[35789]\d{8}$")
_PHONE_CHARS = re.compile(r"[\s.\-()]")
_PUNCTUATION = re.compile(r"[^\w\s/:.\-+]")
_NAME_PREFIX = re.compile(
    r"^(?:(?:toi|minh|em|tui|con|chau) ten(?: la)?|ten (?:toi|minh|em|tui) la|ten la|ho (?:va )?ten"
    r"(?: la)?)\s*:?\s*"
)

WEEKDAYS = {
    "thu hai": 0, "thu 2": 0, "t2": 0,
    "thu ba": 1, "thu 3": 1, "t3": 1,
    "thu tu": 2, "thu 4": 2, "t4": 2,
    "thu nam": 3, "thu 5": 3, "t5": 3,
    "thu sau": 4, "thu 6": 4, "t6": 4,
    "thu bay": 5, "thu 7": 5, "t7": 5,
    "chu nhat": 6, "cn": 6,
}  # fmt: skip
RELATIVE_DAYS = {
    "hom nay": 0, "bua nay": 0, "sang nay": 0, "chieu nay": 0, "trua nay": 0, "nay": 0,
    "ngay mai": 1, "mai": 1, "sang mai": 1, "chieu mai": 1, "bua mai": 1, "trua mai": 1,
    "ngay kia": 2, "ngay mot": 2, "bua mot": 2,
}  # fmt: skip
PRIORITY_GROUPS = {
    "người cao tuổi": ("cao tuoi", "nguoi gia", "lon tuoi", "tren 60", "tren 70", "gia roi"),
    "phụ nữ mang thai": ("mang thai", "co thai", "co bau", "mang bau", "bau"),
    "người khuyết tật": ("khuyet tat", "tan tat", "xe lan", "khiem thi"),
}
NO_PRIORITY = "không"
CANCEL, MOVE = "hủy", "đổi"  # what to do with an appointment (change_form)
# A day and month without a year within this many days before today is a past day
# ("20/11" on 23/11); further back it means next year ("5/1" said in November).
PAST_WINDOW_DAYS = 60
RATINGS = (
    ("không hài lòng", ("khong hai long", "chua hai long", "te", "kem", "khong tot", "buc")),
    ("rất hài lòng", ("rat hai long", "tuyet voi", "rat tot", "qua tot", "xuat sac")),
    ("hài lòng", ("hai long", "tot", "on", "duoc", "binh thuong")),
)
STOP_PHRASES = {
    "huy", "huy bo", "huy di", "thoi", "thoi khoi", "thoi bo di", "bo di", "dung", "dung lai",
    "thoat", "ket thuc", "thoi khong lam nua", "khong lam nua", "thoi khong can", "stop",
    "thoi huy", "huy thoi", "khong muon nua", "thoi khong muon nua", "bo qua het",
}  # fmt: skip
SKIP_PHRASES = {
    "bo qua", "khong", "khong co", "khong can", "thoi khoi", "khoi", "ko", "khong a",
    "khong co gi", "khong gop y", "de trong", "-",
}  # fmt: skip
YES = {
    "co", "co a", "roi", "co roi", "da co", "da co roi", "vang", "da", "da vang", "dung",
    "dung roi", "ok", "oke", "u", "uk", "co chu", "dong y", "xac nhan", "chot", "phai",
    "duoc", "yes", "dung vay",
}  # fmt: skip
NO = {
    "khong", "chua", "chua co", "khong co", "ko co", "khong a", "chua a", "no", "sai",
    "khong dung", "khong phai", "chua lam", "thieu", "mat roi", "khong co a",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, no marks, shorthand expanded, punctuation dropped, single spaces."""
    cleaned = _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text))
    return normalize_text(cleaned).strip(" .")


def fold_keep_length(text: str) -> str:
    """Lower case without marks, one character per character of the NFC text."""
    return strip_marks(unicodedata.normalize("NFC", text)).lower()


def normalize_phone(raw: str) -> str | None:
    """A Vietnamese mobile number as 0xxxxxxxxx, or None."""
    found = re.search(r"(\+?84|0)[\d\s.\-()]{8,14}", raw)
    if found is None:
        return None
    digits = _PHONE_CHARS.sub("", found.group(0).strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) else None


def phone_last4(raw: str) -> str | None:
    """The last four digits of a phone: four digits typed alone, or a whole number."""
    phone = normalize_phone(raw)
    if phone:
        return phone[-4:]
    groups = re.findall(r"\d+", raw)
    four = [group for group in groups if len(group) == 4]
    if four:  # "4 số cuối 4321": the group of four digits
        return four[-1]
    digits = "".join(groups)
    return digits if len(digits) == 4 else None  # "43 21"


def desk_moment(text: str) -> dt.datetime:
    """A moment from the kiosk API ("2026-11-24T08:00:00+07:00", RFC 3339 with the desk's
    offset) as desk local time without a zone, the way the dialog compares and shows it."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=None)


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """A day from "hôm nay", "ngày mai", "thứ hai (tuần sau)", "25/12", "25/12/2026"."""
    folded = fold(text)
    explicit = _explicit_date(folded, today)
    if explicit is not None:
        return explicit
    weekday = _weekday(folded, today)
    if weekday is not None:
        return weekday
    if folded == "mot":  # "mốt": the day after tomorrow (alone; "một" is also "mot")
        return today + dt.timedelta(days=2)
    for words in sorted(RELATIVE_DAYS, key=len, reverse=True):
        if re.search(rf"(^|\s){words}(\s|$)", folded):
            return today + dt.timedelta(days=RELATIVE_DAYS[words])
    return None


def _explicit_date(folded: str, today: dt.date) -> dt.date | None:
    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", folded)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    found = re.search(r"\b(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{2,4}))?\b", folded)
    if found is None:
        found = re.search(r"\bngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b", folded)
    if found is None:
        only_day = re.search(r"\bngay (\d{1,2})\b", folded)
        if only_day is None:
            return None
        day = _safe_date(today.year, today.month, int(only_day[1]))
        if day is not None and day < today:  # "ngày 3" late in the month: next month
            month = today.month % 12 + 1
            day = _safe_date(today.year + (month == 1), month, int(only_day[1]))
        return day
    said_day, month = int(found[1]), int(found[2])
    if found[3]:
        year = int(found[3])
        return _safe_date(year + 2000 if year < 100 else year, month, said_day)
    candidate = _safe_date(today.year, month, said_day)
    if candidate is not None and (today - candidate).days > PAST_WINDOW_DAYS:
        candidate = _safe_date(today.year + 1, month, said_day)  # "5/1" said in November
    return candidate  # "20/11" said on 23/11 stays in the past, and is refused as such


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday(folded: str, today: dt.date) -> dt.date | None:
    for words in sorted(WEEKDAYS, key=len, reverse=True):
        if re.search(rf"(^|\s){words}(\s|$)", folded):
            wanted = WEEKDAYS[words]
            ahead = (wanted - today.weekday()) % 7 or 7  # "thứ hai" said on a Monday: next one
            if re.search(r"tuan (sau|toi)", folded):
                monday_next = today + dt.timedelta(days=7 - today.weekday())
                return monday_next + dt.timedelta(days=wanted)
            return today + dt.timedelta(days=ahead)
    return None


def parse_time(text: str) -> dt.time | None:
    """A time of day from "9h", "14h30", "9 giờ sáng", "2 giờ chiều", "9:15", "9 rưỡi"."""
    folded = fold(text)
    found = re.search(r"\b(\d{1,2})\s*(?:h|g|gio|:)\s*(\d{1,2})?\s*(ruoi|phut|p)?\b", folded)
    if found is None:
        found = re.search(r"\b(\d{1,2})\s*(ruoi)\b()", folded)
        if found is None:
            return None
        hour, minute = int(found[1]), 30
    else:
        hour = int(found[1])
        minute = 30 if found[3] == "ruoi" and not found[2] else int(found[2] or 0)
    afternoon = re.search(r"\b(chieu|toi)\b", folded) and hour < 12
    if afternoon or (re.search(r"\btrua\b", folded) and hour <= 2):
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_booking_code(text: str) -> str | None:
    """A booking code such as LH-7K2Q9, also typed "lh 7k2q9" or "LH7K2Q9"."""
    found = re.search(r"\b(lh)[\s\-_.]?([a-z0-9]{5})\b", text, re.IGNORECASE)
    return f"LH-{found[2].upper()}" if found else None


def parse_complaint_code(text: str) -> str | None:
    """A complaint's tracking code such as PA-9KX3MT4Q, also typed "pa 9kx3 mt4q" or
    "PA9KX3MT4Q" (the kiosk prints PA- and eight letters or digits)."""
    found = re.search(r"\b(pa)[\s\-_.]?([a-z0-9]{4})\s?([a-z0-9]{4})\b", text, re.IGNORECASE)
    return f"PA-{found[2].upper()}{found[3].upper()}" if found else None


def parse_tracking_code(text: str) -> str | None:
    """What the status form looks up: a complaint's tracking code or a dossier code."""
    return parse_complaint_code(text) or parse_dossier_code(text)


def is_complaint_code(code: str | None) -> bool:
    return bool(code) and str(code).startswith("PA-")


def asks_complaint_status(text: str) -> bool:
    """ "tra cứu phản ánh", "phản ánh của tôi đã trả lời chưa": following a complaint, not
    filing one (a tracking code in the message says so too)."""
    if parse_complaint_code(text):
        return True
    folded = fold(text)
    about = r"(phan anh|kien nghi)"
    if re.search(rf"\b(tra cuu|kiem tra|theo doi|xem) (lai )?(ket qua )?{about}\b", folded):
        return True
    answered = r"(tra loi chua|co tra loi|da tra loi|xu ly (toi|den) dau|xu ly chua)"
    return bool(re.search(rf"\b{about}\b.*\b{answered}\b", folded))


def parse_dossier_code(text: str) -> str | None:
    """A dossier code from a receipt, e.g. 000.00.12.H25-261120-0001."""
    for token in re.findall(r"[0-9A-Za-z][0-9A-Za-z.\-]{5,63}", text):
        token = token.strip(".-")
        if "-" in token and re.search(r"\d", token) and len(token) >= 6:
            return token.upper()
    return None


def parse_priority(text: str) -> str | None:
    """A priority group, "không" (none), or None when the text names none of them."""
    folded = fold(text)
    for group, words in PRIORITY_GROUPS.items():
        if any(re.search(rf"\b{w}\b", folded) for w in words):
            return group
    if folded in SKIP_PHRASES or re.search(r"\b(khong|binh thuong|khong thuoc)\b", folded):
        return NO_PRIORITY
    return None


def parse_rating(text: str) -> str | None:
    """ "rất hài lòng", "hài lòng" or "không hài lòng" from words or 1–5 stars."""
    folded = fold(text)
    stars = re.fullmatch(r"(\d)\s*(sao|diem)?", folded)
    if stars and 1 <= int(stars[1]) <= 5:
        score = int(stars[1])
        return "rất hài lòng" if score == 5 else "hài lòng" if score >= 3 else "không hài lòng"
    for rating, words in RATINGS:
        if any(re.search(rf"(^|\s){w}(\s|$)", folded) for w in words):
            return rating
    return None


def parse_yes_no(text: str) -> bool | None:
    folded = fold(text)
    if folded in YES or folded.startswith(("co ", "da co", "roi ")):
        return True
    if folded in NO or folded.startswith(("chua", "khong co", "ko co")):
        return False
    return None


def parse_name(text: str) -> str | None:
    """A person's full name: two words or more of letters, dots and hyphens."""
    name = " ".join(unicodedata.normalize("NFC", text).split()).strip(" .,")
    prefix = _NAME_PREFIX.match(fold_keep_length(name))
    if prefix:  # "tôi tên là Nguyễn Văn An"
        name = name[prefix.end() :].strip(" .,")
    if not 2 <= len(name) <= 100 or re.search(r"[\d@#/?!:;]", name):
        return None
    if len(name.split()) < 2 or fold(name) in YES | NO | STOP_PHRASES | SKIP_PHRASES:
        return None
    if not all(part.replace(".", "").replace("-", "").isalpha() for part in name.split()):
        return None
    return name


def is_stop(text: str) -> bool:
    """Whether the citizen wants to leave the current form ("hủy", "thôi", "dừng lại")."""
    return fold(text) in STOP_PHRASES


def is_skip(text: str) -> bool:
    """Whether an optional answer is skipped ("bỏ qua", "không")."""
    return fold(text) in SKIP_PHRASES


def is_reschedule(message: str) -> bool:
    """ "đổi lịch hẹn", "chuyển giờ": moving an appointment, not booking a new one."""
    return bool(re.search(r"\b(doi|chuyen) (lich|hen|gio|ngay|sang|qua)\b", fold(message)))


def parse_change(text: str) -> str | None:
    """CANCEL or MOVE from what the citizen typed about an appointment; None if neither."""
    folded = fold(text)
    if re.search(r"\b(doi|chuyen|dich|hoan)\b", folded):
        return MOVE
    if re.search(r"\b(huy|bo|xoa)\b", folded):
        return CANCEL
    return None


def clean_text(text: str, limit: int = 4000) -> str | None:
    """Free text (a complaint, a comment) with single spaces; None when too short."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    return cleaned[:limit] if len(cleaned) >= 5 else None
