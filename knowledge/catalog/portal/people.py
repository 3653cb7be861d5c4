"""Who: agencies (comma lists), levels ("Cấp bộ, Cấp tỉnh"), subjects (Đối tượng)."""

from __future__ import annotations

from knowledge.catalog.models import Level
from knowledge.catalog.portal.cells import is_empty, one_line
from knowledge.text import fold

LEVELS = {
    "cap bo": Level.CENTRAL,
    "cap tinh": Level.PROVINCE,
    "cap xa": Level.COMMUNE,
    "co quan khac": Level.OTHER,
}
# The level a citizen at a one-stop desk is most likely to use comes first.
LOCAL_FIRST = (Level.COMMUNE, Level.PROVINCE, Level.CENTRAL, Level.OTHER, Level.UNKNOWN)


def split_names(text: str | None) -> list[str]:
    """A portal list "A, B, C" as names. A comma splits only outside brackets and
    before a capital: "Cục cảnh sát quản lý hành chính về trật tự, xã hội, Công an
    tỉnh" is two agencies, "Sở Tài chính các tỉnh, thành phố" one."""
    if is_empty(text):
        return []
    value = one_line((text or "").replace("\n", ", "))
    names: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(value):
        depth += (char == "(") - (char == ")")
        if char in ",;" and depth == 0 and _capital_follows(value, index + 1):
            names.append(value[start:index])
            start = index + 1
    names.append(value[start:])
    return [n.strip(" .,;") for n in names if n.strip(" .,;")]


def _capital_follows(text: str, at: int) -> bool:
    rest = text[at:].lstrip()
    return bool(rest) and rest[0].isupper()


def parse_levels(text: str | None) -> tuple[list[Level], list[str]]:
    """(levels, parts not understood)."""
    levels: list[Level] = []
    unknown: list[str] = []
    for part in one_line(text).split(","):
        level = LEVELS.get(fold(part))
        if level is not None and level not in levels:
            levels.append(level)
        elif level is None and part.strip():
            unknown.append(part.strip())
    return levels, unknown


def primary_level(levels: list[Level]) -> Level:
    return next(level for level in LOCAL_FIRST if level in levels)
