"""`python -m connectors.telegram --polling` against the Bot API server on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from channel_harness import TOKEN, Remote
from loopback import wait_for
from telegram_api import text_update

REPO = Path(__file__).resolve().parents[2]
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
