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
from kiosk.core.errors import ChecklistNotFound, PublicLinkMissing
from kiosk.services.identity import clean_code, new_code
from kiosk.services.procedures import ProcedureCatalog, require_procedure
from kiosk.services.public_links import PublicLinks
from kiosk.store.db import Database
from kiosk.store.models import Checklist

log = logging.getLogger(__name__)


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
    def __init__(
        self, db: Database, clock: Clock, catalog: ProcedureCatalog, links: PublicLinks
    ) -> None:
        self.db, self.clock, self.catalog, self.links = db, clock, catalog, links

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

    def url(self, checklist: Checklist) -> str | None:
        """Where a phone continues with this checklist (put into the QR code); None
        without a public address."""
        return self.links.checklist(checklist.code)

    def qr(self, code: str) -> bytes:
        url = self.url(self.get(code))
        if url is None:
            raise PublicLinkMissing()
        return qr_png(url)
