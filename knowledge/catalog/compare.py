"""Where a curated entry and the national record of its code disagree.

Only facts the curated entry marks verified are compared: those are the ones the
import must not overwrite silently. Each field has its own notion of "the same":
amounts of money, a number of working days, an agency named either way round,
the level, and the dossier's paper components matched by their words. A code
"differs" when the official record is the variant of another level ("... (thực
hiện tại cấp tỉnh)") than the curated entry's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from knowledge.catalog.facts import CopyKind, DossierItem
from knowledge.catalog.models import Level, Procedure
from knowledge.catalog.portal.people import LOCAL_FIRST
from knowledge.catalog.portal.summary import vnd
from knowledge.text import fold

# field compared -> the verification mark that protects the curated value. The code is
# always compared: it decides which national record an entry is joined with.
GUARDS: dict[str, str | None] = {
    "code": None,
    "level": "agency",
    "agency": "agency",
    "dossier": "dossier",
    "processing_time": "processing_time",
    "fees": "fees",
}
_LEVEL_IN_NAME = re.compile(r"\((?:thực hiện |được thực hiện )?tại cấp ([^)]+)\)", re.IGNORECASE)
_NAMED_LEVELS = {
    "xa": Level.COMMUNE,
    "tinh": Level.PROVINCE,
    "trung uong": Level.CENTRAL,
    "bo": Level.CENTRAL,
}
_FILLER = frozenset(
    [
        "va",
        "cua",
        "theo",
        "cho",
        "voi",
        "hoac",
        "cac",
        "the",
        "ban",
        "so",
        "mau",
        "tai",
        "do",
        "ve",
        "nay",
    ]
)
_PAPERLESS = (CopyKind.NO_PAPER, CopyKind.UNSPECIFIED)


@dataclass(frozen=True)
class Finding:
    field: str
    curated: str
    official: str


class Variants:
    """National records by their name without the level ("... (thực hiện tại cấp tỉnh)"),
    to tell when a code names one level's variant of a procedure done at another."""

    def __init__(self, records: Iterable[Procedure]) -> None:
        self._by_base: dict[str, list[Procedure]] = {}
        for record in records:
            self._by_base.setdefault(base_name(record.name), []).append(record)

    def more_local(self, record: Procedure) -> Procedure | None:
        """A variant of the record done at a level nearer to citizens, if any."""
        rank = {lv: i for i, lv in enumerate(LOCAL_FIRST)}
        best = min((rank[lv] for lv in record.levels), default=len(rank))
        for other in self._by_base.get(base_name(record.name), []):
            nearest = min((rank[lv] for lv in other.levels), default=len(rank))
            if other.code != record.code and nearest < best:
                return other
        return None


def base_name(name: str) -> str:
    return fold(_LEVEL_IN_NAME.sub(" ", name).removeprefix("Thủ tục "))


def differences(
    curated: Procedure,
    official: Procedure,
    variants: Variants | None = None,
    *,
    every_field: bool = False,
) -> list[Finding]:
    """Disagreements on the facts `curated` marks verified (with `every_field`, on all
    compared facts: for reviewing a catalog), in GUARDS order."""
    checks: dict[str, Callable[[Procedure, Procedure], Finding | None]] = {
        "code": lambda c, o: _code(c, o, variants),
        "level": _level,
        "agency": _agency,
        "dossier": _dossier,
        "processing_time": _time,
        "fees": _fees,
    }
    verified = set(curated.verified.verified)
    found = []
    for name, check in checks.items():
        guard = GUARDS[name]
        if every_field or guard is None or guard in verified:
            finding = check(curated, official)
            if finding is not None:
                found.append(finding)
    return found


def money(amount: int | None) -> str:
    if amount is None:
        return "tùy trường hợp"
    return "miễn phí" if amount == 0 else f"{amount:,}".replace(",", ".") + " đồng"


def _code(curated: Procedure, official: Procedure, variants: Variants | None) -> Finding | None:
    local = variants.more_local(official) if variants else None
    if local is not None:
        return Finding(
            "code",
            f"{curated.code} — «{official.name}» ({', '.join(official.levels)})",
            f"{local.code} — «{local.name}» ({', '.join(local.levels)})",
        )
    match = _LEVEL_IN_NAME.search(official.name)
    named = _NAMED_LEVELS.get(fold(match.group(1))) if match else None
    if named is None or named is curated.level:
        return None
    return Finding(
        "code",
        f"{curated.code} — thủ tục cấp {curated.level}",
        f"{official.code} là «{official.name}»",
    )


