"""Reusable validated types: clean text, phone numbers, codes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from kiosk.core.clock import desk_isoformat
from kiosk.services.desk import canonical_text
from kiosk.services.identity import normalize_phone

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def encodable(text: str) -> str:
    """The text, when it is valid UTF-8 without control characters (tab and newlines pass)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:  # lone surrogates from "\ud800" escapes
        raise ValueError("chứa ký tự không hợp lệ") from error
    if _CONTROL.search(text):
        raise ValueError("chứa ký tự điều khiển không hợp lệ")
    return text


def _line(text: str) -> str:
    text = canonical_text(encodable(text))
    if not text:
        raise ValueError("không được để trống")
    return text


def _multiline(text: str) -> str:
    text = "\n".join(canonical_text(line) for line in encodable(text).strip().splitlines())
    if not text.strip():
        raise ValueError("không được để trống")
    return text


def _name(text: str) -> str:
    text = _line(text)
    if len(text) < 2:
        raise ValueError("cần ít nhất 2 ký tự")
    return text


def _phone(text: str) -> str:
    phone = normalize_phone(text)
    if phone is None:
        raise ValueError(
            "không phải số di động Việt Nam hợp lệ (10 số, bắt đầu bằng 03, 05, 07, 08 hoặc 09)"
        )
    return phone


Name = Annotated[str, StringConstraints(max_length=100), AfterValidator(_name)]
ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_line)]
LongText = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_multiline)]
Phone = Annotated[str, StringConstraints(max_length=20), AfterValidator(_phone)]
Code = Annotated[str, StringConstraints(min_length=4, max_length=20), AfterValidator(_line)]
ProcedureId = Annotated[str, StringConstraints(max_length=120, pattern=r"^[a-z0-9.\-]+$")]
CounterId = Annotated[str, StringConstraints(min_length=1, max_length=16), AfterValidator(_line)]
FieldName = Annotated[str, StringConstraints(max_length=100), AfterValidator(_line)]


# A moment in an answer: desk local time with the desk's UTC offset, RFC 3339 date-time.
DeskDateTime = Annotated[
    dt.datetime,
    PlainSerializer(desk_isoformat, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "Giờ địa phương của Bộ phận Một cửa, kèm độ lệch UTC (RFC 3339)",
        }
    ),
]


class RequestModel(BaseModel):
    """Request bodies reject unknown keys, so typos surface as errors."""

    model_config = ConfigDict(extra="forbid")
