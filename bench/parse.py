"""Figure 1: json-stat2 → observations, against json.loads of the same bytes and pyjstat.

The document has the shape of a real "every area × every year × many contents" StatFin/KA query
(areas from data/reference, role geo/time/metric, category labels) and about 2 % of the cells
withheld with a status symbol (`.` / `..`, value null), as StatFin sends them.
"""

from __future__ import annotations

import csv
import json
import random

from bench import ROOT, Context, Figure, clock, failed_figure, summary

FIRST_YEAR, N_YEARS = 1987, 38
SYMBOL_SHARE = 0.02


def areas() -> list[tuple[str, str]]:
    """(code, Finnish name): the country, the regions and every municipality."""
    rows = []
    for name in ("regions.csv", "municipalities.csv"):
        with (ROOT / "data" / "reference" / name).open(encoding="utf-8", newline="") as handle:
            rows += [(r["code"], r["name_fi"]) for r in csv.DictReader(handle)]
    return rows


def make_document(cells: int, seed: int = 2026) -> tuple[bytes, dict]:
    """A json-stat2 answer of at least `cells` cells (or close to it for tiny sizes)."""
    from loaders.jsonstat import make_jsonstat2

    rng = random.Random(seed)
    area = areas()
    years = N_YEARS
    if cells < len(area) * years:  # tiny sizes (smoke test)
        years = max(1, min(years, cells // len(area)))
        area = area[: max(1, min(len(area), cells // years))]
    contents = max(1, round(cells / (len(area) * years)))
    year_codes = [str(FIRST_YEAR + i) for i in range(years)]
    content_codes = [f"M{100 + i}" for i in range(contents)]
    total = len(area) * years * contents
    values: list[float | int | None] = [
        round(rng.uniform(-500, 50_000), 1) if i % 3 else rng.randrange(0, 100_000)
        for i in range(total)
    ]
    status: dict[str, str] = {}
    for pos in rng.sample(range(total), int(total * SYMBOL_SHARE)):
        values[pos] = None
        status[str(pos)] = "." if pos % 3 else ".."
    doc = make_jsonstat2(
        [
            ("alue_23_20260101", "Alue", [c for c, _ in area]),
            ("timeperiod_y", "Vuosi", year_codes),
            ("contentscode", "Tiedot", content_codes),
        ],
        values,
        tableid="kuntien_avainluvut_2025_aikasarja",
        roles={"geo": ["alue_23_20260101"], "time": ["timeperiod_y"], "metric": ["contentscode"]},
        status=status,
    )
    labels = {
        "alue_23_20260101": dict(area),
        "timeperiod_y": {y: y for y in year_codes},
        "contentscode": {c: f"Tunnusluku {c}" for c in content_codes},
    }
    for code, names in labels.items():
        doc["dimension"][code]["category"]["label"] = names
    doc["source"] = "Tilastokeskus"
    shape = {"areas": len(area), "years": years, "contents": contents, "cells": total,
             "symbols": len(status)}  # fmt: skip
    return json.dumps(doc, ensure_ascii=False).encode("utf-8"), shape


def run(ctx: Context) -> list[Figure]:
    from loaders.jsonstat import parse_jsonstat2

    goal_loads, goal_pyjstat = "≤ 2.0× json.loads", "≥ 5× faster than pyjstat"
    ctx.log(f"parse: generating a json-stat2 document of ~{ctx.cells:,} cells")
    raw, shape = make_document(ctx.cells)
    path = ctx.workdir / "jsonstat2_bench.json"
    path.write_bytes(raw)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    shape["megabytes"] = round(len(raw) / 1e6, 1)

    # correctness first: one row per cell, symbols kept, values blanked where withheld
    frame = parse_jsonstat2(raw)
    if len(frame) != shape["cells"] or int(frame["symbol"].notna().sum()) != shape["symbols"]:
        reason = (
            f"parse gave {len(frame)} rows / {frame['symbol'].notna().sum()} symbols for {shape}"
        )
        return [failed_figure("jsonstat_parse_vs_json_loads", "json-stat2 parse ÷ json.loads", "×", goal_loads, reason)]  # fmt: skip
    del frame

    loads_t, parse_t, ratios = [], [], []
    for i in range(ctx.runs):
        steps = [("loads", lambda: json.loads(raw)), ("parse", lambda: parse_jsonstat2(raw))]
        got = {}
        for name, fn in steps if i % 2 == 0 else steps[::-1]:  # alternate the order
            seconds, result = clock(fn)
            del result
            got[name] = seconds
        loads_t.append(got["loads"])
        parse_t.append(got["parse"])
        ratios.append(got["parse"] / got["loads"])
        ctx.log(
            f"parse: run {i + 1}: json.loads {got['loads']:.3f} s, parse_jsonstat2 {got['parse']:.3f} s"
        )
    parse_med = summary(parse_t)[0]
    loads_med = summary(loads_t)[0]

    pyjstat_t: list[float] = []
    try:
        from pyjstat import pyjstat
    except ImportError:
        pyjstat = None
    if pyjstat is not None:
        for i in range(ctx.slow_runs):
            seconds, result = clock(
                lambda: pyjstat.Dataset.read(text).write("dataframe", naming="id")
            )
            if i == 0 and len(result) != shape["cells"]:
                ctx.log(f"parse: pyjstat gave {len(result)} rows for {shape['cells']} cells")
            del result
            pyjstat_t.append(seconds)
            ctx.log(f"parse: pyjstat run {i + 1}: {seconds:.2f} s")

    value, lo, hi = summary(ratios)
    shared = {**shape, "parse_s": summary(parse_t), "json_loads_s": summary(loads_t)}
    figures = [
        Figure(
            "jsonstat_parse_vs_json_loads", "json-stat2 parse ÷ json.loads (same bytes)",
            value, "×", goal_loads, value <= 2.0, lo, hi, ctx.runs,
            note=f"{shape['cells']:,} cells, {shape['megabytes']} MB: parse {parse_med * 1000:.0f} ms, "
            f"json.loads {loads_med * 1000:.0f} ms",
            details=shared,
        )
    ]  # fmt: skip
    if pyjstat_t:
        speedups = [p / parse_med for p in pyjstat_t]
        value, lo, hi = summary(speedups)
        figures.append(Figure(
            "jsonstat_parse_vs_pyjstat", "pyjstat ÷ json-stat2 parse (speed-up)",
            value, "×", goal_pyjstat, value >= 5.0, lo, hi, len(pyjstat_t),
            note=f"pyjstat {summary(pyjstat_t)[0]:.2f} s vs parse {parse_med:.3f} s",
            details={**shared, "pyjstat_s": summary(pyjstat_t)},
        ))  # fmt: skip
    else:
        figures.append(failed_figure("jsonstat_parse_vs_pyjstat", "pyjstat ÷ json-stat2 parse (speed-up)", "×", goal_pyjstat, "pyjstat is not installed (pip install pyjstat)"))  # fmt: skip
    return figures
