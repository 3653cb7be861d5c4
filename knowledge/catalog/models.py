"""The procedure schema: one administrative procedure (thủ tục hành chính).

Every fact the assistant tells a citizen comes from these fields, so the schema
is strict: unknown keys are rejected, and each entry says which of its fields
were checked against the legal texts and which were not.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

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


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Level(StrEnum):
    COMMUNE = "xã"
    PROVINCE = "tỉnh"
    CENTRAL = "trung ương"


class Online(StrEnum):
    FULL = "toàn trình"
    PARTIAL = "một phần"
    NONE = "không"


class CopyKind(StrEnum):
    ORIGINAL = "bản chính"
    CERTIFIED_COPY = "bản sao có chứng thực"
    COPY = "bản sao"
    ORIGINAL_OR_COPY = "bản chính hoặc bản sao"
    PRESENT = "xuất trình"


class Agency(Strict):
    name: str = Field(min_length=3, description="Cơ quan thực hiện")
    submit_at: str = Field(min_length=3, description="Nơi nộp hồ sơ")
    decides: str | None = Field(None, description="Cơ quan có thẩm quyền quyết định, nếu khác")


class DossierItem(Strict):
    name: str = Field(min_length=3)
    kind: CopyKind
    count: int = Field(1, ge=1, le=20)
    form: str | None = Field(None, description="Mẫu đơn, tờ khai (số hiệu mẫu và văn bản ban hành)")
    required: bool = True
    condition: str | None = Field(
        None, description="Khi nào cần (nếu không bắt buộc với mọi người)"
    )

    @model_validator(mode="after")
    def _conditional_needs_condition(self) -> DossierItem:
        if not self.required and not self.condition:
            raise ValueError("thành phần không bắt buộc phải ghi rõ điều kiện (condition)")
        return self


class ProcessingTime(Strict):
    text: str = Field(min_length=3, description="Thời hạn như văn bản quy định")
    working_days: float | None = Field(
        None, ge=0, description="Số ngày làm việc tối đa, nếu xác định"
    )


class Fee(Strict):
    name: str = Field(min_length=2, description="Phí, lệ phí hoặc miễn")
    amount_vnd: int | None = Field(
        None, ge=0, description="Số tiền; None khi tùy tỉnh hoặc tùy trường hợp"
    )
    note: str | None = None


class LegalBasis(Strict):
    title: str = Field(min_length=5)
    number: str | None = Field(None, description="Số hiệu văn bản, ví dụ 123/2015/NĐ-CP")
    articles: str | None = None


class Source(Strict):
    title: str = Field(min_length=3)
    url: HttpUrl | None = None


class Postal(Strict):
    receive: bool
    deliver: bool


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
    level: Level
    agency: Agency
    dossier: list[DossierItem] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    processing_time: ProcessingTime
    fees: list[Fee] = Field(min_length=1)
    online: Online
    online_url: HttpUrl | None = None
    location_independent: bool = Field(description="Nộp không phụ thuộc địa giới hành chính")
    postal: Postal
    conditions: list[str] = Field(default_factory=list)
    result: str = Field(min_length=3)
    legal_basis: list[LegalBasis] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    verified: Verification
    updated: dt.date

    @field_validator("aliases")
    @classmethod
    def _distinct_aliases(cls, aliases: list[str]) -> list[str]:
        lowered = [a.lower() for a in aliases]
        if len(set(lowered)) != len(lowered):
            raise ValueError("bí danh bị lặp")
        return aliases

    @model_validator(mode="after")
    def _no_district_level(self) -> Procedure:
        # Since 1 July 2025 local government has two tiers: province and commune.
        text = f"{self.agency.name} {self.agency.submit_at} {self.agency.decides or ''}".lower()
        for stale in ("cấp huyện", "ubnd huyện", "ủy ban nhân dân huyện", "quận, huyện"):
            if stale in text:
                raise ValueError(
                    f"cơ quan còn nhắc '{stale}': chính quyền địa phương nay chỉ còn tỉnh và xã"
                )
        return self
