"""The one HTTP client from the action server to the kiosk API (/api/v1).

Every fact the assistant tells comes through here: procedures from the
knowledge layer, slots and bookings, dossiers, tickets, checklists, feedback.
A failure becomes a `KioskError` whose `message` is Vietnamese and safe to show:
the kiosk's own message for a 4xx, a generic one when the kiosk is unreachable.

    async with KioskClient.from_env() as kiosk:
        answer = await kiosk.search("làm giấy khai sinh")
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

log = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:8000"
UNREACHABLE = (
    "Hệ thống của Bộ phận Một cửa đang tạm gián đoạn nên mình chưa tra được. "
    "Bạn vui lòng thử lại sau ít phút hoặc hỏi cán bộ tại quầy."
)
FAILED = "Yêu cầu chưa thực hiện được. Bạn vui lòng thử lại hoặc hỏi cán bộ tại quầy."


SERVICE_HEADER = "X-Motcua-Service"
IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRIES = 3  # of a write carrying an Idempotency-Key
# One connection pool per (event loop, kiosk, settings); a new loop (tests) gets its own.
_POOLS: dict[tuple[int, str, float, tuple[tuple[str, str], ...]], httpx.AsyncClient] = {}


def _pooled(base_url: str, timeout: float, headers: dict[str, str]) -> httpx.AsyncClient:
    loop = asyncio.get_running_loop()
    key = (id(loop), base_url, timeout, tuple(sorted(headers.items())))
    client = _POOLS.get(key)
    if client is None or client.is_closed or getattr(client, "_motcua_loop", None) is not loop:
        # httpx logs every request line at INFO: search URLs carry what citizens typed.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        client = httpx.AsyncClient(
            base_url=f"{base_url}/api/v1",
            timeout=timeout,
            headers=headers,
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        )
        client._motcua_loop = loop  # type: ignore[attr-defined]
        _POOLS[key] = client
    return client


async def close_pools() -> None:
    """Close the pooled connections of the running loop (tests, shutdown)."""
    loop = asyncio.get_running_loop()
    for key, client in list(_POOLS.items()):
        if getattr(client, "_motcua_loop", None) is loop:
            del _POOLS[key]
            await client.aclose()


class KioskError(Exception):
    """The kiosk refused or could not be reached; `message` is for the citizen."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        code: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code
        self.body = body or {}

    @property
    def unreachable(self) -> bool:
        return self.status is None


