"""The desk's configuration: counters, fields, opening hours, holidays, slots.

Loaded once from YAML (kiosk/config/desk.yaml by default); everything here is
pure calendar arithmetic in desk local time.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kiosk.core.errors import CounterNotFound, FieldNotServed

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Interval = tuple[dt.time, dt.time]


def canonical_text(text: str) -> str:
    """NFC with single spaces: clients may send decomposed diacritics."""
    return " ".join(unicodedata.normalize("NFC", text).split())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FieldConfig(_Strict):
    prefix: str = Field(pattern=r"^[A-Z]{1,3}$", description="Tiền tố số thứ tự")
    capacity: int = Field(ge=1, le=100, description="Số lịch hẹn tối đa mỗi khung giờ")
    official: list[str] = Field(
        default_factory=list,
        description="Tên lĩnh vực trên CSDL quốc gia về TTHC được tiếp nhận như lĩnh vực này",
    )

    @field_validator("official")
    @classmethod
    def _nfc(cls, names: list[str]) -> list[str]:
        return [canonical_text(name) for name in names]


class Counter(_Strict):
    id: str = Field(min_length=1, max_length=16)
    name: str = Field(min_length=1)
    fields: list[str] = Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _nfc(cls, fields: list[str]) -> list[str]:
        return [canonical_text(f) for f in fields]


class Holiday(_Strict):
    name: str
    start: dt.date
    end: dt.date

    @model_validator(mode="before")
    @classmethod
    def _single_day_or_range(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and "date" in raw:
            return {"name": raw.get("name"), "start": raw["date"], "end": raw["date"]}
        if isinstance(raw, dict) and "from" in raw:
            return {"name": raw.get("name"), "start": raw["from"], "end": raw.get("to")}
        return raw

    @model_validator(mode="after")
    def _ordered(self) -> Holiday:
        if self.end < self.start:
            raise ValueError(f"ngày nghỉ '{self.name}': ngày kết thúc trước ngày bắt đầu")
        return self


def _parse_interval(text: str) -> Interval:
    start, _, end = text.partition("-")
    interval = (dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip()))
    if interval[0] >= interval[1]:
        raise ValueError(f"giờ mở cửa '{text}': giờ đóng phải sau giờ mở")
    return interval


LEVELS = ("xã", "tỉnh", "trung ương", "cơ quan khác")


class DeskConfig(_Strict):
    name: str
    address: str | None = Field(None, description="Địa chỉ Bộ phận Một cửa")
    hotline: str | None = Field(None, description="Số điện thoại hỗ trợ, đường dây nóng")
    levels: list[str] | None = Field(
        None, description="Cấp thủ tục Bộ phận Một cửa tiếp nhận (xã, tỉnh...); không ghi: mọi cấp"
    )
    timezone: str = "Asia/Ho_Chi_Minh"
    slot_minutes: int = Field(15, ge=5, le=120)
    fields: dict[str, FieldConfig]
    counters: list[Counter] = Field(min_length=1)
    hours: dict[str, list[Interval]]
    holidays: list[Holiday] = Field(default_factory=list)

    @field_validator("fields", mode="before")
    @classmethod
    def _nfc_fields(cls, raw: Any) -> Any:
        return {canonical_text(k): v for k, v in raw.items()} if isinstance(raw, dict) else raw

    @field_validator("levels")
    @classmethod
    def _known_levels(cls, levels: list[str] | None) -> list[str] | None:
        unknown = sorted(set(levels or []) - set(LEVELS))
        if unknown:
            raise ValueError(f"cấp không hợp lệ: {unknown} (dùng {', '.join(LEVELS)})")
        return levels

    @field_validator("hours", mode="before")
    @classmethod
    def _parse_hours(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        unknown = set(raw) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"thứ không hợp lệ: {sorted(unknown)} (dùng {', '.join(WEEKDAYS)})")
        parsed = {day: sorted(_parse_interval(str(t)) for t in spans) for day, spans in raw.items()}
        for day, spans in parsed.items():
            if any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)):
                raise ValueError(f"giờ mở cửa ngày {day} chồng lên nhau")
        return parsed

    @model_validator(mode="after")
    def _consistent(self) -> DeskConfig:
        ids = [c.id for c in self.counters]
        if len(set(ids)) != len(ids):
            raise ValueError("mã quầy bị trùng")
        served = {f for c in self.counters for f in c.fields}
        if served - set(self.fields):
            raise ValueError(
                f"quầy phục vụ lĩnh vực chưa khai báo: {sorted(served - set(self.fields))}"
            )
        if set(self.fields) - served:
            raise ValueError(
                f"lĩnh vực không quầy nào phục vụ: {sorted(set(self.fields) - served)}"
            )
        prefixes = [f.prefix for f in self.fields.values()]
        if len(set(prefixes)) != len(prefixes):
            raise ValueError("tiền tố số thứ tự bị trùng")
        names = [n.casefold() for f, c in self.fields.items() for n in [f, *c.official]]
        if len(set(names)) != len(names):
            raise ValueError("một tên lĩnh vực (official) được khai báo cho hai lĩnh vực")
        return self

    # -- lookups ----------------------------------------------------------------

    def resolve_field(self, name: str) -> str:
        """The configured spelling of a field name (NFC, case-insensitive); a field name of
        the national database listed under a field's `official` is that field."""
        found = self.field_of(name)
        if found is None:
            raise FieldNotServed(canonical_text(name))
        return found

    def field_of(self, name: str) -> str | None:
        """The field that takes procedures of field `name`, or None."""
        wanted = canonical_text(name).casefold()
        for known, config in self.fields.items():
            if wanted in (n.casefold() for n in [known, *config.official]):
                return known
        return None

    def counter(self, counter_id: str) -> Counter:
        for counter in self.counters:
            if counter.id == counter_id:
                return counter
        raise CounterNotFound(counter_id)

    def counters_for(self, field: str) -> list[Counter]:
        return [c for c in self.counters if field in c.fields]

    def serves_field(self, name: str) -> bool:
        return self.field_of(name) is not None

    # -- calendar ---------------------------------------------------------------

    def holiday(self, day: dt.date) -> Holiday | None:
        return next((h for h in self.holidays if h.start <= day <= h.end), None)

    def intervals(self, day: dt.date) -> list[Interval]:
        """Opening hours of a day; none on a holiday."""
        if self.holiday(day) is not None:
            return []
        return self.hours.get(WEEKDAYS[day.weekday()], [])

    def is_working_day(self, day: dt.date) -> bool:
        """A legal working day: Monday to Friday and not a holiday."""
        return day.weekday() < 5 and self.holiday(day) is None

    def slot_starts(self, day: dt.date) -> list[dt.datetime]:
        """Every slot start of a day; a trailing part shorter than a slot is dropped."""
        step = dt.timedelta(minutes=self.slot_minutes)
        starts = []
        for opens, closes in self.intervals(day):
            moment = dt.datetime.combine(day, opens)
            while moment + step <= dt.datetime.combine(day, closes):
                starts.append(moment)
                moment += step
        return starts

    def is_slot(self, moment: dt.datetime) -> bool:
        return moment in set(self.slot_starts(moment.date()))

    def slot_end(self, start: dt.datetime) -> dt.datetime:
        return start + dt.timedelta(minutes=self.slot_minutes)

    def closing_time(self, day: dt.date) -> dt.datetime | None:
        spans = self.intervals(day)
        return dt.datetime.combine(day, spans[-1][1]) if spans else None

    def is_open(self, moment: dt.datetime) -> bool:
        """Inside one of the day's opening intervals (not at lunch, not after closing)."""
        return any(
            opens <= moment.time() < closes for opens, closes in self.intervals(moment.date())
        )

    def takes_tickets(self, moment: dt.datetime) -> bool:
        """Queue numbers are given out on an open day until its closing time."""
        closing = self.closing_time(moment.date())
        return closing is not None and moment < closing

    def next_opening(self, moment: dt.datetime, horizon_days: int = 60) -> dt.datetime | None:
        """The first opening after `moment` (later today, or on the next open day)."""
        for offset in range(horizon_days + 1):
            day = moment.date() + dt.timedelta(days=offset)
            for opens, _ in self.intervals(day):
                start = dt.datetime.combine(day, opens)
                if start > moment:
                    return start
        return None


def load_desk(path: Path) -> DeskConfig:
    """Read and validate a desk YAML file."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return DeskConfig.model_validate(raw)
