"""`python -m connectors.telegram --polling` against the Bot API server on loopback."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from loopback import wait_for

from tests.connectors.channel_harness import TOKEN, Remote
from tests.connectors.telegram_api import text_update

REPO = Path(__file__).resolve().parents[3]
CHAT = 31337


def test_polling_mode_relays_and_stops_cleanly(
    telegram: Remote, rasa: Remote, tmp_path: Path
) -> None:
    rasa.api.script["xin chào"] = [{"text": "Chào bạn <3"}]
    telegram.api.queue_update(text_update(900, CHAT, "xin chào"))
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_TELEGRAM_TOKEN": TOKEN,
        "MOTCUA_TELEGRAM_API_URL": f"{telegram.url}/bot",
        "MOTCUA_RASA_URL": rasa.url,
        "MOTCUA_OPEN_RETRIEVER": "false",
        "MOTCUA_SPEECH_ENABLED": "false",
    }
    log = tmp_path / "polling.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "connectors.telegram", "--polling"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        [reply] = wait_for(lambda: telegram.api.sent(CHAT), timeout=60, what="the reply")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
    assert reply["text"] == "Chào bạn &lt;3"
    assert rasa.api.turns == [(f"telegram-{CHAT}", "xin chào")]
    assert telegram.api.called("deleteWebhook")  # polling and a webhook exclude each other
    offsets = [int(c.get("offset") or 0) for c in telegram.api.called("getUpdates")]
    assert max(offsets) == 901  # the update was confirmed
    assert TOKEN not in log.read_text()


def test_polling_mode_masks_its_logs_and_records_the_transcript(
    telegram: Remote, rasa: Remote, tmp_path: Path
) -> None:
    """Logging is configured as in the kiosk (masked), and the relay is the kiosk's: the
    turn is kept in the transcripts and the question, masked, in the statistics."""
    message = "số của tôi là 0912345678, làm giấy khai sinh thế nào"
    rasa.api.script[message] = [{"text": "Bạn mang tờ khai và giấy chứng sinh."}]
    telegram.api.queue_update(text_update(900, CHAT, message))
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_TELEGRAM_TOKEN": TOKEN,
        "MOTCUA_TELEGRAM_API_URL": f"{telegram.url}/bot",
        "MOTCUA_RASA_URL": rasa.url,
        "MOTCUA_OPEN_RETRIEVER": "false",
        "MOTCUA_SPEECH_ENABLED": "false",
        "MOTCUA_LOG_LEVEL": "DEBUG",  # python-telegram-bot logs each update it processes
        "MOTCUA_LOG_FORMAT": "text",
    }
    log = tmp_path / "polling.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "connectors.telegram", "--polling"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: telegram.api.sent(CHAT), timeout=60, what="the reply")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
    text = log.read_text(encoding="utf-8")
    assert "Processing update" in text and "[sđt]" in text  # the update, masked
    assert "0912345678" not in text and TOKEN not in text
    with sqlite3.connect(tmp_path / "motcua.db") as db:
        lines = db.execute("SELECT channel, sender_id, role, text FROM transcripts").fetchall()
        questions = db.execute("SELECT channel, text FROM questions").fetchall()
    assert sorted(lines) == [
        ("telegram", f"telegram-{CHAT}", "assistant", "Bạn mang tờ khai và giấy chứng sinh."),
        ("telegram", f"telegram-{CHAT}", "citizen", message),
    ]
    assert questions == [("telegram", "số của tôi là [sđt], làm giấy khai sinh thế nào")]
