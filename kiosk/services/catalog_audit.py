"""The console's "Đối chiếu danh mục": differences between curated entries and the
national records of their codes, and the supervisor's decision on each.

The differences are found by `python -m knowledge import` (and `... audit`) and kept
with the decisions in `<data_dir>/catalog/audit.json` (knowledge/catalog/audit.py).
A decision is recorded with who and when, then applied at once to the catalog this
process serves: the catalog is reloaded (the loader applies every decision) and
only the changed procedures are re-encoded. Other kiosk processes pick it up when
they restart.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.errors import CatalogEditRejected, DifferenceUnknown
from knowledge.catalog.audit import AUDIT_FILE, Choice, Difference, DifferenceNotFound, Ledger
from knowledge.catalog.store import CatalogError
from knowledge.index import BuildReport, IndexStaleError

if TYPE_CHECKING:
    from kiosk.services.knowledge_handle import KnowledgeHandle

log = logging.getLogger(__name__)
_LOCK = threading.Lock()  # one decision at a time in this process


@dataclass(frozen=True)
class Decided:
    difference: Difference
    report: BuildReport


class CatalogAudit:
    def __init__(self, knowledge: KnowledgeHandle) -> None:
        self.knowledge = knowledge
        self.settings = knowledge.settings

    @property
    def path(self) -> Path:
        return self.settings.imported_catalog_dir / AUDIT_FILE

    def differences(self, *, include_resolved: bool = False) -> list[Difference]:
        """Newest first; decided differences that no longer apply only on request."""
        try:
            return Ledger.read(self.path).newest_first(include_resolved=include_resolved)
        except CatalogError as error:
            raise CatalogEditRejected(str(error)) from error

    def decide(self, difference_id: str, choice: Choice, by: str, at: str) -> Decided:
        """Record the decision (who, when) and serve the catalog it gives."""
        with _LOCK:
            ledger = Ledger.read(self.path)
            before = list(ledger.differences)
            try:
                decided = ledger.decide(difference_id, choice, by, at)
            except DifferenceNotFound as error:
                raise DifferenceUnknown(difference_id) from error
            ledger.write(self.path)
            try:
                report = self._reload()
            except CatalogEditRejected:
                Ledger(before).write(self.path)
                raise
        log.info("catalog audit %s decided: %s (%s)", difference_id, choice, decided.field)
        return Decided(decided, report)

    def _reload(self) -> BuildReport:
        try:
            return self.knowledge.reload()
        except (CatalogError, IndexStaleError) as error:
            raise CatalogEditRejected(str(error)) from error
