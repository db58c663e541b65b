"""Robust trend and noise of a short, noisy series.

Small towns' series jump from year to year. A least-squares line (or Open SDG's two-endpoint
growth rate) lets one odd year swing the verdict; the Theil–Sen slope (median of all pairwise
slopes) and a noise scale from the median absolute deviation do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

# MAD × 1.4826 estimates the standard deviation of normally distributed data.
MAD_TO_SD = 1.4826


@dataclass(frozen=True)
class Line:
    """y = intercept + slope · x, with x in years; slope is per year."""

    slope: float
    intercept: float

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


def fit_theil_sen(xs: Sequence[float], ys: Sequence[float]) -> Line | None:
    """Median of pairwise slopes; intercept the median of y − slope·x. None below two x values."""
    slopes = [
        (ys[j] - ys[i]) / (xs[j] - xs[i])
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
        if xs[j] != xs[i]
    ]
    if not slopes:
        return None
    slope = median(slopes)
    return Line(slope, median(y - slope * x for x, y in zip(xs, ys, strict=True)))


def year_to_year_noise(values: Sequence[float]) -> float:
    """Typical deviation of one step from the usual step: 1.4826 × MAD of consecutive differences.

    Differences take out a steady trend (and a change of trend costs only one difference), and
    the median ignores a single blip. Below two differences the noise is unknown and taken as 0.
    """
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]
    if len(steps) < 2:
        return 0.0
    centre = median(steps)
    return MAD_TO_SD * median(abs(step - centre) for step in steps)


def change_threshold(noise: float, decimals: int) -> float:
    """Smallest change that counts: the noise, but never below half the last shown decimal
    (a change that rounds away on screen is not a change)."""
    return max(noise, 0.5 * 10.0**-decimals)


def clear_direction(line: Line | None, span_years: float, threshold: float) -> int:
    """+1 / −1 when the trend's change over `span_years` exceeds `threshold`, else 0."""
    if line is None:
        return 0
    change = line.slope * span_years
    if change > threshold:
        return 1
    if change < -threshold:
        return -1
    return 0
