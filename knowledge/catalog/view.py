"""A procedure as the kiosk answers it: every schema field plus what follows from them.

Added to the stored fields: whether it is known only from a list (and what to tell
the citizen then), the portal link (the record's page, or a search of the portal by
code for a list-only entry), the dossier's groups and the case question.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from knowledge.catalog.dossier_plan import CASE_QUESTION, cases, dossier_groups
from knowledge.catalog.models import Origin, Procedure, district_mentions

LIST_ONLY_NOTICE = "Chi tiết hồ sơ chưa có trong danh mục của Bộ phận Một cửa — hỏi cán bộ."
DISTRICT_NOTICE = (
    "Trang thủ tục trên Cổng Dịch vụ công quốc gia còn nhắc cấp huyện; từ 01/7/2025 "
    "chính quyền địa phương chỉ còn cấp tỉnh và cấp xã — hỏi cán bộ nơi nộp hiện nay."
)
PORTAL_SEARCH = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?keyword={code}"


def portal_url(procedure: Procedure) -> str | None:
    """The procedure's page on the national portal, else a search of the portal by code."""
    if procedure.source_url is not None:
        return str(procedure.source_url)
    return PORTAL_SEARCH.format(code=quote(procedure.code)) if procedure.code else None


def notices(procedure: Procedure) -> list[str]:
    """What the citizen must be told besides the facts."""
    found = []
    if procedure.origin is Origin.LIST:
        found.append(LIST_ONLY_NOTICE)
    if procedure.origin is not Origin.CURATED and district_mentions(procedure.agency):
        found.append(DISTRICT_NOTICE)
    return found


def procedure_view(procedure: Procedure) -> dict[str, Any]:
    """Every field of the schema (JSON), then list_only, portal_url, notices, dossier_groups
    and the case question."""
    known = cases(procedure)
    return {
        **procedure.model_dump(mode="json"),
        "list_only": procedure.origin is Origin.LIST,
        "portal_url": portal_url(procedure),
        "notices": notices(procedure),
        "dossier_groups": [asdict(g) for g in dossier_groups(procedure)],
        "case_question": {"text": CASE_QUESTION, "options": known} if known else None,
    }
