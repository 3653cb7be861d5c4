"""`python -m knowledge import|show|search` with national records: a newer file updates
what changed and re-encodes only that; `show` prints the procedure as the kiosk answers;
search results carry the official code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalog.models import Procedure
from knowledge.cli import _result_json, main
from knowledge.retriever import Retriever
from knowledge.settings import KnowledgeSettings

CODES = ("1.011325", "1.000080", "6.006577")


def _records(shared: Path) -> dict[str, dict[str, Any]]:
    wanted = {}
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["ma_thu_tuc"] in CODES:
                wanted[record["ma_thu_tuc"]] = record
    return wanted


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def data_dir(
    tmp_path: Path,
    knowledge_settings: KnowledgeSettings,
    retriever: Retriever,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A data folder with a copy of the session's index (bundled catalog and plans)."""
    data = tmp_path / "data"
    shutil.copytree(knowledge_settings.index_dir, data / "index")
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(data))
    return data


def test_a_newer_file_updates_what_changed_and_reencodes_only_that(
    shared: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records(shared)
    first = _write(tmp_path / "v1.jsonl", [records[c] for c in CODES])
    assert main(["import", str(first)]) == 0
    out = capsys.readouterr().out
    assert "3 bản ghi, nhập 3, từ chối 0" in out and "Mới 3, cập nhật 0" in out
    assert re.search(r"Chỉ mục: 91 thủ tục; mã hóa mới \d+ đoạn", out), out

    renamed = {
        **records["1.011325"],
        "ten_thu_tuc": "Cấp giấy phép nhập khẩu thuốc thú y có chứa chất ma túy",
    }
    newer = _write(tmp_path / "v1.jsonl", [renamed, records["1.000080"]])
    assert main(["import", str(newer)]) == 0
    out = capsys.readouterr().out
    assert "Mới 0, cập nhật 1, không đổi 1, không còn trong tệp 1." in out
    encoded = int(re.search(r"Chỉ mục: 90 thủ tục; mã hóa mới (\d+) đoạn", out).group(1))
    assert 1 <= encoded <= 4  # the renamed procedure's chunks only

    assert main(["import", str(newer)]) == 0
    out = capsys.readouterr().out
    assert "Mới 0, cập nhật 0, không đổi 2, không còn trong tệp 0." in out
    assert "mã hóa mới 0 đoạn" in out


def test_show_prints_every_field_as_the_kiosk_answers(
    shared: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records(shared)
    assert (
        main(["import", "--no-index", str(_write(tmp_path / "r.jsonl", list(records.values())))])
        == 0
    )
    capsys.readouterr()
    assert main(["show", "1.011325", "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert set(Procedure.model_fields) <= set(view)
    assert (view["id"], view["code"], view["origin"], view["list_only"]) == (
        "tthc.1.011325",
        "1.011325",
        "national",
        False,
    )
    assert [c["kind"] for c in view["channels"]] == ["trực tuyến", "dịch vụ bưu chính", "trực tiếp"]
    assert len(view["case_question"]["options"]) == 2
    assert main(["show", "tthc.1.000080"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Thủ tục đăng ký nhận cha, mẹ, con có yếu tố nước ngoài")
    assert "  - trực tuyến: 7; Miễn phí" in text and "[* Giấy tờ phải xuất trình:]" in text
    assert main(["show", "9.999999"]) == 2
    assert "Không có thủ tục" in capsys.readouterr().err


def test_search_results_carry_the_official_code(retriever: Retriever) -> None:
    answer = _result_json(retriever, "procedure", "làm giấy khai sinh cho con", 3)
    top = answer["results"][0]  # type: ignore[index]
    assert (top["id"], top["code"]) == ("ho-tich.khai-sinh", "1.001193")
    assert all("code" in result for result in answer["results"])  # type: ignore[union-attr]
