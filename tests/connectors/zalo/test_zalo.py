"""Zalo OA against an OA API server on loopback: signed webhooks, retries, background
replies, button templates, token refresh on -216, the customer-service window."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient
from loopback import wait_for
from sqlalchemy import select

from connectors.zalo.signature import signature
from kiosk.store.channels import ChannelCredential
from tests.connectors.channel_harness import (
    OA_SECRET,
    AppFactory,
    Remote,
    channel_settings,
    post_event,
    zalo_event,
)
from tests.connectors.zalo_api import APP_ID

USER = "8475839201234567"


def test_missing_wrong_or_stale_signatures_are_refused(
    make_app: AppFactory, zalo: Remote, rasa: Remote
) -> None:
    with TestClient(make_app(channel_settings(zalo_url=zalo.url), rasa.url)) as client:
        event = zalo_event("user_send_text", USER, "xin chào", msg_id="a1")
        assert post_event(client, event, mac=None) == 401
        assert post_event(client, event, mac="mac=" + "0" * 64) == 401
        assert post_event(client, event, secret="another OA's secret") == 401
        tampered = event | {"message": {"msg_id": "a1", "text": "khác"}}
        # The signature covers the exact bytes: a valid one for other bytes is refused.
        assert post_event(client, tampered, mac=_mac_of(event)) == 401
        stale = zalo_event("user_send_text", USER, "xin chào", msg_id="a2", age=3600)
        assert post_event(client, stale) == 401
        time.sleep(0.3)
    assert rasa.api.turns == []
    assert zalo.api.messages == []


def _mac_of(event: dict[str, object]) -> str:
    raw = json.dumps(event, ensure_ascii=False).encode()
    return signature(APP_ID, raw, str(event["timestamp"]), OA_SECRET)


def test_a_signed_message_is_answered_at_once_and_replied_to_in_the_background_once(
    make_app: AppFactory, zalo: Remote, rasa: Remote
) -> None:
    rasa.api.script["chào"] = [{"text": "Xin chào! Mình giúp gì được ạ?"}]
    rasa.api.delay = 1.5  # the assistant takes its time; Zalo must not wait for it
    settings = channel_settings(zalo_url=zalo.url)
    event = zalo_event("user_send_text", USER, "chào", msg_id="m-100")
    with TestClient(make_app(settings, rasa.url)) as client:
        started = time.monotonic()
        assert post_event(client, event) == 200
        assert time.monotonic() - started < 1.0
        assert post_event(client, event) == 200  # Zalo retries: same msg_id
        assert zalo.api.to(USER) == []
        wait_for(lambda: zalo.api.to(USER), what="the reply")
    with TestClient(make_app(settings, rasa.url)) as client:
        assert post_event(client, event) == 200  # a retry after a restart, too
        time.sleep(0.5)
    assert rasa.api.turns == [(f"zalo-{USER}", "chào")]
    assert zalo.api.to(USER) == [{"text": "Xin chào! Mình giúp gì được ạ?"}]


def test_unknown_events_are_ignored_and_follow_is_greeted(
    make_app: AppFactory, zalo: Remote, rasa: Remote
) -> None:
    rasa.api.script["/greet"] = [{"text": "Xin chào! Mình là trợ lý của Bộ phận Một cửa."}]
    with TestClient(make_app(channel_settings(zalo_url=zalo.url), rasa.url)) as client:
        sticker = zalo_event("user_send_sticker", USER, msg_id="s1")
        assert post_event(client, sticker) == 200
        receipt = zalo_event("user_received_message", USER, msg_id="r1")
        assert post_event(client, receipt) == 200
        assert post_event(client, zalo_event("follow", USER)) == 200
        wait_for(lambda: zalo.api.to(USER))
    assert rasa.api.turns == [(f"zalo-{USER}", "/greet")]
    assert zalo.api.to(USER)[0]["text"].startswith("Xin chào!")


def test_buttons_become_a_button_template_five_at_a_time(
    make_app: AppFactory, zalo: Remote, rasa: Remote
) -> None:
    times = [f"{h:02d}:00" for h in (7, 8, 9, 10, 13, 14, 15)]
    buttons = [{"title": t, "payload": t} for t in times] + [
        {"title": "Dừng lại", "payload": "thôi"}
    ]
    rasa.api.script["giờ"] = [{"text": "Bạn chọn một giờ:", "buttons": buttons}]
    with TestClient(make_app(channel_settings(zalo_url=zalo.url), rasa.url)) as client:
        post_event(client, zalo_event("user_send_text", USER, "giờ"))
        sent = wait_for(lambda: len(zalo.api.to(USER)) == 2 and zalo.api.to(USER))
    first, second = sent
    assert first["text"] == "Bạn chọn một giờ:"
    template = first["attachment"]
    assert template["type"] == "template"
    assert [b["title"] for b in template["payload"]["buttons"]] == times[:5]
    assert template["payload"]["buttons"][0] == {
        "title": "07:00",
        "type": "oa.query.show",
        "payload": "07:00",
    }
    assert [b["payload"] for b in second["attachment"]["payload"]["buttons"]] == [
        "14:00",
        "15:00",
        "thôi",
    ]
    assert second["attachment"]["payload"]["buttons"][-1]["type"] == "oa.query.hide"


def test_an_expired_token_is_refreshed_once_and_the_new_refresh_token_kept(
    make_app: AppFactory, zalo: Remote, rasa: Remote
) -> None:
    settings = channel_settings(zalo_url=zalo.url)
    app = make_app(settings, rasa.url)
    with TestClient(app) as client:
        zalo.api.expire()
        post_event(client, zalo_event("user_send_text", USER, "một"))
        wait_for(lambda: zalo.api.to(USER), what="the reply after refreshing")
        db = app.state.runtime.db
    assert len(zalo.api.refreshes) == 1
    assert zalo.api.refreshes[0] == {
        "refresh_token": "refresh-0",
        "app_id": "1234567890123456789",
        "grant_type": "refresh_token",
    }
    with db.read() as session:
        stored = {c.name: c.value for c in session.scalars(select(ChannelCredential))}
    current = {"access_token": zalo.api.access_token, "refresh_token": zalo.api.refresh_token}
    assert stored == current

    # After a restart the spent refresh token from the environment is not used again.
    with TestClient(make_app(settings, rasa.url)) as client:
        post_event(client, zalo_event("user_send_text", USER, "hai"))
        wait_for(lambda: len(zalo.api.to(USER)) == 2)
        zalo.api.expire()
        post_event(client, zalo_event("user_send_text", USER, "ba"))
        wait_for(lambda: len(zalo.api.to(USER)) == 3)
    assert [r["refresh_token"] for r in zalo.api.refreshes] == ["refresh-0", "refresh-1"]
