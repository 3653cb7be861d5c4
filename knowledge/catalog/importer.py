"""Importing procedures from a procedure-database export (CSV, JSON or XLSX).

Exports from the national procedure database (Cơ sở dữ liệu quốc gia về TTHC)
and provincial one-stop systems have one procedure per row under Vietnamese
headers. Each row becomes a `Procedure`; nothing in it is taken as checked
against the legal texts, so every fact field is marked unverified. A file is
imported all or nothing unless the caller asks to skip invalid rows, and the
output is written atomically, so a failed import never leaves a partial file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.catalog.cells import (
    COLUMNS,
    CellError,
    describe_error,
    map_columns,
    one_line,
    parse_cell,
    parse_fee,
)
from knowledge.catalog.models import FACT_FIELDS, Postal, Procedure, Source, Verification
from knowledge.catalog.readers import ImportFileError, read_rows
from knowledge.catalog.store import BUNDLED_DIR, load_bundled
from knowledge.text import fold


@dataclass(frozen=True)
class Rejection:
    row: int  # as a person sees it in the sheet: header = 1, first data row = 2
    field: str  # the Vietnamese column name
    reason: str  # Vietnamese


@dataclass(frozen=True)
class ImportReport:
    imported: list[str]
    rejected: list[Rejection]
    written: Path | None = None


_BY_KEY = {column.key: column for column in COLUMNS}
_AGENCY_KEYS = {"name": "agency", "submit_at": "submit_at", "decides": "decides"}
_FILLER = {"cho", "va", "cua", "tai", "ve", "theo", "doi", "voi", "tu", "o", "trong", "tren"}


def _column_of(loc: tuple[int | str, ...]) -> str:
    """The column key behind an error location; model-level errors concern the agency."""
    if not loc:
        return "agency"
    if loc[0] == "agency":
        return _AGENCY_KEYS.get(str(loc[1]), "agency") if len(loc) > 1 else "agency"
    return str(loc[0])


class _Ids:
    """Ids in use (bundled catalog, other imports, earlier rows) and derivation of new ones."""

    def __init__(self, taken: dict[str, str], reserved: set[str]) -> None:
        self._taken = taken  # id -> where it is used, in Vietnamese
        self._reserved = reserved  # explicit ids of this file, kept free for their own rows

    def claim(self, procedure_id: str, row: int) -> str | None:
        """Take an explicit id; the reason it cannot be taken, if so."""
        where = self._taken.get(procedure_id)
        if where is not None:
            return f"mã «{procedure_id}» trùng với {where}"
        self._taken[procedure_id] = f"dòng {row}"
        return None

    def derive(self, field_name: str, name: str, row: int) -> str:
        """`<field slug>.<name slug>`, with -2, -3... when already used."""
        base = f"{_slug(field_name, 24)}.{_slug(name, 32)}"
        candidate, suffix = base, 1
        while candidate in self._taken or candidate in self._reserved:
            suffix += 1
            candidate = f"{base}-{suffix}"
        self._taken[candidate] = f"dòng {row}"
        return candidate


def _slug(text: str, limit: int) -> str:
    """Folded words up to `limit` characters, cut before commas and brackets."""
    words = fold(re.split(r"[,(;:]", text)[0]).split() or fold(text).split()
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _FILLER:
        kept.pop()
    return "-".join(kept) or (words[0][:limit] if words else "thu-tuc")


def _parse_row(
    row: dict[str, str], columns: dict[str, list[str]], errors: dict[str, str]
) -> dict[str, object]:
    """Parsed values by column key; a missing or unreadable cell goes into `errors`."""
    values: dict[str, object] = {}
    for column in COLUMNS:
        headers = columns.get(column.key, [])
        filled = [(h, row.get(h, "").strip()) for h in headers if row.get(h, "").strip()]
        if not filled:
            if column.required:
                errors[column.key] = "thiếu giá trị" if headers else "tệp không có cột này"
            continue
        try:
            if column.key == "fees":  # "Phí" and "Lệ phí" may be separate columns
                values["fees"] = [parse_fee(text, header) for header, text in filled]
            else:
                values[column.key] = parse_cell(column.key, filled[0][1])
        except CellError as exc:
            errors[column.key] = str(exc)
        except ValidationError as exc:
            errors[column.key] = describe_error(exc.errors()[0])
    return values


def _payload(
    values: dict[str, object], procedure_id: str | None, row: int, source: str
) -> dict[str, object]:
    """The Procedure fields: parsed values plus honest defaults for what an export lacks."""
    payload = {k: v for k, v in values.items() if k not in ("id", *_AGENCY_KEYS.values())}
    agency = {sub: values[key] for sub, key in _AGENCY_KEYS.items() if key in values}
    verification = Verification(
        verified=[],
        unverified=list(FACT_FIELDS),
        checked_against=f"Tệp xuất {source}",
        note="Nhập tự động, chưa đối chiếu văn bản",
    )
    return {
        **payload,
        "id": procedure_id,
        "agency": agency,
        "location_independent": False,
        "postal": Postal(receive=False, deliver=False),
        "sources": [Source(title=f"Nhập từ tệp {source}, dòng {row}")],
        "verified": verification,
        "updated": dt.date.today(),
    }


def _procedure(
    row: dict[str, str],
    number: int,
    columns: dict[str, list[str]],
    ids: _Ids,
    source: str,
) -> tuple[Procedure | None, dict[str, str]]:
    """One row as a Procedure, or None with the reasons by column key."""
    errors: dict[str, str] = {}
    values = _parse_row(row, columns, errors)
    procedure_id = None
    if isinstance(values.get("id"), str):
        procedure_id = str(values["id"])
        reason = ids.claim(procedure_id, number)
        if reason:
            errors["id"] = reason
    elif isinstance(values.get("field"), str) and isinstance(values.get("name"), str):
        procedure_id = ids.derive(str(values["field"]), str(values["name"]), number)
    try:
        procedure = Procedure.model_validate(_payload(values, procedure_id, number, source))
    except ValidationError as exc:
        for error in exc.errors():
            key = _column_of(error["loc"])
            # A value that is absent was already reported (or was optional and is derived).
            if key not in errors and (key in values or key not in _BY_KEY):
                items = [p for p in error["loc"] if isinstance(p, int)]
                prefix = f"mục {items[0] + 1}: " if items else ""
                errors[key] = prefix + describe_error(error)
        procedure = None
    return (procedure if not errors else None), errors


def _label(key: str, columns: dict[str, list[str]]) -> str:
    """The column name a person sees: the file's own header, else the usual one."""
    if key in columns:
        return columns[key][0]
    return _BY_KEY[key].label if key in _BY_KEY else key


