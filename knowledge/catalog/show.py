"""`python -m knowledge show`: a procedure's view (knowledge/catalog/view.py) as text."""

from __future__ import annotations

from typing import Any


def render_procedure(view: dict[str, Any]) -> str:
    lines = [
        f"{view['name']}",
        f"  định danh {view['id']} · mã {view['code'] or '(không có)'} · nguồn {view['origin']}",
        f"  lĩnh vực {view['field']} · cấp {', '.join(view['levels']) or view['level']}",
    ]
    lines += [f"  ! {notice}" for notice in view["notices"]]
    lines += _agency(view["agency"])
    lines += _channels(view)
    lines += _dossier(view)
    if view["results"] or view["result"]:
        names = [r["name"] for r in view["results"]] or [view["result"]]
        lines.append("Kết quả: " + "; ".join(names))
    if view["legal_basis"]:
        lines.append("Căn cứ pháp lý:")
        lines += [
            f"  - {law['title']} ({law['number'] or 'không ghi số'})" for law in view["legal_basis"]
        ]
    if view["portal_url"]:
        lines.append(f"Trang thủ tục: {view['portal_url']}")
    return "\n".join(lines)


def _agency(agency: dict[str, Any]) -> list[str]:
    labelled = [
        ("Cơ quan thực hiện", agency["performing"] or ([agency["name"]] if agency["name"] else [])),
        ("Cơ quan có thẩm quyền", agency["competent"]),
        ("Cơ quan được ủy quyền", agency["authorized"]),
        ("Cơ quan phối hợp", agency["cooperating"]),
    ]
    lines = [f"{label}: {'; '.join(names)}" for label, names in labelled if names]
    if agency["submit_at"]:
        lines.append(f"Nơi nộp: {agency['submit_at']}")
    return lines


def _channels(view: dict[str, Any]) -> list[str]:
    if not view["channels"]:
        time = view["processing_time"]["text"]
        return [f"Thời hạn: {time}"] if time else []
    lines = ["Cách thức thực hiện:"]
    for channel in view["channels"]:
        time = channel["time"]["text"] if channel["time"] else "không ghi thời hạn"
        fee = channel["fee"]
        cost = "không ghi phí, lệ phí"
        if fee:
            cost = fee["text"] + (f" ({fee['note']})" if fee["note"] else "")
        lines.append(f"  - {channel['kind']}: {time}; {cost}")
    return lines


def _dossier(view: dict[str, Any]) -> list[str]:
    if not view["dossier"]:
        return ["Thành phần hồ sơ: (nguồn không ghi)"]
    lines = ["Thành phần hồ sơ:"]
    for group in view["dossier_groups"]:
        if group["case"]:
            lines.append(f"  [Trường hợp] {group['case']}")
        elif group["heading"]:
            lines.append(f"  [{group['heading']}]")
        for index in group["items"]:
            item = view["dossier"][index]
            form = f" — mẫu: {item['form']}" if item["form"] else ""
            lines.append(f"    - {item['name']} ({item['kind']}, {item['count']}){form}")
    return lines
