"""The whole of ../shared/national-catalog imported: counts, merges by code, the audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalog.audit import AUDIT_FILE, Ledger
from knowledge.catalog.ingest import RECORDS, IngestReport, import_files
from knowledge.catalog.lists.codes import CodeKind
from knowledge.catalog.loading import load_full_catalog, read_ledger
from knowledge.catalog.models import Level, Online, Origin
from knowledge.catalog.national import STORE_FILE
from knowledge.catalog.store import Catalog, load_bundled
from knowledge.catalog.view import LIST_ONLY_NOTICE, procedure_view
from knowledge.settings import KnowledgeSettings
from knowledge.text import fold

Imported = tuple[KnowledgeSettings, IngestReport]


@pytest.fixture(scope="module")
def catalog(imported: Imported) -> Catalog:
    return load_full_catalog(imported[0])


def test_every_record_is_imported_and_notes_are_counted_by_kind(imported: Imported) -> None:
    _, report = imported
    records = report.files[0]
    assert (records.kind, records.total, records.imported, records.rejected) == (
        RECORDS,
        2642,
        2642,
        {},
    )
    assert {kind: len(codes) for kind, codes in records.notes.items()} == {
        "thời hạn và lệ phí dính liền": 55,
        "trình tự và thành phần hồ sơ đọc lại từ toàn văn trang": 24,
        "cơ quan còn nhắc cấp huyện": 23,
        "thành phần cuối không ghi số lượng": 15,
        "thành phần hồ sơ không có dạng bảng": 2,
    }
    assert records.changes is not None and len(records.changes.new) == 2642
    lang_son = next(f for f in report.files if f.path.name == "lang-son-tinh.xlsx")
    assert (lang_son.total, lang_son.imported) == (1843, 1840)
    assert len(lang_son.oddities[CodeKind.SUFFIXED]) == 1756
    assert (report.records, report.list_only) == (2642, 1271)


def test_one_procedure_per_code(catalog: Catalog) -> None:
    bundled = load_bundled()
    origins = [p.origin for p in catalog]
    assert len(catalog) == len(bundled) + 2642 + 1271 - 35
    assert origins.count(Origin.MERGED) == 35 and origins.count(Origin.LIST) == 1271
    codes = [p.code for p in catalog if p.code]
    assert len(codes) == len(set(codes))
    birth = catalog.find("1.001193")
    assert birth is not None and birth.id == "ho-tich.khai-sinh" and birth.origin is Origin.MERGED
    assert catalog.get("tthc.1.001193") is None
    assert birth.aliases[: len(bundled.get("ho-tich.khai-sinh").aliases)] == (
        bundled.get("ho-tich.khai-sinh").aliases
    )
    assert "Thủ tục đăng ký khai sinh" in birth.aliases  # the official name, searchable
    assert str(birth.source_url).startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")
    assert birth.dossier == bundled.get("ho-tich.khai-sinh").dossier  # verified: curated stays
    assert [f.amount_vnd for f in birth.fees] == [0]  # unverified: the official record's
    assert birth.verified == bundled.get("ho-tich.khai-sinh").verified


def test_the_commune_variant_of_a_code(catalog: Catalog) -> None:
    card = catalog.get("can-cuoc.cap-moi")
    assert card is not None and card.code == "1.014061" and card.level is Level.COMMUNE
    assert card.levels == [Level.COMMUNE]
    province = catalog.find("2.000200")
    assert province is not None and province.origin is Origin.NATIONAL
    assert province.id == "tthc.2.000200"


def test_verified_facts_are_not_overwritten_silently(imported: Imported, catalog: Catalog) -> None:
    passport = catalog.get("xuat-nhap-canh.ho-chieu")
    assert passport is not None and [f.amount_vnd for f in passport.fees] == [200_000, 400_000]
    assert {c.fee.text for c in passport.channels if c.fee} == {
        "160,000 Việt Nam Đồng",
        "200,000 Việt Nam Đồng",
    }
    ledger = read_ledger(imported[0])
    found = {(d.procedure_id, d.field) for d in ledger.newest_first()}
    assert found == {
        ("giao-thong.doi-gplx", "level"),
        ("giao-thong.doi-gplx", "dossier"),
        ("giao-thong.doi-gplx", "fees"),
        ("giao-thong.cap-lai-gplx", "dossier"),
        ("giao-thong.cap-lai-gplx", "fees"),
        ("giao-thong.gplx-quoc-te", "level"),
        ("giao-thong.gplx-quoc-te", "dossier"),
        ("giao-thong.gplx-quoc-te", "fees"),
        ("ho-tich.ket-hon", "dossier"),
        ("ho-tich.ket-hon-nuoc-ngoai", "dossier"),
        ("ho-tich.trich-luc", "agency"),
        ("ho-tich.ghi-chu-ket-hon", "dossier"),
        ("ho-tich.ghi-chu-ly-hon", "dossier"),
        ("xuat-nhap-canh.ho-chieu", "fees"),
    }
    fee = next(d for d in ledger.differences if d.procedure_id == "xuat-nhap-canh.ho-chieu")
    assert fee.curated.startswith("Lệ phí cấp mới hộ chiếu phổ thông: 200.000 đồng")
    assert "trực tuyến: 160,000 Việt Nam Đồng" in fee.official
    assert fee.official_url and fee.found_at == "2026-05-04T09:30:00" and fee.decision is None


def test_a_decision_to_accept_the_official_value_is_applied(
    imported: Imported, tmp_path: Path
) -> None:
    settings = KnowledgeSettings(data_dir=tmp_path)
    folder = settings.imported_catalog_dir
    folder.mkdir()
    for name in (STORE_FILE, AUDIT_FILE):
        shutil.copy(imported[0].imported_catalog_dir / name, folder / name)
    ledger = Ledger.read(folder / AUDIT_FILE)
    fee = next(d for d in ledger.differences if d.procedure_id == "xuat-nhap-canh.ho-chieu")
    ledger.decide(fee.id, "official", "Cán bộ giám sát", "2026-05-05T08:00:00")
    ledger.write(folder / AUDIT_FILE)
    passport = load_full_catalog(settings).get("xuat-nhap-canh.ho-chieu")
    assert passport is not None and [f.amount_vnd for f in passport.fees] == [160_000, 200_000]
    (decided,) = [d for d in Ledger.read(folder / AUDIT_FILE).differences if d.id == fee.id]
    assert decided.decision is not None and decided.decision.by == "Cán bộ giám sát"
    assert decided.decision.at == "2026-05-05T08:00:00" and decided.decision.choice == "official"


def test_list_rows_join_their_records(catalog: Catalog) -> None:
    joined = [
        listing
        for p in catalog
        if p.origin in (Origin.NATIONAL, Origin.MERGED)
        for listing in p.listings
        if listing.source == "lang-son-tinh.xlsx"
    ]
    # 516 rows of Lạng Sơn have a full record; identical repeated rows count once.
    assert len(joined) == 508 and len({(lst.code, lst.decision) for lst in joined}) >= 483
    refined = [
        p
        for p in catalog
        if p.origin is Origin.NATIONAL
        and any(lst.online_level == "Toàn trình" for lst in p.listings)
        and p.online is Online.FULL
    ]
    assert refined, "the province's online level fills in the record's «có»"


def test_list_only_entries_say_what_is_known_and_no_more(catalog: Catalog) -> None:
    electricity = catalog.find("3.000001")
    assert electricity is not None and electricity.origin is Origin.LIST
    assert electricity.id == "tthc.3.000001" and electricity.level is Level.UNKNOWN
    assert electricity.dossier == [] and electricity.fees == [] and electricity.steps == []
    assert electricity.online is Online.PARTIAL
    assert [lst.code for lst in electricity.listings] == ["3.000001.000.00.00.H37"]
    view = procedure_view(electricity)
    assert view["list_only"] is True and view["notices"] == [LIST_ONLY_NOTICE]
    assert view["portal_url"].endswith("keyword=3.000001")
    local = catalog.get("dm.cccx-01")
    assert local is not None and local.code is None and local.field == "Công chức cấp xã"
    listed = [p for p in catalog if p.origin is Origin.LIST]
    assert not any("test" in fold(p.name).split() for p in listed)
    assert not any(lst.code.startswith("TEST") for p in listed for lst in p.listings)


def test_importing_the_same_files_again_changes_nothing(
    imported: Imported, national_dir: Path
) -> None:
    settings, _ = imported
    store = settings.imported_catalog_dir / STORE_FILE
    audit = settings.imported_catalog_dir / AUDIT_FILE
    before = (store.stat().st_mtime_ns, audit.stat().st_mtime_ns)
    files = [national_dir / "procedures.jsonl", national_dir / "lists" / "lang-son-tinh.xlsx"]
    again = import_files(files, settings)
    changes = again.files[0].changes
    assert changes is not None and len(changes.unchanged) == 2642
    assert changes.new == changes.updated == changes.removed == []
    assert again.store_written is False and again.audit.new_differences == 0
    assert (store.stat().st_mtime_ns, audit.stat().st_mtime_ns) == before


def test_a_later_record_completes_a_list_only_entry(
    national_dir: Path, portal_records: dict[str, Any], tmp_path: Path
) -> None:
    settings = KnowledgeSettings(data_dir=tmp_path)
    import_files([national_dir / "lists" / "toa-an-nhan-dan.xlsx"], settings)
    first = load_full_catalog(settings).find("3.000164")
    assert first is not None and first.origin is Origin.LIST and first.dossier == []
    record = tmp_path / "toa-an.jsonl"
    record.write_text(json.dumps(portal_records["3.000164"], ensure_ascii=False) + "\n", "utf-8")
    import_files([record], settings)
    later = load_full_catalog(settings).find("3.000164")
    assert later is not None and later.origin is Origin.NATIONAL and later.id == first.id
    assert later.channels and later.source_url is not None
    assert [listing.source for listing in later.listings] == ["toa-an-nhan-dan.xlsx"]
