"""The bundled catalog: coverage, schema rules, honest verification marks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from knowledge.catalog.models import FACT_FIELDS, Procedure
from knowledge.catalog.store import Catalog, CatalogError, load_bundled, load_catalog


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled()


def test_every_coverage_key_is_a_catalog_id(bundled: Catalog, shared: Path) -> None:
    with (shared / "catalog-coverage.csv").open(encoding="utf-8") as handle:
        keys = [row["key"] for row in csv.DictReader(handle)]
    assert len(keys) >= 60
    missing = [k for k in keys if k not in bundled]
    assert not missing, f"coverage keys missing from the catalog: {missing}"


def test_catalog_is_large_and_has_colloquial_names(bundled: Catalog) -> None:
    assert len(bundled) >= 80
    aliases = {a.lower() for p in bundled for a in p.aliases}
    for colloquial in ("sổ đỏ", "cắt khẩu", "nhập khẩu", "bằng lái", "passport", "giấy chứng tử"):
        assert any(colloquial in a for a in aliases), colloquial


def test_no_district_level_anywhere(bundled: Catalog) -> None:
    for procedure in bundled:
        text = f"{procedure.agency.name} {procedure.agency.submit_at}".lower()
        assert "huyện" not in text, procedure.id


def test_every_fact_field_is_marked(bundled: Catalog) -> None:
    for procedure in bundled:
        marked = set(procedure.verified.verified) | set(procedure.verified.unverified)
        assert marked == set(FACT_FIELDS), procedure.id


def test_conditional_components_say_when(bundled: Catalog) -> None:
    conditional = [d for p in bundled for d in p.dossier if not d.required]
    assert conditional, "the checklist dialog needs conditional components"
    assert all(d.condition for d in conditional)


def _entry(**changes: object) -> dict[str, object]:
    entry = load_bundled().get("ho-tich.khai-sinh")
    assert entry is not None
    data = entry.model_dump(mode="json")
    data.update(changes)
    return data


def test_schema_rejects_district_agency() -> None:
    agency = {"name": "UBND cấp huyện", "submit_at": "Bộ phận Một cửa"}
    with pytest.raises(ValueError, match="tỉnh và xã"):
        Procedure.model_validate(_entry(agency=agency))


def test_schema_rejects_unknown_keys_and_unmarked_fields() -> None:
    with pytest.raises(ValueError, match="extra"):
        Procedure.model_validate(_entry(colour="đỏ"))
    verified = {"verified": ["dossier"], "unverified": [], "checked_against": "Luật Hộ tịch"}
    with pytest.raises(ValueError, match="chưa khai báo"):
        Procedure.model_validate(_entry(verified=verified))


def test_loader_names_file_entry_and_field(tmp_path: Path) -> None:
    broken = _entry(id="ho-tich.thu", fees=[])
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump([broken], allow_unicode=True), "utf-8")
    with pytest.raises(CatalogError, match=r"bad\.yaml \[ho-tich\.thu\] fees"):
        load_catalog(tmp_path)


def test_loader_rejects_duplicates_and_non_lists(tmp_path: Path) -> None:
    entry = _entry()
    (tmp_path / "a.yaml").write_text(yaml.safe_dump([entry, entry], allow_unicode=True), "utf-8")
    with pytest.raises(CatalogError, match="trùng"):
        load_catalog(tmp_path)
    (tmp_path / "a.yaml").write_text("id: x\n", "utf-8")
    with pytest.raises(CatalogError, match="danh sách"):
        load_catalog(tmp_path)
