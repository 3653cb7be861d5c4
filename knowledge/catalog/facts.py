"""The parts of a procedure: agency, dossier items, times, fees, channels, sources.

Each part exists in two strictnesses. The general one (`Agency`, `DossierItem`, ...)
accepts what an official record really holds: an empty agency when the portal
says "Không có thông tin", a component with "0 bản chính" (nothing on paper), an
unknown postal service. The curated one (`CuratedAgency`, ...) is what the bundled
entries were always held to: every fact present. `models.Procedure` picks the
curated variants for curated entries, so their rules did not loosen.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, from_attributes=True
    )


class CopyKind(StrEnum):
    ORIGINAL = "bản chính"
    CERTIFIED_COPY = "bản sao có chứng thực"
    COPY = "bản sao"
    ORIGINAL_OR_COPY = "bản chính hoặc bản sao"
    PRESENT = "xuất trình"
    # Official records count originals and copies separately ("1 bản chính,1 bản sao").
    ORIGINAL_AND_COPY = "bản chính, bản sao"
    # "0 bản chính" on the portal: an explanation in the table, nothing to bring on paper.
    NO_PAPER = "không nộp bản giấy"
    UNSPECIFIED = "không ghi số lượng"  # the source leaves the count cell empty


class ChannelKind(StrEnum):
    IN_PERSON = "trực tiếp"
    ONLINE = "trực tuyến"
    POSTAL = "dịch vụ bưu chính"


# ---------------------------------------------------------------- agency


class Agency(Strict):
    name: str = Field("", description="Cơ quan thực hiện; rỗng khi nguồn không ghi")
    submit_at: str = Field("", description="Nơi nộp hồ sơ; rỗng khi nguồn không ghi")
    decides: str | None = Field(None, description="Cơ quan có thẩm quyền quyết định, nếu khác")
    performing: list[str] = Field(
        default_factory=list, description="Cơ quan thực hiện (từng cơ quan)"
    )
    competent: list[str] = Field(default_factory=list, description="Cơ quan có thẩm quyền")
    authorized: list[str] = Field(default_factory=list, description="Cơ quan được ủy quyền")
    cooperating: list[str] = Field(default_factory=list, description="Cơ quan phối hợp")


class CuratedAgency(Agency):
    name: str = Field(min_length=3, description="Cơ quan thực hiện")
    submit_at: str = Field(min_length=3, description="Nơi nộp hồ sơ")


# ---------------------------------------------------------------- dossier


class DossierItem(Strict):
    name: str = Field(min_length=1)
    kind: CopyKind
    count: int = Field(1, ge=0, le=20)
    form: str | None = Field(None, description="Mẫu đơn, tờ khai (số hiệu mẫu và văn bản ban hành)")
    required: bool = True
    condition: str | None = Field(
        None, description="Khi nào cần (nếu không bắt buộc với mọi người)"
    )
    originals: int | None = Field(None, ge=0, description="Số bản chính, như nguồn ghi")
    copies: int | None = Field(None, ge=0, description="Số bản sao, như nguồn ghi")
    group: str | None = Field(None, description="Nhóm giấy tờ như trang thủ tục ghi")

    @model_validator(mode="after")
    def _conditional_needs_condition(self) -> DossierItem:
        if not self.required and not self.condition:
            raise ValueError("thành phần không bắt buộc phải ghi rõ điều kiện (condition)")
        return self


class CuratedDossierItem(DossierItem):
    name: str = Field(min_length=3)
    count: int = Field(1, ge=1, le=20)


# ---------------------------------------------------------------- time and fees


class ProcessingTime(Strict):
    text: str = Field("", description="Thời hạn như văn bản quy định; rỗng khi nguồn không ghi")
    working_days: float | None = Field(
        None, ge=0, description="Số ngày làm việc tối đa, nếu xác định"
    )


class CuratedProcessingTime(ProcessingTime):
    text: str = Field(min_length=3, description="Thời hạn như văn bản quy định")


class Fee(Strict):
    name: str = Field(min_length=2, description="Phí, lệ phí hoặc miễn")
    amount_vnd: int | None = Field(
        None, ge=0, description="Số tiền; None khi tùy tỉnh hoặc tùy trường hợp"
    )
    note: str | None = None


class TimeLimit(Strict):
    """A channel's processing time as the portal shows it: "5 Ngày làm việc", "1"."""

    text: str = Field(min_length=1, description="Như nguồn ghi")
    value: float | None = Field(None, ge=0, description="Con số, nếu có")
    unit: str | None = Field(
        None, description="ngày làm việc, ngày, giờ, tháng...; None khi nguồn không ghi"
    )


class ChannelFee(Strict):
    """A channel's fee as the portal shows it: amount and unit, or free, with its note."""

    text: str = Field(min_length=1, description="Như nguồn ghi, ví dụ «2,000,000 Việt Nam Đồng»")
    amount: float | None = Field(None, ge=0)
    currency: str | None = Field(None, description="VND, USD...")
    free: bool = False
    per: str | None = Field(None, description="Đơn vị tính: trang, tờ khai, lần...")
    note: str | None = Field(None, description="Giải thích của nguồn")


class Channel(Strict):
    """One row of "Cách thức thực hiện": how to submit, how long, how much."""

    kind: ChannelKind
    time: TimeLimit | None = None
    fee: ChannelFee | None = None
    description: str = ""


# ---------------------------------------------------------------- law, results, sources


class LegalBasis(Strict):
    title: str = Field(min_length=5)
    number: str | None = Field(None, description="Số hiệu văn bản, ví dụ 123/2015/NĐ-CP")
    articles: str | None = None


class ResultDocument(Strict):
    name: str = Field(min_length=1)
    code: str | None = Field(None, description="Mã kết quả trên CSDL quốc gia, ví dụ KQ.G10.000272")


class Source(Strict):
    title: str = Field(min_length=3)
    url: HttpUrl | None = None


class Postal(Strict):
    receive: bool | None = Field(description="Nhận hồ sơ qua bưu chính; None khi chưa rõ")
    deliver: bool | None = Field(description="Trả kết quả qua bưu chính; None khi chưa rõ")


class CuratedPostal(Postal):
    receive: bool
    deliver: bool


class Listing(Strict):
    """Where an official list names this procedure, with what the list adds."""

    source: str = Field(min_length=1, description="Tệp danh sách")
    code: str = Field(min_length=1, description="Mã như danh sách ghi (có thể kèm hậu tố của tỉnh)")
    online_level: str | None = Field(None, description="Mức độ DVC như danh sách ghi")
    decision: str | None = Field(None, description="Quyết định công bố như danh sách ghi")
    issuer: str | None = Field(None, description="Cơ quan ban hành")
