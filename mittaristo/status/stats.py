"""The statistics behind a verdict: a series' noise, a trend's evidence, the level that holds.

Small towns' yearly series are short and noisy, so every decision is a test against the series'
own uncertainty: the noise σ of one value is estimated from the year-to-year differences of
up to 15 years of history (robust to one blip, never below the rounding of the data), the
trend is an ordinary least-squares line whose slope counts only beyond `t · SE`, and it must
survive leaving out any one value. `docs/STATUS_METHOD.md` explains the choices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import median

ALPHA = 0.10  # two-sided: a direction is claimed when the slope is outside its 90 % interval
LEVEL_ALPHA = 0.10  # one-sided: a level "holds" when it is beyond the target at 90 %
REACH_ALPHA = 0.025  # one-sided: "out of reach" when even the 97.5 % end of the projection misses
LOO_T = 1.0  # without any one value the slope keeps its sign with |t| ≥ 1
MIN_DIFFS = 3  # year-to-year differences needed to estimate the noise (4 values)
MIN_TREND_POINTS = 3  # the baseline and two later values: one value alone is not a trend
NOISE_WINDOW = 15  # the noise comes from the last 15 yearly values at most
WINSOR = 2.5  # differences beyond 2.5 robust SDs are clipped (a blip counts, but only so much)
MAD_TO_SD = 1.4826
RECENT = 5  # without a clear trend, the level is the median of the last five values
# Standard error of the median of n normal values, in units of σ (simulated, 200 000 draws).
RECENT_SE = {1: 1.0, 2: 0.707, 3: 0.670, 4: 0.546, 5: 0.536}


@dataclass(frozen=True)
class Noise:
    """σ of one value (None: too few values to tell), its degrees of freedom, and the floor
    that applied (half-width of the rounding step over √3: the uniform rounding error)."""

    sd: float | None
    df: int
    n_diffs: int
    floor: float

    @property
    def known(self) -> bool:
        return self.sd is not None


@dataclass(frozen=True)
class Line:
    """y = intercept + slope · x (x in years) with what its standard errors need."""

    slope: float
    intercept: float
    x_mean: float
    sxx: float
    n: int

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x

    def se_at(self, x: float, sd: float) -> float:
        """Standard error of the line's value at x."""
        return sd * math.sqrt(1.0 / self.n + (x - self.x_mean) ** 2 / self.sxx)


@dataclass(frozen=True)
class Evidence:
    """The trend test: `direction` is +1 / −1 only when significant AND stable."""

    line: Line
    se: float
    t: float
    t_crit: float
    significant: bool
    stable: bool  # leaving out any one value keeps the sign with |t| ≥ LOO_T

    @property
    def direction(self) -> int:
        if not (self.significant and self.stable):
            return 0
        return 1 if self.line.slope > 0 else -1


def rounding_step(values: Sequence[float], decimals: int) -> float:
    """The coarser of the shown step and the data's own resolution (values that are all whole
    tens were rounded to tens, whatever the catalog's decimals say)."""
    step = 10.0**-decimals
    if len(values) < 3:
        return step
    for power in range(3, -decimals, -1):
        candidate = 10.0**power
        if candidate > step and all(_multiple(v, candidate) for v in values):
            return candidate
    return step


def _multiple(value: float, step: float) -> bool:
    ratio = value / step
    return abs(ratio - round(ratio)) < 1e-6


def estimate_noise(xs: Sequence[float], ys: Sequence[float], decimals: int) -> Noise:
    """σ of one value from the year-to-year differences around their typical step.

    Each difference (trend removed by the median rate) carries the noise of two values, so
    σ = RMS(difference) / √2; differences beyond WINSOR robust SDs are clipped first, so one odd
    year widens σ only a little. A series smoother than its rounding gets the rounding's σ.
    """
    xs, ys = list(xs)[-NOISE_WINDOW:], list(ys)[-NOISE_WINDOW:]
    floor = rounding_step(ys, decimals) / math.sqrt(12.0)
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    diffs = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    if len(diffs) < MIN_DIFFS:
        return Noise(None, 0, len(diffs), floor)
    rate = median(d / g for d, g in zip(diffs, gaps, strict=True))
    errors = [d - rate * g for d, g in zip(diffs, gaps, strict=True)]
    spread = MAD_TO_SD * median(abs(e) for e in errors)
    cap = WINSOR * max(spread, floor * math.sqrt(2.0))
    clipped = [max(-cap, min(cap, e)) for e in errors]
    sd = math.sqrt(sum(e * e for e in clipped) / (len(clipped) - 1) / 2.0)
    return Noise(max(sd, floor), len(diffs) - 1, len(diffs), floor)


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> Line | None:
    """Least squares; None below two distinct x values."""
    n = len(xs)
    if n < 2:
        return None
    x_mean, y_mean = sum(xs) / n, sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    if sxx <= 0:
        return None
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / sxx
    return Line(slope, y_mean - slope * x_mean, x_mean, sxx, n)


def trend_evidence(xs: Sequence[float], ys: Sequence[float], noise: Noise) -> Evidence | None:
    """The slope against its standard error (σ from the history, t with its df), and whether
    it survives leaving out any one value. None without a line or a noise estimate."""
    line = fit_line(xs, ys)
    if line is None or noise.sd is None:
        return None
    se = noise.sd / math.sqrt(line.sxx)
    t = line.slope / se
    t_crit = t_quantile(1.0 - ALPHA / 2.0, noise.df)
    significant = len(xs) >= MIN_TREND_POINTS and abs(t) >= t_crit
    return Evidence(line, se, t, t_crit, significant, significant and _stable(xs, ys, noise.sd, t))


def _stable(xs: Sequence[float], ys: Sequence[float], sd: float, t: float) -> bool:
    for skip in range(len(xs)):
        rest_x = [x for i, x in enumerate(xs) if i != skip]
        rest_y = [y for i, y in enumerate(ys) if i != skip]
        line = fit_line(rest_x, rest_y)
        if line is None:
            return False
        t_rest = line.slope / (sd / math.sqrt(line.sxx))
        if t_rest * math.copysign(1.0, t) < LOO_T:
            return False
    return True


@cache
def t_quantile(p: float, df: int) -> float:
    """Student's t quantile (p > 0.5) by bisection on the CDF; df ≥ 1 (cached: few distinct)."""
    df = max(1, df)
    lo, hi = 0.0, 1.0
    while _t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        lo, hi = (mid, hi) if _t_cdf(mid, df) < p else (lo, mid)
    return (lo + hi) / 2.0


def _t_cdf(t: float, df: int) -> float:
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t >= 0 else tail


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) (continued fraction, Numerical Recipes 6.4)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for num in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-14:
            break
    return h


def recent_level(ys: Sequence[float], sd: float | None) -> tuple[float, float | None, int]:
    """(median of the last five values, its standard error, how many values): the level that
    one or two odd years cannot move. The SE is None when the noise is unknown."""
    recent = list(ys)[-RECENT:]
    level = median(recent)
    return level, (sd * RECENT_SE[len(recent)] if sd is not None else None), len(recent)
