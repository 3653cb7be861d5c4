"""Run by tests/deploy/test_lock_store.py in Rasa's venv (.venv-rasa, Python 3.10): one
"replica" taking one conversation's lock over and over for some seconds through a lock
store of bot/endpoints.production.yml's kind, counting the times it found another
holder inside the lock. Prints one JSON line: turns, overlaps, errors.

    python lock_race.py REDIS_PORT SECONDS REPLICAS [stock]
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import redis
from rasa.core.lock_store import RedisLockStore

sys.path.insert(1, os.getcwd())  # bot/, as `rasa run` does
from lock_store import AtomicRedisLockStore  # noqa: E402


async def race(port: int, seconds: float, replicas: int, stock: bool) -> dict[str, int]:
    kind = RedisLockStore if stock else AtomicRedisLockStore
    store = kind(host="127.0.0.1", port=port, key_prefix="race")
    counter = redis.Redis(port=port, db=2)
    counter.incr("ready")
    while int(counter.get("ready") or 0) < replicas:  # start together
        await asyncio.sleep(0.005)
    turns = overlaps = errors = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            async with store.lock("kiosk-race", lock_lifetime=5, wait_time_in_seconds=0.002):
                overlaps += int(counter.incr("holders")) > 1
                await asyncio.sleep(0.001)
                counter.decr("holders")
                turns += 1
        except Exception:  # LockError: a lost ticket
            errors += 1
    return {"turns": turns, "overlaps": overlaps, "errors": errors}


if __name__ == "__main__":
    port, seconds, replicas = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    result = asyncio.run(race(port, seconds, replicas, stock="stock" in sys.argv[4:]))
    print(json.dumps(result))  # noqa: T201
