"""Regenerate data/reference/*.csv from Statistics Finland's municipality classification.

    python scripts/build_reference.py [--fixtures ../shared/fixtures] [--out data/reference]

Inputs (recorded files, read in place; see data/reference/README.md for their provenance):
- `2026/geofi-municipality_key_2026.CONVERTED.csv`: the 308 municipalities of 1.1.2026 with
  names fi/sv/en, maakunta and wellbeing services county (Statistics Finland, via rOpenGov/geofi);
- `2026/geofi-municipality_key_2025.CONVERTED.csv`: the 2025 key, to check that no code moved;
- `sotkanet_1.1_regions.json`: Sotkanet's `/regions` (2016) for the Sotkanet region ids, which
  do not change when a municipality survives, and for the names of merged-away municipalities.

The mergers since 2017 cannot be read from a key of today's municipalities, so they are listed
below with their evidence; the script checks each against the keys (old code gone, new code
present) and refuses to write anything when one does not hold. Stdlib only, so it runs
anywhere with the fixtures beside the project.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY_2026 = "2026/geofi-municipality_key_2026.CONVERTED.csv"
KEY_2025 = "2026/geofi-municipality_key_2025.CONVERTED.csv"
SOTKANET_REGIONS = "sotkanet_1.1_regions.json"

# old code, new code, in force from, evidence: C = the classification keys show it, Q = public
# code and well-known fact only (data-sources.md §0a).
MERGERS = [
    ("174", "297", "2017-01-01", "Q", "Juankoski → Kuopio; data-sources.md §0a (well known; also a merger table in public Clojure code)"),
    ("442", "051", "2017-01-01", "Q", "Luvia → Eurajoki; data-sources.md §0a (well known; also a merger table in public Clojure code)"),
    ("911", "541", "2020-01-01", "Q", "Valtimo → Nurmes; data-sources.md §0a (code gone from the 2026 key)"),
    ("099", "214", "2021-01-01", "C", "Honkajoki → Kankaanpää; data-sources.md §0a [C]"),
    ("588", "507", "2025-01-01", "C", "Pertunmaa → Mäntyharju; absent from the 2025 and 2026 keys, data-sources.md §0a [C]"),
]  # fmt: skip
COUNTRY = ("SSS", "Koko maa", "Hela landet", "Whole country")


def read_key(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def code3(value: str) -> str:
    """`20`, `20.0` → `020` (the key stores numbers)."""
    return f"{int(float(value)):03d}"


def sotkanet_ids(path: Path) -> dict[tuple[str, str], tuple[int, dict]]:
    """(category, code) → (Sotkanet id, titles) from the recorded /regions answer."""
    regions = json.loads(path.read_text(encoding="utf-8"))
    return {(r["category"], r["code"]): (int(r["id"]), r["title"]) for r in regions}


def municipality_rows(key: list[dict], ids: dict) -> list[dict]:
    rows = []
    for r in sorted(key, key=lambda r: int(float(r["kunta"]))):
        number = code3(r["kunta"])
        sotkanet = ids.get(("KUNTA", number))
        rows.append({
            "code": f"KU{number}",
            "name_fi": r["municipality_name_fi"],
            "name_sv": r["municipality_name_sv"] or r["municipality_name_fi"],
            "name_en": r["municipality_name_en"] or r["municipality_name_fi"],
            "region": f"MK{int(float(r['maakunta_code'])):02d}",
            "wellbeing_county": f"HVA{int(float(r['hyvinvointialue_code'])):02d}",
            "sotkanet_id": sotkanet[0] if sotkanet else "",
        })  # fmt: skip
    return rows


def region_rows(key: list[dict], ids: dict) -> list[dict]:
    country_id = ids.get(("MAA", "358"), ("", {}))[0]
    out = [dict(zip(("code", "name_fi", "name_sv", "name_en"), COUNTRY, strict=True))]
    out[0]["sotkanet_id"] = country_id
    seen: dict[int, dict] = {}
    for r in key:
        number = int(float(r["maakunta_code"]))
        seen[number] = {
            "code": f"MK{number:02d}",
            "name_fi": r["maakunta_name_fi"],
            "name_sv": r["maakunta_name_sv"] or r["maakunta_name_fi"],
            "name_en": r["maakunta_name_en"] or r["maakunta_name_fi"],
            "sotkanet_id": ids.get(("MAAKUNTA", f"{number:02d}"), ("", {}))[0],
        }
    return out + [seen[n] for n in sorted(seen)]


def county_rows(key: list[dict]) -> list[dict]:
    seen: dict[int, dict] = {}
    for r in key:
        number = int(float(r["hyvinvointialue_code"]))
        seen[number] = {
            "code": f"HVA{number:02d}",
            "name_fi": r["hyvinvointialue_name_fi"],
            "name_sv": r["hyvinvointialue_name_sv"] or r["hyvinvointialue_name_fi"],
            "name_en": r["hyvinvointialue_name_en"] or r["hyvinvointialue_name_fi"],
        }
    return [seen[n] for n in sorted(seen)]


def merger_rows(key26: list[dict], key25: list[dict], ids: dict) -> list[dict]:
    """The mergers, each checked against the keys; raises SystemExit when one does not hold."""
    today = {code3(r["kunta"]): r["municipality_name_fi"] for r in key26}
    earlier = {code3(r["kunta"]) for r in key25}
    rows, problems = [], []
    for old, new, since, evidence, source in MERGERS:
        if old in today or old in earlier:
            problems.append(f"{old} is still a municipality in the keys")
        if new not in today:
            problems.append(f"successor {new} of {old} is not a municipality of 2026")
        old_name = ids.get(("KUNTA", old), (None, {}))[1].get("fi")
        if not old_name:
            problems.append(f"no name for {old} in {SOTKANET_REGIONS}")
        rows.append({
            "old_code": f"KU{old}", "old_name_fi": old_name or "", "new_code": f"KU{new}",
            "new_name_fi": today.get(new, ""), "valid_from": since,
            "confirmed": "true" if evidence == "C" else "false", "evidence": source,
        })  # fmt: skip
    if problems:
        raise SystemExit("mergers do not match the classification: " + "; ".join(problems))
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(
        f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} rows"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT.parent / "shared" / "fixtures")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "reference")
    args = parser.parse_args(argv)
    key26 = read_key(args.fixtures / KEY_2026)
    key25 = read_key(args.fixtures / KEY_2025)
    if {code3(r["kunta"]) for r in key26} != {code3(r["kunta"]) for r in key25}:
        print("note: the 2025 and 2026 keys list different municipalities", file=sys.stderr)
    ids = sotkanet_ids(args.fixtures / SOTKANET_REGIONS)
    outputs = {
        "municipalities.csv": municipality_rows(key26, ids),
        "regions.csv": region_rows(key26, ids),
        "wellbeing_counties.csv": county_rows(key26),
        "mergers.csv": merger_rows(key26, key25, ids),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in outputs.items():
        write(args.out / name, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
