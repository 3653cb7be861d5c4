"""The imported national data on disk, and the procedures it makes.

`$MOTCUA_DATA_DIR/catalog/national.jsonl` keeps what was imported, by source file:
the procedure records (as validated `Procedure`s of origin "national", by code)
and the rows of each official list. Importing a file again replaces what that
file brought; a record whose content did not change keeps its date, so importing
the same file twice changes nothing (the file is not even rewritten).

`national_procedures` joins them by national code: a record with the list rows that
name it (their online level fills in "có"/"chưa rõ"), and a list-only entry for each
code no record has, answered with what the lists say and nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.catalog.facts import Agency, Listing, Source
from knowledge.catalog.files import write_atomically
from knowledge.catalog.lists.entries import ListEntry
from knowledge.catalog.models import FACT_FIELDS, Level, Online, Origin, Procedure, Verification
from knowledge.catalog.store import CatalogError
from knowledge.text import fold

STORE_FILE = "national.jsonl"
FORMAT = 2  # JSON Lines (1 was one JSON object)
LIST_CHECKED_AGAINST = "Danh sách TTHC chính thức (chỉ có mã, tên, lĩnh vực, cơ quan)"
LIST_ONLINE = {
    "toan trinh": Online.FULL,
    "muc do 4": Online.FULL,
    "mot phan": Online.PARTIAL,
    "muc do 3": Online.PARTIAL,
    "muc do 2": Online.NONE,
    "muc do 1": Online.NONE,
}


@dataclass
class Stored:
    source: str
    procedure: dict[str, Any]  # Procedure.model_dump(mode="json")
    notes: list[str] = field(default_factory=list)


@dataclass
class Changes:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class NationalStore:
    records: dict[str, Stored] = field(default_factory=dict)  # by national code
    lists: dict[str, list[ListEntry]] = field(default_factory=dict)  # by list file name
    imported: dict[str, str] = field(default_factory=dict)  # file name -> ISO date

    @classmethod
    def read(cls, path: Path) -> NationalStore:
        store = cls()
        for item in _items(path):
            if "record" in item:
                store.records[item["record"]] = Stored(
                    item["source"], item["procedure"], item["notes"]
                )
            else:
                _take_meta(item, store.lists, store.imported)
        return store

    def to_text(self) -> str:
        """JSON Lines: the header, each list, then each record (a reader streams them)."""
        lines = [json.dumps({"format": FORMAT, "imported": dict(sorted(self.imported.items()))})]
        for source in sorted(self.lists):
            entries = [e.to_json() for e in self.lists[source]]
            lines.append(json.dumps({"list": source, "entries": entries}, ensure_ascii=False))
        for code in sorted(self.records):
            stored = self.records[code]
            item = {"record": code, "source": stored.source, "notes": stored.notes}
            lines.append(json.dumps({**item, "procedure": stored.procedure}, ensure_ascii=False))
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> bool:
        """Write atomically; False (and nothing written) when the file already says this."""
        text = self.to_text()
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
        write_atomically(path, text)
        return True

    def put_records(
        self, source: str, converted: list[tuple[Procedure, list[str]]], today: dt.date
    ) -> Changes:
        """Replace what `source` brought; unchanged records keep their date."""
        changes = Changes()
        incoming = {p.code: (p, notes) for p, notes in converted if p.code}
        for code in [
            c for c, s in self.records.items() if s.source == source and c not in incoming
        ]:
            del self.records[code]
            changes.removed.append(code)
        for code, (procedure, notes) in incoming.items():
            dump = procedure.model_dump(mode="json")
            old = self.records.get(code)
            if old is not None and _same(old.procedure, dump):
                changes.unchanged.append(code)
                self.records[code] = Stored(source, old.procedure, notes)
                continue
            (changes.updated if old else changes.new).append(code)
            self.records[code] = Stored(source, dump, notes)
        self.imported.setdefault(source, today.isoformat())
        if changes.new or changes.updated or changes.removed:
            self.imported[source] = today.isoformat()
        return changes

    def put_list(self, source: str, entries: list[ListEntry], today: dt.date) -> bool:
        """Replace the rows of list `source`; whether anything changed."""
        changed = self.lists.get(source) != entries
        self.lists[source] = entries
        if changed or source not in self.imported:
            self.imported[source] = today.isoformat()
        return changed


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return {**old, "updated": None} == {**new, "updated": None}


# ---------------------------------------------------------------- procedures


def national_procedures(store: NationalStore) -> list[Procedure]:
    """Records with their list rows, then list-only entries (national codes, then local)."""
    records = [Procedure.model_validate(store.records[c].procedure) for c in sorted(store.records)]
    return _assemble(records, store)


def read_national(path: Path) -> list[Procedure]:
    """`national_procedures` of the store file, validating one record at a time and sharing
    repeated text (the same notes and descriptions recur on many pages): what the kiosk
    loads, without holding the whole file's parsed JSON besides the procedures."""
    meta = NationalStore()
    records: list[Procedure] = []
    shared: dict[str, str] = {}
    for item in _items(path):
        if "record" in item:
            records.append(Procedure.model_validate(_shared(item["procedure"], shared)))
        else:
            _take_meta(item, meta.lists, meta.imported)
    return _assemble(records, meta)


