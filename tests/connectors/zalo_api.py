"""The Zalo OA API on loopback: the v3 customer-service message endpoint and the v4 OAuth
token endpoint, with Zalo's answers and error codes.

- POST /v3.0/oa/message/cs, header `access_token`: {"error": 0, "message": "Success",
  "data": {"message_id", "user_id"}}; -216 for a token that is not the current one;
  -230 for a user outside the customer-service window (no interaction for 7 days).
- POST /v4/oa/access_token (form refresh_token, app_id, grant_type=refresh_token; header
  `secret_key`): a new access token and a new refresh token; the old refresh token is
  spent, as with the real service.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

APP_ID = "1234567890123456789"
APP_SECRET = "app-secret-key"


@dataclass
class ZaloApi:
    access_token: str = "access-0"
    refresh_token: str = "refresh-0"
    outside_window: set[str] = field(default_factory=set)
    delay: float = 0.0  # seconds before a message is answered (a slow network), after recording
    messages: list[dict[str, Any]] = field(default_factory=list)
    refreshes: list[dict[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v3.0/oa/message/cs", self._message, methods=["POST"]),
                Route("/v4/oa/access_token", self._token, methods=["POST"]),
            ]
        )

    def expire(self) -> None:
        """The access token runs out (25 hours in production)."""
        with self._lock:
            self.access_token = f"{self.access_token}-expired"

    def to(self, user_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m["message"] for m in self.messages if m["recipient"]["user_id"] == user_id]

    async def _message(self, request: Request) -> JSONResponse:
        body = await request.json()
        with self._lock:
            if request.headers.get("access_token") != self.access_token:
                return JSONResponse({"error": -216, "message": "Access token is invalid"})
            user = body["recipient"]["user_id"]
            if user in self.outside_window:
                return JSONResponse(
                    {"error": -230, "message": "User has not interacted with the OA in 7 days"}
                )
            text = body["message"].get("text", "")
            if len(text) > 2000:
                return JSONResponse({"error": -201, "message": "text is invalid"})
            self.messages.append(body)
            number = next(self._ids)
        if self.delay:
            await asyncio.sleep(self.delay)
        return JSONResponse(
            {
                "error": 0,
                "message": "Success",
                "data": {"message_id": f"m{number}", "user_id": user},
            }
        )

    async def _token(self, request: Request) -> JSONResponse:
        form = {k: str(v) for k, v in (await request.form()).items()}
        with self._lock:
            self.refreshes.append(form)
            if (
                request.headers.get("secret_key") != APP_SECRET
                or form.get("app_id") != APP_ID
                or form.get("grant_type") != "refresh_token"
                or form.get("refresh_token") != self.refresh_token
            ):
                return JSONResponse(
                    {"error": -14014, "error_name": "Invalid refresh token", "error_reason": ""}
                )
            number = next(self._ids)
            self.access_token, self.refresh_token = f"access-{number}", f"refresh-{number}"
            return JSONResponse(
                {
                    "access_token": self.access_token,
                    "refresh_token": self.refresh_token,
                    "expires_in": "90000",
                }
            )
