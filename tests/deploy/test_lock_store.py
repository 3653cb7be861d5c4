"""bot/lock_store.py against a real Redis server (Debian's redis-server) and several
processes taking one conversation's lock at once, as Rasa replicas do.

Rasa's own RedisLockStore fails this (run tests/deploy/lock_race.py with `stock`): its
GET-change-SET lets two processes take the same ticket (two holders at once) or drop
each other's tickets (LockError, or a wait until the ticket expires).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from stack import BOT, free_port, rasa_env
from test_compose import rasa_python
from topology_parts import Redis

REPLICAS = 3
SECONDS = 8


@pytest.fixture
def redis_port(tmp_path: Path) -> Iterator[int]:
    server = Redis(free_port(), "", tmp_path)
    server.start()
    try:
        yield server.port
    finally:
        server.stop()


def test_replicas_never_hold_one_conversations_lock_together(redis_port: int) -> None:
    script = Path(__file__).with_name("lock_race.py")
    command = [str(rasa_python()), str(script), str(redis_port), str(SECONDS), str(REPLICAS)]
    runs = [
        subprocess.Popen(
            command, cwd=BOT, env={**os.environ, **rasa_env()}, stdout=subprocess.PIPE, text=True
        )
        for _ in range(REPLICAS)
    ]
    results = [json.loads(run.communicate(timeout=300)[0].strip().splitlines()[-1]) for run in runs]
    assert [r["overlaps"] for r in results] == [0] * REPLICAS, results
    assert [r["errors"] for r in results] == [0] * REPLICAS, results
    assert all(r["turns"] >= 5 for r in results), results  # each one got its turns
