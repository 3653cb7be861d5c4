"""The files a supervisor's catalog edits live in, beside the data (never in the bundled
catalog, which ships read-only with the code).

- `<data_dir>/aliases.yaml`: aliases added to procedures (knowledge/catalog/overlay.py);
- `<data_dir>/catalog/drafts.yaml`: entries created from unanswered questions, every fact
  unverified; loaded with the imported procedures, so staff search them at once;
- `<data_dir>/publications.yaml`: which of those drafts a supervisor published, by whom
  and when. A draft not listed there is staff-only: citizens never see it.

Every write goes to a temporary file renamed over the old one, so a reader finds the old
content or the new, never half of it.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.catalog.store import CatalogError
from knowledge.settings import KnowledgeSettings

DRAFTS_FILE = "drafts.yaml"
PUBLICATIONS_FILE = "publications.yaml"


@dataclass(frozen=True)
class Publication:
    """A draft made visible to citizens."""

    procedure_id: str
    by: str
    at: dt.datetime


def drafts_path(settings: KnowledgeSettings) -> Path:
    return settings.imported_catalog_dir / DRAFTS_FILE


def publications_path(settings: KnowledgeSettings) -> Path:
    # Outside the catalog folder: every *.yaml there is read as a list of procedures.
    return settings.data_dir / PUBLICATIONS_FILE


def read_list(path: Path) -> list[object]:
    if not path.is_file():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path.name}: không đọc được tệp ({exc.__class__.__name__})") from exc
    return list(raw) if isinstance(raw, list) else []


def write_list(path: Path, entries: list[object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(staging, path)


def read_publications(settings: KnowledgeSettings) -> list[Publication]:
    """The publications file, oldest first; a malformed one is refused, not guessed at."""
    return [_publication(item) for item in read_list(publications_path(settings))]


def _publication(item: object) -> Publication:
    malformed = CatalogError(f"{PUBLICATIONS_FILE}: mỗi mục cần «id», «by» và «at» (ngày giờ)")
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise malformed
    at = item.get("at")
    try:
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
    except ValueError as exc:
        raise malformed from exc
    return Publication(item["id"], str(item.get("by", "")), when)


def write_publications(settings: KnowledgeSettings, publications: list[Publication]) -> None:
    entries: list[object] = [
        {"id": p.procedure_id, "by": p.by, "at": p.at.isoformat(timespec="seconds")}
        for p in publications
    ]
    write_list(publications_path(settings), entries)


def draft_ids(settings: KnowledgeSettings) -> frozenset[str]:
    """Drafts not yet published: the entries citizens must not see."""
    written = {
        str(entry["id"])
        for entry in read_list(drafts_path(settings))
        if isinstance(entry, dict) and "id" in entry
    }
    return frozenset(written - {p.procedure_id for p in read_publications(settings)})
