"""The staff console page (/staff) and the waiting-room display (/display).

Both are static shells (kiosk/static/staff, kiosk/static/display); every piece of
data comes from the API, where staff data needs a session (kiosk/api/auth.py).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse

from kiosk.api.routes.ui import CSP, STATIC_DIR

pages = APIRouter(include_in_schema=False)
# The console must never be framed by another site (clickjacking).
STAFF_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CSP + "; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _page(path: str, headers: dict[str, str]) -> FileResponse:
    return FileResponse(STATIC_DIR / path, media_type="text/html; charset=utf-8", headers=headers)


@pages.get("/staff")
def staff_console() -> FileResponse:
    """The staff console (login first)."""
    return _page("staff/index.html", STAFF_HEADERS)


@pages.get("/display")
def queue_display() -> FileResponse:
    """The waiting-room screen: the number just called and where to go."""
    return _page(
        "display/index.html", {"Cache-Control": "no-cache", "Content-Security-Policy": CSP}
    )


def mount(app: FastAPI) -> None:
    app.include_router(pages)
