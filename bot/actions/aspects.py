"""What a question about a procedure asks: which part of it (fees, time, place, ...),
whether it is a follow-up about the procedure in context ("lệ phí bao nhiêu?"), and
corrections ("không phải, ý tôi là ..."). Pure functions, no Rasa imports.
"""

from __future__ import annotations

import re
import unicodedata

from actions.validators import fold, fold_keep_length

ASPECTS = {
    "fees": ("le phi", "phi", "bao nhieu tien", "het bao nhieu", "ton bao nhieu", "mat tien"),
    "time": ("bao lau", "may ngay", "bao nhieu ngay", "thoi han", "khi nao co", "mat bao lau"),
    "place": ("o dau", "noi nop", "cho nao", "o mo", "di mo", "nop o", "lam o", "dia chi"),
    "forms": ("bieu mau", "mau don", "to khai", "mau to khai"),
    "dossier": ("giay to", "ho so gom", "can mang", "can nhung gi", "thanh phan", "can gi"),
    "online": ("online", "truc tuyen", "qua mang", "dich vu cong"),
    "legal": ("can cu", "luat nao", "nghi dinh", "van ban", "phap ly"),
    "steps": ("cac buoc", "quy trinh", "trinh tu", "lam the nao", "lam sao", "nhu the nao"),
}
# What a question about "it" is made of: question phrases (removed first, longest
# first, so "hộ chiếu" is never taken apart into "hộ" + "chiều") and function words.
# Whatever is left names a procedure ("làm hộ chiếu ở đâu" leaves "hộ chiếu").
_FOLLOW_UP_PHRASES = sorted(
    {phrase for phrases in ASPECTS.values() for phrase in phrases}
    | {
        "thu tuc",
        "ho so",
        "giay to",
        "bao nhieu",
        "bao lau",
        "the nao",
        "nhu the nao",
        "ra sao",
        "lam sao",
        "cho hoi",
        "xin hoi",
        "cho biet",
        "can nhung gi",
        "nhung gi",
        "can gi",
        "mang gi",
        "chuan bi",
        "dat lich",
        "lich hen",
        "lay so",
        "nop ho so",
        "mau to khai",
        "thanh phan",
        "bieu mau",
        "mat bao lau",
        "mat may ngay",
        "may ngay",
        "bao nhieu ngay",
        "khi nao",
        "o dau",
        "cho nao",
        "the thi",
        "cai nay",
        "thu tuc nay",
        "thu tuc do",
        "thuc hien",
        "la gi",
    },
    key=lambda phrase: (-len(phrase), phrase),
)
_FUNCTION_WORDS = {
    "a", "ah", "ak", "ha", "nhi", "vay", "the", "thi", "la", "co", "khong", "ko", "k", "duoc", "dc",
    "roi", "chua", "phai", "nua", "de", "cai", "nay", "day", "do", "toi", "minh", "em", "tui",
    "hoi", "xin", "cho", "biet", "ntn", "bn", "va", "voi", "oi", "nhe", "mat", "het", "ton", "gi",
    "gom", "nhung", "can", "mang", "phi", "tien", "ngay", "lau", "nop", "lam", "di", "mo", "o",
    "dau", "sao", "nao", "khi", "bao", "nhieu", "may", "muon", "giup", "vi", "neu", "con", "them",
    "vao", "ben", "ma",
}  # fmt: skip
_CORRECTION = re.compile(
    r"^(?:khong phai|ko phai|k phai|khong|sai roi|nham)?[\s,.!]*"
    r"(?:y (?:toi|minh|em|tui|tao) (?:la|hoi|muon hoi)"
    r"|(?:toi|minh|em) (?:hoi|muon hoi) ve|ma la)\s*"
)


def detect_aspect(text: str) -> str | None:
    """Which part of a procedure a question asks about (fees, time, place, ...)."""
    folded = fold(text)
    for aspect, words in ASPECTS.items():
        if any(re.search(rf"(^|\s){w}(\s|$)", folded) for w in words):
            return aspect
    return None


def is_follow_up(text: str) -> bool:
    """A question about "it" ("lệ phí bao nhiêu?"): nothing left that names a procedure."""
    rest = f" {fold(text)} "
    for phrase in _FOLLOW_UP_PHRASES:
        rest = rest.replace(f" {phrase} ", " ")
        rest = rest.replace(f" {phrase} ", " ")  # a phrase twice in a row
    return not [word for word in rest.split() if word not in _FUNCTION_WORDS]


def correction(text: str) -> str | None:
    """For "không phải, ý tôi là X": X ("" for a bare "không phải"); None otherwise."""
    nfc = unicodedata.normalize("NFC", text).strip()
    folded = fold_keep_length(nfc)
    found = _CORRECTION.match(folded)
    if found and found.end() > 0 and found.group(0).strip(" ,.!") not in ("", "khong"):
        return nfc[found.end() :].strip(" ,.!?")
    if re.fullmatch(r"(khong|ko|k) phai( (thu tuc|cai) (do|nay))?[\s.!]*", folded):
        return ""
    return None
