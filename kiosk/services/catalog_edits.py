"""Closing the gaps analytics finds: an alias for an existing procedure, or a draft entry.

Both are validated by the catalog schema (knowledge/catalog/models.py) before
anything is written, written atomically into the data folder (aliases:
`<data_dir>/aliases.yaml`; drafts: `<data_dir>/catalog/drafts.yaml`, beside
imported procedures), and the index is refreshed incrementally: only the
changed procedure's chunks are encoded, plan passages are kept as built.

A draft declares every fact field unverified, so the kiosk and the assistant
show it with the "chưa đối chiếu" warning until someone checks it against the
legal texts and moves it into the catalog proper.

Other kiosk processes pick the change up when they restart (their startup
finds the index matching the new catalog).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from kiosk.core.errors import CatalogEditRejected, ProcedureNotFound
from knowledge.catalog.models import FACT_FIELDS, Procedure
from knowledge.catalog.overlay import read_aliases, with_aliases, write_aliases
from knowledge.catalog.store import CatalogError
from knowledge.index import BuildReport, IndexStaleError, refresh_procedures
from knowledge.retriever import Retriever, load_full_catalog
from knowledge.settings import KnowledgeSettings
from knowledge.text import fold

log = logging.getLogger(__name__)
DRAFTS_FILE = "drafts.yaml"
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
    retriever: Retriever
    report: BuildReport


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:50].strip("-") or "muc"


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


class CatalogEditor:
    def __init__(self, data_dir: Path, retriever: Retriever, clock_today: dt.date) -> None:
        self.settings = KnowledgeSettings(data_dir=data_dir)
        self.retriever, self.today = retriever, clock_today

    def add_alias(self, procedure_id: str, alias: str) -> Edit:
        """Add a folk name or a question's wording to a procedure."""
        alias = " ".join(alias.split())
        with _LOCK:
            procedure = self.retriever.get_procedure(procedure_id)
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
            path = self.settings.imported_catalog_dir / DRAFTS_FILE
            entries = _read_list(path)
            entries.append(entry.model_dump(mode="json", exclude_none=True))
            _write_list(path, entries)
            try:
                edit = self._refresh(entry.id)
            except CatalogEditRejected:
                _write_list(path, entries[:-1])
                raise
        log.info("draft catalog entry %s created", entry.id)
        return edit

    def _draft_procedure(self, draft: DraftEntry, author: str) -> Procedure:
        base = f"{slug(draft.field)}.{slug(draft.name)}"
        candidate, n = base, 2
        while self.retriever.get_procedure(candidate) is not None:
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
                "note": f"Bản nháp do {author} tạo ngày {self.today:%d/%m/%Y} từ câu hỏi "
                "chưa trả lời được; cần đối chiếu văn bản trước khi đưa vào danh mục.",
            },
            "updated": self.today,
        }
        try:
            return Procedure.model_validate(data)
        except ValidationError as error:
            raise CatalogEditRejected(_describe(error)) from error

    def _refresh(self, procedure_id: str) -> Edit:
        """Reload the catalog and re-index what changed; nothing is kept on failure."""
        encoder = self.retriever.procedures.encoder
        try:
            catalog = load_full_catalog(self.settings)
            searcher, report = refresh_procedures(self.settings.index_dir, catalog, encoder)
        except (CatalogError, IndexStaleError) as error:
            raise CatalogEditRejected(str(error)) from error
        retriever = Retriever(catalog, searcher, self.retriever.documents, self.retriever.referrals)
        procedure = catalog.get(procedure_id)
        assert procedure is not None
        return Edit(procedure, retriever, report)


def _read_list(path: Path) -> list[object]:
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(raw) if isinstance(raw, list) else []


def _write_list(path: Path, entries: list[object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(staging, path)
