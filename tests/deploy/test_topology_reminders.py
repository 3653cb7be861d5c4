"""Reminders with two kiosk replicas, one restarted in the middle of sending: each is sent
exactly once, counted where it arrives (the loopback Telegram Bot API and Zalo OA API of
tests/connectors, which every replica of tests/topology.py talks to)."""

from __future__ import annotations

import time
import uuid
from collections import Counter

import httpx
import pytest
from sqlalchemy import create_engine, text
from topology import Topology

pytestmark = pytest.mark.topology

# Fields with a free 10:00 seat today (the topology's clock: Monday 23/11/2026 09:00), so
# the "1h" reminder of each booking falls due now, on both replicas at once.
FIELDS = [
    "Lý lịch tư pháp", "Cư trú", "Căn cước", "Đất đai", "Xây dựng", "Đăng ký kinh doanh",
    "Đăng ký doanh nghiệp", "Thuế", "Bảo hiểm xã hội", "Bảo hiểm y tế", "Việc làm",
    "Bảo trợ xã hội", "An toàn thực phẩm", "Lưu thông hàng hóa", "Xúc tiến thương mại",
    "Kinh doanh xăng dầu", "Kinh doanh khí", "Hóa chất",
]  # fmt: skip
TELEGRAM_CHATS = [880000 + i for i in range(len(FIELDS) // 2)]
ZALO_USERS = [f"77000000000{i:05d}" for i in range(len(FIELDS) - len(TELEGRAM_CHATS))]


def book_on_channels(topology: Topology) -> list[str]:
    """One 10:00 booking per chat, as the assistant books from Telegram or Zalo."""
    owners = [("telegram", str(c)) for c in TELEGRAM_CHATS] + [("zalo", u) for u in ZALO_USERS]
    codes = []
    for number, (field, (channel, chat)) in enumerate(zip(FIELDS, owners, strict=True)):
        body = {
            "field": field,
            "starts_at": "2026-11-23T10:00:00",
            "name": "Phan Văn Mười",
            "phone": f"09120{number:05d}",  # one citizen per chat: one seat per phone
            "channel": channel,
            "channel_user_id": f"{channel}-{chat}",
        }
        response = httpx.post(
            f"{topology.url}/api/v1/appointments",
            json=body,
            headers={"Idempotency-Key": uuid.uuid4().hex},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        codes.append(response.json()["code"])
    return codes


def arrived(topology: Topology) -> Counter[str]:
    """Reminders received, by recipient (Telegram chat id or Zalo user id)."""
    telegram = [str(p["chat_id"]) for p in topology.telegram.api.called("sendMessage")]
    with topology.zalo.api._lock:
        zalo = [m["recipient"]["user_id"] for m in topology.zalo.api.messages]
    return Counter(telegram + zalo)


def statuses(topology: Topology) -> Counter[str]:
    engine = create_engine(topology.database_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT status FROM channel_notifications"))
            return Counter(status for (status,) in found)
    finally:
        engine.dispose()


def test_each_reminder_is_sent_exactly_once_with_a_replica_restarted_midway(
    topology: Topology,
) -> None:
    """Both replicas plan and claim the same due reminders; one is restarted (SIGTERM,
    as a rolling update does) while it sends. Catches claiming without a claim token
    (both replicas send each reminder), a shutdown that leaves its claimed reminders
    `sending` (they would arrive only after the ten-minute lease) and one that cuts a
    send in half (sent, but sent again after the lease)."""
    recipients = {str(c) for c in TELEGRAM_CHATS} | set(ZALO_USERS)
    topology.telegram.api.delay = topology.zalo.api.delay = 0.4  # sending takes a while
    try:
        book_on_channels(topology)
        deadline = time.monotonic() + 60
        while not arrived(topology) and time.monotonic() < deadline:
            time.sleep(0.05)
        restarted = topology.kiosks[0]
        restarted.stop()  # in the middle of the run
        assert sum(arrived(topology).values()) < len(recipients), "restart came too late"
        restarted.restart()
        while set(arrived(topology)) < recipients and time.monotonic() < deadline + 60:
            time.sleep(0.2)
        time.sleep(3)  # several more cycles of both replicas: nothing more may come
    finally:
        topology.telegram.api.delay = topology.zalo.api.delay = 0.0
    assert arrived(topology) == Counter({r: 1 for r in recipients})
    assert statuses(topology) == Counter({"sent": len(recipients)})
