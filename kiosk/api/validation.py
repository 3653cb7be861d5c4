"""Pydantic validation errors as Vietnamese messages that name the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LABELS = {
    "Idempotency-Key": "Mã chống gửi trùng (Idempotency-Key)",
    "agency": "Cơ quan thực hiện",
    "alias": "Bí danh",
    "aliases": "Bí danh",
    "answer": "Nội dung trả lời",
    "channel": "Kênh",
    "channel_user_id": "Mã người dùng trên kênh",
    "code": "Mã",
    "comment": "Nhận xét",
    "confirm": "Xác nhận xóa",
    "consent": "Đồng ý được gọi lại",
    "contact_name": "Họ tên người liên hệ",
    "contact_phone": "Số điện thoại liên hệ",
    "content": "Nội dung",
    "counter_id": "Quầy",
    "data": "Nội dung mã QR",
    "days": "Số ngày",
    "dossier": "Thành phần hồ sơ",
    "end": "Ngày kết thúc",
    "fee": "Phí, lệ phí",
    "field": "Lĩnh vực",
    "file": "Tệp",
    "forms": "Mẫu đơn, tờ khai",
    "have": "Giấy tờ đã có",
    "k": "Số kết quả",
    "language": "Ngôn ngữ",
    "legal_basis": "Căn cứ pháp lý",
    "level": "Cấp thực hiện",
    "message": "Tin nhắn",
    "missing": "Giấy tờ còn thiếu",
    "name": "Họ tên",
    "phone": "Số điện thoại",
    "phone_last4": "4 số cuối điện thoại",
    "priority": "Nhóm ưu tiên",
    "procedure_id": "Mã thủ tục",
    "processing_time": "Thời hạn giải quyết",
    "q": "Câu hỏi",
    "reason": "Lý do",
    "result": "Kết quả",
    "score": "Mức độ hài lòng",
    "sender_id": "Mã hội thoại",
    "session_id": "Mã phiên",
    "since": "Từ ngày",
    "source": "Nguồn thông tin",
    "start": "Ngày bắt đầu",
    "starts_at": "Giờ hẹn",
    "status": "Trạng thái",
    "steps": "Các bước",
    "submit_at": "Nơi nộp hồ sơ",
    "text": "Văn bản cần đọc",
    "ticket_id": "Số phiếu",
    "transcript": "Nội dung hội thoại",
}

REASONS = {
    "missing": "bắt buộc phải có",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "cần ít nhất {min_length} ký tự",
    "string_too_long": "tối đa {max_length} ký tự",
    "string_pattern_mismatch": "không đúng định dạng",
    "string_unicode": "chứa ký tự không hợp lệ",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "enum": "phải là một trong các giá trị: {expected}",
    "literal_error": "phải là một trong các giá trị: {expected}",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày, không kèm giờ",
    "datetime_type": "phải là thời điểm dạng YYYY-MM-DDTHH:MM",
    "datetime_parsing": "phải là thời điểm dạng YYYY-MM-DDTHH:MM",
    "datetime_from_date_parsing": "phải là thời điểm dạng YYYY-MM-DDTHH:MM",
    "list_type": "phải là một danh sách",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "tối đa {max_length} mục",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "json_invalid": "dữ liệu JSON không hợp lệ",
    "json_type": "dữ liệu JSON không hợp lệ",
    "extra_forbidden": "trường này không được hỗ trợ",
    "uuid_parsing": "không đúng định dạng",
}


def _field(loc: Sequence[Any]) -> str:
    # loc starts with where the value came from: body, query, path, header.
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts) or "body"


def _label(loc: Sequence[Any]) -> str:
    names = [p for p in loc[1:] if isinstance(p, str)]
    return LABELS.get(names[-1], names[-1]) if names else "Dữ liệu gửi lên"


# Fields the citizen chooses (a time, a field, a score) rather than types.
CHOSEN = frozenset({"starts_at", "field", "score", "priority", "counter_id", "status"})


def _empty(error: dict[str, Any]) -> bool:
    value = error.get("input")
    return isinstance(value, str) and not value.strip()


def _reason(error: dict[str, Any], name: str | None = None) -> str:
    if error.get("type") == "missing" and name in CHOSEN:
        return "chưa chọn"
    ctx = error.get("ctx") or {}
    if _empty(error) and error.get("type") != "value_error":
        return "chưa nhập"  # an empty field, not a badly formatted one
    if error.get("type") == "value_error" and "error" in ctx:
        if _empty(error) and "trống" not in str(ctx["error"]):
            return "chưa nhập"  # e.g. an empty phone number is not an invalid one
        return str(ctx["error"])  # our validators raise ValueError with a Vietnamese text
    template = REASONS.get(str(error.get("type")), "giá trị không hợp lệ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return "giá trị không hợp lệ"


def translate(errors: Sequence[Any]) -> list[dict[str, str]]:
    """[{"field": "phone", "message": "Số điện thoại: ..."}] for each pydantic error."""
    translated = []
    for error in errors:
        loc = error.get("loc", ())
        if error.get("type") == "json_invalid":
            loc = loc[:1]  # the rest is a character position, not a field
        names = [p for p in loc[1:] if isinstance(p, str)]
        reason = _reason(error, names[-1] if names else None)
        translated.append({"field": _field(loc), "message": f"{_label(loc)}: {reason}"})
    return translated
