"""English questions: telling them from Vietnamese typed without marks, and reading the
words that name a procedure or a part of one into Vietnamese for the catalog search.

The kiosk has an English screen mode and foreign residents write to the chat in
English ("passport for my son"). The catalog and the intent model are Vietnamese; the
assistant answers such a question in English around the catalog's Vietnamese facts.

A message is English when at least two of its words, and at least half of them, are
English: words that cannot be a Vietnamese syllable typed without marks ("how",
"where", "birth") or common English words that could ("much", "my", "passport"). A
Vietnamese mark anywhere, or a word only Vietnamese spells ("giup", "nguoi", "chieu"),
keeps a message Vietnamese; digits, codes and chat shorthand ("dc", "cccd") are no
English: "check ho so H12.34-251120-0001" is one English word in three.

    >>> is_english("passport for my son"), is_english("ho chieu cho con")
    (True, False)
    >>> vietnamese_question("how much is a birth certificate")
    'lệ phí đăng ký khai sinh'
"""

from __future__ import annotations

import math
import re

from vntext.lexicon import ABBREVIATIONS, SHORTHAND
from vntext.marks import fold, has_diacritics

# A Vietnamese syllable without marks: onset, one to three vowels, a final consonant.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$"
)
# English words that also spell a Vietnamese syllable (or a chat shorthand) but are rare
# in Vietnamese chat; "the" (thẻ), "to" (tờ), "do" (đó), "an" (ăn), "me" (mẹ) are not here.
_ENGLISH_WORDS = frozenset({
    "i", "you", "much", "my", "passport", "visa", "pass", "can", "get", "son", "ok", "him",
    "his", "her", "she", "he", "we", "our", "they", "their", "hi", "hello", "please",
    "thank", "thanks"
})  # fmt: skip
# Only Vietnamese spells a syllable so: "giup", "nguoi", "chieu", "khong", "thuoc".
_VIETNAMESE_ONLY = re.compile(r"^(ngh|ng|nh|kh|gi|tr|ph|qu|gh)|uo|ie|ua|uy|oa|oe|uu|ay|ao")
_VIETNAMESE_SHORTHAND = frozenset(fold(word) for word in {*SHORTHAND, *ABBREVIATIONS})

# English names of procedures (longest first when read), and what the catalog calls them.
PROCEDURES: dict[str, str] = {
    "passport": "hộ chiếu",
    "birth certificate": "đăng ký khai sinh",
    "birth registration": "đăng ký khai sinh",
    "register a birth": "đăng ký khai sinh",
    "birth": "đăng ký khai sinh",
    "marriage": "đăng ký kết hôn",
    "marry": "đăng ký kết hôn",
    "married": "đăng ký kết hôn",
    "wedding": "đăng ký kết hôn",
    "death": "đăng ký khai tử",
    "id card": "cấp thẻ căn cước",
    "identity card": "cấp thẻ căn cước",
    "citizen id": "cấp thẻ căn cước",
    "national id": "cấp thẻ căn cước",
    "driving licence": "đổi giấy phép lái xe",
    "driving license": "đổi giấy phép lái xe",
    "driver license": "đổi giấy phép lái xe",
    "drivers license": "đổi giấy phép lái xe",
    "driver s license": "đổi giấy phép lái xe",
    "temporary residence": "đăng ký tạm trú",
    "permanent residence": "đăng ký thường trú",
    "household business": "đăng ký hộ kinh doanh",
    "business registration": "đăng ký hộ kinh doanh",
    "building permit": "giấy phép xây dựng",
    "construction permit": "giấy phép xây dựng",
    "criminal record": "lý lịch tư pháp",
    "certified copy": "chứng thực bản sao",
    "notarize": "chứng thực bản sao",
    "notarise": "chứng thực bản sao",
    "health insurance": "bảo hiểm y tế",
    "unemployment": "trợ cấp thất nghiệp",
}
# English for a part of a procedure, as the Vietnamese words the assistant reads it by
# (bot/actions/aspects.py).
ASPECTS: dict[str, str] = {
    "how much": "lệ phí",
    "fee": "lệ phí",
    "fees": "lệ phí",
    "cost": "lệ phí",
    "how long": "mất bao lâu",
    "processing time": "mất bao lâu",
    "where": "nộp ở đâu",
    "documents": "cần giấy tờ gì",
    "papers": "cần giấy tờ gì",
    "form": "biểu mẫu",
    "forms": "biểu mẫu",
    "online": "nộp trực tuyến",
}


def _words(text: str) -> list[str]:
    return [word for word in fold(text).split() if word.isalpha()]


def _is_english_word(word: str) -> bool:
    if word in _ENGLISH_WORDS:
        return True
    return not _SYLLABLE.match(word) and word not in _VIETNAMESE_SHORTHAND


def _is_vietnamese_word(word: str) -> bool:
    return bool(_SYLLABLE.match(word) and _VIETNAMESE_ONLY.search(word))


def is_english(text: str, screen_english: bool = False) -> bool:
    """Whether a message is written in English (not Vietnamese with or without marks).

    `screen_english`: the kiosk shows its English screens, so one English word is enough
    ("passport"); a Vietnamese word, a mark, digits alone still read as Vietnamese.
    """
    if has_diacritics(text):
        return False
    words = _words(text)
    if any(_is_vietnamese_word(word) for word in words if word not in _ENGLISH_WORDS):
        return False
    english = sum(1 for word in words if _is_english_word(word))
    if screen_english:
        return english >= 1 and english >= len(words) / 2
    return english >= max(2, math.ceil(len(words) / 2))


def _first(phrases: dict[str, str], folded: str) -> str | None:
    for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
        if re.search(rf"(^|\s){phrase}(\s|$)", folded):
            return phrases[phrase]
    return None


def vietnamese_question(text: str) -> str | None:
    """The procedure an English question names, in the catalog's Vietnamese words, with
    the part it asks about ("lệ phí đăng ký khai sinh"); None when it names none."""
    folded = " ".join(_words(text))
    procedure = _first(PROCEDURES, folded)
    if procedure is None:
        return None
    aspect = _first(ASPECTS, folded)
    return f"{aspect} {procedure}" if aspect else procedure
