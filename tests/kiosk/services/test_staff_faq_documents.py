"""The staff FAQ names each cited plan as its header reads ("Kế hoạch 68/KH-SCT, Sở Công
Thương Gia Lai, 31/7/2023") beside file:line, and shows the passage with the confident OCR
repairs applied (what the scan said kept beside each), through the real API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from knowledge.retriever import Retriever
from tests.kiosk.conftest import serve_knowledge
from tests.kiosk.plans import with_plans

GIA_LAI = "004_481bc68ca49afa68.txt"


@pytest.fixture
def gia_lai(tmp_path: Path, plans_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / GIA_LAI).symlink_to(plans_dir / GIA_LAI)
    monkeypatch.setenv("MOTCUA_DOCUMENT_DIRS", f'["{folder}"]')
    return folder


def test_plans_are_named_and_passages_repaired(
    app: FastAPI,
    client: TestClient,
    kiosk_retriever: Retriever,
    gia_lai: Path,
    staff_login: Callable[..., dict[str, str]],
) -> None:
    retriever = with_plans(kiosk_retriever, gia_lai)
    serve_knowledge(app, retriever, [gia_lai])
    staff_login(client, "staff")
    response = client.get("/api/v1/staff/faq", params={"q": "nâng cao chỉ số hài lòng"})
    assert response.status_code == 200, response.text
    body = response.json()
    passages = body["passages"]
    assert passages and all(p["source"] == GIA_LAI for p in passages)
    document = passages[0]["document"]
    assert document["label"] == "Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023"
    assert document["number"] == "68/KH-SCT" and document["date"] == "2023-07-31"
    for task in body["tasks"]:
        assert task["document"]["label"] == document["label"]

    lines = (gia_lai / GIA_LAI).read_text(encoding="utf-8").splitlines()
    fixed = 0
    for passage in passages:
        segments = passage["segments"]
        as_scanned = "".join(s["ocr"] or s["text"] for s in segments)
        cited = "\n".join(lines[passage["start_line"] - 1 : passage["end_line"]])
        assert " ".join(as_scanned.split()) in " ".join(cited.split())  # nothing else changed
        repaired = [(s["ocr"], s["text"]) for s in segments if s["ocr"]]
        fixed += len(repaired)
        for scanned, shown in repaired:
            assert scanned != shown and shown.isalpha() and shown.isascii()
    assert fixed > 0, "the Gia Lai scan has garbled words the repair is sure of (cta -> cua)"