def _level(curated: Procedure, official: Procedure) -> Finding | None:
    levels = [lv for lv in official.levels if lv not in (Level.OTHER, Level.UNKNOWN)]
    if not levels or curated.level in levels:
        return None
    return Finding("level", str(curated.level), ", ".join(str(lv) for lv in official.levels))


def _agency(curated: Procedure, official: Procedure) -> Finding | None:
    names = official.agency.performing or official.agency.competent
    if not names or any(_same_agency(curated.agency.name, name) for name in names):
        return None
    return Finding("agency", curated.agency.name, "; ".join(names))


def _same_agency(ours: str, theirs: str) -> bool:
    if fold(theirs) in fold(ours) or fold(ours) in fold(theirs):
        return True  # "Công an cấp tỉnh (Phòng Cảnh sát ...)" names "Phòng cảnh sát ..."
    a, b = _agency_words(ours), _agency_words(theirs)
    return bool(a and b) and (a <= b or b <= a or len(a & b) / len(a | b) >= 0.5)


def _agency_words(name: str) -> set[str]:
    folded = fold(re.sub(r"\([^)]*\)", " ", name)).replace("ubnd", "uy ban nhan dan")
    return set(folded.split()) - {"cap", "cac", "co", "quan"}


def _dossier(curated: Procedure, official: Procedure) -> Finding | None:
    theirs = [i for i in official.dossier if i.kind not in _PAPERLESS]
    if not theirs:
        return None
    ours = [i for i in curated.dossier if i.kind not in _PAPERLESS]
    missing = [i for i in theirs if i.required and not _matched(i, ours)]
    extra = [i for i in ours if i.required and not _matched(i, theirs)]
    if not missing and not extra:
        return None
    return Finding("dossier", _items(ours), _items(theirs))


def _matched(item: DossierItem, others: list[DossierItem]) -> bool:
    """The same paper named either way: the names mostly share their words, one name's
    head (the words before its first explanation) is in the other, or the heads mostly
    share theirs."""
    head, words = _head(item.name), _words(item.name)
    for other in others:
        their_head, theirs = _head(other.name), _words(other.name)
        if words and theirs and len(words & theirs) / min(len(words), len(theirs)) >= 0.6:
            return True
        if (head and head <= theirs) or (their_head and their_head <= words):
            return True
        if head and their_head and len(head & their_head) / len(head | their_head) >= 0.6:
            return True
    return False


def _head(name: str) -> set[str]:
    """The words naming the paper, before "(", ":" or a clause (theo, do, ban hành...)."""
    first = re.split(r"\(|:|;| theo | do | ban hành | kèm theo | trong trường hợp ", name)[0]
    return set(fold(first).split()[:8]) - _FILLER


def _words(name: str) -> set[str]:
    return set(fold(name).split()) - _FILLER


def _items(items: list[DossierItem]) -> str:
    parts = []
    for item in items:
        when = f" [{item.condition}]" if item.condition else ""
        parts.append(f"{item.name} ({item.kind}){when}")
    return "; ".join(parts)


def _time(curated: Procedure, official: Procedure) -> Finding | None:
    timed = [c.time for c in official.channels if c.time and c.time.value is not None]
    stated = [t for t in timed if t.unit]  # a bare "1" says no unit: nothing to compare
    if not stated or curated.processing_time.working_days is None:
        return None
    working = [t.value for t in stated if t.unit == "ngày làm việc" and t.value is not None]
    if working and max(working) == curated.processing_time.working_days:
        return None
    return Finding("processing_time", curated.processing_time.text, official.processing_time.text)


def _fees(curated: Procedure, official: Procedure) -> Finding | None:
    """An official amount in đồng that the curated entry does not name. The curated entry
    may name more (reduced rates, other cases): the page often shows one row per channel.
    Amounts in other currencies (fees at representative offices abroad) are not compared."""
    ours = {f.amount_vnd for f in curated.fees if f.amount_vnd is not None}
    fees = [c.fee for c in official.channels if c.fee is not None]
    theirs = {amount for amount in (vnd(f) for f in fees) if amount is not None}
    if not ours or not theirs or theirs <= ours:
        return None
    curated_text = "; ".join(f"{f.name}: {money(f.amount_vnd)}" for f in curated.fees)
    official_text = "; ".join(
        dict.fromkeys(f"{c.kind}: {c.fee.text}" for c in official.channels if c.fee)
    )
    return Finding("fees", curated_text, official_text)
