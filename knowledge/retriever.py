"""The knowledge layer's Python API, used by the kiosk and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.catalog import loading
from knowledge.catalog.models import Procedure
from knowledge.catalog.store import Catalog
from knowledge.document_search import DocumentResult, DocumentSearcher
from knowledge.documents import DocumentInfo
from knowledge.encoders import Encoder, create_encoder
from knowledge.index import IndexStaleError, build_index, open_index
from knowledge.procedure_search import ProcedureResult, ProcedureSearcher
from knowledge.referrals import Referrals, bundled_referrals, load_referrals
from knowledge.settings import KnowledgeSettings


def load_full_catalog(settings: KnowledgeSettings) -> Catalog:
    """The bundled catalog, imports and drafts, joined with the national data by code,
    with the aliases desk staff added (knowledge/catalog/loading.py)."""
    return loading.load_full_catalog(settings)


@dataclass
class Retriever:
    """Search procedures and plan documents; look a procedure up by id."""

    catalog: Catalog
    procedures: ProcedureSearcher
    documents: DocumentSearcher
    # Matters outside the catalog and where they go, for questions the catalog cannot answer.
    referrals: Referrals = field(default_factory=bundled_referrals)

    def search_procedures(self, query: str, k: int = 5) -> ProcedureResult:
        return self.referrals.refer(self.procedures.search(query, k=k))

    def search_documents(self, query: str, k: int = 5) -> DocumentResult:
        return self.documents.search(query, k=k)

    def get_procedure(self, procedure_id: str) -> Procedure | None:
        """By id, else by official code."""
        return self.catalog.find(procedure_id)

    def document_info(self, source: str) -> DocumentInfo | None:
        """What a cited plan file is (kind, number, issuer, date), read at index time."""
        return self.documents.info(source)


def open_retriever(
    settings: KnowledgeSettings,
    *,
    encoder: Encoder | None = None,
    document_dirs: Sequence[Path] | None = None,
    update: bool = False,
) -> Retriever:
    """Open the index; with `update`, build or refresh it first to match.

    Without `update` a missing or stale index raises IndexStaleError with the
    command that rebuilds it.
    """
    catalog = load_full_catalog(settings)
    encoder = encoder or create_encoder(settings.encoder)
    # None: keep whatever documents the index holds; a list: the index must cover exactly those.
    folders = document_dirs if document_dirs is not None else (settings.document_dirs or None)
    referrals = load_referrals(settings.referrals) if settings.referrals else bundled_referrals()
    if update:
        try:
            procedures, documents = open_index(settings.index_dir, catalog, encoder, folders)
            return Retriever(catalog, procedures, documents, referrals)
        except IndexStaleError:
            build_index(settings.index_dir, catalog, encoder, folders or [])
    procedures, documents = open_index(settings.index_dir, catalog, encoder, folders)
    return Retriever(catalog, procedures, documents, referrals)
