"""Catalog fixtures over the real national data in ../shared/national-catalog (read in place)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalog.ingest import IngestReport, import_files
from knowledge.settings import KnowledgeSettings

NOW = dt.datetime(2026, 5, 4, 9, 30)


@pytest.fixture(scope="session")
def national_dir(shared: Path) -> Path:
    folder = shared / "national-catalog"
    assert (folder / "procedures.jsonl").is_file(), f"missing national data at {folder}"
    return folder


@pytest.fixture(scope="session")
def portal_records(national_dir: Path) -> dict[str, dict[str, Any]]:
    """Every captured procedure page, by code."""
    records = {}
    with (national_dir / "procedures.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            records[record["ma_thu_tuc"]] = record
    return records


@pytest.fixture(scope="session")
def imported(
    national_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[KnowledgeSettings, IngestReport]:
    """The whole of national-catalog (records + lists) imported once into a fresh data folder."""
    settings = KnowledgeSettings(data_dir=tmp_path_factory.mktemp("national-data"))
    files = [national_dir / "procedures.jsonl", *sorted((national_dir / "lists").glob("*.xlsx"))]
    return settings, import_files(files, settings, now=NOW)
