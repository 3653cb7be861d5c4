"""/metrics in Prometheus text format; request ids in and out and in every log line."""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from kiosk.core.config import Settings
from kiosk.core.logs import JsonFormatter, TextFormatter, request_id, resolve_format
from tests.kiosk.conftest import NOW

API = "/api/v1"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    with socket.socket() as sock:  # nobody listens there: Rasa is down
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return settings.model_copy(
        update={
            "speech_enabled": False,
            "fixed_now": NOW,  # the app's retention run must not age the test's transcripts
            "rasa_url": f"http://127.0.0.1:{port}",
        }
    )


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_exposition_counts_requests_chat_abstentions_and_bookings(client: TestClient) -> None:
    assert client.get(f"{API}/desk").status_code == 200
    assert client.get(f"{API}/desk").status_code == 200
    cancel = client.post(f"{API}/appointments/LH-ZZZZZ/cancel", json={"phone": "0912345678"})
    assert cancel.status_code == 404
    assert client.get("/khong-co").status_code == 404
    booking = {
        "field": "Hộ tịch",
        "starts_at": "2026-11-24T08:00:00",
        "name": "Nguyễn Văn An",
        "phone": "0912345678",
    }
    assert client.post(f"{API}/appointments", json=booking).status_code == 201
    for message in ("làm giấy khai sinh", "thời tiết hôm nay thế nào"):
        client.post(f"{API}/chat", json={"session_id": "m1", "message": message})
    assert client.get(f"{API}/procedures/search", params={"q": "thời tiết hôm nay"}).is_success

    found = samples(client)
    requests = "motcua_http_requests_total"
    assert value(found, requests, method="GET", route="/api/v1/desk", status="200") == 2
    cancel_route = "/api/v1/appointments/{code}/cancel"
    assert value(found, requests, method="POST", route=cancel_route, status="404") == 1
    assert value(found, requests, method="GET", route="unmatched", status="404") == 1
    assert not [k for k in found if "LH-ZZZZZ" in str(k) or "0912345678" in str(k)]
    latency = "motcua_http_request_duration_seconds_count"
    assert value(found, latency, method="GET", route="/api/v1/desk") == 2
    assert value(found, "motcua_bookings_total", channel="kiosk") == 1
    assert value(found, "motcua_chat_turns_total", channel="kiosk", degraded="true") == 2
    assert value(found, "motcua_retrieval_abstentions_total", source="chat") == 1
    assert value(found, "motcua_retrieval_abstentions_total", source="search") == 1
    assert value(found, "motcua_procedure_searches_total", source="search") == 1


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logs() -> Iterator[Collect]:
    handler = Collect()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def test_request_id_goes_in_and_out_and_into_every_log_line(
    client: TestClient, logs: Collect
) -> None:
    response = client.post(
        f"{API}/chat",
        json={"session_id": "r1", "message": "tôi là Nguyễn Văn An, 0912345678, làm khai sinh"},
        headers={"X-Request-ID": "req-42"},
    )
    assert response.status_code == 200 and response.headers["x-request-id"] == "req-42"
    entries = [json.loads(line) for line in logs.lines]
    mine = [e for e in entries if e["request_id"] == "req-42"]
    assert {e["logger"] for e in mine} >= {"kiosk.services.chat", "kiosk.access"}
    access = next(e for e in mine if e["logger"] == "kiosk.access")
    assert (access["route"], access["status"], access["method"]) == ("/api/v1/chat", 200, "POST")
    assert not [line for line in logs.lines if "0912345678" in line or "Văn An" in line]

    fresh = client.get(f"{API}/desk").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)
    unsafe = client.get(f"{API}/desk", headers={"X-Request-ID": "bad id\twith spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", unsafe.headers["x-request-id"])


def test_formatters_mask_personal_data_and_carry_the_request_id() -> None:
    record = logging.LogRecord(
        "kiosk.x", logging.INFO, __file__, 1, "gọi %s", ("0912345678",), None
    )
    token = request_id.set("abc")
    try:
        entry = json.loads(JsonFormatter().format(record))
        text = TextFormatter().format(record)
    finally:
        request_id.reset(token)
    assert (entry["message"], entry["request_id"], entry["level"]) == ("gọi [sđt]", "abc", "info")
    assert text.endswith("INFO kiosk.x [abc]: gọi [sđt]")
    assert resolve_format("text") == "text" and resolve_format("json") == "json"


def test_metrics_of_two_apps_do_not_mix(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    from kiosk.app import create_app

    client.get(f"{API}/desk")
    other = create_app(settings)
    assert other.state.metrics.registry is not app.state.metrics.registry
