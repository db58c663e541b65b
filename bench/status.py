"""Figures 7–8: how honest the status engine is on series whose truth is known.

Generated municipal-style yearly series (seeded, so every run judges the same series):
* **Pure noise** (`status_false_verdicts_noise`): a flat level plus noise — Gaussian, or
  Student-t with 3 degrees of freedom (one-year blips) — rounded to the indicator's decimals;
  0–10 years of history before the baseline, 1–4 values after it (the 2–5 trend points a
  strategy usually has); a value target 1.5–4 noise-σ beyond the level, 1–3 years ahead, or a
  direction target. Nothing moves and the target is not met, so every verdict that claims a
  movement or an achievement (achieved, on track, too slow, off track, missed) is false; the
  honest answers are "no clear change" and "not assessable".
* **Steady series** (`status_flip_rate_steady`): a flat level plus the same noise with 3–10
  years of history, reviewed after the 2nd, 3rd, 4th and 5th yearly value since the baseline
  (three consecutive-review pairs per series: the mid-term review and later); the target lies
  −3…+3 σ from the level (met or not), its year after the last review. Nothing changes, so a
  status that differs from the previous review's is a flip.

Both figures run the same series through today's engine (via the `judge` case format, the
engine's acceptance interface) and through a faithful copy of the old gate
(`bench/_old_status.py`), so the table shows before and after side by side.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from bench import Context, Figure

GOAL = "≤ 10 %"
NOISE_SERIES = 4000
STEADY_SERIES = 1500
ADOPTION = 2021
LAG_MONTHS = 4
# Verdicts that claim a movement or an achievement. "too slow" because the target is out of
# reach even at the best the trend allows (reason value_out_of_reach) claims neither, and is
# true of a flat series whose target lies beyond it; the old gate's "too slow" always claimed
# a movement towards the target.
FALSE_VALUE = {"achieved", "on_track", "too_slow", "off_track", "missed"}
NOT_A_CLAIM = {"value_out_of_reach", "value_still_out_of_reach"}
SEED = 13
HORIZON = 4  # steady series: the target year is 4 years after the last review


def _noise(rng: random.Random, heavy: bool) -> float:
    if not heavy:
        return rng.gauss(0.0, 1.0)
    # Student-t, 3 df, scaled to unit variance: mostly small steps, sometimes a big blip.
    chi2 = sum(rng.gauss(0.0, 1.0) ** 2 for _ in range(3))
    return rng.gauss(0.0, 1.0) / math.sqrt(chi2 / 3) / math.sqrt(3)


def _shape(rng: random.Random) -> dict:
    """Level, noise σ and decimals of one series: from smooth rounded (σ < one shown step) to
    very noisy (σ = 30 steps)."""
    decimals = rng.choice((0, 1))
    step = 10.0**-decimals
    sigma = step * math.exp(rng.uniform(math.log(0.5), math.log(30)))
    level = rng.uniform(20, 80) if decimals else rng.uniform(-200, 500)
    return {"decimals": decimals, "sigma": sigma, "level": level, "heavy": rng.random() < 0.3}


def _values(rng: random.Random, shape: dict, years: list[int]) -> list[list]:
    d = shape["decimals"]
    return [
        [str(y), round(shape["level"] + shape["sigma"] * _noise(rng, shape["heavy"]), d)]
        for y in years
    ]


def _published(year: int) -> str:
    """The day after the value of `year` is out (period end + lag + a month)."""
    return dt.date(year + 1, LAG_MONTHS + 1, 1).isoformat()


def _case(shape: dict, series: list[list], target: dict, case_id: str) -> dict:
    latest = int(series[-1][0])
    return {
        "id": case_id, "target": target, "better": _better(target),
        "frequency": "yearly", "unit": "", "decimals": shape["decimals"],
        "adoption": f"{ADOPTION}-12-13", "period_end": max(latest + 1, target.get("by") or 0),
        "today": _published(latest), "lag_months": LAG_MONTHS, "series": series,
    }  # fmt: skip


def _better(target: dict) -> str:
    if target["kind"] == "direction":
        return "higher" if target["direction"] == "increase" else "lower"
    return "higher" if target["kind"] == "at_least" else "lower"


def _value_target(rng: random.Random, shape: dict, distance: float, by: int) -> dict:
    kind = rng.choice(("at_least", "at_most"))
    sign = 1 if kind == "at_least" else -1
    value = round(shape["level"] + sign * distance * shape["sigma"], shape["decimals"])
    return {"kind": kind, "value": value, "by": by}


def noise_cases(n: int = NOISE_SERIES, seed: int = SEED) -> list[dict]:
    """Pure-noise cases, one review each (see the module docstring)."""
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        shape = _shape(rng)
        history = rng.choices((0, 1, 3, 5, 10), weights=(15, 10, 20, 25, 30))[0]
        after = rng.choices((1, 2, 3, 4), weights=(15, 35, 35, 15))[0]
        years = list(range(ADOPTION - history, ADOPTION + after + 1))
        by = years[-1] + rng.choice((1, 2, 3))
        if rng.random() < 0.3:
            target = {"kind": "direction", "direction": rng.choice(("increase", "decrease")),
                      "by": by}  # fmt: skip
        else:
            target = _value_target(rng, shape, rng.uniform(1.5, 4.0), by)
        cases.append(_case(shape, _values(rng, shape, years), target, f"noise-{i}"))
    return cases


def steady_reviews(n: int = STEADY_SERIES, seed: int = SEED + 1) -> list[list[dict]]:
    """Per steady series, its four consecutive reviews (each one more yearly value)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        shape = _shape(rng)
        history = rng.choice((3, 5, 10))
        years = list(range(ADOPTION - history, ADOPTION + 6))
        series = _values(rng, shape, years)
        target = _value_target(rng, shape, rng.uniform(-3.0, 3.0), ADOPTION + 6 + HORIZON)
        reviews = []
        for k in range(2, 6):  # after 2, 3, 4, 5 values since the baseline
            upto = series[: len(series) - 5 + k]
            reviews.append(_case(shape, upto, target, f"steady-{i}-{k}"))
        out.append(reviews)
    return out


