"""Vietnam's provinces and centrally-run cities, to read a place name off an OCR'd header.

The 63 of 2008-2025: plans written before the 1 July 2025 mergers name them, and the 34
of today keep names from this list (plus Huế, a city since 2025).
"""

from __future__ import annotations

from knowledge.text import fold

PROVINCES = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế",
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau",
    "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
    "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
_FOLDED = [(name, fold(name).split()) for name in PROVINCES]


def _edits(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _syllable_distance(seen: str, real: str) -> int | None:
    """Edits between an OCR'd syllable and a real one, or None when they cannot be the same:
    OCR garbles vowels and keeps a syllable's first and last letters."""
    if not seen or seen[0] != real[0] or seen[-1] != real[-1]:
        return None
    edits = _edits(seen, real)
    return edits if edits <= max(1, len(real) // 2) else None


def _distance(words: list[str], name: list[str]) -> int | None:
    if len(words) != len(name):
        return None
    total = 0
    for seen, real in zip(words, name, strict=True):
        edits = _syllable_distance(seen, real)
        if edits is None:
            return None
        total += edits
    return total


def match_province(folded: str) -> str | None:
    """The province whose name the folded words start with, OCR noise allowed; None when no
    name fits or two fit equally well."""
    words = folded.split()
    scored = []
    for name, syllables in _FOLDED:
        distance = _distance(words[: len(syllables)], syllables)
        if distance is not None:
            scored.append((distance, -len(syllables), name))
    scored.sort()
    if not scored or (len(scored) > 1 and scored[0][:2] == scored[1][:2]):
        return None
    return scored[0][2]
