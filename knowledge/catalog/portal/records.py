"""Reading captured portal records from .jsonl (one object a line) or a .json array,
recognised by their fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from knowledge.catalog.readers import ImportFileError

# A procedure page always has its code, its name and the two tables.
FIELDS = frozenset({"ma_thu_tuc", "ten_thu_tuc", "cach_thuc_thuc_hien", "thanh_phan_ho_so"})
NOT_JSON = "dòng không phải JSON"
NOT_A_RECORD = "không phải bản ghi thủ tục (thiếu ma_thu_tuc, ten_thu_tuc...)"


def is_record(item: object) -> bool:
    return isinstance(item, dict) and item.keys() >= FIELDS


def json_records(path: Path) -> list[Any] | None:
    """The items of a .json file when they are portal records, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if isinstance(data, list) and data and any(is_record(item) for item in data[:20]):
        return data
    return None


def read_records(path: Path) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(where, record) per record; `record` is the reason text when it is not one."""
    if path.suffix.lower() == ".json":
        items = json_records(path)
        if items is None:
            raise ImportFileError(f"Tệp {path.name}: không phải danh sách bản ghi thủ tục")
        for number, item in enumerate(items, start=1):
            yield f"mục {number}", item if is_record(item) else NOT_A_RECORD
        return
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportFileError(f"Tệp {path.name}: không mở được ({exc.__class__.__name__})") from exc
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield f"dòng {number}", _parsed(line)
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"Tệp {path.name}: không phải UTF-8") from exc


def _parsed(line: str) -> dict[str, Any] | str:
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        return NOT_JSON
    return item if is_record(item) else NOT_A_RECORD
