"""What one line of an OCR'd plan is: a heading marker, a bullet, page furniture.

OCR garbles the markers themselves: "II." comes out as "rrr." or "TII.", "1."
as "l." or "f .", "c)" as "c¢)" or "¢)", and specks such as "_1.7." or ". a)"
sit in front. Every test here therefore works on loose patterns, and on
`plain` text: lower case without marks but with the same length as the line,
so a match position is also a position in the original line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text import fold, strip_marks

ROMAN_LEVEL = 1
LETTER_LEVEL = 5
SUBCAPTION_LEVEL = 4
TITLE_CHARS = 100
MAX_ITEM = 40

_SPECKS = re.compile(r"^[\s.,~_^`'’]+")
_ROMAN = re.compile(r"([IVXivxrlT1|]{1,5})\s?[.,]\s*(\S.*)")
_NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)(\.?)[.,]?\s*(\S.*)")
# "l." "I." "f ." are "1." and "s." is "5." once OCR is done with them.
_OCR_NUMBER = re.compile(r"(?:([lIif|])\s?\.|(s)\.)\s*(\S.*)")
_LETTER = re.compile(r"(?:([a-hđ])\s?[¢©]?|(¢)|)\)\s*(\S.*)")
_BULLET = re.compile(r"([-–—+•*])\s*(?=\S)")
_SUBCAPTION = re.compile(r"(?:I{1,3}|Il|i|\|)(?:\s*\|){0,2}\s+(?=[A-ZĐÐ])(.{12,})")
_TERMINAL = re.compile(r"[.;:!?][\"”’)\s]*$")
_FULL_STOP = re.compile(r"[.!?][\"”’)\s]*$")
_RECIPIENTS = re.compile(r"n\w{0,2}i nh\w{0,2}n\b")
_APPENDIX = re.compile(r"ph\w? l\w{0,2}c\b|\(?k\w{0,2}m theo k\w{0,2} ho")
_CLOSING = re.compile(r"(tr\w{0,2}n d\w{0,2}y [l1]\w{0,2} k|trong q\w{0,3} tr\w{0,2}nh (tri|th))")

# Words of table header rows, as OCR spells them, and the ones that anchor a header.
_HEADER_WORDS = frozenset(
    {
        "stt",
        "stt2",
        "st",
        "st2",
        "stto",
        "tt",
        "noi",
        "ngi",
        "nqi",
        "ni",
        "dung",
        "co",
        "quan",
        "chu",
        "chi",
        "chii",
        "chit",
        "cha",
        "chri",
        "tri",
        "phoi",
        "phdi",
        "phol",
        "phei",
        "ohei",
        "hep",
        "hop",
        "hgp",
        "ph5i",
        "thoi",
        "thai",
        "theot",
        "thot",
        "tho",
        "gian",
        "glan",
        "g1an",
        "gl",
        "hoan",
        "hoin",
        "hoirn",
        "thanh",
        "thinh",
        "ket",
        "qua",
        "qgfl",
        "ql",
        "jfl",
        "thuc",
        "thwc",
        "thrc",
        "thurc",
        "thu",
        "hien",
        "hign",
        "ghi",
        "don",
        "vi",
        "bon",
        "nhiem",
        "nhiqm",
        "vu",
        "vg",
        "san",
        "pham",
        "phim",
        "sf",
        "du",
        "kien",
        "dry",
        "ki6n",
        "an",
        "en",
        "hi",
        "tieu",
        "ticu",
        "titu",
        "chitieu",
        "danh",
        "gia",
        "duan",
        "nam",
        "nim",
        "coquan",
    }
)
_HEADER_ANCHORS = frozenset(
    {"stt", "stt2", "tt", "dung", "quan", "thoi", "thai", "thot", "theot", "ghi", "hoan", "ket"}
)


@dataclass(frozen=True)
class Marker:
    """A structural marker at the start of a line."""

    kind: str  # "roman", "number", "letter", "bullet", "subcaption", "special"
    label: str
    level: int


def clean(line: str) -> str:
    """The line without surrounding blanks and leading OCR specks."""
    return _SPECKS.sub("", line.strip())


def plain(text: str) -> str:
    """Lower case without marks, one character per character of `text`."""
    return "".join(strip_marks(ch)[:1] or ch for ch in text).lower()


def title_of(text: str) -> str:
    """A heading label: the line up to a colon, cut at a word near TITLE_CHARS."""
    head = text.split(":", 1)[0].strip() if ":" in text[:TITLE_CHARS] else text.strip()
    if len(head) <= TITLE_CHARS:
        return head
    return head[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"


_MARKER_PREFIX = re.compile(
    r"(?:\d{1,2}(?:\.\d{1,2})*\.?,?|[IVXivxrlTf1|s]{1,5}\s?[.,]|[a-hđ]?\s?[¢©]?\)|[-–—+•*]\.?)\s*"
)


def strip_marker(text: str) -> str:
    """The text of an item without its number, letter or bullet."""
    match = _MARKER_PREFIX.match(text)
    return text[match.end() :].strip() if match else text.strip()


def ends_clause(text: str) -> bool:
    """Ends with . ; : ! or ? (a heading's title ends at its colon)."""
    return bool(_TERMINAL.search(text))


def ends_sentence(text: str) -> bool:
    """Ends with . ! or ?; a ";" only separates list items inside one sentence."""
    return bool(_FULL_STOP.search(text))


def _upper_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if len(letters) >= 3 else 0.0


def roman(text: str) -> Marker | None:
    """ "II. NHIỆM VỤ" in its OCR forms ("rrr. NQr DUNG", "TII. NHIDM VU", "|. THUC TRANG")."""
    match = _ROMAN.fullmatch(text)
    if not match or not re.search(r"[IVXvr|]", match[1]) or match[1].isdigit():
        return None
    if _upper_ratio(match[2]) < 0.4:
        return None
    return Marker("roman", match[1], ROMAN_LEVEL)


def number(text: str) -> Marker | None:
    """ "1." "2.1." "1.12" (and OCR's "l." "f ." "s.") followed by a title."""
    match = _NUMBER.fullmatch(text)
    # A plan has a few dozen items at most: "96." is OCR's reading of a bullet.
    if (
        match
        and (match[2] or "." in match[1])
        and not match[3][0].isdigit()
        and int(match[1].split(".")[0]) <= MAX_ITEM
    ):
        return Marker("number", match[1], 2 + match[1].count("."))
    ocr = _OCR_NUMBER.fullmatch(text)
    if ocr and ocr[3][0].isupper():
        return Marker("number", "5" if ocr[2] else "1", 2)
    return None


def letter(text: str) -> Marker | None:
    """ "a)" "c¢)" "¢)" "d)Hb" and a lost letter ") Muc tiêu"."""
    match = _LETTER.fullmatch(text)
    if not match:
        return None
    label = match[1] or ("c" if match[2] else "")
    if not label and not match[3][0].isupper():
        return None
    return Marker("letter", label, LETTER_LEVEL)


def heading(text: str) -> Marker | None:
    """A heading marker of running text (not of a table)."""
    return roman(text) or number(text) or letter(text)


def special(text: str) -> Marker | None:
    """The recipients block ("Nơi nhận") or an appendix start: top-level sections."""
    p = plain(text)
    if _RECIPIENTS.match(p):
        return Marker("special", "recipients", ROMAN_LEVEL)
    if _APPENDIX.match(p):
        return Marker("special", "appendix", ROMAN_LEVEL)
    return None


def subcaption(text: str) -> Marker | None:
    """A table's group row ("I Đẩy nhanh số hóa...", "Il | Tổ chức tiếp nhận...")."""
    match = _SUBCAPTION.fullmatch(text)
    if not match:
        return None
    tokens = match[1].split()
    words = [t for t in tokens if len(re.sub(r"[\W\d_]", "", t)) >= 2]
    if len(words) < 4 or len(words) < 0.7 * len(tokens):
        return None  # OCR debris of a cell, not a caption
    return Marker("subcaption", "", SUBCAPTION_LEVEL)


def bullet(text: str) -> Marker | None:
    match = _BULLET.match(text)
    if not match:
        return None
    return Marker("bullet", match[1], 7 if match[1] == "+" else 6)


def is_noise(text: str) -> bool:
    """OCR specks, stamp fragments and lone page numbers: no two letters or digits together,
    or nothing but a number."""
    return not re.search(r"[^\W_]{2}", text) or bool(re.fullmatch(r"\d{1,3}", text))


def is_closing(text: str) -> bool:
    """ "Trên đây là Kế hoạch..." or "Trong quá trình triển khai...": the plan's last words."""
    return text[:1].isupper() and bool(_CLOSING.match(plain(text)))


def header_tokens(text: str) -> list[str]:
    return [t for t in fold(text.replace("'", "").replace("’", "")).split() if len(t) >= 2]


def is_table_header(text: str) -> bool:
    """A (repeated) table header row or a piece of it: "Stt Nội dung Cơ quan chủ trì ..."."""
    tokens = header_tokens(text)
    if not tokens or len(tokens) > 20:
        return False
    known = [t for t in tokens if t in _HEADER_WORDS]
    return len(known) >= 0.7 * len(tokens) and bool(_HEADER_ANCHORS & set(known))


def is_header_piece(text: str) -> bool:
    """A wrapped piece of a header row ("hợp", "Sản phẩm dự kiến"), right after the header."""
    tokens = header_tokens(text)
    return bool(tokens) and sum(t in _HEADER_WORDS for t in tokens) >= 0.7 * len(tokens)


def starts_table(text: str) -> bool:
    """The header row that opens a table: it names the number and content columns."""
    tokens = header_tokens(text)
    names_columns = bool({"tt", "stt"} & set(tokens[:2])) and bool({"dung", "nhiem"} & set(tokens))
    return names_columns and is_table_header(text)


def pipe_cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.split("|")]


_COLUMN_KINDS = (
    ("number", re.compile(r"s?tt")),
    ("content", re.compile(r"(noi dung|nhiem vu|cong viec|chi tieu)\b")),
    ("lead", re.compile(r"(.*\b)?(chu tri|phu trach)\b")),
    ("cooperate", re.compile(r"(.*\b)?phoi hop\b")),
    ("deadline", re.compile(r"(thoi gian|thoi han|tien do)\b")),
    ("product", re.compile(r"(san pham|ket qua)\b")),
    ("notes", re.compile(r"ghi chu\b")),
)


def column_kinds(cells: list[str]) -> tuple[str, ...] | None:
    """What each header cell of a "|"-separated table holds, if every cell is recognised
    and the table names at least its content and lead columns."""
    kinds = []
    for cell in cells:
        folded = fold(cell)
        kind = next((k for k, pattern in _COLUMN_KINDS if pattern.match(folded)), None)
        if kind is None:
            return None
        kinds.append(kind)
    return tuple(kinds) if {"content", "lead"} <= set(kinds) else None
