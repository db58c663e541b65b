"""Build data/reference/key_figures.csv: real key figures of every municipality, from recorded
Statistics Finland answers in ../shared/fixtures/2026 (see data/reference/README.md).

    python scripts/build_key_figures.py [--fixtures DIR]

Why a file in the project: `new-town` suggests peers and the Compare page lists similar
municipalities on a fresh clone too, before any refresh, and on the demo database (whose values
are synthetic and must not decide who is similar). Every number here is copied from a recorded
official answer (no value is computed except the per-1 000 migration rate, stated below);
a municipality missing from an answer simply has no row for that figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = ROOT.parent / "shared" / "fixtures" / "2026"
OUT = ROOT / "data" / "reference" / "key_figures.csv"
COLUMNS = ["code", "figure", "period", "value"]


def pxjson(path: Path) -> tuple[list[str], list[tuple[list[str], list[str]]]]:
    """PX-JSON answer → (column codes, [(key, values)])."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    codes = [c["code"] for c in doc["columns"] if c["type"] == "c"]
    return codes, [(row["key"], row["values"]) for row in doc["data"]]


def number(text: str) -> float | None:
    """A cell as a float; None for a status symbol (., .., ...)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def contents(path: Path, area_at: int, wanted: dict[str, str]) -> list[tuple[str, str, str, float]]:
    """(code, figure, period, value) for the wanted content codes of a PX-JSON answer."""
    codes, rows = pxjson(path)
    out = []
    for key, values in rows:
        area, period = key[area_at], key[1 - area_at]
        if not area.startswith("KU"):
            continue
        for content, figure in wanted.items():
            value = number(values[codes.index(content)])
            if value is not None:
                out.append((area, figure, period, value))
    return out


def migration_rate(path: Path) -> list[tuple[str, str, str, float]]:
    """Net intermunicipal migration per 1 000 residents = vm43_netto / vaesto × 1 000 (121w)."""
    codes, rows = pxjson(path)
    net, pop = codes.index("ssaaty-vm43_netto"), codes.index("ssaaty-vaesto")
    out = []
    for (period, area), values in rows:
        n, p = number(values[net]), number(values[pop])
        if area.startswith("KU") and n is not None and p:
            out.append((area, "nettomuutto_per_1000", period, round(1000 * n / p, 2)))
    return out


def urban_rural(path: Path) -> list[tuple[str, str, str, float]]:
    """Statistical grouping of municipalities: 1 urban, 2 semi-urban, 3 rural (kuntaryhmitys)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (f"KU{int(r['kunta']):03d}", "kuntaryhmitys", str(int(float(r["year"]))),
         float(r["kuntaryhmitys_code"]))
        for r in rows
    ]  # fmt: skip


def build(fixtures: Path) -> list[tuple[str, str, str, float]]:
    rows = contents(
        fixtures / "statfin-pxjson-age_register_kunnat_11ra.json", 0,
        {"vaerak-vaesto": "vaesto", "vaesto_alle15_p": "alle15_pct", "vaesto_yli64_p": "yli64_pct"},
    )  # fmt: skip
    rows += contents(
        fixtures / "statfin-pxjson-unemployment_register_kunnat_12r5.json", 0,
        {"TYOTOSUUS": "tyottomat_pct"},
    )  # fmt: skip
    rows += contents(
        fixtures / "statfin-pxjson-income_register_kunnat_14ww.json", 0,
        {"hkturaha18_med": "tulot_mediaani"},
    )  # fmt: skip
    rows += migration_rate(fixtures / "statfin-pxjson-population_register_kunnat_121w.json")
    rows += urban_rural(fixtures / "geofi-municipality_key_2026.CONVERTED.csv")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    args = parser.parse_args(argv)
    with (ROOT / "data" / "reference" / "municipalities.csv").open(encoding="utf-8") as handle:
        today = {row["code"] for row in csv.DictReader(handle)}
    rows = sorted(r for r in build(args.fixtures) if r[0] in today)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows((c, f, p, f"{v:g}") for c, f, p, v in rows)
    figures = sorted({r[1] for r in rows})
    print(
        f"{OUT.relative_to(ROOT)}: {len(rows)} values, {len(figures)} figures: {', '.join(figures)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
