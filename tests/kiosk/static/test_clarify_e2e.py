"""Variants asked, not guessed, on the kiosk's search screen in Debian's Chromium: when the
best procedures are variants the question does not pick, the screen asks with one button
per variant and the chosen one opens; a question that gives the detail is not asked.
Real app on loopback (SQLite in tmp_path, the real retriever; Rasa down)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from kiosk.core.config import Settings
from tests.kiosk.conftest import Serve
from tests.kiosk.kiosk_ui import assert_kiosk_sized, kiosk_page, shot
from tests.loopback import closed_port_url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        speech_enabled=False,
        rasa_url=closed_port_url(),
    )


@pytest.fixture
def page(browser: Browser, app: FastAPI, serve: Serve) -> Iterator[Page]:
    with serve(app) as base_url, kiosk_page(browser, base_url) as page:
        yield page


def search(page: Page, question: str) -> None:
    page.click("[data-testid=tile-search]")
    page.fill("#f-q", question)
    expect(page.locator("[data-testid=results] .result").first).to_be_visible()


def test_the_screen_asks_which_variant_and_opens_the_chosen_one(page: Page) -> None:
    search(page, "lam lai can cuoc")
    box = page.locator("[data-testid=clarify]")
    expect(box.locator(".clarify-question")).to_have_text(
        "Làm lần đầu, bị mất hay bị hỏng/hết hạn/đổi thông tin?"
    )
    options = box.locator(".clarify-option")
    expect(options).to_have_text(
        ["Bị mất (cấp lại)", "Làm lần đầu", "Bị hỏng, hết hạn, đổi thông tin (cấp đổi)"]
    )
    # the hits are still listed, in their order, below the question
    results = page.locator("[data-testid=results] .result")
    expect(results.first).to_have_attribute("data-procedure-id", "can-cuoc.cap-lai")
    assert_kiosk_sized(page)
    shot(page, "search-clarify")
    options.nth(2).click()
    expect(page.locator("h1")).to_have_text("Cấp đổi thẻ căn cước")
    assert page.url.endswith("#/procedure/can-cuoc.cap-doi")


def test_a_detail_already_given_is_not_asked(page: Page) -> None:
    search(page, "can cuoc bi mat")
    first = page.locator("[data-testid=results] .result").first
    expect(first).to_have_attribute("data-procedure-id", "can-cuoc.cap-lai")
    expect(page.locator("[data-testid=clarify]")).to_have_count(0)
