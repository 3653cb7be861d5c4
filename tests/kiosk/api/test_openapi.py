"""The OpenAPI document tells the truth: schemathesis against /api/v1/openapi.json.

A real kiosk (uvicorn on a loopback port, the kiosk's own uvicorn options, real
database and retriever) is sent what schemathesis generates from the document, valid
and invalid, for every operation, and each answer is checked: no server error, a status
the document names, the documented content type and a body that matches its schema.
Every datetime in an answer carries the desk's UTC offset. Staff routes are called in
a real admin session (cookie and X-CSRF-Token), so their documented answers are
exercised, not only their 401; the ones without a session are checked apart. Logout is
left out of the run: it would end the session the run uses.

Bounded: a few examples per operation (MOTCUA_SCHEMATHESIS_EXAMPLES, default 6).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase
from loopback import serve
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.__main__ import UVICORN_OPTIONS
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, create_staff

EXAMPLES = int(os.environ.get("MOTCUA_SCHEMATHESIS_EXAMPLES", "6"))
# A datetime without a UTC offset: "2026-11-24T08:00:00" (a bare date is fine).
NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


@dataclass
class Session:
    url: str
    cookies: dict[str, str]
    headers: dict[str, str]


@pytest.fixture
def served(app: FastAPI, clock: MovableClock) -> Iterator[Session]:
    with serve(app, **UVICORN_OPTIONS) as url, httpx.Client(base_url=url, timeout=30) as http:
        name = create_staff(app, clock, "admin")
        login = http.post(
            "/api/v1/staff/login", json={"username": name, "password": STAFF_PASSWORD}
        )
        assert login.status_code == 200, login.text
        headers = {"X-CSRF-Token": login.json()["csrf_token"]}
        yield Session(url, dict(http.cookies), headers)


def naive_datetimes(value: Any, where: str = "$") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from naive_datetimes(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from naive_datetimes(item, f"{where}[{index}]")
    elif isinstance(value, str) and NAIVE.match(value):
        yield f"{where} = {value}"


def datetimes_carry_an_offset(ctx: Any, response: Any, case: Any) -> bool | None:
    """RFC 3339 `date-time`: every moment in a JSON answer has its UTC offset."""
    if "json" not in response.headers.get("content-type", [""])[0]:
        return None
    found = list(naive_datetimes(response.json()))
    if found:
        raise AssertionError(f"datetimes without a UTC offset: {found[:3]}")
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    datetimes_carry_an_offset,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def run_operation(operation: Any, mode: GenerationMode, served: Session) -> str | None:
    """`EXAMPLES` generated cases against the server; the first failure, shrunk, or None."""
    try:
        strategy = operation.as_strategy(generation_mode=mode)
    except Exception as error:  # noqa: BLE001 - e.g. nothing to negate: nothing to run
        return None if "negat" in str(error).lower() else f"{error!r}"

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @hypothesis.given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(
            base_url=served.url, headers=served.headers, cookies=served.cookies, checks=CHECKS
        )

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        return None
    except (Exception, BaseExceptionGroup) as error:  # a failed check, reported with the rest
        return f"{operation.label} [{mode.value}]: {str(error)[:1500]}"
    return None


def test_the_api_answers_as_its_document_says(served: Session) -> None:
    schema = schemathesis.openapi.from_url(f"{served.url}/api/v1/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) > 50
    failures = [
        failure
        for operation in operations
        if operation.path != "/api/v1/staff/logout"  # would end the session the run uses
        for mode in MODES
        if (failure := run_operation(operation, mode, served)) is not None
    ]
    assert failures == [], "\n\n".join(failures)
