"""Procedure lookups for citizens: search, detail and forms, over the published view of
the knowledge handle (drafts stay with the staff until published)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import ProcedureNotFound
from kiosk.services.desk import DeskConfig
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.scope import scope
from knowledge.catalog.models import Procedure
from knowledge.catalog.view import procedure_view
from knowledge.procedure_search import Referral
from knowledge.retriever import Retriever
from knowledge.variants import Clarify

REFERRAL_TEXT = "Việc {label} không thuộc thủ tục hành chính của Bộ phận Một cửa. {where}"
HOTLINE_TEXT = "Cần hỏi thêm, bạn gọi đường dây nóng {hotline}."


@dataclass(frozen=True)
class Hit:
    id: str
    name: str
    field: str
    score: float
    dense: float
    lexical: float
    code: str | None = None  # the official code, when known


@dataclass(frozen=True)
class ReferralAnswer:
    """Where a matter outside the catalog goes, and what to tell the citizen."""

    matter: str
    label: str
    where: str
    message: str


@dataclass(frozen=True)
class SearchAnswer:
    query: str
    abstain: bool
    confidence: float
    hits: list[Hit]
    lexical_only: bool = False  # the encoder was busy (knowledge.encoders.BoundedEncoder)
    referral: ReferralAnswer | None = None  # abstained: a matter the desk does not handle
    clarify: Clarify | None = None  # the best hits are variants the question does not pick


@dataclass(frozen=True)
class FormNeed:
    """A form (mẫu đơn, tờ khai) to fill in for one item of a procedure's dossier."""

    item: str
    form: str
    required: bool
    condition: str | None


def forms(knowledge: KnowledgeHandle, procedure_id: str) -> list[FormNeed]:
    """The forms of a procedure's dossier, in dossier order (each form once)."""
    procedure = require_procedure(knowledge, procedure_id)
    needs: dict[str, FormNeed] = {}
    for item in procedure.dossier:
        if item.form and item.form not in needs:
            needs[item.form] = FormNeed(item.name, item.form, item.required, item.condition)
    return list(needs.values())


def detail(knowledge: KnowledgeHandle, procedure_id: str, desk: DeskConfig) -> dict[str, object]:
    """The procedure as the kiosk answers it: knowledge.catalog.view plus the desk's scope."""
    return detail_view(require_procedure(knowledge, procedure_id), desk)


def detail_view(procedure: Procedure, desk: DeskConfig) -> dict[str, object]:
    """knowledge.catalog.view of a procedure plus whether this desk takes it."""
    found = scope(procedure, desk)
    view = procedure_view(procedure)
    view["scope"] = {
        "served": found.served,
        "where": found.where,
        "reason": found.reason,
        "field": found.field,
    }
    return view


def require_procedure(knowledge: KnowledgeHandle, procedure_id: str) -> Procedure:
    """A published procedure; a draft is not found, as an unknown id is."""
    procedure = knowledge.public().get_procedure(procedure_id)
    if procedure is None:
        raise ProcedureNotFound(procedure_id)
    return procedure


def refusal_text(referral: Referral | None, hotline: str | None) -> str:
    """Where an outside matter goes, and the desk's hotline (from kiosk/config/desk.yaml)."""
    parts = [REFERRAL_TEXT.format(label=referral.label, where=referral.where)] if referral else []
    if hotline:
        parts.append(HOTLINE_TEXT.format(hotline=hotline))
    return " ".join(parts)


def search(
    knowledge: KnowledgeHandle, query: str, k: int, hotline: str | None = None
) -> SearchAnswer:
    """Ranked published procedures for a citizen's question; for a matter outside the
    catalog, where it goes instead."""
    return rank(knowledge.public(), query, k, hotline)


def rank(view: Retriever, query: str, k: int, hotline: str | None = None) -> SearchAnswer:
    """Ranked procedures of one view of the knowledge, each with its field (lĩnh vực)."""
    result = view.search_procedures(query, k=k)
    hits = []
    for hit in result.hits:
        procedure = view.get_procedure(hit.id)
        field = procedure.field if procedure is not None else ""
        code = procedure.code if procedure is not None else None
        hits.append(Hit(hit.id, hit.name, field, hit.score, hit.dense, hit.lexical, code))
    found = result.referral
    referral = (
        ReferralAnswer(found.matter, found.label, found.where, refusal_text(found, hotline))
        if found
        else None
    )
    return SearchAnswer(
        result.query,
        result.abstain,
        result.confidence,
        hits,
        result.lexical_only,
        referral,
        result.clarify,
    )
