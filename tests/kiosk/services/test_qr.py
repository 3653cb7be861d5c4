"""GET /api/v1/qr.png: every input gets an image or a 4xx in Vietnamese, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.core.errors import QrTooLong
from kiosk.services.checklists import QR_BYTES_L, qr_png

QR = "/api/v1/qr.png"
PNG = b"\x89PNG\r\n\x1a\n"

# Letters QR codes encode differently (digits, upper-case, bytes), Vietnamese, emoji,
# control characters and the surrogate range.
ALPHABETS = st.sampled_from(
    [
        st.sampled_from("0123456789"),
        st.sampled_from("ABCXYZ0189 $%*+-./:"),
        st.sampled_from("aăâđêôơư ẠỹỸ\n\t"),
        st.characters(),
    ]
)
TEXTS = ALPHABETS.flatmap(lambda alphabet: st.text(alphabet, max_size=700))


def get(client: TestClient, text: str) -> httpx.Response:
    """The raw UTF-8 bytes percent-encoded (lone surrogates too: invalid UTF-8 on the wire)."""
    return client.get(f"{QR}?data={quote(text.encode('utf-8', 'surrogatepass'))}")


def check(client: TestClient, text: str) -> None:
    response = get(client, text)
    assert response.status_code in (200, 422), (text, response.text)
    if response.status_code == 200:
        assert response.headers["content-type"] == "image/png"
        assert response.content.startswith(PNG)
    else:
        [problem] = response.json()["detail"]
        assert problem["field"] == "data" and problem["message"].startswith("Nội dung mã QR:")


@pytest.mark.parametrize(
    "text",
    ["0" * 146, "0" * 147, "0" * 600, "A" * 600, "😀" * 600, "Lịch hẹn LH-7K2Q9\n08:00", "x"],
)
def test_texts_that_broke_the_qr_library_get_an_image(client: TestClient, text: str) -> None:
    response = get(client, text)
    assert response.status_code == 200 and response.content.startswith(PNG)


@pytest.mark.parametrize("text", ["", "0" * 601, "a\x00b", "\x1b[31m"])
def test_bad_texts_get_a_vietnamese_422(client: TestClient, text: str) -> None:
    check(client, text)
    assert get(client, text).status_code == 422


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS)
@example(text="0" * 146)
@example(text="\ud800")
def test_any_text_gets_an_image_or_a_4xx(client: TestClient, text: str) -> None:
    check(client, text)


def test_more_than_a_qr_code_holds_is_a_domain_error() -> None:
    with pytest.raises(QrTooLong):
        qr_png("x" * (QR_BYTES_L + 1))
    assert qr_png("é" * (QR_BYTES_L // 2)).startswith(PNG)  # L holds it where M cannot
