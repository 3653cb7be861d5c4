"""No staff endpoint answers without the right role: every route of the app is checked.

A route is public only if it is listed in PUBLIC below; any other route must carry
`require_role` (kiosk/api/auth.py), so a new unprotected route fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from kiosk.api.auth import route_role
from kiosk.core.vocab import StaffRole

# (method, path) of every route anyone may call: the citizen's side of the kiosk.
PUBLIC = {
    ("GET", "/"),
    ("GET", "/staff"),  # the console's HTML shell; its data needs a session
    ("GET", "/display"),
    ("GET", "/metrics"),  # Prometheus scrape (counts only, no personal data)
    ("POST", "/webhooks/telegram"),  # authenticated by Telegram's secret token
    ("POST", "/webhooks/zalo"),  # authenticated by the Zalo OA signature
    ("GET", "/api/v1/desk"),
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/ui-config"),
    ("GET", "/api/v1/qr.png"),
    ("GET", "/api/v1/procedures/search"),
    ("GET", "/api/v1/procedures/{procedure_id}"),
    ("GET", "/api/v1/procedures/{procedure_id}/forms"),
    ("GET", "/api/v1/procedures/{procedure_id}/checklist"),
    ("GET", "/api/v1/appointments/slots"),
    ("POST", "/api/v1/appointments"),
    ("POST", "/api/v1/appointments/lookup"),
    ("POST", "/api/v1/appointments/{code}/cancel"),
    ("POST", "/api/v1/appointments/{code}/reschedule"),
    ("POST", "/api/v1/queue/tickets"),
    ("GET", "/api/v1/queue/tickets/{ticket_id}"),
    ("GET", "/api/v1/queue/tickets/{ticket_id}/print"),
    ("GET", "/api/v1/queue/board"),
    ("GET", "/api/v1/queue/calls"),
    ("POST", "/api/v1/dossiers/lookup"),
    ("POST", "/api/v1/checklists"),
    ("GET", "/api/v1/checklists/{code}"),
    ("GET", "/api/v1/checklists/{code}/qr.png"),
    ("GET", "/api/v1/checklists/{code}/view"),
    ("POST", "/api/v1/ratings"),
    ("POST", "/api/v1/complaints"),
    ("POST", "/api/v1/complaints/lookup"),  # code + phone digits, attempts counted per code
    ("POST", "/api/v1/handoffs"),
    ("POST", "/api/v1/handoffs/{code}/follow"),  # needs the conversation's own id
    ("POST", "/api/v1/handoffs/{code}/callback"),  # the same, and consent
    ("POST", "/api/v1/chat"),
    ("GET", "/api/v1/speech"),
    ("GET", "/api/v1/speech/status"),
    ("POST", "/api/v1/staff/login"),
}
BELOW = {StaffRole.SUPERVISOR: "staff", StaffRole.ADMIN: "supervisor"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def routes(app: FastAPI) -> Iterator[tuple[str, str, StaffRole | None]]:
    """(method, path, role) of every API route, as the app serves them."""
    for route in iter_route_contexts(app.routes):
        if getattr(route, "dependant", None) is None:
            continue  # docs, openapi.json, /static
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                yield method, str(route.path), route_role(route)


def staff_routes(app: FastAPI) -> list[tuple[str, str, StaffRole]]:
    return [(m, p, r) for m, p, r in routes(app) if r is not None and p != "/api/v1/staff/logout"]


def concrete(path: str) -> str:
    """A path with its parameters filled in (values that pass validation)."""
    return re.sub(r"\{(\w+)\}", lambda m: "1" if m.group(1).endswith("_id") else "XX-2345", path)


def call(client: TestClient, method: str, path: str, **kw: Any) -> Any:
    return client.request(method, concrete(path), **kw)


def test_every_route_is_public_by_name_or_needs_a_role(app: FastAPI) -> None:
    served = list(routes(app))
    unprotected = {(m, p) for m, p, role in served if role is None}
    assert unprotected - PUBLIC == set(), "unprotected routes that are not listed as public"
    assert PUBLIC - unprotected == set(), "listed as public but protected or gone"
    roles = {p: role for _, p, role in served if role is not None}
    assert roles["/api/v1/queue/counters/{counter_id}/next"] == StaffRole.STAFF
    assert roles["/api/v1/dossiers/import"] == StaffRole.STAFF
    assert roles["/api/v1/complaints/{code}/status"] == StaffRole.STAFF
    assert roles["/api/v1/staff/users"] == StaffRole.ADMIN
    assert len(roles) >= 20


def test_no_staff_route_answers_without_a_session(client: TestClient, app: FastAPI) -> None:
    for method, path, _ in staff_routes(app):
        response = call(client, method, path)
        assert response.status_code == 401, (method, path, response.text)
        body = response.json()
        assert body["error"] == "not_authenticated", (method, path)
        assert body["detail"] == "Cần đăng nhập tài khoản cán bộ để dùng chức năng này."
    # A forged or stale cookie is no session either.
    client.cookies.set("motcua_staff", "forged-token")
    assert client.get("/api/v1/staff/appointments").status_code == 401


def test_the_session_is_checked_before_the_body_is_read(
    client: TestClient, app: FastAPI, staff_login: Callable[..., dict[str, str]]
) -> None:
    """A caller without the right session learns nothing about a staff route's input:
    not even an unreadable body (bad JSON, bytes that are not UTF-8) answers before 401."""
    writes = [(m, p, r) for m, p, r in staff_routes(app) if m in WRITES]
    bodies = [b"{not json", b"\xff\xfe", b'{"phone": 5}']
    json = {"Content-Type": "application/json"}
    for method, path, _ in writes:
        for body in bodies:
            response = call(client, method, path, content=body, headers=json)
            assert response.status_code == 401, (method, path, body, response.text)
    staff_login(client, "staff")
    for method, path, role in writes:
        if role != StaffRole.STAFF:
            response = call(client, method, path, content=b"{not json", headers=json)
            assert response.json()["error"] == "forbidden", (method, path, response.text)
    token = client.headers.pop("X-CSRF-Token")
    response = client.post("/api/v1/staff/dossiers/X-1/status", content=b"{", headers=json)
    assert response.json()["error"] == "csrf_rejected"
    client.headers["X-CSRF-Token"] = token  # with everything right, the body is judged
    response = client.post("/api/v1/staff/dossiers/X-1/status", content=b"{", headers=json)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "body"


def test_lower_roles_are_refused(
    client: TestClient, app: FastAPI, staff_login: Callable[..., dict[str, str]]
) -> None:
    checked = 0
    for below in ("staff", "supervisor"):
        staff_login(client, below)
        for method, path, role in staff_routes(app):
            if BELOW.get(role) != below:
                continue
            response = call(client, method, path)
            assert response.status_code == 403, (below, method, path, response.text)
            assert response.json()["error"] == "forbidden"
            assert f"«{role.label}»" in response.json()["detail"]
            checked += 1
    assert checked >= 5  # analytics (supervisor), users and privacy (admin)


def test_writes_need_the_csrf_token_everywhere(
    client: TestClient, app: FastAPI, staff_login: Callable[..., dict[str, str]]
) -> None:
    staff_login(client, "admin")
    token = client.headers.pop("X-CSRF-Token")
    forged = ("y" if token[0] == "x" else "x") + token[1:]  # differs in exactly one place
    writes = [(m, p) for m, p, _ in staff_routes(app) if m in WRITES]
    assert len(writes) >= 10
    for method, path in writes:
        response = call(client, method, path)
        assert response.status_code == 403, (method, path, response.text)
        assert response.json()["error"] == "csrf_rejected"
        response = call(client, method, path, headers={"X-CSRF-Token": forged})
        assert response.status_code == 403, (method, path)


def test_the_right_role_gets_through(
    client: TestClient, app: FastAPI, staff_login: Callable[..., dict[str, str]]
) -> None:
    for role in StaffRole:
        staff_login(client, role.value)
        for method, path, needed in staff_routes(app):
            if needed != role:
                continue
            response = call(client, method, path)
            # 200, or 404/409/422 from the endpoint itself: the role check let it through.
            assert response.status_code not in (401, 403), (role, method, path, response.text)


def test_public_api_routes_need_no_session(client: TestClient, app: FastAPI) -> None:
    for method, path in sorted(PUBLIC):
        if not path.startswith("/api/v1/") or path == "/api/v1/speech":
            continue
        response = call(client, method, path)
        assert response.status_code not in (401, 403), (method, path, response.text)


@pytest.mark.parametrize("page", ["/staff", "/display"])
def test_pages_are_utf8_and_self_contained(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    if page == "/staff":
        assert response.headers["x-frame-options"] == "DENY"


def test_console_files_load_nothing_from_elsewhere() -> None:
    """No CDN: the console works offline (XML namespace names are not downloads)."""
    static = Path(__file__).resolve().parents[3] / "kiosk" / "static"
    files = [*static.glob("staff/**/*.*"), *static.glob("display/*.*")]
    assert len(files) >= 10
    for file in files:
        text = file.read_text(encoding="utf-8").replace("http://www.w3.org/", "")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), file
