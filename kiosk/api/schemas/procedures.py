"""Procedure bodies: search hits, the detail (every catalog field plus what follows
from them and the desk's scope), the checklist plan."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kiosk.services.checklists import ChecklistPlan
from kiosk.services.procedures import FormNeed, ReferralAnswer, SearchAnswer
from kiosk.services.scope import Scope
from knowledge.catalog.models import DossierItem, Procedure
from knowledge.variants import Clarify


class HitOut(BaseModel):
    id: str
    code: str | None = Field(None, description="Mã thủ tục trên CSDL quốc gia, nếu có")
    name: str
    field: str
    score: float
    dense: float
    lexical: float


class ScopeOut(BaseModel):
    served: bool = Field(description="Bộ phận Một cửa này tiếp nhận thủ tục (lĩnh vực và cấp)")
    where: str | None = Field(description="Nơi thực hiện, khi không tiếp nhận tại đây")
    reason: str | None = Field(description="Vì sao không tiếp nhận tại đây")
    field: str | None = Field(
        description="Lĩnh vực của Bộ phận Một cửa nhận thủ tục này (đặt lịch, lấy số), nếu có"
    )

    @classmethod
    def of(cls, scope: Scope) -> ScopeOut:
        return cls(served=scope.served, where=scope.where, reason=scope.reason, field=scope.field)


class DossierGroupOut(BaseModel):
    heading: str | None = Field(description="Tên nhóm như trang thủ tục ghi")
    case: str | None = Field(description="Trường hợp áp dụng, khi nhóm không dành cho mọi người")
    items: list[int] = Field(description="Vị trí các thành phần trong `dossier`")


class CaseQuestionOut(BaseModel):
    text: str
    options: list[str]


class ProcedureOut(Procedure):
    """Every catalog field, then: list-only flag, portal link, notices, dossier groups,
    the case question and whether this desk takes the procedure."""

    list_only: bool = Field(description="Chỉ biết từ danh sách TTHC: chưa có chi tiết hồ sơ")
    portal_url: str | None = Field(description="Trang thủ tục trên Cổng DVC quốc gia, hoặc tìm mã")
    notices: list[str] = Field(description="Điều cần nói thêm với người dân")
    dossier_groups: list[DossierGroupOut]
    case_question: CaseQuestionOut | None = Field(
        description="Câu hỏi chọn trường hợp, khi hồ sơ khác nhau theo trường hợp"
    )
    scope: ScopeOut


class ChecklistPlanOut(BaseModel):
    procedure_id: str
    question: str | None = Field(description="Câu hỏi chọn trường hợp; None khi không có")
    cases: list[str] = Field(description="Các trường hợp để chọn")
    chosen: list[str] = Field(description="Các trường hợp đã chọn")
    papers: list[DossierItem] = Field(description="Giấy tờ cần mang theo")
    explanations: list[DossierItem] = Field(description="Giải thích, không phải nộp bản giấy")
    forms: list[str] = Field(description="Mẫu đơn, tờ khai cần điền")

    @classmethod
    def of(cls, plan: ChecklistPlan) -> ChecklistPlanOut:
        return cls(
            procedure_id=plan.procedure_id,
            question=plan.question,
            cases=plan.cases,
            chosen=plan.chosen,
            papers=plan.papers,
            explanations=plan.explanations,
            forms=plan.forms,
        )


class FormOut(BaseModel):
    item: str = Field(description="Thành phần hồ sơ cần mẫu này")
    form: str = Field(description="Mẫu đơn, tờ khai (số hiệu mẫu và văn bản ban hành)")
    required: bool
    condition: str | None = Field(description="Khi nào cần, nếu không bắt buộc với mọi người")

    @classmethod
    def of(cls, need: FormNeed) -> FormOut:
        return cls(item=need.item, form=need.form, required=need.required, condition=need.condition)


class ReferralOut(BaseModel):
    matter: str = Field(description="Loại việc ngoài danh mục, ví dụ tranh-chap-dan-su")
    label: str
    where: str = Field(description="Nơi giải quyết loại việc này")
    message: str = Field(description="Câu trả lời cho công dân: nơi giải quyết và đường dây nóng")

    @classmethod
    def of(cls, referral: ReferralAnswer) -> ReferralOut:
        return cls(
            matter=referral.matter,
            label=referral.label,
            where=referral.where,
            message=referral.message,
        )


class ClarifyOptionOut(BaseModel):
    id: str = Field(description="Mã thủ tục trong danh mục, mở bằng GET /procedures/{id}")
    code: str | None = Field(description="Mã thủ tục trên CSDL quốc gia, nếu có")
    label: str = Field(description="Chữ trên nút chọn")


class ClarifyOut(BaseModel):
    question: str = Field(description="Câu hỏi chọn biến thể, ví dụ «Bị mất hay bị hỏng?»")
    options: list[ClarifyOptionOut] = Field(description="Các biến thể, phù hợp nhất trước")

    @classmethod
    def of(cls, clarify: Clarify) -> ClarifyOut:
        options = [ClarifyOptionOut(id=o.id, code=o.code, label=o.label) for o in clarify.options]
        return cls(question=clarify.question, options=options)


class SearchOut(BaseModel):
    query: str
    abstain: bool
    confidence: float
    hits: list[HitOut]
    lexical_only: bool = Field(
        default=False,
        description="Xếp hạng chỉ theo từ ngữ: mọi lượt mã hóa ngữ nghĩa đang bận",
    )
    referral: ReferralOut | None = Field(
        default=None,
        description="Câu hỏi về việc không thuộc Bộ phận Một cửa (tranh chấp, trình báo, "
        "giá cả...): nơi giải quyết; khi đó không gợi ý thủ tục nào",
    )
    clarify: ClarifyOut | None = Field(
        default=None,
        description="Các thủ tục đầu là biến thể của một thủ tục (trong nước / có yếu tố nước "
        "ngoài, cấp lại / cấp đổi, ...) mà câu hỏi chưa nói rõ: hỏi lại bằng các nút; "
        "không đổi thứ tự `hits`",
    )

    @classmethod
    def of(cls, answer: SearchAnswer) -> SearchOut:
        hits = [
            HitOut(
                id=h.id,
                code=h.code,
                name=h.name,
                field=h.field,
                score=h.score,
                dense=h.dense,
                lexical=h.lexical,
            )
            for h in answer.hits
        ]
        return cls(
            query=answer.query,
            abstain=answer.abstain,
            confidence=answer.confidence,
            hits=hits,
            lexical_only=answer.lexical_only,
            referral=ReferralOut.of(answer.referral) if answer.referral else None,
            clarify=ClarifyOut.of(answer.clarify) if answer.clarify else None,
        )
