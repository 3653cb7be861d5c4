"""Daily demand forecast: Holt-Winters exponential smoothing with weekly seasonality.

Additive level, damped additive trend and a 7-day season (Hyndman & Athanasopoulos,
"Forecasting: Principles and Practice", ch. 8.3). The desk is closed on weekends
and holidays: closed days are not observations. The model's states roll over
them without an update, and a closed day is forecast as zero.

Smoothing parameters are chosen by the one-step-ahead squared error on the
history, over a grid evaluated for all candidates at once (numpy, one pass).
`backtest` measures the method by rolling origin against the seasonal-naive
baseline (the same weekday of the last observed week), on the same origins.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SEASON = 7
MIN_HISTORY = 4 * SEASON  # fewer days than this: seasonal naive only
Floats = NDArray[np.float64]
Series = Sequence[float] | NDArray[np.float64]
Mask = Sequence[bool] | NDArray[np.bool_]

ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7)
BETAS = (0.0, 0.02, 0.05, 0.1, 0.2)
GAMMAS = (0.05, 0.1, 0.2, 0.3, 0.5)
PHIS = (0.9, 0.98)


@dataclass(frozen=True)
class HoltWinters:
    """A fitted model: parameters and its states after the last day of history."""

    alpha: float
    beta: float
    gamma: float
    phi: float
    level: float
    trend: float
    season: tuple[float, ...]  # season[i]: the effect of the weekday (last day + 1 + i) % 7
    sse: float

    def forecast(self, open_days: Mask) -> Floats:
        """Demand for the next len(open_days) days; zero on closed days, never negative."""
        out = np.zeros(len(open_days))
        damp = 0.0
        for h, is_open in enumerate(open_days, start=1):
            damp += self.phi**h
            if is_open:
                value = self.level + damp * self.trend + self.season[(h - 1) % SEASON]
                out[h - 1] = max(value, 0.0)
        return out


def _initial(y: Floats, observed: NDArray[np.bool_]) -> tuple[float, float, Floats]:
    """Level, trend and season from the first two weeks (open days only)."""
    first, second = y[:SEASON], y[SEASON : 2 * SEASON]
    open1, open2 = observed[:SEASON], observed[SEASON : 2 * SEASON]
    level = float(first[open1].mean()) if open1.any() else 0.0
    level2 = float(second[open2].mean()) if open2.any() else level
    season = np.where(open1, first - level, 0.0)
    return level, (level2 - level) / SEASON, season


def _run(
    y: Floats, observed: NDArray[np.bool_], params: NDArray[np.float64]
) -> tuple[Floats, Floats, Floats, Floats]:
    """Filter the series with every parameter row (alpha, beta, gamma, phi) at once.

    Returns per candidate: the sum of squared one-step errors, the final level and
    trend, and the season array rolled so that index 0 is the next day's weekday.
    """
    alpha, beta, gamma, phi = params.T
    level0, trend0, season0 = _initial(y, observed)
    k = len(params)
    level, trend = np.full(k, level0), np.full(k, trend0)
    season = np.tile(season0, (k, 1))
    sse = np.zeros(k)
    for t in range(SEASON, len(y)):
        slot = t % SEASON
        expected = level + phi * trend
        if not observed[t]:
            level = expected
            trend = phi * trend
            continue
        error = y[t] - (expected + season[:, slot])
        sse += error**2
        new_level = alpha * (y[t] - season[:, slot]) + (1 - alpha) * expected
        trend = beta * (new_level - level) + (1 - beta) * phi * trend
        season[:, slot] = gamma * (y[t] - new_level) + (1 - gamma) * season[:, slot]
        level = new_level
    start = len(y) % SEASON
    return sse, level, trend, np.roll(season, -start, axis=1)


_GRID = np.array(list(itertools.product(ALPHAS, BETAS, GAMMAS, PHIS)), dtype=np.float64)


def fit(history: Series, open_days: Mask) -> HoltWinters:
    """The grid candidate with the least one-step squared error on the history.

    `history[i]` is the demand of day i, `open_days[i]` whether the desk was open.
    """
    y = np.asarray(history, dtype=np.float64)
    observed = np.asarray(open_days, dtype=bool)
    if len(y) < 2 * SEASON:
        raise ValueError("cần ít nhất 14 ngày dữ liệu")
    sse, level, trend, season = _run(y, observed, _GRID)
    best = int(np.argmin(sse))
    alpha, beta, gamma, phi = (float(v) for v in _GRID[best])
    return HoltWinters(
        alpha,
        beta,
        gamma,
        phi,
        float(level[best]),
        float(trend[best]),
        tuple(float(v) for v in season[best]),
        float(sse[best]),
    )


def seasonal_naive(history: Series, open_days: Mask, future_open: Mask) -> Floats:
    """Each future day gets the demand of the same weekday in the last week of history.

    A weekday that was closed last week (a holiday) takes the week before.
    """
    y = np.asarray(history, dtype=np.float64)
    observed = np.asarray(open_days, dtype=bool)
    out = np.zeros(len(future_open))
    for h, is_open in enumerate(future_open, start=1):
        if not is_open:
            continue
        back = len(y) - SEASON + (h - 1) % SEASON
        while back >= 0 and not observed[back]:
            back -= SEASON
        out[h - 1] = y[back] if back >= 0 else 0.0
    return out


def predict(history: Series, open_days: Mask, future_open: Mask) -> tuple[str, Floats]:
    """Holt-Winters when there are four weeks of history, else seasonal naive."""
    if len(history) >= MIN_HISTORY:
        return "holt-winters", fit(history, open_days).forecast(future_open)
    if len(history) >= SEASON:
        return "seasonal-naive", seasonal_naive(history, open_days, future_open)
    return "none", np.zeros(len(future_open))


@dataclass(frozen=True)
class Errors:
    mae: float
    mape: float | None  # over days with demand > 0; None when there is none


@dataclass(frozen=True)
class Backtest:
    origins: int
    horizon: int
    days: int  # open days scored
    model: Errors
    baseline: Errors
    skill: float | None  # 1 - MAE(model) / MAE(seasonal naive): above 0 the model is better


def errors(actual: Floats, predicted: Floats) -> Errors:
    mae = float(np.mean(np.abs(actual - predicted))) if len(actual) else 0.0
    positive = actual > 0
    mape = (
        float(np.mean(np.abs(actual[positive] - predicted[positive]) / actual[positive]))
        if positive.any()
        else None
    )
    return Errors(round(mae, 3), round(mape, 4) if mape is not None else None)


def backtest(
    history: Series,
    open_days: Mask,
    horizon: int = 14,
    origins: int = 8,
    step: int = SEASON,
) -> Backtest | None:
    """Rolling origin: fit on the history up to each origin, forecast `horizon` days.

    Origins are the last `origins` points `step` days apart that leave a full
    horizon to score and at least MIN_HISTORY days to fit; open days only are scored.
    None when the history is too short for a single origin.
    """
    y = np.asarray(history, dtype=np.float64)
    observed = np.asarray(open_days, dtype=bool)
    last = len(y) - horizon
    cuts = [c for c in range(last, MIN_HISTORY - 1, -step)][:origins]
    if not cuts:
        return None
    actual, model, baseline = [], [], []
    for cut in reversed(cuts):
        future = observed[cut : cut + horizon]
        hw = fit(y[:cut], observed[:cut]).forecast(future)
        naive = seasonal_naive(y[:cut], observed[:cut], future)
        actual.append(y[cut : cut + horizon][future])
        model.append(hw[future])
        baseline.append(naive[future])
    a, m, b = np.concatenate(actual), np.concatenate(model), np.concatenate(baseline)
    ours, plain = errors(a, m), errors(a, b)
    skill = round(1.0 - ours.mae / plain.mae, 4) if plain.mae > 0 else None
    return Backtest(len(cuts), horizon, len(a), ours, plain, skill)
