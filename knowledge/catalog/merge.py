"""One procedure per official code: a curated entry joined with the national record.

The joined entry keeps the curated id, name, field, aliases, steps, conditions,
sources and verification marks (what we add for citizens), and takes the official
fields from the record (agency, level, dossier, time, fees, results, legal basis,
online and postal submission, plus everything only the record has: channels,
levels, subjects, decision number, portal page, list rows).

A fact the curated entry marks verified is not replaced silently: where the record
disagrees (knowledge/catalog/compare.py) the curated value stays until a supervisor
accepts the official one (knowledge/catalog/audit.py). A code whose record is the
variant of a less local level than another record of the same procedure is joined
with that more local record once the supervisor accepts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from knowledge.catalog.audit import Ledger
from knowledge.catalog.compare import GUARDS, Finding, Variants, differences
from knowledge.catalog.facts import Postal
from knowledge.catalog.models import Online, Origin, Procedure
from knowledge.text import fold


def merge_catalog(
    curated: Iterable[Procedure], national: list[Procedure], ledger: Ledger
) -> list[Procedure]:
    """Curated entries (joined where a record shares their code), then the other records."""
    by_code = {p.code: p for p in national if p.code}
    variants = Variants(p for p in national if p.origin is Origin.NATIONAL)
    joined: set[str] = set()
    merged: list[Procedure] = []
    for entry in curated:
        record = by_code.get(entry.code) if entry.code else None
        if record is None or record.code in joined:
            merged.append(entry)
            continue
        record = _chosen_variant(entry, record, variants, ledger)
        joined.add(record.code or "")
        merged.append(join(entry, record, ledger, variants))
    merged += [p for p in national if p.code not in joined]
    return merged


def pairs(
    curated: Iterable[Procedure], national: list[Procedure]
) -> list[tuple[Procedure, Procedure]]:
    """(curated entry, national record) sharing a code, as the audit compares them."""
    by_code = {p.code: p for p in national if p.code and p.origin is Origin.NATIONAL}
    return [(c, by_code[c.code]) for c in curated if c.code in by_code]


def _chosen_variant(
    entry: Procedure, record: Procedure, variants: Variants, ledger: Ledger
) -> Procedure:
    if record.origin is not Origin.NATIONAL:
        return record
    finding = next((f for f in differences(entry, record, variants) if f.field == "code"), None)
    local = variants.more_local(record)
    if finding and local and ledger.accepted(entry.id, "code", finding.official):
        return local
    return record


def join(entry: Procedure, record: Procedure, ledger: Ledger, variants: Variants) -> Procedure:
    """The curated entry with the record's official fields (see the module docstring)."""
    if record.origin is Origin.LIST:
        return entry.model_copy(update={"listings": record.listings})
    findings = {f.field: f for f in differences(entry, record, variants)}

    def official(field: str) -> bool:
        return _takes_official(entry, field, findings.get(field), ledger)

    data = entry.model_dump()
    data.update(_official_fields(record))
    data.update(
        {
            "origin": Origin.MERGED,
            "code": record.code,
            "agency": record.agency if official("agency") and record.agency.name else entry.agency,
            "dossier": record.dossier if official("dossier") and record.dossier else entry.dossier,
            "processing_time": _pick(official("processing_time"), record, entry, "processing_time"),
            "fees": record.fees if official("fees") and record.fees else entry.fees,
            "online": _online(entry, record),
            "postal": _postal(entry, record),
            "result": _unless_verified(entry, record, "result"),
            "legal_basis": _unless_verified(entry, record, "legal_basis"),
            "aliases": _aliases(entry, record),
            "sources": [*entry.sources, *record.sources],
            "updated": max(entry.updated, record.updated),
        }
    )
    data.update(_levels(entry, record, official("level") or official("code")))
    return Procedure.model_validate(data)


def _takes_official(entry: Procedure, field: str, finding: Finding | None, ledger: Ledger) -> bool:
    """Whether the joined entry shows the record's value of `field`."""
    accepted = finding is not None and ledger.accepted(entry.id, field, finding.official)
    if field == "code":
        return bool(accepted)  # another level's variant: only on a supervisor's word
    if GUARDS.get(field, field) not in entry.verified.verified:
        return True  # unverified here: the official record is the source
    return bool(accepted)  # verified: the same (curated wording stays) or decided


def _official_fields(record: Procedure) -> dict[str, Any]:
    keys = (
        "channels",
        "results",
        "subjects",
        "procedure_type",
        "decision",
        "source_url",
        "listings",
    )
    return {key: getattr(record, key) for key in keys}


def _pick(take: bool, record: Procedure, entry: Procedure, field: str) -> Any:
    value = getattr(record, field)
    return value if take and value.text else getattr(entry, field)


def _unless_verified(entry: Procedure, record: Procedure, field: str) -> Any:
    value = getattr(record, field)
    return getattr(entry, field) if field in entry.verified.verified or not value else value


def _online(entry: Procedure, record: Procedure) -> Online:
    """The record's online submission, unless the curated one is verified or says more."""
    if "online" in entry.verified.verified or record.online is Online.UNKNOWN:
        return entry.online
    if record.online is Online.AVAILABLE and entry.online in (Online.FULL, Online.PARTIAL):
        return entry.online  # "có" in the record, "toàn trình" here: the same, said better
    return record.online


def _postal(entry: Procedure, record: Procedure) -> Postal:
    if "postal" in entry.verified.verified or record.postal.receive is None:
        return entry.postal
    return Postal(receive=record.postal.receive, deliver=entry.postal.deliver)


def _levels(entry: Procedure, record: Procedure, take: bool) -> dict[str, Any]:
    if take or not record.levels:
        return {"level": record.level, "levels": record.levels} if record.levels else {}
    if entry.level in record.levels:
        return {"level": entry.level, "levels": record.levels}
    return {"level": entry.level, "levels": [entry.level]}


def _aliases(entry: Procedure, record: Procedure) -> list[str]:
    """The official name becomes an alias (searchable) when it reads differently."""
    known = {fold(a) for a in [entry.name, *entry.aliases]}
    return [*entry.aliases, record.name] if fold(record.name) not in known else entry.aliases
