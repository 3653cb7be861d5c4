"""The catalog audit: differences between curated entries and official records, and the
supervisor's decision on each, kept in `$MOTCUA_DATA_DIR/catalog/audit.json`.

A file beside the other catalog overlays (aliases, drafts, imported data) rather
than a kiosk table: the import command finds the differences and the catalog loader
applies the decisions, and both live in the knowledge layer, which has no database.
Writes are atomic (a reader sees the old file or the new one).

A difference is identified by its procedure, field and both values: when either
side changes, it is a new difference (the old decision no longer applies). A
difference no longer found is dropped unless it was decided, then it is kept with
the date it stopped applying (`resolved_at`), as the record of the decision.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from knowledge.catalog.files import write_atomically
from knowledge.catalog.store import CatalogError

AUDIT_FILE = "audit.json"
Choice = Literal["official", "curated"]
CHOICES: tuple[Choice, ...] = ("official", "curated")


class DifferenceNotFound(KeyError):
    """No difference with this id."""


@dataclass(frozen=True)
class Decision:
    choice: Choice
    by: str
    at: str  # ISO timestamp


@dataclass(frozen=True)
class Difference:
    id: str
    procedure_id: str
    code: str
    name: str
    field: str
    curated: str
    official: str
    official_url: str | None
    found_at: str  # ISO timestamp
    decision: Decision | None = None
    resolved_at: str | None = None  # no longer found (kept because it was decided)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Difference:
        decision = data.get("decision")
        return cls(**{**data, "decision": Decision(**decision) if decision else None})


def difference_id(procedure_id: str, field_name: str, curated: str, official: str) -> str:
    key = "\x1f".join((procedure_id, field_name, curated, official))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass
class Ledger:
    differences: list[Difference] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Ledger:
        if not path.is_file():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls([Difference.from_json(d) for d in raw["differences"]])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CatalogError(f"{path.name}: không đọc được sổ đối chiếu ({exc})") from exc

    def write(self, path: Path) -> bool:
        """Write atomically; False (nothing written) when the file already says this."""
        data = {"differences": [asdict(d) for d in self.differences]}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
        write_atomically(path, text)
        return True

    def refresh(self, found: Iterable[Difference], now: str) -> tuple[int, int]:
        """Merge the differences found now; (new, no longer found)."""
        known = {d.id: d for d in self.differences}
        current = {d.id: known.get(d.id, d) for d in found}
        new = sum(1 for d in current if d not in known)
        gone = 0
        kept: list[Difference] = []
        for old in self.differences:
            if old.id in current:
                continue
            if old.decision is not None:
                kept.append(old if old.resolved_at else replace(old, resolved_at=now))
            gone += old.resolved_at is None
        revived = [replace(d, resolved_at=None) for d in current.values()]
        self.differences = revived + kept
        return new, gone

    def decide(self, difference_id: str, choice: Choice, by: str, now: str) -> Difference:
        for index, difference in enumerate(self.differences):
            if difference.id == difference_id:
                decided = replace(difference, decision=Decision(choice, by, now))
                self.differences[index] = decided
                return decided
        raise DifferenceNotFound(difference_id)

    def newest_first(self, *, include_resolved: bool = False) -> list[Difference]:
        shown = [d for d in self.differences if include_resolved or d.resolved_at is None]
        return sorted(shown, key=lambda d: (d.found_at, d.id), reverse=True)

    def accepted(self, procedure_id: str, field_name: str, official: str) -> Decision | None:
        """The decision to take the official value, if one applies to this value now."""
        for difference in self.differences:
            decision = difference.decision
            if (
                decision is not None
                and decision.choice == "official"
                and difference.resolved_at is None
                and (difference.procedure_id, difference.field) == (procedure_id, field_name)
                and difference.official == official
            ):
                return decision
        return None
