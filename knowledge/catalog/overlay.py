"""Aliases added by desk staff, kept beside the data, on top of the catalog.

The bundled catalog ships with the code and is read-only in a deployment, so
an alias a supervisor adds (from a question the assistant could not answer)
goes to `<data_dir>/aliases.yaml`: procedure id -> extra aliases. Loading
applies them through the schema, so an overlay can never produce an entry the
schema would refuse.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.catalog.models import Procedure
from knowledge.catalog.store import Catalog, CatalogError


def read_aliases(path: Path) -> dict[str, list[str]]:
    """The overlay file as {procedure id: [alias, ...]}; empty when there is none."""
    if not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path.name}: không đọc được tệp ({exc.__class__.__name__})") from exc
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v)
        for k, v in raw.items()
    ):
        raise CatalogError(f"{path.name}: cần dạng «mã thủ tục: [bí danh, ...]»")
    return {k: list(v) for k, v in raw.items()}


def with_aliases(procedure: Procedure, extra: list[str]) -> Procedure:
    """The entry with more aliases, validated again (no duplicates, no empty alias)."""
    known = {a.casefold() for a in procedure.aliases}
    added = [a for a in extra if a.casefold() not in known]
    data = procedure.model_dump(mode="python")
    data["aliases"] = [*procedure.aliases, *added]
    try:
        return Procedure.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(
            f"[{procedure.id}] bí danh không hợp lệ: {exc.errors()[0]['msg']}"
        ) from exc


def apply_aliases(catalog: Catalog, overlay: dict[str, list[str]]) -> Catalog:
    """The catalog with the overlay's aliases; ids no longer in the catalog are skipped."""
    if not overlay:
        return catalog
    return Catalog(with_aliases(p, overlay[p.id]) if p.id in overlay else p for p in catalog)


def write_aliases(path: Path, overlay: dict[str, list[str]]) -> None:
    """Write the overlay atomically: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(dict(sorted(overlay.items())), allow_unicode=True, sort_keys=False)
    handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
