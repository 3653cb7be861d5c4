"""Staff sign-in: argon2 hashes, session cookie flags, CSRF, lockout, roles, create-admin."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.__main__ import main
from kiosk.core.config import Settings
from kiosk.store.staff import StaffSession, StaffUser
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, create_staff

LOGIN = "/api/v1/staff/login"
ME = "/api/v1/staff/me"
USERS = "/api/v1/staff/users"


def login(client: TestClient, username: str, password: str = STAFF_PASSWORD, **kw: Any) -> Any:
    return client.post(LOGIN, json={"username": username, "password": password}, **kw)


def test_login_sets_a_strict_httponly_cookie_and_returns_the_csrf_token(
    app: FastAPI, client: TestClient, clock: MovableClock
) -> None:
    name = create_staff(app, clock, "staff", "can.bo-1")
    assert client.get(ME).status_code == 401
    response = login(client, " CAN.BO-1 ")  # user names are trimmed and case-folded
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["username"] == name and body["role"] == "staff"
    assert body["role_label"] == "cán bộ một cửa" and len(body["csrf_token"]) >= 32
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("motcua_staff=") and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Path=/" in cookie and "Secure" not in cookie
    assert client.get(ME).json()["csrf_token"] == body["csrf_token"]
    with app.state.runtime.db.read() as session:
        stored = session.scalars(select(StaffUser)).one()
        token_hash = session.scalars(select(StaffSession.token_hash)).one()
    assert stored.password_hash.startswith("$argon2id$")
    assert STAFF_PASSWORD not in stored.password_hash
    assert client.cookies["motcua_staff"] not in token_hash  # only a digest is kept


def test_cookie_is_secure_over_https(app: FastAPI, clock: MovableClock) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        name = create_staff(app, clock, "staff")
        cookie = login(client, name).headers["set-cookie"]
        assert "Secure" in cookie
        assert client.get(ME).status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer(
    app: FastAPI, client: TestClient, clock: MovableClock
) -> None:
    name = create_staff(app, clock, "staff")
    wrong, unknown = login(client, name, "sai-mat-khau-1"), login(client, "khong-co-ai")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert "set-cookie" not in wrong.headers


def test_lockout_after_repeated_failures_then_unlock(
    app: FastAPI, client: TestClient, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    name = create_staff(app, clock, "staff")
    caplog.set_level(logging.INFO)
    for _ in range(5):  # MOTCUA_STAFF_LOCKOUT_FAILURES
        assert login(client, name, "doan-mo-mat-khau").status_code == 401
        clock.advance(1)
    locked = login(client, name)  # even the right password
    assert locked.status_code == 429
    assert locked.json()["error"] == "account_locked"
    assert "tạm khóa" in locked.json()["detail"] and "10 phút" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) == 10 * 60
    # Unknown names lock the same way, so a lock tells nothing about the account.
    for _ in range(5):
        login(client, "khong-co-ai", "x")
    assert login(client, "khong-co-ai", "x").json()["error"] == "account_locked"
    clock.advance(10)  # the oldest counted failure leaves the 15-minute window
    assert login(client, name).status_code == 200
    assert STAFF_PASSWORD not in caplog.text and name not in caplog.text


def test_success_forgets_earlier_failures(
    app: FastAPI, client: TestClient, clock: MovableClock
) -> None:
    name = create_staff(app, clock, "staff")
    for _ in range(4):
        login(client, name, "sai")
    assert login(client, name).status_code == 200
    for _ in range(4):
        login(client, name, "sai")
    assert login(client, name).status_code == 200


def test_writes_need_the_csrf_token(
    client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    me = staff_login(client, "staff")
    finish = "/api/v1/queue/counters/1/finish"
    del client.headers["X-CSRF-Token"]
    missing = client.post(finish)
    assert missing.status_code == 403 and missing.json()["error"] == "csrf_rejected"
    assert "mã bảo vệ" in missing.json()["detail"]
    wrong = client.post(finish, headers={"X-CSRF-Token": me["csrf_token"][:-1] + "x"})
    assert wrong.status_code == 403
    assert client.get(ME).status_code == 200  # reads need no token
    assert client.post(finish, headers={"X-CSRF-Token": me["csrf_token"]}).status_code == 200


def test_login_from_another_site_is_refused(app: FastAPI, client: TestClient, clock: Any) -> None:
    name = create_staff(app, clock, "staff")
    foreign = login(client, name, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and foreign.json()["error"] == "csrf_rejected"
    same = login(client, name, headers={"Origin": "http://testserver"})
    assert same.status_code == 200


def test_roles_are_ordered(
    app: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    staff_login(client, "supervisor")
    denied = client.get(USERS)
    assert denied.status_code == 403 and denied.json()["error"] == "forbidden"
    assert "quản trị hệ thống" in denied.json()["detail"]
    assert client.get("/api/v1/handoffs").status_code == 200  # staff routes let supervisors in
    staff_login(client, "admin")
    created = client.post(
        USERS,
        json={"username": "nv.lan", "display_name": "Nguyễn Thị Lan", "password": "x" * 12},
    )
    assert created.status_code == 201 and created.json()["role"] == "staff"
    assert (
        client.post(USERS, json={"username": "nv.lan", "password": "y" * 12}).json()["error"]
        == "username_taken"
    )
    short = client.post(USERS, json={"username": "nv.binh", "password": "ngan"})
    assert short.status_code == 422 and "10 ký tự" in short.json()["detail"]
    assert login(client, "nv.lan", "x" * 12).json()["display_name"] == "Nguyễn Thị Lan"


def test_logout_and_expiry_end_the_session(
    client: TestClient, clock: MovableClock, staff_login: Callable[..., dict[str, str]]
) -> None:
    staff_login(client, "staff")
    token = client.cookies["motcua_staff"]
    assert client.post("/api/v1/staff/logout").status_code == 204
    client.cookies.set("motcua_staff", token)  # a stolen copy of the cookie is dead too
    gone = client.get(ME)
    assert gone.status_code == 401 and "đăng nhập" in gone.json()["detail"]
    staff_login(client, "staff")
    clock.advance(7 * 24 * 60 + 1)  # MOTCUA_STAFF_SESSION_HOURS (a week in these tests)
    assert client.get(ME).status_code == 401


def test_create_admin_cli(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    app: FastAPI,
) -> None:
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.sqlalchemy_url)
    password = "quan-tri-vien-2026"
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main(["create-admin", "--username", "Admin", "--password-stdin"]) == 0
    out, err = capsys.readouterr()
    assert "admin" in out and password not in out + err + caplog.text
    monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
    assert main(["create-admin", "--username", "admin2", "--password-stdin"]) == 1
    assert "10 ký tự" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main(["create-admin", "--username", "admin", "--password-stdin"]) == 1
    assert "--reset" in capsys.readouterr().err
    # Without --password-stdin the password is asked twice with getpass (no echo).
    answers = iter(["mat-khau-moi-2026", "mat-khau-moi-2026"])
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["create-admin", "--username", "admin", "--reset"]) == 0
    with TestClient(app) as client:
        assert login(client, "admin", password).status_code == 401
        me = login(client, "admin", "mat-khau-moi-2026").json()
        assert me["role"] == "admin"
