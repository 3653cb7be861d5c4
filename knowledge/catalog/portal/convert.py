"""One portal record (a captured procedure page) as a `Procedure` of origin "national".

Nothing is invented: a section the page leaves empty stays empty, damaged text stays
as captured. What a person should look at is returned as notes (by kind); a record
that cannot be a procedure at all (no code, no name...) is rejected with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from knowledge.catalog.facts import Agency, Source
from knowledge.catalog.models import (
    FACT_FIELDS,
    Origin,
    Procedure,
    Verification,
    district_mentions,
)
from knowledge.catalog.portal import sections, summary
from knowledge.catalog.portal.cells import is_empty, one_line, value_or_empty
from knowledge.catalog.portal.channels import parse_channels
from knowledge.catalog.portal.dossier import parse_dossier
from knowledge.catalog.portal.legal import parse_legal_basis, parse_results
from knowledge.catalog.portal.people import parse_levels, primary_level, split_names

CODE = re.compile(r"^\d\.\d{6}$")
CHECKED_AGAINST = "Cổng Dịch vụ công quốc gia (Cơ sở dữ liệu quốc gia về TTHC)"
RECOVERED = "trình tự và thành phần hồ sơ đọc lại từ toàn văn trang"
DISTRICT = "cơ quan còn nhắc cấp huyện"


class Rejected(ValueError):
    """A record that cannot be a procedure; `kind` groups the report."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail = kind, detail


@dataclass
class Converted:
    procedure: Procedure
    notes: list[str] = field(default_factory=list)


def procedure_id(code: str) -> str:
    """The stable id of a national record: tthc.<code>, e.g. tthc.1.001193."""
    return f"tthc.{code}"


def convert(record: dict[str, Any], today: dt.date) -> Converted:
    """The record as a Procedure, or Rejected."""
    record = {
        k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in record.items()
    }
    code = one_line(_text(record, "ma_thu_tuc"))
    if not code:
        raise Rejected("thiếu mã thủ tục")
    if not CODE.match(code):
        raise Rejected("mã thủ tục sai dạng", code)
    name = one_line(_text(record, "ten_thu_tuc"))
    if len(name) < 5:
        raise Rejected("thiếu tên thủ tục", code)
    notes: list[str] = []
    levels, unknown = parse_levels(_text(record, "cap_thuc_hien"))
    if not levels:
        raise Rejected("không rõ cấp thực hiện", f"{code}: «{_text(record, 'cap_thuc_hien')}»")
    notes += [f"cấp thực hiện lạ «{part}»" for part in unknown]
    payload = _payload(record, code, name, levels, notes, today)
    try:
        procedure = Procedure.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Rejected("sai lược đồ", f"{code}: {where}: {first['msg']}") from exc
    if district_mentions(procedure.agency):
        notes.append(DISTRICT)
    return Converted(procedure, list(dict.fromkeys(notes)))


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _payload(
    record: dict[str, Any],
    code: str,
    name: str,
    levels: list[Any],
    notes: list[str],
    today: dt.date,
) -> dict[str, Any]:
    steps_text, dossier_text = (
        _text(record, "trinh_tu_thuc_hien"),
        _text(record, "thanh_phan_ho_so"),
    )
    if sections.misplaced_dossier(dossier_text):
        found = sections.recover(_text(record, "raw_text"), _text(record, "cach_thuc_thuc_hien"))
        if found:
            steps_text, dossier_text = found
            notes.append(RECOVERED)
    table = parse_channels(_text(record, "cach_thuc_thuc_hien"))
    groups = parse_dossier(dossier_text, name)
    notes += table.notes + groups.notes
    channels = table.channels
    results = parse_results(_text(record, "ket_qua_xu_ly"))
    url = value_or_empty(_text(record, "detail_url")) or None
    return {
        "id": procedure_id(code),
        "code": code,
        "name": name,
        "field": one_line(_text(record, "linh_vuc")),
        "level": primary_level(levels),
        "levels": levels,
        "agency": _agency(record),
        "dossier": summary.dossier(groups.groups),
        "steps": sections.parse_steps(steps_text) if not is_empty(steps_text) else [],
        "processing_time": summary.processing_time(channels),
        "fees": summary.fees(channels),
        "online": summary.online(channels),
        "postal": summary.postal(channels),
        "conditions": sections.parse_conditions(_text(record, "yeu_cau_dieu_kien")),
        "result": "; ".join(r.name for r in results),
        "results": results,
        "legal_basis": parse_legal_basis(_text(record, "can_cu_phap_ly")),
        "sources": [Source(title=f"Cổng Dịch vụ công quốc gia, thủ tục {code}", url=url)],
        "verified": Verification(
            unverified=list(FACT_FIELDS),
            checked_against=CHECKED_AGAINST,
            note="Nhập từ trang thủ tục trên Cổng Dịch vụ công quốc gia; chưa đối chiếu văn bản.",
        ),
        "updated": today,
        "origin": Origin.NATIONAL,
        "channels": channels,
        "subjects": split_names(_text(record, "doi_tuong_thuc_hien")),
        "procedure_type": value_or_empty(_text(record, "loai_thu_tuc")) or None,
        "decision": value_or_empty(_text(record, "so_quyet_dinh")) or None,
        "source_url": url,
    }


def _agency(record: dict[str, Any]) -> Agency:
    performing = split_names(_text(record, "co_quan_thuc_hien"))
    competent = split_names(_text(record, "co_quan_co_tham_quyen"))
    return Agency(
        name=", ".join(performing),
        submit_at=value_or_empty(_text(record, "dia_chi_tiep_nhan")),
        decides=", ".join(competent) or None,
        performing=performing,
        competent=competent,
        authorized=split_names(_text(record, "co_quan_duoc_uy_quyen")),
        cooperating=split_names(_text(record, "co_quan_phoi_hop")),
    )
