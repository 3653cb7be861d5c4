"""Request context and metrics: X-Request-ID in and out, one log line and one
measurement per request, and `GET /metrics` in Prometheus text format.

The log line names the route template ("/api/v1/appointments/{code}/cancel"),
never the raw path or query string: those can hold a booking code, a phone
number or a citizen's question.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.core.logs import request_id
from kiosk.core.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger("kiosk.access")
HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")


def incoming_id(scope: Scope) -> str:
    """The caller's request id when it is a sane token, else a fresh one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _ACCEPTED_ID.match(text):
                return text
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's path template; "unmatched" for 404s and mounted files.

    FastAPI may keep an included router's prefix apart from its routes (the route's
    template is then "/chat" for "/api/v1/chat"): the template is the last segments
    of the path, the prefix before it is static and taken from the path as it is.
    """
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    path: str = scope.get("path", "")
    if not isinstance(template, str):
        return "/static" if path.startswith("/static/") else "unmatched"
    if template.startswith("/static") or ":path}" in template:
        return template
    prefix_depth = path.count("/") - template.count("/")
    return "/".join(path.split("/")[: max(prefix_depth + 1, 0)]) + template


class RequestContext:
    """Pure ASGI middleware: sets the request id, times and counts the request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = incoming_id(scope)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                message["headers"] = [*headers, (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._observe(scope, status, time.perf_counter() - started)
            request_id.reset(token)

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        method, route = scope.get("method", ""), route_template(scope)
        self.metrics.requests.labels(method, route, str(status)).inc()
        self.metrics.latency.labels(method, route).observe(seconds)
        level = logging.WARNING if status >= 500 else logging.INFO
        log.log(
            level,
            "%s %s %d",
            method,
            route,
            status,
            extra={"method": method, "route": route, "status": status, "ms": round(1e3 * seconds)},
        )


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


MetricsDep = Annotated[Metrics, Depends(get_metrics)]

router = APIRouter(tags=["Vận hành"])


@router.get("/metrics", include_in_schema=False)
def metrics(registry: MetricsDep) -> Response:
    """Prometheus scrape endpoint; keep it on the internal network (the proxy should not
    publish it)."""
    return Response(registry.exposition(), media_type=CONTENT_TYPE)
