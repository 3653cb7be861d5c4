"""A procedure's card and its answers about one aspect, from the catalog's fields as the
kiosk API gives them (GET /procedures/{id}): the JSON card for the kiosk, the text for every
channel with its buttons, the facts not yet verified said so, and the source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.messages import button, text
from actions.official import channel_lines, closing_lines, components_text, official_aspect
from vntext.procedure_facts import NO_INFO, levels_text

CARD_BUTTONS = [
    button("Chuẩn bị hồ sơ", "/prepare_dossier"),
    button("Đặt lịch hẹn", "/book_appointment"),
    button("Biểu mẫu", '/ask_procedure{"aspect": "forms"}'),
]
FIELD_LABELS = {
    "code": "mã thủ tục",
    "agency": "cơ quan thực hiện",
    "dossier": "thành phần hồ sơ",
    "steps": "các bước",
    "processing_time": "thời hạn",
    "fees": "lệ phí",
    "online": "nộp trực tuyến",
    "location_independent": "nộp không phụ thuộc địa giới",
    "postal": "bưu chính",
    "conditions": "điều kiện",
    "result": "kết quả",
    "legal_basis": "căn cứ pháp lý",
}


def money(amount: int | None) -> str:
    if amount is None:
        return "tùy trường hợp"
    if amount == 0:
        return "miễn phí"
    return f"{amount:,}".replace(",", ".") + " đồng"


def fees_text(procedure: dict[str, Any]) -> str:
    parts = []
    for fee in procedure["fees"]:
        note = f" ({fee['note']})" if fee.get("note") else ""
        parts.append(f"{fee['name']}: {money(fee.get('amount_vnd'))}{note}")
    return "; ".join(parts)


def day_text(iso: str) -> str:
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")


def online_text(procedure: dict[str, Any]) -> str:
    url = procedure.get("online_url")
    return f"{procedure['online']}" + (
        f" ({url})" if url and procedure["online"] != "không" else ""
    )


def sources_text(procedure: dict[str, Any]) -> str:
    return "; ".join(source["title"] for source in procedure["sources"])


def law_text(law: dict[str, Any]) -> str:
    return " ".join(filter(None, [law["title"], law.get("number"), law.get("articles")]))


def card_text(procedure: dict[str, Any]) -> str:
    """The card as text, every fact from a catalog field; an official record's structure
    (levels, channels, scope, notices, page) as actions/official.py says it."""
    if procedure.get("list_only"):
        agency = procedure["agency"]["name"] or NO_INFO
        head = text(
            "procedure_card_list", **_names(procedure), code=procedure["code"], agency=agency
        )
        return "\n".join([head, *closing_lines(procedure)])
    if procedure.get("origin") == "national":
        return "\n".join([official_card(procedure), *closing_lines(procedure)])
    extra = ["Cách thức thực hiện:", *channel_lines(procedure)] if procedure.get("channels") else []
    if len(procedure.get("levels") or []) > 1:
        extra.append(f"Cấp thực hiện: {levels_text(procedure)}.")
    return "\n".join([curated_card(procedure), *extra, *closing_lines(procedure)])


def _names(procedure: dict[str, Any]) -> dict[str, str]:
    return {"name": procedure["name"], "field": procedure["field"]}


def official_card(procedure: dict[str, Any]) -> str:
    """A national record: its channels carry the time and fees."""
    return text(
        "procedure_card_official",
        **_names(procedure),
        levels=levels_text(procedure),
        agency=procedure["agency"]["name"] or NO_INFO,
        channels="\n".join(channel_lines(procedure)) or NO_INFO,
        components=components_text(procedure),
        online=online_text(procedure),
        laws="; ".join(law_text(law) for law in procedure["legal_basis"]) or "không ghi",
        sources=sources_text(procedure),
        updated=day_text(procedure["updated"]),
    )


def curated_card(procedure: dict[str, Any]) -> str:
    return text(
        "procedure_card",
        name=procedure["name"],
        field=procedure["field"],
        agency=procedure["agency"]["name"],
        submit_at=procedure["agency"]["submit_at"],
        count=len(procedure["dossier"]),
        components="; ".join(item["name"] for item in procedure["dossier"]),
        time=procedure["processing_time"]["text"],
        fees=fees_text(procedure),
        online=online_text(procedure),
        laws="; ".join(law_text(law) for law in procedure["legal_basis"]) or "không ghi",
        sources=sources_text(procedure),
        updated=day_text(procedure["updated"]),
    )


def unverified_text(procedure: dict[str, Any], fields: list[str]) -> str | None:
    """A warning when some of the given fields were not checked against the legal text."""
    unchecked = [f for f in fields if f in procedure["verified"]["unverified"]]
    if not unchecked:
        return None
    return text("unverified", fields=", ".join(FIELD_LABELS.get(f, f) for f in unchecked))


def bullet(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def dossier_lines(procedure: dict[str, Any]) -> list[str]:
    lines = []
    for item in procedure["dossier"]:
        when = f" — {item['condition']}" if item.get("condition") else ""
        lines.append(f"{item['name']} ({item['kind']}, {item.get('count', 1)} bộ){when}")
    return lines


def form_names(procedure: dict[str, Any]) -> list[str]:
    return [f"{item['name']}: {item['form']}" for item in procedure["dossier"] if item.get("form")]


ASPECT_FIELDS = {
    "fees": ["fees"],
    "time": ["processing_time"],
    "place": ["agency"],
    "dossier": ["dossier"],
    "forms": ["dossier"],
    "online": ["online"],
    "legal": ["legal_basis"],
    "steps": ["steps"],
}


def aspect_text(procedure: dict[str, Any], aspect: str) -> str:
    """The answer to one part of a procedure, from its catalog fields."""
    official = official_aspect(procedure, aspect)
    if official is not None:
        return official
    name = procedure["name"]
    if aspect == "fees":
        return text("aspect_fees", name=name, fees=fees_text(procedure))
    if aspect == "time":
        return text("aspect_time", name=name, time=procedure["processing_time"]["text"])
    if aspect == "place":
        agency = procedure["agency"]
        return text("aspect_place", name=name, submit_at=agency["submit_at"], agency=agency["name"])
    if aspect == "dossier":
        return text("aspect_dossier", name=name, items=bullet(dossier_lines(procedure)))
    if aspect == "forms":
        forms = form_names(procedure)
        if not forms:
            return text("aspect_no_forms", name=name)
        return text("aspect_forms", name=name, forms=bullet(forms))
    if aspect == "online":
        url = procedure.get("online_url")
        link = f" Địa chỉ: {url}" if url and procedure["online"] != "không" else ""
        return text("aspect_online", name=name, online=procedure["online"], url=link)
    if aspect == "legal":
        laws = [law_text(law) for law in procedure["legal_basis"]]
        return text("aspect_legal", name=name, laws=bullet(laws))
    return text("aspect_steps", name=name, steps=bullet(procedure["steps"]))


def answer_aspect(dispatcher: CollectingDispatcher, procedure: dict[str, Any], aspect: str) -> None:
    dispatcher.utter_message(text=aspect_text(procedure, aspect))
    warning = unverified_text(procedure, ASPECT_FIELDS[aspect])
    source = text("source", sources=sources_text(procedure), updated=day_text(procedure["updated"]))
    dispatcher.utter_message(text=f"{source} {warning}" if warning else source)


# What the card already says; a question about anything else is answered after it.
CARD_ASPECTS = ("fees", "time", "place", "online", "legal", "forms")
CARD_FIELDS = ["agency", "dossier", "processing_time", "fees", "online", "legal_basis"]


def show_card(
    dispatcher: CollectingDispatcher,
    procedure: dict[str, Any],
    buttons: list[dict[str, str]] | None = None,
) -> None:
    dispatcher.utter_message(json_message={"type": "procedure_card", "procedure": procedure})
    warning = unverified_text(procedure, CARD_FIELDS)
    body = card_text(procedure) + (f"\n{warning}" if warning else "")
    dispatcher.utter_message(text=body, buttons=buttons or CARD_BUTTONS)
