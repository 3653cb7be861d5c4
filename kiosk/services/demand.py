"""Demand per field (lĩnh vực): daily queue numbers issued, and their 14-day forecast.

Demand is the number of queue tickets issued per field and day: every visitor
served at the desk takes one. The history runs from the first ticket (at most
`history_days` back) to yesterday; today is not over yet, so the forecast
starts today. Days the desk is closed (desk.yaml: hours, holidays) are not
observations and are forecast as zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from kiosk.core.clock import Clock
from kiosk.services import forecast
from kiosk.services.desk import DeskConfig
from kiosk.services.forecast import Backtest
from kiosk.store.db import Database
from kiosk.store.models import Ticket

ALL_FIELDS = "Tất cả lĩnh vực"


@dataclass(frozen=True)
class FieldForecast:
    field: str
    method: str  # holt-winters, seasonal-naive, none
    history: list[tuple[dt.date, int]]  # the last weeks, for the chart
    forecast: list[tuple[dt.date, float]]
    backtest: Backtest | None


@dataclass(frozen=True)
class DemandForecast:
    horizon: int
    history_days: int  # days of history the models saw
    fields: list[FieldForecast]  # all fields together first, then the busiest


class DemandService:
    def __init__(self, db: Database, desk: DeskConfig, clock: Clock) -> None:
        self.db, self.desk, self.clock = db, desk, clock

    def daily_counts(self, first: dt.date, last: dt.date) -> dict[str, dict[dt.date, int]]:
        """Tickets issued per field and day."""
        query = (
            select(Ticket.field, Ticket.day, func.count())
            .where(Ticket.day >= first, Ticket.day <= last)
            .group_by(Ticket.field, Ticket.day)
        )
        counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
        with self.db.read() as session:
            for field, day, n in session.execute(query):
                counts[field][day] = n
        return counts

    def first_day(self) -> dt.date | None:
        with self.db.read() as session:
            first: dt.date | None = session.scalar(select(func.min(Ticket.day)))
        return first

    def forecast(
        self, horizon: int = 14, history_days: int = 365, fields: int = 6, shown_weeks: int = 6
    ) -> DemandForecast:
        today = self.clock().date()
        last = today - dt.timedelta(days=1)
        first = self.first_day()
        if first is None or first > last:
            return DemandForecast(horizon, 0, [])
        first = max(first, today - dt.timedelta(days=history_days))
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        future = [today + dt.timedelta(days=i) for i in range(horizon)]
        observed = [self.desk.is_working_day(d) for d in days]
        future_open = [self.desk.is_working_day(d) for d in future]
        counts = self.daily_counts(first, last)
        series = {
            f: np.array([by_day.get(d, 0) for d in days], float) for f, by_day in counts.items()
        }
        busiest = sorted(series, key=lambda f: (-series[f].sum(), f))[:fields]
        total = np.sum(list(series.values()), axis=0) if series else np.zeros(len(days))
        shown = days[-shown_weeks * forecast.SEASON :]
        out = []
        for name, y in [(ALL_FIELDS, total), *[(f, series[f]) for f in busiest]]:
            method, predicted = forecast.predict(y, observed, future_open)
            out.append(
                FieldForecast(
                    name,
                    method,
                    list(zip(shown, (int(v) for v in y[-len(shown) :]), strict=True)),
                    [(d, round(float(v), 1)) for d, v in zip(future, predicted, strict=True)],
                    forecast.backtest(y, observed, horizon),
                )
            )
        return DemandForecast(horizon, len(days), out)
