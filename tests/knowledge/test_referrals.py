"""Matters outside the catalog: recognised by cue phrases, referred only on abstention."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.procedure_search import ProcedureHit, ProcedureResult
from knowledge.referrals import ReferralError, bundled_referrals, load_referrals

HIT = ProcedureHit("cong-thuong.lpg", "Cấp Giấy chứng nhận ... LPG chai", 1.0, 0.8, 8.7)


def test_cues_match_whole_words_with_or_without_marks() -> None:
    referrals = bundled_referrals()
    for question, matter in [
        ("kiện hàng xóm", "tranh-chap-dan-su"),
        ("kien hang xom", "tranh-chap-dan-su"),
        ("giá vàng hôm nay", "gia-ca-thi-truong"),
        ("bị mất trộm xe máy báo ai", "an-ninh-trat-tu"),
        ("tra cứu phạt nguội", "vi-pham-giao-thong"),
    ]:
        found = referrals.match(question)
        assert found is not None and found.matter == matter, question
    # "điều kiện", "bưu kiện", "đại lý, đi ..." are not disputes or divorces.
    for question in ("điều kiện mở cửa hàng gas", "gửi bưu kiện", "mua xe ở đại lý, đi bấm biển"):
        assert referrals.match(question) is None, question


def test_only_an_abstention_is_referred_and_then_without_suggestions() -> None:
    referrals = bundled_referrals()
    unsure = ProcedureResult("kiện hàng xóm", True, 0.35, [HIT])
    referred = referrals.refer(unsure)
    assert referred.hits == [] and referred.referral is not None
    assert "Tòa án" in referred.referral.where
    answered = ProcedureResult("kiện hàng xóm", False, 0.9, [HIT])
    assert referrals.refer(answered) is answered  # the catalog decides first
    plain = ProcedureResult("thời tiết hôm nay", True, 0.1, [HIT])
    assert referrals.refer(plain) is plain


def test_a_desk_can_use_its_own_file_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "referrals.yaml"
    own.write_text(
        "matters:\n  - id: dat-ve\n    label: đặt vé xe\n"
        "    where: Đặt vé tại bến xe hoặc nhà xe.\n    cues: [vé xe]\n",
        encoding="utf-8",
    )
    found = load_referrals(own).match("dat ve xe di Sai Gon")
    assert found is not None and found.matter == "dat-ve"
    own.write_text("matters:\n  - id: Sai Id\n    label: x\n", encoding="utf-8")
    with pytest.raises(ReferralError, match="referrals.yaml"):
        load_referrals(own)
    with pytest.raises(ReferralError, match="Không đọc được"):
        load_referrals(tmp_path / "missing.yaml")
