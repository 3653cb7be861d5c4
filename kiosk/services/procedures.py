"""Procedure lookups over the knowledge layer's retriever."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.core.errors import ProcedureNotFound
from kiosk.services.desk import DeskConfig
from kiosk.services.scope import scope
from knowledge.catalog.models import Procedure
from knowledge.catalog.view import procedure_view
from knowledge.procedure_search import ProcedureResult


class ProcedureCatalog(Protocol):
    """What the kiosk needs from the knowledge layer (knowledge.retriever.Retriever)."""

    def get_procedure(self, procedure_id: str) -> Procedure | None: ...

    def search_procedures(self, query: str, k: int = 5) -> ProcedureResult: ...


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
class SearchAnswer:
    query: str
    abstain: bool
    confidence: float
    hits: list[Hit]
    lexical_only: bool = False  # the encoder was busy (knowledge.encoders.BoundedEncoder)


@dataclass(frozen=True)
class FormNeed:
    """A form (mẫu đơn, tờ khai) to fill in for one item of a procedure's dossier."""

    item: str
    form: str
    required: bool
    condition: str | None


def forms(catalog: ProcedureCatalog, procedure_id: str) -> list[FormNeed]:
    """The forms of a procedure's dossier, in dossier order (each form once)."""
    procedure = require_procedure(catalog, procedure_id)
    needs: dict[str, FormNeed] = {}
    for item in procedure.dossier:
        if item.form and item.form not in needs:
            needs[item.form] = FormNeed(item.name, item.form, item.required, item.condition)
    return list(needs.values())


def detail(catalog: ProcedureCatalog, procedure_id: str, desk: DeskConfig) -> dict[str, object]:
    """The procedure as the kiosk answers it: knowledge.catalog.view plus the desk's scope."""
    procedure = require_procedure(catalog, procedure_id)
    found = scope(procedure, desk)
    view = procedure_view(procedure)
    view["scope"] = {"served": found.served, "where": found.where, "reason": found.reason}
    return view


def require_procedure(catalog: ProcedureCatalog, procedure_id: str) -> Procedure:
    procedure = catalog.get_procedure(procedure_id)
    if procedure is None:
        raise ProcedureNotFound(procedure_id)
    return procedure


def search(catalog: ProcedureCatalog, query: str, k: int) -> SearchAnswer:
    """Ranked procedures for a question, each with its field (lĩnh vực)."""
    result = catalog.search_procedures(query, k=k)
    hits = []
    for hit in result.hits:
        procedure = catalog.get_procedure(hit.id)
        field = procedure.field if procedure is not None else ""
        code = procedure.code if procedure is not None else None
        hits.append(Hit(hit.id, hit.name, field, hit.score, hit.dense, hit.lexical, code))
    return SearchAnswer(result.query, result.abstain, result.confidence, hits, result.lexical_only)
