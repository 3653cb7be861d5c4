"""A Telegram Bot API server on loopback, for python-telegram-bot to talk to.

Speaks the real protocol: POST /bot<token>/<method> with form-encoded (or JSON)
parameters, answers {"ok": true, "result": ...} or {"ok": false, "error_code",
"description"}. Knows getMe, setWebhook, deleteWebhook, sendMessage,
answerCallbackQuery and getUpdates (long polling over queued updates); a wrong
token gets 401 like the real server. Every call is recorded for the tests.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_ID = 4242
USERNAME = "motcua_test_bot"
JSON_FIELDS = {"reply_markup", "allowed_updates", "link_preview_options", "entities"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class TelegramApi:
    token: str
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    blocked_chats: set[int] = field(default_factory=set)
    delay: float = 0.0  # seconds before sendMessage answers (a slow network), after recording
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["POST"])])

    # -- what the tests read ---------------------------------------------------------

    def called(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def sent(self, chat_id: int) -> list[dict[str, Any]]:
        return [p for p in self.called("sendMessage") if int(p["chat_id"]) == chat_id]

    def queue_update(self, update: dict[str, Any]) -> None:
        with self._lock:
            self.updates.append(update)

    # -- the protocol -------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        params = await _params(request)
        method = request.path_params["method"]
        with self._lock:
            self.calls.append(Call(method, params))
        if method == "getUpdates":
            return _ok(await self._get_updates(params))
        handler = {
            "getMe": lambda p: {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Một cửa",
                "username": USERNAME,
            },
            "setWebhook": lambda p: True,
            "deleteWebhook": lambda p: True,
            "answerCallbackQuery": lambda p: True,
            "sendMessage": self._send_message,
        }.get(method)
        if handler is None:
            return _error(404, "Not Found: method not found")
        if method == "sendMessage" and int(params["chat_id"]) in self.blocked_chats:
            return _error(403, "Forbidden: bot was blocked by the user")
        if method == "sendMessage" and len(str(params.get("text", ""))) > 4096:
            return _error(400, "Bad Request: message is too long")
        if method == "sendMessage" and self.delay:
            await asyncio.sleep(self.delay)
        return _ok(handler(params))

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Một cửa"},
            "text": params.get("text", ""),
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        body: dict[str, Any] = await request.json()
        return body
    form = await request.form()
    params: dict[str, Any] = {}
    for key, value in form.items():
        text = str(value)
        params[key] = json.loads(text) if key in JSON_FIELDS else text
    return params


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _error(code: int, description: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error_code": code, "description": description}, code)


def text_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    """An update as Telegram sends it when a user writes to the bot."""
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Công dân"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Công dân"},
        "text": text,
    }
    if text.startswith("/"):
        command = text.split(" ", 1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def button_update(update_id: int, chat_id: int, data: str, markup: Any = None) -> dict[str, Any]:
    """An update for a pressed inline button under one of the bot's messages."""
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Một cửa"},
        "text": "…",
    }
    if markup is not None:
        message["reply_markup"] = markup
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Công dân"},
            "chat_instance": "ci",
            "data": data,
            "message": message,
        },
    }
