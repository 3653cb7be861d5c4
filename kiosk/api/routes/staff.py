"""Staff sign-in: login, logout, who am I; accounts (admin)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kiosk.api.auth import (
    COOKIE,
    AdminDep,
    StaffAuthDep,
    StaffDep,
    check_same_origin,
    clear_session_cookie,
    set_session_cookie,
)
from kiosk.api.deps import RateLimit, SettingsDep
from kiosk.api.schemas.staff import LoginIn, MeOut, UserIn, UserOut

router = APIRouter(prefix="/staff", tags=["Cán bộ: đăng nhập"])


@router.post("/login", dependencies=[RateLimit])
def login(
    body: LoginIn, request: Request, response: Response, auth: StaffAuthDep, settings: SettingsDep
) -> MeOut:
    """Open a session (HttpOnly cookie); the answer carries the CSRF token for later writes."""
    check_same_origin(request)
    session = auth.login(body.username, body.password)
    set_session_cookie(response, request, settings, session)
    return MeOut.of(session.principal)


@router.post("/logout", status_code=204)
def logout(
    request: Request, response: Response, user: StaffDep, auth: StaffAuthDep, settings: SettingsDep
) -> None:
    """End this session."""
    auth.logout(request.cookies.get(COOKIE, ""))
    clear_session_cookie(response, request, settings)


@router.get("/me")
def me(user: StaffDep) -> MeOut:
    """The logged-in account and its CSRF token (the console calls this on load)."""
    return MeOut.of(user)


@router.get("/users")
def users(user: AdminDep, auth: StaffAuthDep) -> list[UserOut]:
    """Every staff account."""
    return [UserOut.of(u) for u in auth.users()]


@router.post("/users", status_code=201)
def create_user(body: UserIn, user: AdminDep, auth: StaffAuthDep) -> UserOut:
    """A new staff account with a role."""
    return UserOut.of(auth.create_user(body.username, body.password, body.role, body.display_name))
