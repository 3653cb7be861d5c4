"""The one handle on the knowledge layer: every reader in the process goes through it.

Routes, the chat relay, the Telegram and Zalo conversations, the staff FAQ, and the
services that look a procedure up (booking, checklists, ratings, analytics) all hold
the same `KnowledgeHandle`. It serves two views of one retriever:

- `public()`: published procedures only, what citizens may see;
- `staff()`: drafts too (entries created from unanswered questions, every fact
  unverified), for the staff console until a supervisor publishes them.

`replace(retriever)` is the only way a retriever comes into service, at start-up and
after every catalog edit: it hides the drafts, puts the search cache in front, and
swaps the views in one assignment, so a reader sees the old views or the new ones,
never a mix, and a search already running finishes on the retriever it started with.
`reload()` reads the catalog again from the data folder, re-encodes only the procedures
that changed, with the encoder start-up opened (behind its encoding-slot limit), and
replaces.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kiosk.core.config import Settings
from kiosk.core.errors import KnowledgeUnavailable
from kiosk.services.catalog_files import draft_ids
from kiosk.services.search_cache import CachedRetriever
from knowledge.catalog.models import Procedure
from knowledge.catalog.store import Catalog
from knowledge.encoders import BoundedEncoder, Encoder, create_encoder
from knowledge.index import BuildReport, refresh_procedures
from knowledge.retriever import Retriever, load_full_catalog, open_retriever
from knowledge.settings import KnowledgeSettings


@dataclass(frozen=True)
class Views:
    public: Retriever
    staff: Retriever
    drafts: frozenset[str]


def assemble(retriever: Retriever, drafts: Collection[str], cache_size: int) -> Views:
    """The views served over one retriever: start-up and every replacement build them here.

    Without drafts both views are one object. With drafts, the public view searches the
    other procedures only (ranked as if the drafts had never been indexed), on its own
    copy of their vectors, until the last draft is published."""
    hidden = frozenset(d for d in drafts if d in retriever.catalog)
    staff = CachedRetriever.around(retriever, cache_size)
    if not hidden:
        return Views(staff, staff, hidden)
    published = Retriever(
        Catalog(p for p in retriever.catalog if p.id not in hidden),
        retriever.procedures.without(hidden),
        retriever.documents,
        retriever.referrals,
    )
    return Views(CachedRetriever.around(published, cache_size), staff, hidden)


class KnowledgeHandle:
    """What this process answers from; empty (every read raises KnowledgeUnavailable) until
    a retriever is put in, or for good when the settings turn the knowledge layer off."""

    def __init__(
        self, settings: KnowledgeSettings, cache_size: int = 0, retriever: Retriever | None = None
    ) -> None:
        self.settings, self.cache_size = settings, cache_size
        self._views: Views | None = None
        if retriever is not None:
            self.replace(retriever)

    @property
    def available(self) -> bool:
        return self._views is not None

    def _current(self) -> Views:
        views = self._views
        if views is None:
            raise KnowledgeUnavailable()
        return views

    def public(self) -> Retriever:
        """Published procedures: what the kiosk, the chat and the phone channels show.
        Take it once per operation: a catalog edit may swap it between two calls."""
        return self._current().public

    def staff(self) -> Retriever:
        """Every procedure, drafts included (the staff console, catalog edits)."""
        return self._current().staff

    def drafts(self) -> list[Procedure]:
        """Draft entries not yet published, in catalog order."""
        views = self._current()
        return [p for p in views.staff.catalog if p.id in views.drafts]

    def is_draft(self, procedure_id: str) -> bool:
        views = self._views
        return views is not None and procedure_id in views.drafts

    def replace(self, retriever: Retriever) -> None:
        """Serve `retriever` from now on (drafts read from the data folder hidden from
        the public view, searches cached)."""
        self._views = assemble(retriever, draft_ids(self.settings), self.cache_size)

    def reload(self) -> BuildReport:
        """Read the catalog from the data folder again and serve it; only the procedures
        whose text changed are encoded, and the plan passages are kept as they are.

        Raises CatalogError or IndexStaleError (nothing replaced) when the files or the
        index cannot be used; the caller serialises reloads."""
        current = self.staff()
        catalog = load_full_catalog(self.settings)
        searcher, report = refresh_procedures(
            self.settings.index_dir, catalog, current.procedures.encoder
        )
        self.replace(Retriever(catalog, searcher, current.documents, current.referrals))
        return report


def open_encoder(settings: Settings, knowledge: KnowledgeSettings) -> Encoder:
    """The query encoder of a server: shared by request threads, at most
    `encoder_slots` encodings at once (a question beyond them is ranked by words)."""
    encoder: Encoder = create_encoder(knowledge.encoder, shared=True)
    if settings.encoder_slots:
        encoder = BoundedEncoder(encoder, settings.encoder_slots)
    return encoder


def open_knowledge(settings: Settings) -> KnowledgeHandle:
    """The knowledge layer over the kiosk's data folder, its index built if needed."""
    knowledge = KnowledgeSettings(data_dir=settings.data_dir)
    encoder = open_encoder(settings, knowledge)
    retriever = open_retriever(knowledge, encoder=encoder, update=settings.build_index)
    return KnowledgeHandle(knowledge, settings.search_cache_size, retriever)
