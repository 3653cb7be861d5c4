"""The Idempotency-Key request header of citizens' writes (kiosk/store/idempotency.py).

Optional: a request without it is handled as before. With it, a retry that carries the
same key and body gets the first answer (and `Idempotent-Replayed: true`) instead of a
second booking, ticket, rating or complaint.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from kiosk.store.idempotency import KEY_PATTERN, Claim

HEADER = "Idempotency-Key"
KeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        pattern=KEY_PATTERN,
        description="Một mã ngẫu nhiên cho mỗi lần gửi (8–100 ký tự A–Z, a–z, 0–9, . _ : -); "
        "gửi lại đúng mã đó khi thử lại để không tạo bản ghi thứ hai",
    ),
]


def mark_replay(response: Response, claim: Claim | None) -> None:
    """Tell the client its retry was answered from the first request."""
    if claim is not None and claim.replayed:
        response.headers["Idempotent-Replayed"] = "true"
