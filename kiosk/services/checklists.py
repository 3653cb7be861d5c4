"""Dossier checklists saved from the dialog, retrievable by a short code."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M
from qrcode.image.pure import PyPNGImage
from qrcode.util import MODE_8BIT_BYTE, QRData
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import ChecklistNotFound, PublicLinkMissing, QrTooLong, UnknownCase
from kiosk.services.identity import clean_code, new_code
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.procedures import require_procedure
from kiosk.services.public_links import PublicLinks
from kiosk.store.db import Database
from kiosk.store.models import Checklist
from knowledge.catalog.dossier_plan import plan
from knowledge.catalog.models import DossierItem, Procedure

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
    knowledge: KnowledgeHandle, procedure_id: str, chosen: list[str]
) -> ChecklistPlan:
    """What to bring: the papers for everyone plus those of the chosen cases. A case
    group is a question to the citizen, never merged into one list."""
    procedure = require_procedure(knowledge, procedure_id)
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


# Bytes a version-40 code holds in byte mode at error correction M and L.
QR_BYTES_M, QR_BYTES_L = 2331, 2953


def qr_png(text: str) -> bytes:
    """A PNG QR code of `text` as UTF-8 bytes (pure-Python writer, no imaging library).

    Always byte mode: qrcode's numeric mode fails on some digit strings (146 zeros:
    "glog(0)"), and phones read UTF-8 bytes as Vietnamese text. Error correction M, or L
    when the text needs the room; QrTooLong when even that is too small.
    """
    data = text.encode("utf-8", errors="replace")
    if len(data) > QR_BYTES_L:
        raise QrTooLong(QR_BYTES_L)
    level = ERROR_CORRECT_M if len(data) <= QR_BYTES_M else ERROR_CORRECT_L
    code = qrcode.QRCode(error_correction=level, image_factory=PyPNGImage, box_size=8, border=4)
    code.add_data(QRData(data, mode=MODE_8BIT_BYTE))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


class ChecklistService:
    def __init__(
        self, db: Database, clock: Clock, knowledge: KnowledgeHandle, links: PublicLinks
    ) -> None:
        self.db, self.clock, self.knowledge, self.links = db, clock, knowledge, links

    def save(self, draft: ChecklistDraft) -> Checklist:
        require_procedure(self.knowledge, draft.procedure_id)

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

    def procedure(self, checklist: Checklist) -> Procedure | None:
        """The checklist's procedure as citizens see it (None once it left the catalog)."""
        return self.knowledge.public().get_procedure(checklist.procedure_id)

    def procedure_name(self, checklist: Checklist) -> str:
        procedure = self.procedure(checklist)
        return procedure.name if procedure else checklist.procedure_id

    def url(self, checklist: Checklist) -> str | None:
        """Where a phone continues with this checklist (put into the QR code); None
        without a public address."""
        return self.links.checklist(checklist.code)

    def qr(self, code: str) -> bytes:
        url = self.url(self.get(code))
        if url is None:
            raise PublicLinkMissing()
        return qr_png(url)
