"""The OpenAPI document at /api/v1/openapi.json, made to say what the API really answers.

FastAPI documents the 200 of each route and its own 422 shape. Ours differ, so after
FastAPI builds the document this adds, per operation:

- 422 as what kiosk/api/errors.py sends: `{"detail": [{"field", "message"}]}` for bad
  input, or `{"detail", "error"}` for a domain refusal;
- 401 and 403 where a staff role is required (and 403 on writes without the CSRF token);
- 429 where a per-address rate limit applies; 413 where a body is taken; 404 where a path
  names a record; 503 where the procedure catalog is needed;
- the domain errors each route's service raises (ROUTE_ERRORS), with their status.

tests/kiosk/api/test_openapi.py runs schemathesis against the document with its response
checks, so a status or shape the document does not name fails there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts

from kiosk.api.auth import route_role

JSON = "application/json"
ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION = {"$ref": "#/components/schemas/ValidationErrors"}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "title": "Error",
        "type": "object",
        "description": "Một lỗi: lời nhắn tiếng Việt (`detail`), mã lỗi cho máy (`error`) và "
        "các trường kèm theo của một số lỗi (`retry_after`, `alternatives`, `rows`).",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string"},
            "error": {"type": "string"},
            "retry_after": {"type": "integer", "description": "Số giây nên chờ"},
            "alternatives": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/SlotOut"},
                "description": "Khung giờ còn trống gần nhất",
            },
            "rows": {"type": "array", "items": {"type": "object"}},
        },
    },
    "FieldError": {
        "title": "FieldError",
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string", "description": "Trường sai, ví dụ phone, body"},
            "message": {"type": "string", "description": "Lời nhắn tiếng Việt"},
        },
    },
    "ValidationErrors": {
        "title": "ValidationErrors",
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}
        },
    },
}

DESCRIPTIONS = {
    400: "Yêu cầu không đọc được",
    401: "Chưa đăng nhập (hoặc sai tên đăng nhập, mật khẩu)",
    403: "Không đủ quyền, hoặc thiếu mã bảo vệ phiên (X-CSRF-Token)",
    404: "Không tìm thấy",
    409: "Xung đột với trạng thái hiện tại",
    413: "Dữ liệu gửi lên quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu hoặc đang tạm khóa (xem Retry-After)",
    503: "Tra cứu thủ tục chưa sẵn sàng",
}

# Domain errors by route (method, path under /api/v1), from the services they call.
ROUTE_ERRORS: dict[tuple[str, str], set[int]] = {
    ("GET", "/appointments/slots"): {422},
    ("POST", "/appointments"): {404, 409, 422},
    ("POST", "/appointments/lookup"): {404},
    ("POST", "/appointments/{code}/cancel"): {409},
    ("POST", "/appointments/{code}/reschedule"): {409, 422},
    ("POST", "/queue/tickets"): {409, 422},
    ("POST", "/dossiers/lookup"): {404},
    ("POST", "/dossiers/import"): {422},
    ("POST", "/checklists"): {404},
    ("POST", "/ratings"): {404, 409, 422},
    ("POST", "/complaints"): {404},
    ("POST", "/complaints/lookup"): {404},
    ("POST", "/complaints/{code}/status"): {422},
    ("POST", "/handoffs/{code}/callback"): {409, 422},
    ("POST", "/handoffs/{code}/take"): {409},
    ("POST", "/handoffs/{code}/answer"): {409},
    ("POST", "/handoffs/{code}/call"): {409},
    ("POST", "/handoffs/{code}/close"): {409},
    ("GET", "/procedures/{procedure_id}/checklist"): {422},
    ("GET", "/catalog-audit/differences"): {422},
    ("POST", "/catalog-audit/differences/{difference_id}/decision"): {422},
    ("POST", "/staff/login"): {401, 403},
    ("POST", "/staff/users"): {409, 422},
    ("POST", "/staff/appointments/{code}/check-in"): {409},
    ("POST", "/staff/appointments/{code}/no-show"): {409},
    ("POST", "/staff/dossiers/{code}/status"): {422},
    ("GET", "/analytics/summary"): {422},
    ("GET", "/analytics/unanswered"): {422},
    ("POST", "/analytics/aliases"): {404, 422, 503},
    ("POST", "/analytics/drafts"): {422, 503},
    ("GET", "/qr.png"): {422},
    ("GET", "/speech"): {422, 503},
}
PREFIX = "/api/v1"


def _calls(route: Any) -> set[str]:
    """Names of every dependency of a route, however deep."""
    names, pending = set(), [route.dependant]
    while pending:
        dependant = pending.pop()
        names.add(getattr(dependant.call, "__name__", ""))
        pending.extend(dependant.dependencies)
    return names


def statuses(route: Any, method: str) -> set[int]:
    """The error statuses `method` on `route` can answer."""
    found = set(ROUTE_ERRORS.get((method, str(route.path).removeprefix(PREFIX)), set()))
    calls = _calls(route)
    if route_role(route) is not None:
        found |= {401, 403}
    if {"rate_limited", "rate_limited_reads"} & calls:
        found.add(429)
    if "get_retriever" in calls:
        found.add(503)
    if route.body_field is not None:
        found |= {400, 413, 422}  # 400: a body that is not text (bytes that are not UTF-8)
    if route.dependant.path_params:
        found |= {404, 422}
    if route.dependant.query_params:
        found.add(422)
    return found


def _operations(app: FastAPI) -> Iterator[tuple[Any, str]]:
    for route in iter_route_contexts(app.routes):
        if getattr(route, "dependant", None) is None or not route.include_in_schema:
            continue
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                yield route, method


def _error_response(status: int) -> dict[str, Any]:
    schema = {"anyOf": [VALIDATION, ERROR]} if status == 422 else ERROR
    return {"description": DESCRIPTIONS[status], "content": {JSON: {"schema": schema}}}


def build(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components.update(SCHEMAS)
    for route, method in _operations(app):
        operation = document["paths"][route.path_format][method.lower()]
        responses = operation.setdefault("responses", {})
        for status in sorted(statuses(route, method)):
            responses[str(status)] = _error_response(status)
    return document


def install(app: FastAPI) -> None:
    """Serve the corrected document (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
