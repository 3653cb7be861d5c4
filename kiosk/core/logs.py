"""Logging: one JSON object per line (production) or plain text (development),
each record stamped with the id of the request it belongs to.

The request id lives in a context variable set by the request middleware
(kiosk/api/observability.py); Starlette copies the context into the thread
pool, so sync routes and the services they call log it too. Messages go
through the masking function: code should not log personal data, and if a
phone number or a name slips into a message it is masked on the way out. Bot API
URLs lose their token the same way (python-telegram-bot logs them at DEBUG).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from contextvars import ContextVar
from typing import Any, Literal

from vntext.masking import mask

LogFormat = Literal["auto", "json", "text"]

request_id: ContextVar[str | None] = ContextVar("motcua_request_id", default=None)
_BOT_TOKEN = re.compile(r"(/bot)\d+:[\w-]+")  # https://api.telegram.org/bot<token>/getMe


def scrub(text: str) -> str:
    """A log text with personal data masked and Telegram bot tokens cut out."""
    return mask(_BOT_TOKEN.sub(r"\1[token]", text))


# Attributes every LogRecord has; anything else was passed through `extra=`.
_STANDARD = frozenset(
    {*logging.LogRecord("", 0, "", 0, "", None, None).__dict__, "message", "asctime", "taskName"}
    | {"rid", "color_message"}  # ours (TextFormatter), uvicorn's ANSI-coloured copy
)


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD}


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": request_id.get(),
        }
        for key, value in _extras(record).items():
            entry.setdefault(key, scrub(value) if isinstance(value, str) else value)
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Human-readable lines for a developer's terminal, with the request id when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(rid)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        rid = request_id.get()
        record.rid = f" [{rid}]" if rid else ""
        extras = _extras(record)
        line = scrub(super().format(record))
        if extras:
            line += " " + " ".join(f"{k}={scrub(str(v))}" for k, v in extras.items())
        return line


def resolve_format(log_format: LogFormat) -> Literal["json", "text"]:
    """`auto`: text on a terminal (a developer), JSON otherwise (a service, a container)."""
    if log_format != "auto":
        return log_format
    return "text" if sys.stderr.isatty() else "json"


def formatter_for(log_format: LogFormat) -> logging.Formatter:
    return JsonFormatter() if resolve_format(log_format) == "json" else TextFormatter()


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record is emitted, not when it was made:
    a thread that outlives a replaced (and closed) stderr still logs somewhere valid."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(log_format: LogFormat = "auto", level: str = "INFO") -> None:
    """Configure the root logger once, at the entry point; uvicorn's loggers propagate to it."""
    handler = StderrHandler()
    handler.setFormatter(formatter_for(log_format))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # httpx logs every request URL at INFO: Rasa tracker URLs carry the API token (and the
    # Bot API's its bot token).
    logging.getLogger("httpx").setLevel(logging.WARNING)
