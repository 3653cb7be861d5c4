"""Recording what citizens ask, off the request path.

A chat turn or a search puts one small record on a bounded queue and returns;
one writer thread stores the queue in batches. A full queue or a database error
drops records (counted in /metrics, logged without content) and never fails
or slows the citizen's request.

Two kinds of record:
- a question, for statistics: text masked (kiosk.core.masking), no sender;
- transcript lines, for staff and for the citizen's own export: the text as
  said, with the channel and sender, deleted after the retention age.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.core.clock import Clock
from kiosk.core.metrics import Metrics
from kiosk.store.analytics import Question, TranscriptLine
from kiosk.store.db import Database
from knowledge.text import fold
from vntext.masking import mask

log = logging.getLogger(__name__)

CHAT, SEARCH, ASSISTANT = "chat", "search", "assistant"
# Intents under which the dialog says it did not understand or cannot help.
UNANSWERED_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
BATCH = 200


@dataclass(frozen=True)
class QuestionRecord:
    asked_at: dt.datetime
    channel: str
    source: str
    text: str
    intent: str | None
    procedure_id: str | None
    abstained: bool
    degraded: bool

    def row(self) -> Question:
        masked = mask(" ".join(self.text.split()))[:500]
        return Question(
            asked_at=self.asked_at,
            channel=self.channel[:16],
            source=self.source,
            text=masked,
            folded=fold(masked)[:500],
            intent=self.intent[:100] if self.intent else None,
            procedure_id=self.procedure_id,
            abstained=self.abstained,
            degraded=self.degraded,
        )


@dataclass(frozen=True)
class TranscriptRecord:
    created_at: dt.datetime
    channel: str
    sender_id: str
    role: str
    text: str

    def row(self) -> TranscriptLine:
        return TranscriptLine(
            created_at=self.created_at,
            channel=self.channel[:16],
            sender_id=self.sender_id[:64],
            role=self.role,
            text=self.text,
        )


Record = QuestionRecord | TranscriptRecord


class QuestionLog:
    """The bounded queue and its writer thread; one per app (opened in lifespan)."""

    def __init__(self, db: Database, metrics: Metrics, capacity: int = 10_000) -> None:
        self.db, self.metrics = db, metrics
        self._queue: queue.Queue[Record | None] = queue.Queue(maxsize=capacity)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="question-log", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Write what is queued, then end the writer."""
        if self._thread is None:
            return
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            log.warning("question log: queue full at shutdown, records dropped")
        self._thread.join(timeout)
        self._thread = None

    def flush(self) -> None:
        """Wait until every record queued so far is written (or dropped)."""
        if self._thread is not None:
            self._queue.join()
            return
        while not self._queue.empty():
            self._write_batch(block=False)

    def put(self, records: Iterable[Record]) -> None:
        for record in records:
            try:
                self._queue.put_nowait(record)
            except queue.Full:
                self.metrics.questions_dropped.inc()

    def _run(self) -> None:
        while self._write_batch(block=True):
            pass

    def _write_batch(self, *, block: bool) -> bool:
        """Write up to BATCH queued records; False once the stop marker was seen."""
        items: list[Record | None] = []
        try:
            items.append(self._queue.get(block=block))
            while len(items) < BATCH:
                items.append(self._queue.get_nowait())
        except queue.Empty:
            pass
        self._write([item for item in items if item is not None])
        for _ in items:
            self._queue.task_done()
        return None not in items

    def _write(self, batch: list[Record]) -> None:
        if not batch:
            return
        try:
            with self.db.write() as session:
                session.add_all([record.row() for record in batch])
        except Exception as error:  # recording must never take the kiosk down
            self.metrics.questions_dropped.inc(len(batch))
            log.warning("question log: %d records dropped (%s)", len(batch), type(error).__name__)


def card_procedure(messages: Iterable[Any]) -> str | None:
    """The id of the first procedure card among a reply's messages."""
    for message in messages:
        custom = getattr(message, "custom", None) or {}
        procedure = custom.get("procedure") if custom.get("type") == "procedure_card" else None
        if isinstance(procedure, dict) and isinstance(procedure.get("id"), str):
            return str(procedure["id"])[:120]
    return None


def reply_text(messages: Iterable[Any]) -> str:
    return "\n".join(m.text for m in messages if getattr(m, "text", None))


class QuestionRecorder:
    """Turns chat turns and searches into records, stamped by the desk clock.

    Its methods never raise: a recording failure is logged and counted, the
    citizen's request goes on.
    """

    def __init__(self, log_: QuestionLog, clock: Clock) -> None:
        self.log, self.clock = log_, clock

    def chat_turn(self, channel: str, sender: str, message: str, reply: Any) -> None:
        """One relayed turn: transcript lines always, a question unless it was a button.

        Unanswered: the dialog fell back (nlu_fallback, out_of_scope), or, without
        Rasa, retrieval found no procedure to show.
        """
        try:
            self._chat_turn(channel, sender, message, reply)
        except Exception as error:
            self.log.metrics.questions_dropped.inc()
            log.warning("question log: chat turn not recorded (%s)", type(error).__name__)

    def _chat_turn(self, channel: str, sender: str, message: str, reply: Any) -> None:
        now = self.clock()
        degraded = bool(reply.degraded)
        intent = reply.intent.name if reply.intent is not None else None
        procedure_id = card_procedure(reply.messages)
        abstained = intent in UNANSWERED_INTENTS or (degraded and procedure_id is None)
        self.log.metrics.chat_turns.labels(channel, str(degraded).lower()).inc()
        records: list[Record] = [
            TranscriptRecord(now, channel, sender, "citizen", message),
            TranscriptRecord(now, channel, sender, "assistant", reply_text(reply.messages)),
        ]
        if not message.startswith("/"):  # a button payload is not a question
            if abstained:
                self.log.metrics.abstentions.labels(CHAT).inc()
            records.append(
                QuestionRecord(
                    now, channel, CHAT, message, intent, procedure_id, abstained, degraded
                )
            )
        self.log.put(records)

    def lexical_only_search(self) -> None:
        """A search (anyone's) ranked by words alone: the encoder was busy."""
        self.log.metrics.searches_lexical_only.inc()

    def search(
        self, source: str, channel: str, query: str, top_id: str | None, abstained: bool
    ) -> None:
        """One procedure search, from the search screen or the dialog's action server."""
        try:
            self.log.metrics.searches.labels(source).inc()
            if abstained:
                self.log.metrics.abstentions.labels(source).inc()
            record = QuestionRecord(
                self.clock(), channel, source, query, None, top_id, abstained, degraded=False
            )
            self.log.put([record])
        except Exception as error:
            self.log.metrics.questions_dropped.inc()
            log.warning("question log: search not recorded (%s)", type(error).__name__)
