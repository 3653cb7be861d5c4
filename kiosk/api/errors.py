"""One place that turns errors into HTTP answers with Vietnamese messages."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from kiosk.api.auth import refusal
from kiosk.api.validation import translate
from kiosk.core import errors as e
from kiosk.core.clock import desk_isoformat

log = logging.getLogger(__name__)

# Domain error -> (status, machine code, Vietnamese message with {attribute} fields).
ERRORS: dict[type[e.KioskError], tuple[int, str, str]] = {
    e.BookingNotFound: (
        404,
        "booking_not_found",
        "Không tìm thấy lịch hẹn với mã và số điện thoại này.",
    ),
    e.DossierNotFound: (
        404,
        "dossier_not_found",
        "Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại này.",
    ),
    e.ChecklistNotFound: (
        404,
        "checklist_not_found",
        "Không tìm thấy danh sách giấy tờ với mã này.",
    ),
    e.ComplaintNotFound: (
        404,
        "complaint_not_found",
        "Không tìm thấy phản ánh, kiến nghị với mã này.",
    ),
    e.ComplaintLookupNotFound: (
        404,
        "complaint_not_found",
        "Không tìm thấy phản ánh, kiến nghị với mã và 4 số cuối điện thoại này.",
    ),
    e.PublicLinkMissing: (
        404,
        "public_link_missing",
        "Chưa cấu hình địa chỉ công khai (MOTCUA_PUBLIC_URL) nên chưa có đường dẫn cho điện thoại.",
    ),
    e.HandoffClosed: (409, "handoff_closed", "Yêu cầu {code} đã được xử lý xong."),
    e.LookupLocked: (
        429,
        "lookup_locked",
        "Mã này đã bị nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút "
        "hoặc hỏi cán bộ tại quầy.",
    ),
    e.TicketNotFound: (404, "ticket_not_found", "Không tìm thấy số thứ tự này."),
    e.HandoffNotFound: (404, "handoff_not_found", "Không tìm thấy yêu cầu hỗ trợ này."),
    e.ProcedureNotFound: (
        404,
        "procedure_not_found",
        "Danh mục không có thủ tục mã «{procedure_id}».",
    ),
    e.CounterNotFound: (404, "counter_not_found", "Không có quầy «{counter_id}»."),
    e.FieldNotServed: (
        422,
        "field_not_served",
        "Bộ phận Một cửa không tiếp nhận lĩnh vực «{field}».",
    ),
    e.ProcedureFieldMismatch: (
        422,
        "procedure_field_mismatch",
        "Thủ tục này thuộc lĩnh vực «{procedure_field}», không khớp với lĩnh vực đã chọn.",
    ),
    e.SlotUnavailable: (422, "slot_unavailable", "Không đặt được khung giờ này: {reason}."),
    e.SlotFull: (
        409,
        "slot_full",
        "Khung giờ này đã hết chỗ. Mời chọn một khung giờ gần nhất còn trống.",
    ),
    e.BookingNotActive: (
        409,
        "booking_not_active",
        "Lịch hẹn đã hủy hoặc đã qua giờ hẹn nên không thay đổi được.",
    ),
    e.DeskClosed: (
        409,
        "desk_closed",
        "Bộ phận Một cửa đã hết giờ tiếp nhận hôm nay. Mời quay lại vào ngày làm việc.",
    ),
    e.InvalidDateRange: (422, "invalid_date_range", "Khoảng ngày không hợp lệ: {reason}."),
    e.ImportRejected: (
        422,
        "import_rejected",
        "Tệp có {count} lỗi nên chưa ghi hồ sơ nào. Sửa các dòng lỗi rồi nhập lại.",
    ),
    e.VisitNotServed: (
        422,
        "visit_not_served",
        "{what} chưa được phục vụ (hoặc mã, số điện thoại chưa đúng) nên chưa gắn đánh giá "
        "được. Bạn vẫn có thể gửi đánh giá không kèm số thứ tự hay lịch hẹn.",
    ),
    e.AlreadyRated: (409, "already_rated", "Lượt phục vụ này đã được đánh giá rồi. Xin cảm ơn!"),
    e.AnswerRequired: (
        422,
        "answer_required",
        "Cần nội dung trả lời khi chuyển phản ánh sang «đã trả lời».",
    ),
    e.NotAuthenticated: (
        401,
        "not_authenticated",
        "Cần đăng nhập tài khoản cán bộ để dùng chức năng này.",
    ),
    e.RoleRequired: (
        403,
        "forbidden",
        "Tài khoản của bạn không có quyền dùng chức năng này (cần vai trò «{role_label}»).",
    ),
    e.CsrfRejected: (
        403,
        "csrf_rejected",
        "Yêu cầu bị từ chối vì thiếu mã bảo vệ phiên làm việc. Tải lại trang rồi thử lại.",
    ),
    e.InvalidCredentials: (401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng."),
    e.AccountLocked: (
        429,
        "account_locked",
        "Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút.",
    ),
    e.UsernameTaken: (409, "username_taken", "Tên đăng nhập «{username}» đã có người dùng."),
    e.WeakPassword: (422, "weak_password", "Mật khẩu cần ít nhất {min_length} ký tự."),
    e.UnknownCode: (404, "unknown_code", "Không có {what} mã «{code}»."),
    e.ActionRefused: (409, "action_refused", "Không thực hiện được: {reason}."),
    e.CatalogEditRejected: (
        422,
        "catalog_edit_rejected",
        "Chưa ghi được vào danh mục thủ tục: {reason}.",
    ),
    e.RateLimited: (
        429,
        "rate_limited",
        "Bạn gửi yêu cầu quá nhanh. Vui lòng thử lại sau {retry_after} giây.",
    ),
    e.DossierLookupLocked: (
        429,
        "dossier_lookup_locked",
        "Mã hồ sơ này đã được tra cứu sai số điện thoại quá nhiều lần nên tạm khóa. "
        "Vui lòng thử lại sau {minutes} phút hoặc hỏi cán bộ tại quầy.",
    ),
    e.PhoneBookingLimit: (
        409,
        "phone_booking_limit",
        "Số điện thoại này đã có {limit} lịch hẹn trong ngày {day_text}, là số lịch hẹn tối đa "
        "của một số điện thoại trong một ngày. Bạn chọn ngày khác hoặc hủy bớt lịch đã đặt.",
    ),
    e.PhoneSlotTaken: (
        409,
        "phone_slot_taken",
        "Số điện thoại này đã có lịch hẹn lúc {when}. Mỗi số điện thoại chỉ giữ một chỗ "
        "trong một khung giờ; bạn chọn khung giờ khác nhé.",
    ),
    e.QrTooLong: (
        422,
        "qr_too_long",
        "Nội dung quá dài để tạo mã QR (tối đa {max_bytes} byte). Hãy rút ngắn nội dung.",
    ),
    e.UnknownCase: (422, "unknown_case", "Thủ tục không có trường hợp «{case}»."),
    e.DifferenceUnknown: (
        404,
        "difference_not_found",
        "Không có khác biệt mã «{difference_id}» trong sổ đối chiếu danh mục.",
    ),
    e.KnowledgeUnavailable: (
        503,
        "knowledge_unavailable",
        "Tra cứu thủ tục tạm thời chưa sẵn sàng. Vui lòng thử lại sau.",
    ),
    e.IdempotencyKeyReused: (
        409,
        "idempotency_key_reused",
        "Mã chống gửi trùng (Idempotency-Key) này đã dùng cho một yêu cầu khác. "
        "Mỗi yêu cầu mới cần một mã mới.",
    ),
    e.DatabaseUnavailable: (
        503,
        "database_unavailable",
        "Hệ thống lưu trữ đang tạm gián đoạn nên chưa ghi được yêu cầu của bạn (chưa có gì "
        "được lưu). Vui lòng thử lại sau ít phút; tra cứu thủ tục vẫn dùng được.",
    ),
}

HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy đường dẫn này.",
    405: "Đường dẫn này không hỗ trợ phương thức đã dùng.",
    413: "Dữ liệu gửi lên quá lớn.",
}


class _Attributes(dict[str, Any]):
    """format_map source that reads attributes and properties of an error."""

    def __init__(self, error: e.KioskError) -> None:
        super().__init__()
        self.error = error

    def __missing__(self, key: str) -> Any:
        return getattr(self.error, key)


def describe(error: e.KioskError) -> tuple[int, str, str]:
    for cls in type(error).__mro__:
        if cls in ERRORS:
            status, code, template = ERRORS[cls]
            return status, code, template.format_map(_Attributes(error))
    raise LookupError(f"no HTTP mapping for {type(error).__name__}")


async def kiosk_error(_request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, e.KioskError):  # registered for KioskError only
        raise error
    status, code, message = describe(error)
    body = {"detail": message, "error": code, **error.details()}
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, e.RateLimited) else None
    content = jsonable_encoder(body, custom_encoder={dt.datetime: desk_isoformat})
    return JSONResponse(content, status_code=status, headers=headers)


async def http_error(request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, HTTPException):
        raise error
    if error.status_code == 400 and (refused := await run_in_threadpool(refusal, request)):
        return await kiosk_error(request, refused)  # staff routes: the session comes first
    detail = error.detail if error.status_code == 413 else None
    message = detail or HTTP_MESSAGES.get(error.status_code, "Yêu cầu không thực hiện được.")
    return JSONResponse({"detail": message}, status_code=error.status_code, headers=error.headers)


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, RequestValidationError):
        raise error
    if refused := await run_in_threadpool(refusal, request):
        return await kiosk_error(request, refused)  # staff routes: the session comes first
    return JSONResponse({"detail": translate(error.errors())}, status_code=422)


async def database_error(request: Request, error: Exception) -> JSONResponse:
    """The database cannot be reached (or went away mid-transaction): 503, never a 500.

    The transaction was rolled back, so nothing was half-written; the pool checks each
    connection before use (pool_pre_ping), so the kiosk recovers by itself."""
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    return await kiosk_error(request, e.DatabaseUnavailable())


def install(app: FastAPI) -> None:
    app.add_exception_handler(e.KioskError, kiosk_error)
    app.add_exception_handler(OperationalError, database_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
