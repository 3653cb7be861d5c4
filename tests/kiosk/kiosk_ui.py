"""Helpers for browser tests of the kiosk screen (Chromium through Playwright): touch on the
on-screen keyboard, wait without string evaluation (the page's CSP forbids it), check the
kiosk's sizes (targets ≥ 56 px, text ≥ 20 pt), screenshots."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "ui"
KIOSK_SCREEN = {"width": 1080, "height": 1920}  # a portrait kiosk
MIN_TARGET_PX = 56
MIN_BODY_PX = 20 * 96 / 72  # 20 pt
TIMEOUT_MS = 20_000  # actions and assertions alike: a loaded machine is slow

SMALL_TARGETS_JS = """(min) => [...document.querySelectorAll(
      'button, .choice, .check, .score, input[type=text], input[type=search],'
      + ' input[type=tel], textarea')]
    .filter((el) => el.getClientRects().length)
    .filter((el) => getComputedStyle(el).visibility !== 'hidden')
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width < min || r.height < min)
    .map(([el, r]) => `${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}"`
      + ` ${Math.round(r.width)}x${Math.round(r.height)}`)"""

SMALL_TEXT_JS = """(min) => [...document.querySelectorAll('main *')]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((el) => el.getClientRects().length && !el.closest('button'))
    .filter((el) => parseFloat(getComputedStyle(el).fontSize) < min - 0.01)
    .map((el) => `${el.tagName}.${el.className} ${getComputedStyle(el).fontSize}`)"""


def watch(page: Page, base_url: str, problems: list[str]) -> None:
    """Note the page's script errors and its requests off this host (data:, blob: and
    about: are local) in `problems`."""
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((base_url, "data:", "blob:", "about:"))
            else problems.append(f"request off the host: {r.url}")
        ),
    )


@contextmanager
def browser_page(
    browser: Browser, base_url: str, viewport: dict[str, int] = KIOSK_SCREEN
) -> Iterator[Page]:
    """A new browser profile's page on the app at base_url; fails the test on a script
    error or a request off this host (see watch)."""
    context = browser.new_context(viewport=viewport, base_url=base_url, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    watch(page, base_url, problems)
    try:
        yield page
    finally:
        context.close()
    assert not problems, problems


@contextmanager
def kiosk_page(browser: Browser, base_url: str, path: str = "/") -> Iterator[Page]:
    """The kiosk screen in portrait, loaded (see browser_page)."""
    with browser_page(browser, base_url) as page:
        page.goto(path)
        page.wait_for_selector("body[data-ready]")
        yield page


def shot(page: Page, name: str, full_page: bool = False, folder: Path = ARTIFACTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_kiosk_sized(page: Page) -> None:
    """No touch target under 56 px, no text under 20 pt below the top bar."""
    assert page.evaluate(SMALL_TARGETS_JS, MIN_TARGET_PX) == []
    assert page.evaluate(SMALL_TEXT_JS, MIN_BODY_PX) == []


def tap_keys(page: Page, keys: str) -> None:
    """Type on the on-screen keyboard; "^" is the shift key, " " the space bar."""
    for key in keys:
        name = {" ": "SPACE", "^": "SHIFT"}.get(key, key)
        page.click(f'#keyboard button[data-key="{name}"]')


def wait_for(page: Page, script: str, arg: Any = None, seconds: float = 15) -> Any:
    """Poll a script until it returns something truthy."""
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for: {script}"
        page.wait_for_timeout(100)
