"""Staff authentication for routes: `require_role(...)`, the session cookie and CSRF.

Put a staff endpoint behind a role with the dependency `require_role(role)`; the
roles are ordered staff < supervisor < admin, so a supervisor passes "staff" checks.

    from kiosk.api.auth import SupervisorDep, require_role

    # a whole router (every route needs a supervisor):
    router = APIRouter(prefix="/analytics", tags=["Thống kê"],
                       dependencies=[require_role("supervisor")])

    # or one route that also wants to know who is calling:
    @router.post("/aliases")
    def add_alias(body: AliasIn, user: SupervisorDep) -> AliasOut: ...

`StaffDep`, `SupervisorDep` and `AdminDep` are `Annotated[Principal, require_role(...)]`
(Principal: user_id, username, display_name, role, csrf_token; see
kiosk/services/staff_auth.py). Without a session the answer is 401, with a lower role
403, both with a Vietnamese message. On POST/PUT/PATCH/DELETE the check also wants
the session's CSRF token in the `X-CSRF-Token` header (the console's fetch wrapper,
kiosk/static/staff/js/api.js, adds it), else 403 `csrf_rejected`.

tests/kiosk/api/test_staff_authorization.py walks every route of the app: a route must
either carry `require_role` (found through `route_role`) or be listed as public there.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute

from kiosk.api.deps import ClockDep, DatabaseDep, SettingsDep
from kiosk.core.config import Settings
from kiosk.core.errors import CsrfRejected, KioskError, NotAuthenticated, RoleRequired
from kiosk.core.vocab import StaffRole
from kiosk.services.staff_auth import AuthPolicy, Login, Principal, StaffAuthService

COOKIE = "motcua_staff"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_staff_auth(db: DatabaseDep, clock: ClockDep, settings: SettingsDep) -> StaffAuthService:
    return StaffAuthService(db, clock, auth_policy(settings))


def auth_policy(settings: Settings) -> AuthPolicy:
    return AuthPolicy(
        session_hours=settings.staff_session_hours,
        lockout_failures=settings.staff_lockout_failures,
        lockout_minutes=settings.staff_lockout_minutes,
        password_min_length=settings.staff_password_min_length,
    )


StaffAuthDep = Annotated[StaffAuthService, Depends(get_staff_auth)]


def current_principal(request: Request, auth: StaffAuthDep) -> Principal | None:
    """Who the session cookie belongs to, or None (no cookie, unknown or expired)."""
    token = request.cookies.get(COOKIE)
    return auth.resolve(token) if token else None


PrincipalDep = Annotated[Principal | None, Depends(current_principal)]


def check_csrf(request: Request, principal: Principal) -> None:
    """Unsafe methods must echo the session's CSRF token (synchronizer token pattern)."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), principal.csrf_token.encode()):
        raise CsrfRejected()


def check_same_origin(request: Request) -> None:
    """For login, where no session exists yet: refuse a form posted from another site."""
    origin = request.headers.get("origin")
    if origin is None:  # same-origin GETs and non-browser clients send none
        return
    expected = f"{request.url.scheme}://{request.url.netloc}"
    forwarded = request.headers.get("x-forwarded-host")
    allowed = {expected} | ({f"https://{forwarded}", f"http://{forwarded}"} if forwarded else set())
    if origin not in allowed:
        raise CsrfRejected()


_CHECKS: dict[StaffRole, Callable[..., Principal]] = {}


def _role_check(role: StaffRole) -> Callable[..., Principal]:
    """One function per role (so FastAPI caches it per request and tests can find it)."""
    if role in _CHECKS:
        return _CHECKS[role]

    def check(request: Request, principal: PrincipalDep) -> Principal:
        if principal is None:
            raise NotAuthenticated()
        check_csrf(request, principal)
        if not principal.has(role):
            raise RoleRequired(role.label)
        return principal

    check.required_role = role  # type: ignore[attr-defined]
    check.__name__ = f"require_{role.value}"
    _CHECKS[role] = check
    return check


def require_role(role: StaffRole | str) -> DependsParam:
    """The dependency that lets only `role` and the roles above it through."""
    return Depends(_role_check(StaffRole(role)))


StaffDep = Annotated[Principal, require_role(StaffRole.STAFF)]
SupervisorDep = Annotated[Principal, require_role(StaffRole.SUPERVISOR)]
AdminDep = Annotated[Principal, require_role(StaffRole.ADMIN)]


def route_role(route: APIRoute | Any) -> StaffRole | None:
    """The role a route requires, or None for a public route. Takes an APIRoute or
    anything with its `dependant` (fastapi.routing.iter_route_contexts(app.routes))."""
    roles: list[StaffRole] = []
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        role = getattr(dependant.call, "required_role", None)
        if isinstance(role, StaffRole):
            roles.append(role)
        pending.extend(dependant.dependencies)
    return max(roles, key=lambda r: r.rank) if roles else None


def refusal(request: Request) -> KioskError | None:
    """The role check of the request's route, for answers given before the route's own
    dependencies ran (an unreadable body): a staff route must not tell a caller without
    a session anything about its input. None when the route is public or the check passes.
    """
    route = request.scope.get("route")
    role = route_role(route) if getattr(route, "dependant", None) is not None else None
    runtime = getattr(request.app.state, "runtime", None)
    if role is None or runtime is None:
        return None
    auth = StaffAuthService(runtime.db, runtime.clock, auth_policy(runtime.settings))
    try:
        _role_check(role)(request, current_principal(request, auth))
    except KioskError as error:
        return error
    return None


def cookie_secure(request: Request, settings: Settings) -> bool:
    if settings.staff_cookie_secure is not None:
        return settings.staff_cookie_secure
    return request.url.scheme == "https"


def set_session_cookie(
    response: Response, request: Request, settings: Settings, login: Login
) -> None:
    response.set_cookie(
        COOKIE,
        login.token,
        max_age=int(settings.staff_session_hours * 3600),
        path="/",
        secure=cookie_secure(request, settings),
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(response: Response, request: Request, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE,
        path="/",
        secure=cookie_secure(request, settings),
        httponly=True,
        samesite="strict",
    )
