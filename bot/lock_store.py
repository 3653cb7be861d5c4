"""Rasa's Redis lock store, with every change of a conversation's lock made atomically.

Rasa 3.6's RedisLockStore keeps a conversation's ticket queue as one JSON value and
changes it in three steps (GET, change in Python, SET). Two Rasa replicas taking a
ticket for one conversation at the same moment both read the same queue, both write
it back with the same new ticket, and both believe it is their turn: the two messages
are handled together, and each replica saves its own version of the tracker (answers
lost, slots in the wrong place). Finishing a turn (remove the ticket, delete the lock
when nobody waits) races the same way with a new ticket being issued, which is then
dropped and its message fails.

Here each change runs in a Redis transaction on the watched key (WATCH/MULTI/EXEC,
retried when another replica changed the lock meanwhile), so the tickets are a real
queue across replicas. The stored format is Rasa's own, so replicas of either class
read each other's locks. Used by bot/endpoints.production.yml:

    lock_store:
      type: lock_store.AtomicRedisLockStore
      url: ...

Rasa runs from bot/ and puts it on sys.path, so this module imports as `lock_store`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
Change = Callable[[TicketLock | None], tuple[TicketLock | None, T]]


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket queue is changed in Redis transactions."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        # Rasa builds a custom lock store from its endpoint config; tests pass keywords.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _atomically(self, conversation_id: str, change: Change[T]) -> T:
        """Read the lock, change it, write it back (deleted when no ticket is left), with
        nobody else's change in between."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    changed, result = change(lock)
                    pipe.multi()
                    if changed is None or not changed.tickets:
                        pipe.delete(key)
                    else:
                        pipe.set(key, changed.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed this lock: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock | None, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (of a replica that died holding the lock)."""

        def expire(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._atomically(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket, and the lock with it when nobody waits: one step."""
        self.finish_serving(conversation_id, ticket_number)
