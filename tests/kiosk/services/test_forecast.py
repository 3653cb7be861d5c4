"""Holt-Winters with weekly seasonality, back-tested against seasonal naive."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.services.forecast import backtest, fit, predict, seasonal_naive

WEEKDAY_FACTOR = np.array([1.3, 1.0, 0.9, 1.0, 1.2, 0.0, 0.0])  # Monday first; closed weekends


def synthetic(days: int, slope: float, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Visitors per day: a trend times a weekly pattern, Poisson noise, closed weekends,
    and one weekday holiday (day 40) that is not an observation."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    open_days = WEEKDAY_FACTOR[t % 7] > 0
    if days > 40:
        open_days[40] = False
    mean = np.maximum(20 + slope * t, 0) * WEEKDAY_FACTOR[t % 7]
    demand = np.where(open_days, rng.poisson(mean), 0).astype(float)
    return demand, open_days


def test_beats_seasonal_naive_on_a_trending_weekly_series() -> None:
    demand, open_days = synthetic(182, slope=0.08)
    result = backtest(demand, open_days, horizon=14, origins=8)
    assert result is not None
    assert result.origins == 8 and result.horizon == 14
    assert result.days == 8 * 10  # ten open weekdays in each 14-day window
    assert result.model.mae < result.baseline.mae
    assert result.skill is not None and result.skill > 0.05
    assert result.model.mape is not None and result.model.mape < 0.25


def test_recovers_the_weekly_pattern_without_noise() -> None:
    t = np.arange(70)
    open_days = WEEKDAY_FACTOR[t % 7] > 0
    demand = np.where(open_days, 30 + 10 * WEEKDAY_FACTOR[t % 7], 0.0)
    future_open = WEEKDAY_FACTOR[(70 + np.arange(14)) % 7] > 0
    forecast = fit(demand, open_days).forecast(future_open)
    expected = np.where(future_open, 30 + 10 * WEEKDAY_FACTOR[(70 + np.arange(14)) % 7], 0.0)
    assert forecast == pytest.approx(expected, abs=1.0)


def test_closed_days_are_forecast_as_zero_and_nothing_is_negative() -> None:
    demand, open_days = synthetic(84, slope=-0.3)
    future_open = np.array([True, True, True, True, True, False, False] * 2)
    forecast = fit(demand, open_days).forecast(future_open)
    assert (forecast[~future_open] == 0).all()
    assert (forecast >= 0).all()


def test_seasonal_naive_skips_a_holiday_in_the_last_week() -> None:
    history = np.array([5, 6, 7, 8, 9, 0, 0, 15, 16, 17, 18, 19, 0, 0], float)
    open_days = history > 0
    open_days[8] = False  # Tuesday of the last week was a holiday
    history[8] = 0
    naive = seasonal_naive(history, open_days, np.array([True] * 5 + [False] * 2))
    assert naive.tolist() == [15, 6, 17, 18, 19, 0, 0]


def test_short_histories_fall_back_or_say_so() -> None:
    demand, open_days = synthetic(21, slope=0.0)
    future = np.ones(14, bool)
    assert predict(demand, open_days, future)[0] == "seasonal-naive"
    assert predict(demand[:5], open_days[:5], future)[0] == "none"
    assert predict(*synthetic(35, slope=0.0), future)[0] == "holt-winters"
    assert backtest(*synthetic(30, slope=0.0)) is None