def old_status(case: dict) -> tuple[str, str]:
    from bench._old_status import old_direction_status, old_value_status

    series = [(p, v) for p, v, *_ in case["series"]]
    target = case["target"]
    if target["kind"] == "direction":
        by = target.get("by") or case["period_end"]
        status = old_direction_status(target["direction"], by, series, ADOPTION, case["decimals"])
    else:
        status = old_value_status(
            target["kind"], target["value"], target["by"], series, ADOPTION, case["decimals"]
        )
    return status, status


def new_status(case: dict) -> tuple[str, str]:
    from mittaristo.status.judge import judge_case

    out = judge_case(case, "fi")
    return out["status"], out["facts"]["reason"]


def false_share(cases: list[dict], judge) -> tuple[float, dict]:
    """% of false verdicts, and the count of every status (too slow split by its reason)."""
    counts: dict[str, int] = {}
    false = 0
    for case in cases:
        status, reason = judge(case)
        claim = status in FALSE_VALUE and reason not in NOT_A_CLAIM
        false += claim
        key = f"{status} ({reason})" if reason in NOT_A_CLAIM else status
        counts[key] = counts.get(key, 0) + 1
    return 100.0 * false / len(cases), dict(sorted(counts.items()))


def flip_share(series_reviews: list[list[dict]], judge) -> tuple[float, int]:
    flips = pairs = 0
    for reviews in series_reviews:
        statuses = [judge(case)[0] for case in reviews]
        pairs += len(statuses) - 1
        flips += sum(a != b for a, b in zip(statuses, statuses[1:], strict=False))
    return 100.0 * flips / pairs, pairs


def run(ctx: Context) -> list[Figure]:
    n_noise = 300 if ctx.quick else NOISE_SERIES
    n_steady = 100 if ctx.quick else STEADY_SERIES
    cases = noise_cases(n_noise)
    new_false, new_counts = false_share(cases, new_status)
    old_false, old_counts = false_share(cases, old_status)
    reviews = steady_reviews(n_steady)
    new_flip, pairs = flip_share(reviews, new_status)
    old_flip, _ = flip_share(reviews, old_status)
    return [
        Figure(
            "status_false_verdicts_noise", "Pure-noise series judged as moving or achieved",
            new_false, "%", GOAL, new_false <= 10.0, new_false, new_false, 1,
            note=f"{n_noise} series; before (old gate) {old_false:.1f} %",
            details={"new": new_counts, "old": old_counts, "old_share": round(old_false, 2)},
        ),
        Figure(
            "status_flip_rate_steady", "Steady series: status flips between consecutive reviews",
            new_flip, "%", GOAL, new_flip <= 10.0, new_flip, new_flip, 1,
            note=f"{n_steady} series × 3 review pairs = {pairs}; before (old gate) {old_flip:.1f} %",
            details={"old_share": round(old_flip, 2), "pairs": pairs},
        ),
    ]  # fmt: skip