def _message_of(body: Any) -> str:
    """The kiosk's Vietnamese message: a string, or the first of a validation list."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("message") or FAILED)
    return FAILED


class KioskClient:
    """Async client; use it per action run with `async with` (no client at import).

    The HTTP connections are pooled per event loop and kept alive between action
    runs (a chat turn often makes several calls), so `async with` only borrows them.
    """

    def __init__(self, base_url: str, timeout: float = 5.0, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token = token or None
        self._http: httpx.AsyncClient | None = None

    @classmethod
    def from_env(cls) -> KioskClient:
        """MOTCUA_KIOSK_URL (default http://127.0.0.1:8000), MOTCUA_KIOSK_TIMEOUT seconds,
        MOTCUA_SERVICE_TOKEN (the kiosk then does not rate-limit the action server)."""
        url = os.environ.get("MOTCUA_KIOSK_URL", DEFAULT_URL)
        timeout = float(os.environ.get("MOTCUA_KIOSK_TIMEOUT", "5"))
        return cls(url, timeout, os.environ.get("MOTCUA_SERVICE_TOKEN"))

    def headers(self) -> dict[str, str]:
        # The source header tells the kiosk's analytics that this search belongs to a chat
        # turn it has already counted (kiosk/api/questions.py).
        headers = {"X-Motcua-Source": "assistant"}
        if self.token:
            headers[SERVICE_HEADER] = self.token
        return headers

    async def __aenter__(self) -> KioskClient:
        self._http = _pooled(self.base_url, self.timeout, self.headers())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._http = None  # the pooled connections stay open for the next action

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        assert self._http is not None
        try:
            return await self._http.request(method, path, **kwargs)
        except httpx.RemoteProtocolError:
            # A kept-alive connection the kiosk closed while idle: it never saw the
            # request, so sending it again on a fresh connection is safe.
            return await self._http.request(method, path, **kwargs)

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        if self._http is None:
            raise RuntimeError("use `async with KioskClient(...)`")
        # A write with an Idempotency-Key is sent again, with the same key, when the kiosk
        # replica died or the proxy found none (any replica then answers it once).
        keyed = IDEMPOTENCY_HEADER in (kwargs.get("headers") or {})
        for attempt in range(1, (RETRIES if keyed else 1) + 1):
            try:
                response = await self._send(method, path, **kwargs)
            except httpx.HTTPError as error:
                log.warning("kiosk %s %s unreachable: %s", method, path, type(error).__name__)
                if attempt < RETRIES and keyed:
                    await asyncio.sleep(0.5 * attempt)
                    continue
                raise KioskError(UNREACHABLE) from error
            if not (keyed and response.status_code in (502, 503, 504) and attempt < RETRIES):
                break
            await asyncio.sleep(0.5 * attempt)
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            log.info("kiosk %s %s answered %d", method, path, response.status_code)
            code = body.get("error") if isinstance(body, dict) else None
            message = _message_of(body) if response.status_code < 500 else UNREACHABLE
            raise KioskError(message, response.status_code, code, body)
        return body

    # -- desk and procedures -----------------------------------------------------

    async def desk(self) -> dict[str, Any]:
        return await self._call("GET", "/desk")

    async def search(self, query: str, k: int = 3) -> dict[str, Any]:
        """{"abstain", "confidence", "hits": [{"id", "name", "field", ...}]}."""
        return await self._call("GET", "/procedures/search", params={"q": query[:200], "k": k})

    async def procedure(self, procedure_id: str) -> dict[str, Any]:
        """Every catalog field of a procedure."""
        return await self._call("GET", f"/procedures/{quote(procedure_id, safe='')}")

    # -- appointments --------------------------------------------------------------

    async def free_slots(self, field: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        params = {"field": field, "start": start.isoformat(), "end": end.isoformat()}
        return await self._call("GET", "/appointments/slots", params=params)

    async def book(self, booking: dict[str, Any], key: str | None = None) -> dict[str, Any]:
        """POST /appointments; a full slot raises KioskError(409) with body["alternatives"].
        `key`: the attempt's Idempotency-Key (one booking however often it is sent)."""
        headers = {IDEMPOTENCY_HEADER: key} if key else {}
        return await self._call("POST", "/appointments", json=booking, headers=headers)

    async def find_booking(self, code: str, phone: str) -> dict[str, Any]:
        return await self._call("POST", "/appointments/lookup", json={"code": code, "phone": phone})

    async def cancel(self, code: str, phone: str) -> dict[str, Any]:
        path = f"/appointments/{quote(code, safe='')}/cancel"
        return await self._call("POST", path, json={"phone": phone})

    async def reschedule(self, code: str, phone: str, starts_at: dt.datetime) -> dict[str, Any]:
        path = f"/appointments/{quote(code, safe='')}/reschedule"
        body = {"phone": phone, "starts_at": starts_at.isoformat()}
        return await self._call("POST", path, json=body)

    # -- other citizen services ----------------------------------------------------

    async def dossier_status(self, code: str, last4: str) -> dict[str, Any]:
        body = {"code": code, "phone_last4": last4}
        return await self._call("POST", "/dossiers/lookup", json=body)

    async def complaint_status(self, code: str, last4: str | None) -> dict[str, Any]:
        """Status, deadline and answer of a complaint; 404 for an unknown code or wrong
        digits alike, 429 after too many failures for the code."""
        body = {"code": code, "phone_last4": last4}
        return await self._call("POST", "/complaints/lookup", json=body)

    async def take_ticket(self, field: str, priority: str) -> dict[str, Any]:
        return await self._call(
            "POST", "/queue/tickets", json={"field": field, "priority": priority}
        )

    async def save_checklist(
        self, procedure_id: str, have: list[str], missing: list[str], forms: list[str]
    ) -> dict[str, Any]:
        body = {"procedure_id": procedure_id, "have": have, "missing": missing, "forms": forms}
        return await self._call("POST", "/checklists", json=body)

    async def rate(self, score: str, comment: str | None, procedure_id: str | None) -> Any:
        body = {"score": score, "comment": comment, "procedure_id": procedure_id}
        return await self._call("POST", "/ratings", json=body)

    async def complain(
        self, content: str, phone: str | None, procedure_id: str | None
    ) -> dict[str, Any]:
        body = {"content": content, "contact_phone": phone, "procedure_id": procedure_id}
        return await self._call("POST", "/complaints", json=body)

    async def handoff(self, request: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/handoffs", json=request)
