"""Helpers for browser tests of the kiosk screen (Chromium through Playwright): touch on the
on-screen keyboard, wait without string evaluation (the page's CSP forbids it), check the
kiosk's sizes (targets ≥ 56 px, text ≥ 20 pt), screenshots."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "ui"
KIOSK_SCREEN = {"width": 1080, "height": 1920}  # a portrait kiosk
MIN_TARGET_PX = 56
MIN_BODY_PX = 20 * 96 / 72  # 20 pt

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
