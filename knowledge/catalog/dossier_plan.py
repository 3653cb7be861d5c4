"""A procedure's dossier as groups and cases, and the papers for the cases that apply.

Components that apply only in some case (a curated item's `condition`, or an
official case group such as "Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở
hữu của mình") are not merged into one list: the checklist asks which cases apply
and adds only their papers. Components with nothing on paper ("0 bản chính") are
explanations, kept apart from the papers to bring.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.catalog.facts import CopyKind, DossierItem
from knowledge.catalog.models import Procedure

CASE_QUESTION = "Trường hợp nào đúng với ông/bà? (chọn một hoặc nhiều)"
PAPERLESS = (CopyKind.NO_PAPER,)


@dataclass(frozen=True)
class DossierGroup:
    heading: str | None  # as the page groups them; None for the general part
    case: str | None  # the condition when the group applies only in one case
    items: list[int] = field(default_factory=list)  # indexes into procedure.dossier


@dataclass(frozen=True)
class Plan:
    question: str | None
    cases: list[str]
    papers: list[DossierItem]
    explanations: list[DossierItem]
    unknown_cases: list[str]


def dossier_groups(procedure: Procedure) -> list[DossierGroup]:
    """Consecutive components of one page group (or one condition) form a group."""
    groups: list[DossierGroup] = []
    for index, item in enumerate(procedure.dossier):
        heading = item.group if item.group is not None else item.condition
        case = None if item.required else item.condition
        if groups and (groups[-1].heading, groups[-1].case) == (heading, case):
            groups[-1].items.append(index)
        else:
            groups.append(DossierGroup(heading, case, [index]))
    return groups


def cases(procedure: Procedure) -> list[str]:
    """The conditions a citizen chooses among, in dossier order."""
    return list(
        dict.fromkeys(i.condition for i in procedure.dossier if not i.required and i.condition)
    )


def plan(procedure: Procedure, chosen: list[str]) -> Plan:
    """The papers for everyone plus those of the chosen cases; unknown choices are returned."""
    known = cases(procedure)
    picked = set(chosen) & set(known)
    applies = [i for i in procedure.dossier if i.required or i.condition in picked]
    return Plan(
        question=CASE_QUESTION if known else None,
        cases=known,
        papers=[i for i in applies if i.kind not in PAPERLESS],
        explanations=[i for i in applies if i.kind in PAPERLESS],
        unknown_cases=[c for c in chosen if c not in known],
    )