def _convert(
    rows: list[dict[str, str]],
    columns: dict[str, list[str]],
    ids: _Ids,
    source: str,
) -> tuple[list[Procedure], list[Rejection]]:
    order = {column.key: index for index, column in enumerate(COLUMNS)}
    procedures: list[Procedure] = []
    rejected: list[Rejection] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row.values()):
            continue  # blank rows still count, so row numbers match the sheet
        procedure, errors = _procedure(row, number, columns, ids, source)
        for key in sorted(errors, key=lambda k: order.get(k, len(order))):
            rejected.append(Rejection(row=number, field=_label(key, columns), reason=errors[key]))
        if procedure is not None:
            procedures.append(procedure)
    return procedures, rejected


# ---------------------------------------------------------------- importing a file


def import_file(path: Path, into: Path, *, skip_invalid: bool = False) -> ImportReport:
    """Import an export into `into/<file stem>.yaml`; all or nothing unless skip_invalid."""
    rows = read_rows(path)
    if not any(cell.strip() for row in rows for cell in row.values()):
        raise ImportFileError(f"Tệp {path.name}: không có dòng dữ liệu nào")
    columns = map_columns(dict.fromkeys(header for row in rows for header in row))
    if not columns:
        raise ImportFileError(
            f"Tệp {path.name}: không nhận ra cột nào (cần các cột như "
            "«Tên thủ tục», «Lĩnh vực», «Cấp thực hiện»)"
        )
    if into.resolve() == BUNDLED_DIR.resolve():
        raise ImportFileError("Không nhập vào thư mục danh mục có sẵn; hãy chọn thư mục khác")
    target = into / f"{path.stem}.yaml"
    explicit = {one_line(row.get(h, "")) for row in rows for h in columns.get("id", [])}
    ids = _Ids(_ids_in_use(into, target), explicit - {""})
    procedures, rejected = _convert(rows, columns, ids, path.name)
    if not procedures or (rejected and not skip_invalid):
        return ImportReport(imported=[], rejected=rejected)
    _write_atomically(procedures, target, path.name)
    return ImportReport(imported=[p.id for p in procedures], rejected=rejected, written=target)


def _ids_in_use(into: Path, target: Path) -> dict[str, str]:
    """Ids a new entry may not take: other imported files, then the bundled catalog."""
    taken: dict[str, str] = {}
    for other in sorted(into.glob("*.yaml")) if into.is_dir() else []:
        if other.name == target.name:
            continue  # re-importing the same export replaces that file
        try:
            entries = yaml.safe_load(other.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the loader reports a broken file on its own
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                taken[entry["id"]] = f"thủ tục đã nhập trong tệp {other.name}"
    taken.update(dict.fromkeys(load_bundled().ids(), "một thủ tục có sẵn trong danh mục"))
    return taken


def _write_atomically(procedures: list[Procedure], target: Path, source: str) -> None:
    """Write the YAML list beside the target, then rename it into place."""
    entries = [p.model_dump(mode="json", exclude_none=True) for p in procedures]
    text = f"# Nhập tự động từ {source}; chưa đối chiếu văn bản.\n" + yaml.safe_dump(
        entries, allow_unicode=True, sort_keys=False
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name does not end in .yaml, so a loader never picks it up.
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def format_report(report: ImportReport) -> str:
    """The report as Vietnamese lines, one per rejection, then a summary line."""
    lines = [f"Dòng {r.row}, cột «{r.field}»: {r.reason}" for r in report.rejected]
    bad_rows = len({r.row for r in report.rejected})
    if report.written is not None:
        skipped = f"; bỏ qua {bad_rows} dòng có lỗi" if bad_rows else ""
        lines.append(f"Đã nhập {len(report.imported)} thủ tục vào {report.written}{skipped}.")
    elif bad_rows:
        lines.append(
            f"Không ghi tệp nào: {bad_rows} dòng có lỗi. Sửa các dòng trên rồi nhập lại, "
            "hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ."
        )
    else:
        lines.append("Không có thủ tục nào để nhập.")
    return "\n".join(lines)
