"""The retention job: chat transcripts older than the retention age are deleted.

Transcripts are the chat messages as said (kiosk.store.analytics.TranscriptLine)
and the last messages a handoff carries to desk staff. Statistics keep only the
masked question (table `questions`), which has no sender and is not deleted.

Idempotency keys of citizens' writes (kiosk/store/idempotency.py) go after a day: a
retry comes within minutes, and a key's body fingerprint is not kept longer than that.

Run by `python -m kiosk retention` (cron) and by the app itself every
`retention_interval_minutes`; running it twice deletes nothing more.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import delete, select
from starlette.concurrency import run_in_threadpool

from kiosk.core.clock import Clock
from kiosk.store.analytics import TranscriptLine
from kiosk.store.db import Database
from kiosk.store.idempotency import forget_before
from kiosk.store.models import Handoff

log = logging.getLogger(__name__)


KEY_AGE = dt.timedelta(days=1)


@dataclass(frozen=True)
class RetentionReport:
    cutoff: dt.datetime
    transcript_lines: int
    handoff_transcripts: int
    idempotency_keys: int = 0


class RetentionJob:
    def __init__(self, db: Database, clock: Clock, days: int) -> None:
        self.db, self.clock, self.days = db, clock, days

    def cutoff(self) -> dt.datetime:
        return self.clock() - dt.timedelta(days=self.days)

    def run(self) -> RetentionReport:
        """Delete transcripts older than the retention age, in one transaction."""
        cutoff = self.cutoff()
        with self.db.write() as session:
            result = session.execute(
                delete(TranscriptLine).where(TranscriptLine.created_at < cutoff)
            )
            lines = int(getattr(result, "rowcount", 0) or 0)
            # JSON has no equality operator on PostgreSQL: filter the lists here.
            old = session.scalars(select(Handoff).where(Handoff.created_at < cutoff)).all()
            cleared = [handoff for handoff in old if handoff.transcript]
            for handoff in cleared:
                handoff.transcript = []
        keys = forget_before(self.db, self.clock() - KEY_AGE)
        report = RetentionReport(cutoff, lines, len(cleared), keys)
        log.info(
            "retention: %d transcript lines and %d handoff transcripts older than %s deleted",
            report.transcript_lines,
            report.handoff_transcripts,
            cutoff.date().isoformat(),
        )
        return report


async def run_periodically(job: RetentionJob, interval_minutes: float) -> None:
    """Run the job now and then every interval, until cancelled; failures are logged.

    Cancelled during a run, it waits for that run's thread to end its transaction:
    the app disposes of the database right after.
    """
    while True:
        run = asyncio.ensure_future(run_in_threadpool(job.run))
        try:
            await asyncio.shield(run)
        except asyncio.CancelledError:
            await asyncio.wait([run])  # a thread cannot be stopped: let it commit or roll back
            if not run.cancelled():
                run.exception()  # retrieved: a failure during shutdown needs no warning
            raise
        except Exception as error:  # the next run tries again
            log.warning("retention job failed (%s)", type(error).__name__)
        await asyncio.sleep(interval_minutes * 60)
