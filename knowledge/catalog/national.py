"""The imported national data on disk, and the procedures it makes.

`$MOTCUA_DATA_DIR/catalog/national.json` keeps what was imported, by source file:
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.catalog.facts import Agency, Listing, Source
from knowledge.catalog.files import write_atomically
from knowledge.catalog.lists.entries import ListEntry
from knowledge.catalog.models import FACT_FIELDS, Level, Online, Origin, Procedure, Verification
from knowledge.catalog.store import CatalogError
from knowledge.text import fold

STORE_FILE = "national.json"
FORMAT = 1
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
        if not path.is_file():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            records = {c: Stored(**s) for c, s in raw["records"].items()}
            lists = {f: [ListEntry.from_json(e) for e in rows] for f, rows in raw["lists"].items()}
            return cls(records, lists, dict(raw.get("imported", {})))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CatalogError(f"{path.name}: không đọc được dữ liệu đã nhập ({exc})") from exc

    def to_text(self) -> str:
        data = {
            "format": FORMAT,
            "imported": dict(sorted(self.imported.items())),
            "records": {c: vars(self.records[c]) for c in sorted(self.records)},
            "lists": {f: [e.to_json() for e in self.lists[f]] for f in sorted(self.lists)},
        }
        return json.dumps(data, ensure_ascii=False, indent=0)

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
    by_code: dict[str, list[ListEntry]] = {}
    local: dict[str, list[ListEntry]] = {}
    for source in sorted(store.lists):
        for entry in store.lists[source]:
            key = entry.national or f"{entry.code or source}#{'' if entry.code else entry.row}"
            (by_code if entry.national else local).setdefault(key, []).append(entry)
    procedures = []
    for code in sorted(store.records):
        record = Procedure.model_validate(store.records[code].procedure)
        procedures.append(with_listings(record, by_code.pop(code, [])))
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
