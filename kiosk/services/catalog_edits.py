"""Closing the gaps analytics finds: an alias for an existing procedure, or a draft entry
that a supervisor later publishes.

Edits are validated by the catalog schema (knowledge/catalog/models.py) before
anything is written, written atomically into the data folder
(kiosk/services/catalog_files.py), and the knowledge handle reloads at once: only the
changed procedure's chunks are encoded, plan passages are kept as built, and the
search cache and encoder limit come back as start-up made them.

A draft declares every fact field unverified and is seen by staff only (the console's
FAQ, the draft list) until a supervisor publishes it; the kiosk, the chat, Telegram,
Zalo and booking then show it with the "chưa đối chiếu" warning until someone checks
it against the legal texts.

Other kiosk processes pick the change up when they restart (their startup
finds the index matching the new catalog).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import ValidationError

from kiosk.core.errors import CatalogEditRejected, ProcedureNotFound
from kiosk.services.analytics import UnansweredGroup
from kiosk.services.catalog_files import (
    Publication,
    drafts_path,
    read_list,
    read_publications,
    write_list,
    write_publications,
)
from kiosk.services.knowledge_handle import KnowledgeHandle
from knowledge.catalog.models import FACT_FIELDS, Procedure
from knowledge.catalog.overlay import read_aliases, with_aliases, write_aliases
from knowledge.catalog.store import CatalogError
from knowledge.index import BuildReport, IndexStaleError
from knowledge.text import fold

log = logging.getLogger(__name__)
_LOCK = threading.Lock()  # one catalog edit at a time in this process


@dataclass(frozen=True)
class DraftEntry:
    name: str
    field: str
    level: str
    agency: str
    submit_at: str
    dossier: list[str]
    steps: list[str]
    processing_time: str
    fee: str
    result: str
    legal_basis: str
    source: str
    aliases: list[str]


@dataclass(frozen=True)
class Edit:
    procedure: Procedure
    report: BuildReport


@dataclass(frozen=True)
class Gap:
    """A group of unanswered questions with the procedures nearest to it."""

    group: UnansweredGroup
    suggestions: list[dict[str, str]]  # id, name, field (drafts included: they take aliases)
    answered_now: bool  # citizens asking it now get a published procedure


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:50].strip("-") or "muc"


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def gaps(knowledge: KnowledgeHandle, groups: list[UnansweredGroup]) -> list[Gap]:
    """Each group with its three nearest procedures, and whether it is answered now."""
    if not knowledge.available:
        return [Gap(group, [], False) for group in groups]
    staff, public = knowledge.staff(), knowledge.public()
    out = []
    for group in groups:
        suggestions = []
        for hit in staff.search_procedures(group.text, k=3).hits:
            procedure = staff.get_procedure(hit.id)
            field = procedure.field if procedure else ""
            suggestions.append({"id": hit.id, "name": hit.name, "field": field})
        answered = not public.search_procedures(group.text, k=3).abstain
        out.append(Gap(group, suggestions, answered))
    return out


class CatalogEditor:
    def __init__(self, knowledge: KnowledgeHandle, clock: Callable[[], dt.datetime]) -> None:
        self.knowledge, self.clock = knowledge, clock
        self.settings = knowledge.settings

    def add_alias(self, procedure_id: str, alias: str) -> Edit:
        """Add a folk name or a question's wording to a procedure."""
        alias = " ".join(alias.split())
        with _LOCK:
            procedure = self.knowledge.staff().get_procedure(procedure_id)
            if procedure is None:
                raise ProcedureNotFound(procedure_id)
            known = {a.casefold() for a in procedure.aliases} | {procedure.name.casefold()}
            if alias.casefold() in known:
                raise CatalogEditRejected(f"thủ tục đã có bí danh «{alias}»")
            overlay = read_aliases(self.settings.alias_overlay)
            try:
                updated = with_aliases(procedure, [alias])
            except CatalogError as error:
                raise CatalogEditRejected(str(error)) from error
            before = {k: list(v) for k, v in overlay.items()}
            overlay[procedure_id] = [*overlay.get(procedure_id, []), alias]
            write_aliases(self.settings.alias_overlay, overlay)
            try:
                edit = self._refresh(updated.id)
            except CatalogEditRejected:
                write_aliases(self.settings.alias_overlay, before)
                raise
        log.info("alias added to %s; %d chunks encoded", procedure_id, edit.report.encoded)
        return edit

    def create_draft(self, draft: DraftEntry, author: str) -> Edit:
        """A new entry, every fact unverified, written to the drafts file."""
        with _LOCK:
            entry = self._draft_procedure(draft, author)
            path = drafts_path(self.settings)
            entries = read_list(path)
            entries.append(entry.model_dump(mode="json", exclude_none=True))
            write_list(path, entries)
            try:
                edit = self._refresh(entry.id)
            except CatalogEditRejected:
                write_list(path, entries[:-1])
                raise
        log.info("draft catalog entry %s created (staff only until published)", entry.id)
        return edit

    def publish(self, procedure_id: str, by: str) -> Publication:
        """Let citizens see a draft; who published it and when are kept with it."""
        with _LOCK:
            if not self.knowledge.is_draft(procedure_id):
                if self.knowledge.staff().get_procedure(procedure_id) is None:
                    raise ProcedureNotFound(procedure_id)
                raise CatalogEditRejected(f"«{procedure_id}» không phải bản nháp chờ công bố")
            publication = Publication(procedure_id, by, self.clock())
            with self._restoring_on_failure() as before:
                write_publications(self.settings, [*before, publication])
                self._refresh(procedure_id)
        log.info("draft catalog entry %s published", procedure_id)
        return publication

    @contextmanager
    def _restoring_on_failure(self) -> Iterator[list[Publication]]:
        """The publications so far; the file is put back as it was when the reload fails."""
        try:
            before = read_publications(self.settings)
        except CatalogError as error:
            raise CatalogEditRejected(str(error)) from error
        try:
            yield before
        except CatalogEditRejected:
            write_publications(self.settings, before)
            raise

    def _draft_procedure(self, draft: DraftEntry, author: str) -> Procedure:
        today = self.clock().date()
        base = f"{slug(draft.field)}.{slug(draft.name)}"
        candidate, n = base, 2
        while self.knowledge.staff().get_procedure(candidate) is not None:
            candidate, n = f"{base}-{n}", n + 1
        data = {
            "id": candidate,
            "name": draft.name,
            "aliases": list(dict.fromkeys(draft.aliases)),
            "field": draft.field,
            "level": draft.level,
            "agency": {"name": draft.agency, "submit_at": draft.submit_at},
            "dossier": [{"name": item, "kind": "bản chính"} for item in draft.dossier],
            "steps": draft.steps,
            "processing_time": {"text": draft.processing_time},
            "fees": [{"name": draft.fee}],
            "online": "không",
            "location_independent": False,
            "postal": {"receive": False, "deliver": False},
            "result": draft.result,
            "legal_basis": [{"title": draft.legal_basis}],
            "sources": [{"title": draft.source}],
            "verified": {
                "verified": [],
                "unverified": list(FACT_FIELDS),
                "checked_against": "chưa đối chiếu",
                "note": f"Bản nháp do {author} tạo ngày {today:%d/%m/%Y} từ câu hỏi "
                "chưa trả lời được; cần đối chiếu văn bản trước khi đưa vào danh mục.",
            },
            "updated": today,
        }
        try:
            return Procedure.model_validate(data)
        except ValidationError as error:
            raise CatalogEditRejected(_describe(error)) from error

    def _refresh(self, procedure_id: str) -> Edit:
        """Reload the knowledge from the data folder; nothing is kept on failure."""
        try:
            report = self.knowledge.reload()
        except (CatalogError, IndexStaleError) as error:
            raise CatalogEditRejected(str(error)) from error
        procedure = self.knowledge.staff().get_procedure(procedure_id)
        if procedure is None:  # just written: only a concurrent removal gets here
            raise CatalogEditRejected(f"không đọc lại được thủ tục «{procedure_id}»")
        return Edit(procedure, report)
