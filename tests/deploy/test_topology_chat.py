"""Conversations on the production topology (tests/topology.py): two kiosks behind nginx,
two Rasa replicas on one PostgreSQL tracker store and one Redis lock store.

- One conversation's messages sent at once through every door (nginx, each kiosk, each
  Rasa) are handled one at a time, in the order sent: the booking form ends with
  exactly the answers typed.
- A Rasa replica killed (-9) in the middle of a booking form: the kiosk's relay goes on
  through the other replica, which finds every answer given so far.
- Redis stopped: no message is handled without its lock; the kiosk answers from the
  catalog with its notice instead, and the conversation resumes when Redis is back.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from topology import Topology

from kiosk.services.chat import DEGRADED_NOTICE, ChatConfig

pytestmark = pytest.mark.topology

OPEN = "tôi muốn đặt lịch hẹn"


def session() -> str:
    return f"topo-{uuid.uuid4().hex[:10]}"


def texts(reply: Any) -> list[str]:
    """Texts of a kiosk chat reply ({"messages": [...]}) or of a REST channel answer."""
    messages = reply["messages"] if isinstance(reply, dict) else reply
    return [m["text"] for m in messages if m.get("text")]


def say(topology: Topology, door: str, conversation: str, message: str) -> list[str]:
    """One turn through a door: "nginx", "kiosk0", "kiosk1", "rasa0", "rasa1"."""
    if door.startswith("rasa"):
        return texts(topology.rasa_say(int(door[-1]), f"kiosk-{conversation}", message))
    base = topology.url if door == "nginx" else topology.kiosks[int(door[-1])].url
    reply = topology.chat(base, conversation, message)
    assert reply["degraded"] is False, (door, message, reply)
    return texts(reply)


def user_turns(topology: Topology, conversation: str) -> list[list[str]]:
    """The tracker as [user text, then what followed it up to the next user message]."""
    turns: list[list[str]] = []
    for event in topology.tracker(f"kiosk-{conversation}")["events"]:
        if event["event"] == "user":
            turns.append([event["text"]])
        elif turns and event["event"] in ("action", "bot"):
            turns[-1].append(event.get("name") or "bot")
    return turns


def booking_rows(topology: Topology, phone: str) -> list[tuple[Any, ...]]:
    engine = create_engine(topology.database_url)
    try:
        with engine.connect() as connection:
            query = text(
                "SELECT procedure_id, starts_at, name, phone, priority, status, channel "
                "FROM appointments WHERE phone = :phone"
            )
            return [tuple(row) for row in connection.execute(query, {"phone": phone})]
    finally:
        engine.dispose()


ANSWERS = ["đăng ký khai sinh", "25/11", "9h30", "Trần Thị Mai", "0912 000 777", "không", "có"]
DOORS = ["kiosk0", "rasa1", "nginx", "rasa0", "kiosk1", "rasa1", "nginx"]


def tickets(topology: Topology, conversation: str) -> int:
    """Messages of the conversation holding or waiting for its lock in Redis."""
    raw = topology.redis.command("GET", f"motcua:lock:kiosk-{conversation}")
    return len(json.loads(raw)["tickets"]) if raw else 0


def test_one_conversation_through_every_door_at_once_is_handled_in_order(
    topology: Topology,
) -> None:
    """All answers of the booking form are in flight together, each through another door;
    each is sent once the one before holds its place in the queue (its ticket in Redis),
    so the order sent is known. Catches a lock store that lets two replicas handle one
    conversation together (the in-memory one with several replicas, or Rasa's own
    RedisLockStore, which reads a ticket queue, changes it and writes it back in three
    steps: two replicas then take the same ticket, or drop each other's): answers are
    lost or land in the wrong slot, and the tracker shows two user messages with no
    answer between them."""
    conversation = session()
    assert say(topology, "nginx", conversation, OPEN)[0].startswith("Bạn làm thủ tục gì")
    with ThreadPoolExecutor(len(ANSWERS)) as pool:
        replies = []
        for index, (door, answer) in enumerate(zip(DOORS, ANSWERS, strict=True)):
            replies.append(pool.submit(say, topology, door, conversation, answer))
            deadline = time.monotonic() + 60
            # Sent on once every message in flight holds a ticket: this one has arrived.
            while tickets(topology, conversation) < sum(not r.done() for r in replies):
                assert time.monotonic() < deadline, f"message {index} never reached Rasa"
                time.sleep(0.02)
        answered = [reply.result() for reply in replies]
    assert any("Mã lịch hẹn của bạn là" in t for t in answered[-1]), answered
    assert booking_rows(topology, "0912000777") == [
        (
            "ho-tich.khai-sinh",
            _at("2026-11-25 09:30"),
            "Trần Thị Mai",
            "0912000777",
            "không",
            "đã đặt",
            "kiosk",
        )
    ]
    turns = user_turns(topology, conversation)
    assert [turn[0] for turn in turns] == [OPEN, *ANSWERS]  # in the order sent
    for turn in turns:  # each message answered before the next one was read
        assert turn[-1] == "action_listen" and len(turn) > 2, turns


def _at(moment: str) -> dt.datetime:
    return dt.datetime.fromisoformat(moment)


def test_a_rasa_replica_killed_mid_form_loses_no_answer(topology: Topology) -> None:
    """Catches a relay bound to one Rasa URL (every turn after the kill answered from the
    catalog, the booking never made) and a replica keeping the form in its memory (the
    other replica would ask for the date again)."""
    conversation = session()
    config = ChatConfig(",".join(r.url for r in topology.rasas), 30)
    first = config.order(f"kiosk-{conversation}")[0]
    victim = next(r for r in topology.rasas if r.url == first)
    say(topology, "nginx", conversation, OPEN)
    say(topology, "nginx", conversation, "đăng ký khai sinh")
    assert say(topology, "nginx", conversation, "26/11")[0].startswith("Ngày Thứ Năm 26/11/2026")
    victim.kill()
    try:
        replies = [say(topology, door, conversation, answer) for door, answer in [
            ("kiosk0", "10h"),
            ("kiosk1", "Lê Văn Tám"),
            ("nginx", "0912000888"),
            ("kiosk0", "không"),
        ]]  # fmt: skip
        assert replies[-1][0].startswith("Bạn kiểm tra lại giúp mình:")
        assert "10:00 Thứ Năm 26/11/2026" in replies[-1][0] and "Lê Văn Tám" in replies[-1][0]
        assert any("Mã lịch hẹn" in t for t in say(topology, "kiosk1", conversation, "có"))
    finally:
        victim.restart()
    [row] = booking_rows(topology, "0912000888")
    assert row[:3] == ("ho-tich.khai-sinh", _at("2026-11-26 10:00"), "Lê Văn Tám")


def test_without_redis_nothing_is_handled_unlocked_and_the_kiosk_answers_from_the_catalog(
    topology: Topology,
) -> None:
    """Redis down: Rasa cannot take a conversation's lock, so it handles no message (fail
    closed: two replicas can never interleave one conversation). The kiosk answers each
    turn from the catalog with its notice, never an error; Rasa's REST channel answers
    nothing (what the phone channels see); when Redis is back the form goes on where it
    was.
    Catches a lock store that falls back to no lock (the tracker would grow while Redis
    is down) and a relay that shows an error instead of the catalog's answer."""
    conversation = session()
    say(topology, "nginx", conversation, OPEN)
    say(topology, "nginx", conversation, "đăng ký khai sinh")
    before = len(topology.tracker(f"kiosk-{conversation}")["events"])
    topology.redis.stop()
    try:
        reply = topology.chat(topology.url, conversation, "đăng ký khai sinh ở đâu")
        assert reply["degraded"] is True and reply["notice"] == DEGRADED_NOTICE
        assert "Đăng ký khai sinh" in texts(reply)[0]
        # The phone channels' way in: Rasa's REST channel answers nothing at all.
        assert topology.rasa_say(1, f"kiosk-{conversation}", "27/11") == []
        assert len(topology.tracker(f"kiosk-{conversation}")["events"]) == before
    finally:
        topology.redis.start()
    assert say(topology, "kiosk1", conversation, "27/11")[0].startswith("Ngày Thứ Sáu 27/11/2026")
