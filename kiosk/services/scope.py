"""Whether this desk takes a procedure, and where to go when it does not.

The desk config says which fields (its counters) and which levels it serves. A
procedure outside them is still answered in full; the answer adds where it is done
("Thủ tục này thực hiện tại ..."), from the procedure's own agencies and levels.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.services.desk import DeskConfig
from knowledge.catalog.models import Level, Procedure

ELSEWHERE = "Thủ tục này thực hiện tại {where}."
UNKNOWN_PLACE = (
    "Thủ tục này không do Bộ phận Một cửa này tiếp nhận; hỏi cán bộ hoặc xem Cổng Dịch vụ "
    "công quốc gia để biết nơi nộp."
)
_LEVEL_WORDS = {
    Level.CENTRAL: "cấp trung ương",
    Level.PROVINCE: "cấp tỉnh",
    Level.COMMUNE: "cấp xã",
    Level.OTHER: "cơ quan khác",
}


@dataclass(frozen=True)
class Scope:
    served: bool
    where: str | None  # where to go instead, when not served here
    reason: str | None  # why not: the field, the level
    field: str | None = None  # the desk's field that takes it (booking, queue), if any


def scope(procedure: Procedure, desk: DeskConfig) -> Scope:
    field = desk.field_of(procedure.field)  # also a national field name the desk maps
    reasons = []
    if field is None:
        reasons.append(f"lĩnh vực «{procedure.field}» không có quầy nào ở đây")
    levels: list[Level] = [lv for lv in procedure.levels if lv is not Level.UNKNOWN]
    if desk.levels is not None and levels and not {lv.value for lv in levels} & set(desk.levels):
        reasons.append(f"thủ tục {', '.join(_LEVEL_WORDS[lv] for lv in levels)}")
    if not reasons:
        return Scope(True, None, None, field)
    return Scope(False, _where(procedure, levels), "; ".join(reasons), field)


def _where(procedure: Procedure, levels: list[Level]) -> str:
    agency = procedure.agency
    names = agency.performing or ([agency.name] if agency.name else []) or agency.competent
    place = "; ".join(names)
    if agency.submit_at:
        place = f"{place} ({agency.submit_at})" if place else agency.submit_at
    level_words = ", ".join(_LEVEL_WORDS[lv] for lv in levels)
    if place and level_words:
        return ELSEWHERE.format(where=f"{place} — {level_words}")
    if place or level_words:
        return ELSEWHERE.format(where=place or f"cơ quan {level_words}")
    return UNKNOWN_PLACE
