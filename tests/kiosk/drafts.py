"""A staff draft of a catalog entry the bundled catalog lacks (a public library card), as the
console sends it: tests of drafts, analytics, the console and Telegram publish it."""

from __future__ import annotations

from typing import Any

ASKED = "làm thẻ thư viện"  # how citizens ask for it; the draft adds it as an alias
LIBRARY_CARD_ID = "van-hoa.cap-the-thu-vien-cong-cong"
LIBRARY_CARD: dict[str, Any] = {
    "name": "Cấp thẻ thư viện công cộng",
    "field": "Văn hóa",
    "level": "xã",
    "agency": "Ủy ban nhân dân xã",
    "submit_at": "Bộ phận Một cửa Ủy ban nhân dân xã",
    "dossier": ["Tờ khai đăng ký thẻ thư viện"],
    "steps": ["Nộp tờ khai tại Bộ phận Một cửa", "Nhận thẻ"],
    "processing_time": "Trong ngày làm việc",
    "fee": "Không thu phí",
    "result": "Thẻ thư viện",
    "legal_basis": "Luật Thư viện năm 2019",
    "source": "Thư viện tỉnh",
    "aliases": [ASKED],
}
