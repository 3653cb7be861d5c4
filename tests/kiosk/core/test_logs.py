"""Log lines: personal data masked and Telegram bot tokens cut out on the way out."""

from __future__ import annotations

from kiosk.core.logs import scrub


def test_log_lines_lose_bot_tokens_and_personal_data() -> None:
    line = "GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeo-fSAs0K5/getMe 0912345678"
    assert scrub(line) == "GET https://api.telegram.org/bot[token]/getMe [sđt]"
