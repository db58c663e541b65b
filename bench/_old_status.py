"""The status gate as it was before issue 13 (commit ad7eecf), kept ONLY for the benchmark.

`bench/status.py` runs the same generated series through this copy and through today's engine,
so BENCHMARKS.md can show both figures from one run. Faithful to the old `mittaristo/status`
for value targets (`judge_value`) and direction targets (`judge_direction`): Theil–Sen slope since
the baseline, noise = 1.4826 × MAD of the year-to-year differences, a change counting when the
whole change exceeds max(noise, half the last decimal), "achieved" on the raw latest value,
on track at projection ≥ target or progress ratio ≥ 0.95. Never imported by the app.
"""

from __future__ import annotations

from statistics import median

from mittaristo.formatting import round_half_up
from mittaristo.status.periods import parse_period, period_to_year_fraction

MAD_TO_SD = 1.4826
ON_TRACK_RATIO = 0.95


def _theil_sen(xs: list[float], ys: list[float]) -> tuple[float, float] | None:
    slopes = [
        (ys[j] - ys[i]) / (xs[j] - xs[i])
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
        if xs[j] != xs[i]
    ]
    if not slopes:
        return None
    slope = median(slopes)
    return slope, median(y - slope * x for x, y in zip(xs, ys, strict=True))


def _noise(values: list[float]) -> float:
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]
    if len(steps) < 2:
        return 0.0
    centre = median(steps)
    return MAD_TO_SD * median(abs(step - centre) for step in steps)


def _last_period_fraction(year: int, like: str) -> float:
    _, _, per_year = parse_period(like)
    return year + (per_year - 1) / per_year


def _meets(value: float, target: float, sign: int, decimals: int) -> bool:
    return sign * (round_half_up(value, decimals) - round_half_up(target, decimals)) >= 0


def _facts(series: list[tuple[str, float]], adoption_year: int, decimals: int) -> dict:
    obs = sorted(
        ((p, period_to_year_fraction(p), float(v)) for p, v in series if v is not None),
        key=lambda o: o[1],
    )
    cutoff = period_to_year_fraction(str(adoption_year)) + 0.999
    before = [o for o in obs if o[1] <= cutoff]
    base = before[-1] if before else (obs[0] if obs else None)
    trend = [base, *(o for o in obs if o[1] > base[1])] if base else []
    line = _theil_sen([o[1] for o in trend], [o[2] for o in trend]) if trend else None
    noise = _noise([o[2] for o in obs]) if obs else 0.0
    threshold = max(noise, 0.5 * 10.0**-decimals)
    direction = 0
    if line and trend:
        change = line[0] * (trend[-1][1] - trend[0][1])
        direction = (change > threshold) - (change < -threshold)
    return {"obs": obs, "base": base, "line": line, "direction": direction}


def _at(line: tuple[float, float], x: float) -> float:
    return line[1] + line[0] * x


def old_value_status(
    kind: str, value: float, by: int, series: list[tuple[str, float]], adoption_year: int,
    decimals: int,
) -> str:  # fmt: skip
    """The old `judge_value` status for an at_least / at_most target."""
    sign = 1 if kind == "at_least" else -1
    f = _facts(series, adoption_year, decimals)
    if not f["obs"]:
        return "no_data"
    latest, base, line = f["obs"][-1], f["base"], f["line"]
    if _meets(latest[2], value, sign, decimals):
        return "achieved"
    target_x = _last_period_fraction(by, latest[0])
    if latest[1] >= target_x:
        return "off_track"
    if line is None:
        return "not_assessable"
    ratio = None
    if target_x > base[1] and sign * (value - base[2]) > 0:
        expected = base[2] + (value - base[2]) * (latest[1] - base[1]) / (target_x - base[1])
        ratio = (_at(line, latest[1]) - base[2]) / (expected - base[2])
    moving = sign * f["direction"]
    if moving < 0:
        return "off_track"
    if moving == 0:
        return "no_clear_change"
    reaches = _meets(_at(line, target_x), value, sign, decimals)
    return "on_track" if reaches or (ratio is not None and ratio >= ON_TRACK_RATIO) else "too_slow"


def old_direction_status(
    way: str, by: int, series: list[tuple[str, float]], adoption_year: int, decimals: int
) -> str:
    """The old `judge_direction` status for an increase / decrease target."""
    f = _facts(series, adoption_year, decimals)
    if not f["obs"]:
        return "no_data"
    if f["line"] is None:
        return "not_assessable"
    latest = f["obs"][-1]
    passed = latest[1] >= _last_period_fraction(by, latest[0])
    moving = (1 if way == "increase" else -1) * f["direction"]
    if moving > 0:
        return "achieved" if passed else "on_track"
    if moving < 0 or passed:
        return "off_track"
    return "no_clear_change"
