"""Citizens' records on the production topology (tests/topology.py) when parts fail.

- A kiosk replica killed (-9) in the middle of a booking: the booking exists completely
  or not at all, and the citizen's retry (same data, same Idempotency-Key) books once.
- PostgreSQL stopped for 30 s: procedure questions are still answered from the index,
  writes are refused with a Vietnamese 503 (never a 500), the kiosks recover without a
  restart and nothing written before is lost.
- Backups: the README's pg_dump / pg_restore (same flags) bring back every booking,
  complaint and conversation on a new server.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from sqlalchemy import Engine, create_engine, text
from topology import Service, Topology
from topology_parts import Postgres

pytestmark = pytest.mark.topology


@pytest.fixture
def motcua_db(topology: Topology) -> Iterator[Engine]:
    engine = create_engine(topology.database_url)
    yield engine
    engine.dispose()


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def booking(phone: str, starts_at: str, field: str = "Chứng thực") -> dict[str, Any]:
    return {"field": field, "starts_at": starts_at, "name": "Hoàng Văn Chín", "phone": phone}


def book(base: str, body: dict[str, Any], key: str) -> httpx.Response:
    headers = {"Idempotency-Key": key}
    return httpx.post(f"{base}/api/v1/appointments", json=body, headers=headers, timeout=60)


def waiting_client_port(engine: Engine, timeout: float = 60) -> int:
    """The client port of the kiosk connection whose transaction waits for our lock."""
    deadline = time.monotonic() + timeout
    query = (
        "SELECT client_port FROM pg_stat_activity WHERE datname = 'motcua' "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    while time.monotonic() < deadline:
        found = rows(engine, query)
        if found:
            return int(found[0][0])
        time.sleep(0.05)
    raise AssertionError("no booking transaction is waiting")


def kiosk_on(topology: Topology, client_port: int) -> Service:
    """The kiosk replica that owns this connection to PostgreSQL."""
    owners = {
        c.pid
        for c in psutil.net_connections(kind="tcp")
        if c.laddr and c.laddr.port == client_port and c.pid is not None
    }
    return next(k for k in topology.kiosks if set(k.pids) & owners)


def test_a_kiosk_killed_mid_booking_leaves_nothing_and_the_retry_books_once(
    topology: Topology, motcua_db: Engine
) -> None:
    """The booking's transaction is held just before its commit (its appointment row is
    written, the idempotency key waits on our lock), then the replica running it is
    killed. Catches a booking written in two transactions (an appointment left without
    its key: the retry would book a second seat) and a retry without a key (two seats
    once the first attempt got through)."""
    phone, key = "0912000901", uuid.uuid4().hex
    body = booking(phone, "2026-11-27T14:00:00")
    answers: list[Any] = []
    with motcua_db.connect() as locker:
        hold = locker.begin()
        locker.exec_driver_sql("LOCK TABLE idempotency_keys IN SHARE MODE")  # reads pass
        attempt = threading.Thread(
            target=lambda: answers.append(_try(book, topology.url, body, key))
        )
        attempt.start()
        victim = kiosk_on(topology, waiting_client_port(motcua_db))
        victim.kill()
        hold.rollback()
    attempt.join(timeout=60)
    try:
        assert answers and answers[0] in (502, "disconnected"), answers  # the citizen saw an error
        time.sleep(1)  # PostgreSQL ends the orphaned transaction
        assert rows(motcua_db, "SELECT code FROM appointments WHERE phone = :p", p=phone) == []
        first = book(topology.url, body, key)  # the citizen taps "Thử lại": the same key
        again = book(topology.url, body, key)
        assert (first.status_code, again.status_code) == (201, 201), (first.text, again.text)
        assert again.json()["code"] == first.json()["code"]
        assert again.headers.get("Idempotent-Replayed") == "true"
        booked = rows(
            motcua_db,
            "SELECT code, field, starts_at, name, status FROM appointments WHERE phone = :p",
            p=phone,
        )
        assert booked == [
            (
                first.json()["code"],
                "Chứng thực",
                dt.datetime(2026, 11, 27, 14),
                "Hoàng Văn Chín",
                "đã đặt",
            )
        ]
    finally:
        victim.restart()


def _try(send: Any, *args: Any) -> Any:
    try:
        return send(*args).status_code
    except httpx.TransportError:
        return "disconnected"


def test_postgres_stopped_for_30_seconds(topology: Topology, motcua_db: Engine) -> None:
    """Catches a kiosk that answers a database outage with a 500 (or hangs), one that
    needs a restart afterwards (pool without pre-ping), and a relay that shows nothing
    when Rasa cannot reach its tracker store."""
    before = book(topology.url, booking("0912000911", "2026-11-27T15:00:00"), uuid.uuid4().hex)
    assert before.status_code == 201, before.text
    form = f"pg-form-{uuid.uuid4().hex[:8]}"  # a booking form begun before the outage
    topology.chat(topology.url, form, "tôi muốn đặt lịch hẹn")
    asked = topology.chat(topology.url, form, "đăng ký khai sinh")["messages"][0]["text"]
    assert asked.startswith("Bạn muốn đến vào ngày nào")
    pids = [k.pids for k in topology.kiosks]
    topology.postgres.server.pause()
    try:
        stopped_until = time.monotonic() + 30
        while time.monotonic() < stopped_until:
            _answers_without_database(topology)
            time.sleep(3)
    finally:
        topology.postgres.server.resume()
    after = _first_success(
        lambda: book(topology.url, booking("0912000912", "2026-11-27T15:15:00"), "pg-back-1")
    )
    assert after.status_code == 201
    assert [k.pids for k in topology.kiosks] == pids  # recovered without a restart
    phones = rows(motcua_db, "SELECT phone FROM appointments WHERE phone LIKE '09120009__'")
    assert {("0912000911",), ("0912000912",)} <= set(phones)
    for replica in range(len(topology.rasas)):  # each Rasa's first use of its stale pool
        _first_success(lambda r=replica: _rasa_ok(topology, r))
    reply = topology.chat(topology.url, form, "25/11")  # the form goes on where it was
    assert reply["degraded"] is False, reply
    assert reply["messages"][0]["text"].startswith("Ngày Thứ Tư 25/11/2026"), reply


def _rasa_ok(topology: Topology, replica: int) -> httpx.Response:
    """200 once a Rasa replica handles a message with its tracker store again."""
    sender = f"kiosk-pg-{uuid.uuid4().hex[:8]}"
    topology.rasa_say(replica, sender, "xin chào")
    stored = topology.tracker(sender, replica)["events"]
    return httpx.Response(200 if stored else 503)


def _answers_without_database(topology: Topology) -> None:
    for base in [topology.url, *(k.url for k in topology.kiosks)]:
        search = httpx.get(
            f"{base}/api/v1/procedures/search", params={"q": "làm giấy khai sinh"}, timeout=30
        )
        assert search.status_code == 200 and search.json()["hits"], search.text
    refused = book(topology.url, booking("0912000919", "2026-11-27T16:00:00"), uuid.uuid4().hex)
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"] == "database_unavailable"
    assert "chưa ghi được" in refused.json()["detail"]
    ticket = httpx.post(
        f"{topology.url}/api/v1/queue/tickets", json={"field": "Hộ tịch"}, timeout=30
    )
    assert ticket.status_code == 503 and ticket.json()["error"] == "database_unavailable"
    # Rasa answers too (its fail-safe tracker store: without the conversation's history),
    # or the kiosk from the catalog with its notice: either way, about the procedure (its
    # card, or the question which variant, with a button per variant).
    reply = topology.chat(topology.url, f"pg-{uuid.uuid4().hex[:8]}", "làm giấy khai sinh")
    shown = " ".join(
        " ".join([str(m["text"] or m["custom"]), *(b["title"] for b in m.get("buttons") or [])])
        for m in reply["messages"]
    ).lower()
    assert "khai sinh" in shown, reply


def _first_success(call: Any, timeout: float = 60) -> Any:
    """The first answer below 500 within `timeout` (PostgreSQL is starting up again)."""
    deadline = time.monotonic() + timeout
    while True:
        response = call()
        if response.status_code < 500 or time.monotonic() > deadline:
            return response
        time.sleep(1)


# -- backups ----------------------------------------------------------------------------


def pg_env(postgres: Postgres) -> dict[str, str]:
    return {**os.environ, "PGPASSWORD": postgres.password, "PGHOST": "127.0.0.1"}


def dump(postgres: Postgres, database: str, folder: Path) -> Path:
    """README: pg_dump -U motcua -Fc "$db" > "$db-$(date +%F).dump"."""
    path = folder / f"{database}-{dt.date.today():%Y-%m-%d}.dump"
    with path.open("wb") as out:
        subprocess.run(
            [str(postgres.bindir / "pg_dump"), "-p", str(postgres.port), "-U", "motcua"]
            + ["-Fc", database],
            stdout=out,
            env=pg_env(postgres),
            check=True,
            timeout=300,
        )
    return path


def restore(postgres: Postgres, database: str, path: Path) -> None:
    """README: pg_restore -U motcua -d motcua --clean --if-exists < motcua-DATE.dump."""
    with path.open("rb") as source:
        subprocess.run(
            [str(postgres.bindir / "pg_restore"), "-p", str(postgres.port), "-U", "motcua"]
            + ["-d", database, "--clean", "--if-exists"],
            stdin=source,
            env=pg_env(postgres),
            check=True,
            timeout=300,
        )


KEPT = {
    "motcua": [
        "SELECT code, field, starts_at, name, phone, status FROM appointments ORDER BY code",
        "SELECT code, content, contact_phone, status, due_on FROM complaints ORDER BY code",
        "SELECT scope, key, record_id FROM idempotency_keys ORDER BY scope, key",
    ],
    "rasa": ["SELECT sender_id, type_name, timestamp, data FROM events ORDER BY id"],
}


def snapshot(postgres: Postgres) -> dict[str, list[list[tuple[Any, ...]]]]:
    taken = {}
    for database, queries in KEPT.items():
        engine = create_engine(postgres.url(database))
        try:
            taken[database] = [rows(engine, query) for query in queries]
        finally:
            engine.dispose()
    return taken


def test_the_readme_backup_restores_every_booking_complaint_and_conversation(
    topology: Topology, tmp_path: Path
) -> None:
    """Dump both databases from the running topology, lose the server, restore on a new
    one (as compose would create it), and again over the restored data (--clean):
    everything is back. Catches a dump that misses the `rasa` database or a table, and
    restore flags that fail on a database that already has the tables."""
    complaint = httpx.post(
        f"{topology.url}/api/v1/complaints",
        json={"content": "Máy lấy số không in được phiếu", "contact_phone": "0912000921"},
        headers={"Idempotency-Key": uuid.uuid4().hex},
        timeout=30,
    )
    assert complaint.status_code == 201, complaint.text
    booked = book(topology.url, booking("0912000922", "2026-11-30T10:00:00"), uuid.uuid4().hex)
    assert booked.status_code == 201, booked.text
    conversation = f"backup-{uuid.uuid4().hex[:8]}"
    assert topology.chat(topology.url, conversation, "tôi muốn đặt lịch hẹn")["degraded"] is False
    saved = snapshot(topology.postgres)
    assert all(saved["motcua"]) and saved["rasa"][0]
    dumps = {db: dump(topology.postgres, db, tmp_path) for db in KEPT}
    replacement = Postgres.start(topology.postgres.password)  # the machine was lost
    try:
        for _ in range(2):  # onto empty databases, then over the restored ones
            for database, path in dumps.items():
                restore(replacement, database, path)
            assert snapshot(replacement) == saved
    finally:
        replacement.stop()
