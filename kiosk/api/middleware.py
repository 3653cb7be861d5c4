"""Pure ASGI middleware: the request body size limit (413 before the body is parsed) and
the desk's time zone for the datetimes a response carries."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.core.clock import desk_time_zone, desk_zone

TOO_LARGE = "Dữ liệu gửi lên quá lớn (tối đa {limit} KB)."


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body parsing re-raises it instead of making it a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, TOO_LARGE.format(limit=limit // 1024))


class BodySizeLimit:
    """Refuse bodies over `limit` bytes; `overrides` maps a path suffix to its own limit."""

    def __init__(
        self, app: ASGIApp, limit: int, overrides: Mapping[str, int] | None = None
    ) -> None:
        self.app, self.limit, self.overrides = app, limit, dict(overrides or {})

    def limit_for(self, path: str) -> int:
        return next((v for k, v in self.overrides.items() if path.endswith(k)), self.limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _reject(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # chunked bodies declare no length
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _reject(scope, receive, send, limit)


async def _reject(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse(
        {"detail": TOO_LARGE.format(limit=limit // 1024), "error": "body_too_large"},
        status_code=413,
    )
    await response(scope, receive, send)


class DeskTimeZone:
    """Datetimes in answers carry the UTC offset of the desk's zone (desk.yaml `timezone`),
    read from the app's runtime once lifespan has opened it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime = getattr(getattr(scope.get("app"), "state", None), "runtime", None)
        if scope["type"] != "http" or runtime is None:
            await self.app(scope, receive, send)
            return
        with desk_time_zone(desk_zone(runtime.desk.timezone)):
            await self.app(scope, receive, send)
