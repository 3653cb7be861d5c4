"""A citizen's data by phone: export, deletion in one transaction, audit without the phone;
the retention job for chat transcripts (service, periodic task in the app, command line)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.core.clock import fixed_clock
from kiosk.core.config import Settings
from kiosk.core.vocab import AppointmentStatus, ComplaintStatus, HandoffStatus, RatingScore
from kiosk.services import privacy
from kiosk.services.privacy import PrivacyService
from kiosk.services.retention import RetentionJob
from kiosk.store.analytics import PrivacyAudit, TranscriptLine
from kiosk.store.channels import ChannelLink, ChannelNotification
from kiosk.store.db import Database
from kiosk.store.migrate import upgrade
from kiosk.store.models import Appointment, Complaint, Handoff, Rating
from tests.kiosk.conftest import NOW

both_databases = pytest.mark.both_databases  # store tests: SQLite and PostgreSQL

API = "/api/v1"
PHONE = "0912345678"
OTHER = "0987654321"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The app's own retention run uses its clock: pinned, so the seeded lines stay young.
    return settings.model_copy(update={"speech_enabled": False, "fixed_now": NOW})


def appointment(n: int, phone: str, channel: str = "kiosk", user: str | None = None) -> Appointment:
    return Appointment(
        code=f"LH-PRIV{n}",
        field="Hộ tịch",
        starts_at=NOW + dt.timedelta(days=1, minutes=15 * n),
        seat=1,
        status=AppointmentStatus.BOOKED,
        name="Nguyễn Văn An",
        phone=phone,
        priority="không",
        channel=channel,
        channel_user_id=user,
        created_at=NOW,
        updated_at=NOW,
    )


def line(sender: str, text: str, at: dt.datetime = NOW, role: str = "citizen") -> TranscriptLine:
    channel = sender.split("-", 1)[0]
    return TranscriptLine(channel=channel, sender_id=sender, role=role, text=text, created_at=at)


def complaint(n: int, content: str, phone: str | None) -> Complaint:
    return Complaint(
        code=f"PA-PRIV{n}",
        content=content,
        contact_name="Nguyễn Văn An" if phone else None,
        contact_phone=phone,
        status=ComplaintStatus.NEW,
        created_at=NOW,
        due_on=NOW.date() + dt.timedelta(days=10),
    )


def handoff(n: int, sender: str, transcript: list[str], at: dt.datetime = NOW) -> Handoff:
    return Handoff(
        code=f"HT-PRIV{n}",
        channel=sender.split("-", 1)[0],
        sender_id=sender,
        reason="muốn gặp cán bộ",
        transcript=transcript,
        status=HandoffStatus.WAITING,
        created_at=at,
    )


def seed_citizens(db: Database) -> None:
    """One citizen (PHONE) across every table, and another who must be left alone."""
    with db.write() as session:
        mine = appointment(1, PHONE, "telegram", "telegram-42")
        session.add_all([mine, appointment(2, OTHER)])
        session.flush()
        link = ChannelLink(channel="telegram", chat_id="42", appointment_id=mine.id, created_at=NOW)
        session.add(link)
        session.flush()
        session.add(
            ChannelNotification(
                link_id=link.id,
                kind="reminder",
                target="x",
                due_at=NOW,
                status="pending",
                created_at=NOW,
            )
        )
        session.add_all(
            [
                line("telegram-42", "đặt lịch khai sinh"),
                line("telegram-42", "Đã đặt lịch LH-PRIV1", role="assistant"),
                line("kiosk-s9", "số tôi là 0912 345 678"),
                line("kiosk-s9", "cảm ơn"),
                line("kiosk-s7", f"số tôi là {OTHER}"),
                complaint(1, "Chờ quá lâu", PHONE),
                complaint(2, "Gọi lại cho tôi: +84 912 345 678", None),
                complaint(3, "Phòng chờ nóng", OTHER),
                Rating(score=RatingScore.SATISFIED, comment="gọi 0912.345.678", created_at=NOW),
                Rating(score=RatingScore.SATISFIED, comment="tốt", created_at=NOW),
                handoff(1, "telegram-42", ["đặt lịch khai sinh"]),
                handoff(2, "kiosk-s7", ["hỏi cư trú"]),
            ]
        )


def migrated(settings: Settings) -> Database:
    db = Database(settings.sqlalchemy_url)
    upgrade(db.write_engine)
    return db


def count(db: Database, model: Any) -> int:
    with db.read() as session:
        return len(session.scalars(select(model)).all())


@both_databases
def test_export_then_delete_by_phone(
    app: FastAPI,
    client: TestClient,
    staff_login: Callable[..., dict[str, str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    db: Database = app.state.runtime.db
    seed_citizens(db)
    admin = staff_login(client, "admin")
    caplog.set_level(logging.INFO)

    exported = client.post(f"{API}/privacy/export", json={"phone": "0912 345 678"})
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-disposition"].startswith("attachment;")
    document = exported.json()
    assert document["phone"] == PHONE
    assert [a["code"] for a in document["appointments"]] == ["LH-PRIV1"]
    assert [c["code"] for c in document["complaints"]] == ["PA-PRIV1", "PA-PRIV2"]
    assert [r["comment"] for r in document["ratings"]] == ["gọi 0912.345.678"]
    assert len(document["transcripts"]) == 4  # the Telegram chat and the kiosk session
    assert [h["code"] for h in document["handoffs"]] == ["HT-PRIV1"]
    assert len(document["channel_links"]) == 1

    refused = client.post(f"{API}/privacy/delete", json={"phone": PHONE})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["message"].startswith("Xác nhận xóa:")
    deleted = client.post(f"{API}/privacy/delete", json={"phone": PHONE, "confirm": True})
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {
        "appointments": 1,
        "channel_links": 1,
        "complaints": 2,
        "rating_comments": 1,
        "transcript_lines": 4,
        "handoffs": 1,
    }
    with db.read() as session:
        assert session.scalars(select(Appointment.phone)).all() == [OTHER]
        assert session.scalars(select(Complaint.code)).all() == ["PA-PRIV3"]
        assert session.scalars(select(TranscriptLine.sender_id)).all() == ["kiosk-s7"]
        assert session.scalars(select(Handoff.code)).all() == ["HT-PRIV2"]
        assert sorted(session.scalars(select(Rating.comment)).all(), key=str) == [None, "tốt"]
    assert count(db, ChannelLink) == 0 and count(db, ChannelNotification) == 0
    again = client.post(f"{API}/privacy/export", json={"phone": PHONE}).json()
    assert again["appointments"] == [] and again["transcripts"] == []

    audit = client.get(f"{API}/privacy/audit").json()
    assert [(a["action"], a["subject"], a["actor"]) for a in audit] == [
        ("export", "091****678", admin["username"]),
        ("delete", "091****678", admin["username"]),
        ("export", "091****678", admin["username"]),
    ]
    with db.read() as session:
        stored = [
            json.dumps([a.subject, a.actor, a.counts])
            for a in session.scalars(select(PrivacyAudit))
        ]
    assert not any("345" in row for row in stored)
    assert not any(PHONE in record.getMessage() for record in caplog.records)


def test_privacy_needs_an_admin(
    client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    staff_login(client, "supervisor")
    response = client.post(f"{API}/privacy/export", json={"phone": PHONE})
    assert response.status_code == 403 and response.json()["error"] == "forbidden"


@both_databases
def test_a_failed_deletion_deletes_nothing(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    db: Database = app.state.runtime.db
    seed_citizens(db)

    def broken(phone: str) -> str:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(privacy, "mask_phone", broken)  # fails after every delete was issued
    with pytest.raises(RuntimeError):
        PrivacyService(db, fixed_clock(NOW)).delete(PHONE, "admin")
    assert count(db, Appointment) == 2 and count(db, TranscriptLine) == 5
    assert count(db, Complaint) == 3 and count(db, ChannelNotification) == 1
    assert count(db, PrivacyAudit) == 0


@both_databases
def test_retention_deletes_old_transcripts_only(settings: Settings) -> None:
    db = migrated(settings)  # no app: its own periodic run would race this one
    with db.write() as session:
        session.add_all(
            [
                line("kiosk-a", "cũ", NOW - dt.timedelta(days=31)),
                line("kiosk-a", "vừa đủ", NOW - dt.timedelta(days=29)),
                handoff(1, "kiosk-a", ["cũ"], NOW - dt.timedelta(days=40)),
                handoff(2, "kiosk-b", ["mới"], NOW - dt.timedelta(days=1)),
            ]
        )
    job = RetentionJob(db, fixed_clock(NOW), days=30)
    report = job.run()
    assert (report.transcript_lines, report.handoff_transcripts) == (1, 1)
    with db.read() as session:
        assert session.scalars(select(TranscriptLine.text)).all() == ["vừa đủ"]
        kept = {h.code: h.transcript for h in session.scalars(select(Handoff))}
    assert kept == {"HT-PRIV1": [], "HT-PRIV2": ["mới"]}
    assert job.run().transcript_lines == 0
    db.dispose()


def test_the_app_runs_retention_periodically(
    settings: Settings, kiosk_retriever: Any, database_url: str
) -> None:
    from kiosk.app import create_app
    from kiosk.runtime import RuntimeOverrides

    periodic = settings.model_copy(
        update={
            "fixed_now": NOW,
            "retention_interval_minutes": 0.005,
            "transcript_retention_days": 7,
        }
    )
    app = create_app(periodic, overrides=RuntimeOverrides(knowledge=kiosk_retriever))
    with TestClient(app):
        db: Database = app.state.runtime.db
        with db.write() as session:
            session.add(line("kiosk-a", "cũ", NOW - dt.timedelta(days=8)))
        deadline = time.monotonic() + 10
        while count(db, TranscriptLine) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert count(db, TranscriptLine) == 0


def test_retention_command_line(settings: Settings, tmp_path: Path) -> None:
    db = migrated(settings)
    with db.write() as session:
        session.add(line("kiosk-a", "cũ", NOW - dt.timedelta(days=3)))
        session.add(line("kiosk-a", "mới", NOW))
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_DATABASE_URL": settings.sqlalchemy_url,
        "MOTCUA_FIXED_NOW": NOW.isoformat(),
        "MOTCUA_LOG_FORMAT": "json",
    }
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "retention", "--days", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã xóa 1 dòng hội thoại")
    logged = [json.loads(x) for x in done.stderr.splitlines() if x.startswith("{")]
    assert any(entry["logger"] == "kiosk.services.retention" for entry in logged)
    assert count(db, TranscriptLine) == 1
    db.dispose()
