"""The catalog a deployment serves: curated entries, imported data, staff overlays.

Bundled YAML, then YAML under `$MOTCUA_DATA_DIR/catalog/` (column imports, staff
drafts), joined by code with the national data imported there (national.jsonl),
with the supervisors' audit decisions (audit.json) and the aliases staff added
(aliases.yaml).
"""

from __future__ import annotations

from knowledge.catalog.audit import AUDIT_FILE, Ledger
from knowledge.catalog.merge import merge_catalog
from knowledge.catalog.models import Procedure
from knowledge.catalog.national import STORE_FILE, read_national
from knowledge.catalog.overlay import apply_aliases, read_aliases
from knowledge.catalog.store import BUNDLED_DIR, Catalog, load_catalog
from knowledge.settings import KnowledgeSettings


def curated_entries(settings: KnowledgeSettings) -> list[Procedure]:
    """Bundled entries, then the YAML files of the data folder (imports, drafts)."""
    extra = settings.imported_catalog_dir
    return [*load_catalog(BUNDLED_DIR), *(load_catalog(extra) if extra.is_dir() else [])]


def national_entries(settings: KnowledgeSettings) -> list[Procedure]:
    return read_national(settings.imported_catalog_dir / STORE_FILE)


def read_ledger(settings: KnowledgeSettings) -> Ledger:
    return Ledger.read(settings.imported_catalog_dir / AUDIT_FILE)


def load_full_catalog(settings: KnowledgeSettings) -> Catalog:
    merged = merge_catalog(
        curated_entries(settings), national_entries(settings), read_ledger(settings)
    )
    return apply_aliases(Catalog(merged), read_aliases(settings.alias_overlay))
