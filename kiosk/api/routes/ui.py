"""The touchscreen UI: index page, static files, the UI's config and a generic QR code.

The UI is plain ES modules and CSS under kiosk/static (no build step, no CDN), so the
kiosk works with no internet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from kiosk.api.deps import RateLimitReads, SettingsDep
from kiosk.api.schemas.common import encodable
from kiosk.services.checklists import qr_png
from kiosk.services.public_links import PublicLinks

# Several lines fit (a booking summary); a QR code holds at most ~2,900 bytes.
QrText = Annotated[str, StringConstraints(min_length=1, max_length=600), AfterValidator(encodable)]
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

# Everything the page loads comes from this server: a stray CDN link fails loudly.
CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'"
)

router = APIRouter(tags=["Màn hình cảm ứng"])
pages = APIRouter(include_in_schema=False)


class UiConfigOut(BaseModel):
    idle_seconds: int = Field(description="Không thao tác sau số giây này thì về màn hình chính")
    phone_link: str | None = Field(description="Đường dẫn tiếp tục trên điện thoại (mã QR)")
    language: str = Field(description="Ngôn ngữ mặc định")


@router.get("/ui-config")
def ui_config(settings: SettingsDep) -> UiConfigOut:
    """What the touchscreen reads at start: idle timeout and the phone link."""
    phone = PublicLinks.of(settings).phone()
    return UiConfigOut(idle_seconds=settings.ui_idle_seconds, phone_link=phone, language="vi")


@router.get(
    "/qr.png",
    dependencies=[RateLimitReads],
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def qr(
    data: Annotated[QrText, Query(description="Nội dung mã QR (đường dẫn hoặc văn bản)")],
) -> Response:
    """A QR code (PNG) of a short text, e.g. a booking to keep on the phone."""
    return Response(qr_png(data), media_type="image/png", headers={"Cache-Control": "max-age=3600"})


@pages.get("/")
def index() -> FileResponse:
    """The kiosk's single page."""
    return FileResponse(
        STATIC_DIR / "index.html",
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": "no-cache", "Content-Security-Policy": CSP},
    )


def mount(app: FastAPI) -> None:
    """Serve the page at / and its files under /static."""
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
