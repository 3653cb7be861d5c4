"""The procedure schema: one administrative procedure (thủ tục hành chính).

Every fact the assistant tells a citizen comes from these fields, so the schema
is strict: unknown keys are rejected, and each entry says which of its fields
were checked against the legal texts and which were not.

Four kinds of entry share it (`origin`):

- curated: written by us from the legal texts (the bundled YAML, staff drafts).
  Validated as `CuratedProcedure`: every fact present, no district agencies.
- national: a procedure page of the national procedure database, imported as
  captured. What the page leaves empty stays empty ("" or [] or None); the page's
  own structure is kept (several levels, channels with their own time and fee,
  dossier groups, results, subjects).
- list: known only from an official list (code, name, field, agency, online
  level); the rest is empty until the full record is imported.
- merged: a curated entry and the national record with the same code, as one
  procedure under the curated id (knowledge/catalog/merge.py).

`Procedure.model_validate` returns a `CuratedProcedure` for curated data, so
every caller keeps the curated rules without knowing about the split.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import (
    Field,
    HttpUrl,
    ModelWrapValidatorHandler,
    field_validator,
    model_validator,
)

from knowledge.catalog.facts import (
    Agency,
    Channel,
    ChannelKind,
    CopyKind,
    CuratedAgency,
    CuratedDossierItem,
    CuratedPostal,
    CuratedProcessingTime,
    DossierItem,
    Fee,
    LegalBasis,
    Listing,
    Postal,
    ProcessingTime,
    ResultDocument,
    Source,
    Strict,
    TimeLimit,
)

__all__ = [
    "FACT_FIELDS",
    "Agency",
    "Channel",
    "ChannelKind",
    "CopyKind",
    "CuratedProcedure",
    "DossierItem",
    "Fee",
    "LegalBasis",
    "Level",
    "Listing",
    "Online",
    "Origin",
    "Postal",
    "Procedure",
    "ProcessingTime",
    "ResultDocument",
    "Source",
    "Strict",
    "TimeLimit",
    "Verification",
]

_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$"

# Fields whose content is a fact a citizen relies on; each must be declared
# verified or unverified in every entry.
FACT_FIELDS = (
    "code",
    "agency",
    "dossier",
    "steps",
    "processing_time",
    "fees",
    "online",
    "location_independent",
    "postal",
    "conditions",
    "result",
    "legal_basis",
)

# Wording of the district level, abolished on 1 July 2025 (two-tier local government).
DISTRICT_WORDS = ("cấp huyện", "ubnd huyện", "ủy ban nhân dân huyện", "quận, huyện")


class Level(StrEnum):
    COMMUNE = "xã"
    PROVINCE = "tỉnh"
    CENTRAL = "trung ương"
    OTHER = "cơ quan khác"  # the portal's "Cơ quan khác" (e.g. notaries, courts)
    UNKNOWN = "chưa rõ"  # a list entry: the list does not say


class Online(StrEnum):
    FULL = "toàn trình"
    PARTIAL = "một phần"
    NONE = "không"
    AVAILABLE = "có"  # the portal lists online submission but not whether full or partial
    UNKNOWN = "chưa rõ"  # no source says


class Origin(StrEnum):
    CURATED = "curated"
    NATIONAL = "national"
    LIST = "list"
    MERGED = "merged"  # a curated entry joined with the national record of its code


class Verification(Strict):
    verified: list[str] = Field(default_factory=list, description="Trường đã đối chiếu văn bản")
    unverified: list[str] = Field(default_factory=list, description="Trường chưa đối chiếu")
    checked_against: str = Field(min_length=3, description="Đối chiếu với văn bản nào")
    note: str | None = None

    @model_validator(mode="after")
    def _covers_fact_fields(self) -> Verification:
        both = set(self.verified) & set(self.unverified)
        if both:
            raise ValueError(f"trường vừa verified vừa unverified: {sorted(both)}")
        unknown = (set(self.verified) | set(self.unverified)) - set(FACT_FIELDS)
        if unknown:
            raise ValueError(f"trường không có trong lược đồ: {sorted(unknown)}")
        missing = set(FACT_FIELDS) - set(self.verified) - set(self.unverified)
        if missing:
            raise ValueError(f"chưa khai báo tình trạng kiểm chứng: {sorted(missing)}")
        return self


class Procedure(Strict):
    id: str = Field(pattern=_ID_PATTERN, description="Khóa ổn định, ví dụ ho-tich.khai-sinh")
    code: str | None = Field(None, description="Mã thủ tục trên Cơ sở dữ liệu quốc gia, nếu biết")
    name: str = Field(min_length=5)
    aliases: list[str] = Field(default_factory=list, description="Tên dân gian, viết tắt")
    field: str = Field(min_length=2, description="Lĩnh vực")
    level: Level = Field(description="Cấp chính (cấp gần người dân nhất trong các cấp thực hiện)")
    agency: Agency
    dossier: list[DossierItem] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    processing_time: ProcessingTime = Field(default_factory=ProcessingTime)
    fees: list[Fee] = Field(default_factory=list)
    online: Online
    online_url: HttpUrl | None = None
    location_independent: bool | None = Field(
        None, description="Nộp không phụ thuộc địa giới hành chính; None khi chưa rõ"
    )
    postal: Postal = Field(default_factory=lambda: Postal(receive=None, deliver=None))
    conditions: list[str] = Field(default_factory=list)
    result: str = Field("", description="Kết quả; rỗng khi nguồn không ghi")
    legal_basis: list[LegalBasis] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    verified: Verification
    updated: dt.date
    # -- added with the national procedure database (issue 13) --
    origin: Origin = Field(Origin.CURATED, description="curated, national hoặc list")
    levels: list[Level] = Field(default_factory=list, description="Mọi cấp thực hiện")
    channels: list[Channel] = Field(
        default_factory=list, description="Cách thức thực hiện: kênh nộp, thời hạn, phí"
    )
    results: list[ResultDocument] = Field(default_factory=list, description="Kết quả xử lý")
    subjects: list[str] = Field(default_factory=list, description="Đối tượng thực hiện")
    procedure_type: str | None = Field(None, description="Loại thủ tục")
    decision: str | None = Field(None, description="Số quyết định công bố")
    source_url: HttpUrl | None = Field(None, description="Trang thủ tục trên Cổng DVC quốc gia")
    listings: list[Listing] = Field(default_factory=list, description="Danh sách chính thức có tên")

    @model_validator(mode="wrap")
    @classmethod
    def _curated_rules(cls, data: Any, handler: ModelWrapValidatorHandler[Procedure]) -> Any:
        """Curated data (the default) is validated as CuratedProcedure."""
        if isinstance(data, dict):
            data = _with_levels(data)
            origin = data.get("origin", Origin.CURATED)
            if cls is Procedure and str(origin) == Origin.CURATED.value:
                return CuratedProcedure.model_validate(data)
        return handler(data)

    @field_validator("aliases")
    @classmethod
    def _distinct_aliases(cls, aliases: list[str]) -> list[str]:
        lowered = [a.lower() for a in aliases]
        if len(set(lowered)) != len(lowered):
            raise ValueError("bí danh bị lặp")
        return aliases

    @model_validator(mode="after")
    def _level_is_listed(self) -> Procedure:
        if self.levels and self.level not in self.levels:
            raise ValueError(f"cấp chính «{self.level}» không có trong levels")
        return self


def _with_levels(data: dict[str, Any]) -> dict[str, Any]:
    """`levels` defaults to the single `level` an entry written before it declares."""
    if "levels" in data or "level" not in data:
        return data
    return {**data, "levels": [data["level"]]}


def district_mentions(agency: Agency) -> list[str]:
    """District-level wording in an agency's fields (none may remain in curated entries)."""
    parts = [agency.name, agency.submit_at, agency.decides or "", *agency.performing]
    parts += [*agency.competent, *agency.authorized, *agency.cooperating]
    text = " ".join(parts).lower()
    return [stale for stale in DISTRICT_WORDS if stale in text]


class CuratedProcedure(Procedure):
    """A curated entry: every fact present, checked or marked unchecked."""

    agency: CuratedAgency
    # Redeclared with the stricter item type (pydantic validates against it).
    dossier: list[CuratedDossierItem] = Field(min_length=1)  # type: ignore[assignment]
    steps: list[str] = Field(min_length=1)
    processing_time: CuratedProcessingTime
    fees: list[Fee] = Field(min_length=1)
    location_independent: bool = Field(description="Nộp không phụ thuộc địa giới hành chính")
    postal: CuratedPostal
    result: str = Field(min_length=3)
    legal_basis: list[LegalBasis] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_district_level(self) -> CuratedProcedure:
        # Since 1 July 2025 local government has two tiers: province and commune.
        stale = district_mentions(self.agency)
        if stale:
            raise ValueError(
                f"cơ quan còn nhắc '{stale[0]}': chính quyền địa phương nay chỉ còn tỉnh và xã"
            )
        return self
