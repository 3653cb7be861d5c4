"""Vietnamese text normalisation shared by indexing and querying.

Citizens type without diacritics, with typos and chat shorthand; OCR'd plans
lose or garble diacritics. Everything lexical therefore works on *folded*
text: lower case, no tone or vowel marks, "đ" as "d", only ASCII letters and
digits separated by single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")

# Chat shorthand and abbreviations, on folded tokens. Each maps to folded words.
SHORTHAND: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "hong": "khong",
    "hok": "khong",
    "hem": "khong",
    "dc": "duoc",
    "dk": "dang ky",
    "dky": "dang ky",
    "j": "gi",
    "ji": "gi",
    "bn": "bao nhieu",
    "bnhieu": "bao nhieu",
    "ntn": "nhu the nao",
    "vs": "voi",
    "ms": "moi",
    "mk": "minh",
    "mik": "minh",
    "r": "roi",
    "ng": "nguoi",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cc": "can cuoc",
    "gplx": "giay phep lai xe",
    "tnhh": "trach nhiem huu han",
    "mtv": "mot thanh vien",
    "ctcp": "cong ty co phan",
    "cty": "cong ty",
    "mst": "ma so thue",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "bhtn": "bao hiem that nghiep",
    "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat",
    "ubnd": "uy ban nhan dan",
    "hkd": "ho kinh doanh",
    "dkkd": "dang ky kinh doanh",
    "gpxd": "giay phep xay dung",
    "lltp": "ly lich tu phap",
    "tthc": "thu tuc hanh chinh",
    "hs": "ho so",
    "attp": "an toan thuc pham",
    "vneid": "dinh danh dien tu",
    "tk": "tai khoan",
    "sdt": "so dien thoai",
    "dt": "dien thoai",
    "tp": "thanh pho",
    "vk": "vo",
    "ck": "chong",
    "bme": "bo me",
    "bm": "bo me",
    "xn": "xac nhan",
    "tt": "thong tin",
    "ks": "khai sinh",
    "pass": "ho chieu",
    "passport": "ho chieu",
    "visa": "thi thuc",
    # Southern pronunciations written as spoken.
    "sanh": "sinh",
    "tui": "toi",
    "man": "lam",
    "lanh": "linh",
    "gium": "giup",
    "v": "vay",
}

# Regional (central and southern) question words, on folded bigrams/unigrams.
# Only unambiguous ones: "mo" alone is also "mở", so it is mapped in phrases.
REGIONAL: dict[str, str] = {
    "o mo": "o dau",
    "di mo": "di dau",
    "cho mo": "cho nao",
    "lam rang": "lam sao",
    "rang rua": "the nao",
    "chi rua": "gi vay",
    "can chi": "can gi",
    "la chi": "la gi",
    "cai chi": "cai gi",
    "nhieu ri": "nhieu vay",
    "rua": "vay",
    "hong co": "khong co",
    "hem co": "khong co",
    "nhiu": "nhieu",
    "bi nhieu": "bao nhieu",
    "nhiu tien": "nhieu tien",
}


# Abbreviations that plans and forms also use: expanded on the document side too.
ABBREVIATIONS = frozenset(
    [
        "tthc",
        "ubnd",
        "cccd",
        "cmnd",
        "gplx",
        "tnhh",
        "bhyt",
        "bhxh",
        "bhtn",
        "gcn",
        "qsdd",
        "hkd",
        "dkkd",
        "gpxd",
        "lltp",
        "attp",
        "mst",
        "sdt",
    ]
)


def expand_abbreviations(folded: str) -> str:
    """Spell out well-known abbreviations in folded text (TTHC, UBND, ...)."""
    return " ".join(SHORTHAND[t] if t in ABBREVIATIONS else t for t in folded.split())


def strip_marks(text: str) -> str:
    """Remove Vietnamese tone and vowel marks, keeping case; "đ" becomes "d"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold text to lower-case ASCII words separated by single spaces."""
    lowered = strip_marks(unicodedata.normalize("NFC", text)).lower()
    return _NON_ALNUM.sub(" ", lowered).strip()


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese mark (used to split evaluations)."""
    return strip_marks(text) != text


def normalize_query(text: str) -> str:
    """Fold a citizen's query and expand shorthand, regional words and repeats."""
    tokens = [t if t in SHORTHAND else _REPEATS.sub(r"\1", t) for t in fold(text).split()]
    folded = " ".join(tokens)
    for phrase, replacement in REGIONAL.items():
        folded = re.sub(rf"\b{phrase}\b", replacement, folded)
    return " ".join(SHORTHAND.get(token, token) for token in folded.split())


def shorthand_expanded(text: str) -> str:
    """Expand chat shorthand but keep the citizen's own diacritics (for the encoder)."""
    words = []
    for word in text.split():
        key = fold(word)
        words.append(SHORTHAND.get(key, word) if key in SHORTHAND else word)
    return " ".join(words)


def syllables(folded: str) -> list[str]:
    """Split folded text into syllables."""
    return folded.split()


def syllable_bigrams(tokens: list[str]) -> list[str]:
    """Adjacent syllable pairs: Vietnamese words are mostly two syllables."""
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_ngrams(tokens: Iterable[str], n: int = 3) -> list[str]:
    """Character n-grams inside each syllable, with boundary marks, for OCR noise and typos."""
    grams: list[str] = []
    for token in tokens:
        padded = f"#{token}#"
        if len(padded) <= n:
            grams.append(padded)
            continue
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams
