"""Checklist bodies."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import DeskDateTime, ProcedureId, RequestModel, ShortText
from kiosk.services.checklists import ChecklistDraft
from kiosk.store.models import Checklist

Items = Annotated[list[ShortText], Field(max_length=50)]


class ChecklistIn(RequestModel):
    procedure_id: ProcedureId
    have: Items = Field(default_factory=list, description="Giấy tờ đã có")
    missing: Items = Field(default_factory=list, description="Giấy tờ còn thiếu")
    forms: Items = Field(default_factory=list, description="Mẫu đơn, tờ khai cần điền")

    def draft(self) -> ChecklistDraft:
        return ChecklistDraft(self.procedure_id, self.have, self.missing, self.forms)


class ChecklistOut(BaseModel):
    code: str = Field(description="Mã danh sách, ví dụ DS-4Q7RT")
    procedure_id: str
    procedure_name: str
    have: list[str]
    missing: list[str]
    forms: list[str]
    created_at: DeskDateTime
    url: str | None = Field(
        description="Đường dẫn tiếp tục trên điện thoại (nội dung mã QR); null khi chưa cấu hình "
        "địa chỉ công khai MOTCUA_PUBLIC_URL"
    )
    qr_png: str | None = Field(description="Đường dẫn ảnh mã QR (null khi không có url)")
    telegram_link: str | None = Field(
        None, description="t.me/<bot>?start=<mã>: tiếp tục trong Telegram (khi đã cấu hình bot)"
    )

    @classmethod
    def of(
        cls,
        checklist: Checklist,
        procedure_name: str,
        url: str | None,
        telegram_link: str | None = None,
    ) -> ChecklistOut:
        return cls(
            code=checklist.code,
            procedure_id=checklist.procedure_id,
            procedure_name=procedure_name,
            have=checklist.have,
            missing=checklist.missing,
            forms=checklist.forms,
            created_at=checklist.created_at,
            url=url,
            qr_png=f"/api/v1/checklists/{checklist.code}/qr.png" if url else None,
            telegram_link=telegram_link,
        )