def _assemble(records: list[Procedure], store: NationalStore) -> list[Procedure]:
    by_code: dict[str, list[ListEntry]] = {}
    local: dict[str, list[ListEntry]] = {}
    for source in sorted(store.lists):
        for entry in store.lists[source]:
            key = entry.national or f"{entry.code or source}#{'' if entry.code else entry.row}"
            (by_code if entry.national else local).setdefault(key, []).append(entry)
    procedures = [with_listings(r, by_code.pop(r.code or "", [])) for r in records]
    for code in sorted(by_code):
        procedures.append(list_only(by_code[code], store, code))
    taken = {p.id for p in procedures}
    for key in sorted(local):
        listed = list_only(local[key], store, None)
        candidate, n = listed.id, 2
        while candidate in taken:  # "CCCX_01" and "CCCX-01" fold alike
            candidate, n = f"{listed.id}-{n}", n + 1
        taken.add(candidate)
        procedures.append(listed.model_copy(update={"id": candidate}))
    return procedures


def _items(path: Path) -> Iterator[dict[str, Any]]:
    """The store file's lines as objects; a file of another format is refused."""
    if not path.is_file():
        return
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                item = json.loads(line)
                if number == 1 and item.get("format") != FORMAT:
                    raise ValueError(f"định dạng {item.get('format')}, cần {FORMAT}")
                yield item
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = f"{path.name}: không đọc được dữ liệu đã nhập ({exc}); hãy nhập lại các tệp"
        raise CatalogError(message) from exc


def _take_meta(
    item: dict[str, Any], lists: dict[str, list[ListEntry]], imported: dict[str, str]
) -> None:
    if "list" in item:
        lists[item["list"]] = [ListEntry.from_json(e) for e in item["entries"]]
    elif "format" in item:
        imported.update(item["imported"])


def _shared(value: Any, cache: dict[str, str]) -> Any:
    """The same structure with equal strings as one object."""
    if isinstance(value, str):
        return cache.setdefault(value, value) if len(value) > 12 else value
    if isinstance(value, dict):
        return {k: _shared(v, cache) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared(v, cache) for v in value]
    return value


def with_listings(procedure: Procedure, entries: list[ListEntry]) -> Procedure:
    if not entries:
        return procedure
    listings = [*procedure.listings, *(_listing(e) for e in entries)]
    update: dict[str, Any] = {"listings": list(dict.fromkeys(listings))}
    stated = _list_online(entries)
    if stated is not None and procedure.online in (Online.AVAILABLE, Online.UNKNOWN):
        update["online"] = stated
    return procedure.model_copy(update=update)


def list_only(entries: list[ListEntry], store: NationalStore, code: str | None) -> Procedure:
    first = entries[0]
    agencies = list(dict.fromkeys(a for e in entries for a in e.agencies))
    sources = list(dict.fromkeys(e.source for e in entries))
    dates = [store.imported.get(s, "") for s in sources]
    return Procedure.model_validate(
        {
            "id": f"tthc.{code}" if code else f"dm.{_slug(first.code or first.source)}",
            "code": code,
            "name": first.name,
            "field": first.field,
            "level": Level.UNKNOWN,
            "levels": [],
            "agency": Agency(name=", ".join(agencies), performing=agencies),
            "online": _list_online(entries) or Online.UNKNOWN,
            "sources": [Source(title=f"Danh sách TTHC {s}") for s in sources],
            "verified": Verification(
                unverified=list(FACT_FIELDS), checked_against=LIST_CHECKED_AGAINST
            ),
            "updated": max(dates) if any(dates) else dt.date.today().isoformat(),
            "origin": Origin.LIST,
            "decision": next((e.decision for e in entries if e.decision), None),
            "listings": list(dict.fromkeys(_listing(e) for e in entries)),
        }
    )


def _listing(entry: ListEntry) -> Listing:
    return Listing(
        source=entry.source,
        code=entry.code or "(không ghi)",
        online_level=entry.online_level,
        decision=entry.decision,
        issuer=entry.issuer,
    )


def _list_online(entries: list[ListEntry]) -> Online | None:
    for entry in entries:
        found = LIST_ONLINE.get(fold(entry.online_level or ""))
        if found is not None:
            return found
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "muc"
