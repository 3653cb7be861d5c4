"""Loading a catalog from YAML files and looking procedures up."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.catalog.models import Procedure

BUNDLED_DIR = Path(__file__).parent / "data"


class CatalogError(ValueError):
    """A catalog file cannot be read or an entry breaks the schema."""


class Catalog:
    """An ordered, read-only set of procedures keyed by id."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._by_id: dict[str, Procedure] = {}
        self._by_code: dict[str, str] = {}
        for procedure in procedures:
            if procedure.id in self._by_id:
                raise CatalogError(f"mã thủ tục bị trùng: {procedure.id}")
            self._by_id[procedure.id] = procedure
            if procedure.code:
                self._by_code.setdefault(procedure.code, procedure.id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self._by_id.values())

    def __contains__(self, procedure_id: object) -> bool:
        return procedure_id in self._by_id

    def get(self, procedure_id: str) -> Procedure | None:
        return self._by_id.get(procedure_id)

    def find(self, id_or_code: str) -> Procedure | None:
        """By id, else by official code (1.001193)."""
        key = id_or_code.strip()
        found = self._by_id.get(key)
        return found if found is not None else self._by_id.get(self._by_code.get(key, ""))

    def ids(self) -> list[str]:
        return list(self._by_id)


def content_hash(procedure: Procedure) -> str:
    """A stable digest of one entry, so an index re-encodes only what changed."""
    payload = json.dumps(procedure.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def catalog_hash(catalog: Catalog) -> str:
    digest = hashlib.sha256()
    for procedure in catalog:
        digest.update(f"{procedure.id}:{content_hash(procedure)}\n".encode())
    return digest.hexdigest()[:16]


def _read_entries(path: Path) -> list[dict[str, object]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path.name}: không đọc được tệp ({exc.__class__.__name__})") from exc
    if not isinstance(raw, list):
        raise CatalogError(f"{path.name}: tệp danh mục phải là một danh sách thủ tục")
    return raw


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(mục)"
    return f"{where}: {first['msg']}"


def load_catalog(directory: Path) -> Catalog:
    """Read every *.yaml under a folder; any invalid entry fails the whole load."""
    procedures: list[Procedure] = []
    for path in sorted(directory.glob("*.yaml")):
        for index, entry in enumerate(_read_entries(path), start=1):
            try:
                procedures.append(Procedure.model_validate(entry))
            except ValidationError as exc:
                label = (
                    entry.get("id", f"mục {index}") if isinstance(entry, dict) else f"mục {index}"
                )
                raise CatalogError(f"{path.name} [{label}] {_describe(exc)}") from exc
    return Catalog(procedures)


def load_bundled() -> Catalog:
    """The catalog shipped with motcua."""
    return load_catalog(BUNDLED_DIR)
