"""Dossier checklists saved from the dialog, retrievable by a short code."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import qrcode
from qrcode.image.pure import PyPNGImage
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import ChecklistNotFound, UnknownCase
from kiosk.services.identity import clean_code, new_code
from kiosk.services.procedures import ProcedureCatalog, require_procedure
from kiosk.store.db import Database
from kiosk.store.models import Checklist
from knowledge.catalog.dossier_plan import plan
from knowledge.catalog.models import DossierItem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChecklistPlan:
    """The papers of a procedure for the cases that apply (knowledge.catalog.dossier_plan)."""

    procedure_id: str
    question: str | None
    cases: list[str]
    chosen: list[str]
    papers: list[DossierItem]
    explanations: list[DossierItem]
    forms: list[str]


def checklist_plan(
    catalog: ProcedureCatalog, procedure_id: str, chosen: list[str]
) -> ChecklistPlan:
    """What to bring: the papers for everyone plus those of the chosen cases. A case
    group is a question to the citizen, never merged into one list."""
    procedure = require_procedure(catalog, procedure_id)
    found = plan(procedure, chosen)
    if found.unknown_cases:
        raise UnknownCase(found.unknown_cases[0])
    forms = list(dict.fromkeys(i.form for i in found.papers if i.form))
    return ChecklistPlan(
        procedure.id,
        found.question,
        found.cases,
        [c for c in found.cases if c in chosen],
        found.papers,
        found.explanations,
        forms,
    )


@dataclass(frozen=True)
class ChecklistDraft:
    procedure_id: str
    have: list[str]
    missing: list[str]
    forms: list[str]


def qr_png(text: str) -> bytes:
    """A PNG QR code (pure-Python writer, no imaging library needed)."""
    image = qrcode.make(text, image_factory=PyPNGImage, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


class ChecklistService:
    def __init__(self, db: Database, clock: Clock, catalog: ProcedureCatalog, link: str) -> None:
        self.db, self.clock, self.catalog, self.link = db, clock, catalog, link

    def save(self, draft: ChecklistDraft) -> Checklist:
        require_procedure(self.catalog, draft.procedure_id)

        def attempt(session: Session) -> Checklist:
            checklist = Checklist(
                code=new_code("DS"),
                procedure_id=draft.procedure_id,
                have=draft.have,
                missing=draft.missing,
                forms=draft.forms,
                created_at=self.clock(),
            )
            session.add(checklist)
            session.flush()
            return checklist

        checklist = self.db.write_retrying(attempt)
        log.info("checklist %s saved for %s", checklist.code, checklist.procedure_id)
        return checklist

    def get(self, code: str) -> Checklist:
        with self.db.read() as session:
            checklist = session.scalars(
                select(Checklist).where(Checklist.code == clean_code(code))
            ).one_or_none()
        if checklist is None:
            raise ChecklistNotFound()
        return checklist

    def url(self, checklist: Checklist) -> str:
        """Where a phone continues with this checklist (put into the QR code)."""
        return self.link.replace("{code}", checklist.code)

    def qr(self, code: str) -> bytes:
        return qr_png(self.url(self.get(code)))
