"""Figure 2: a full refresh of every configured series, all municipalities, against the emulator.

Set-up (default `hosts="split"`, as in production): each service is its own emulator process-side
server on its own port, so the real HttpClient keeps its per-host limits — PxWeb 30 requests /
10 s (the emulator enforces it too: `rate-limit` fault), Sotkanet and SYKE its polite 5 / s —
and every answer waits 50 ms (`latency`). `hosts="single"` serves all four from one emulator,
so one 30 / 10 s limit covers every request (the client sees one host).

Minimum requests (what the cell limit and the source formats allow):
  PxWeb    1 `?config` + per table 1 metadata GET + per query group (table + fixed selections)
           ceil(cells / L) POSTs, L = min(server maxValues, Settings.pxweb_max_cells)
  Sotkanet 1 `/regions` + per indicator 1 `/json` + 1 `/indicators/{id}` (release time)
  SYKE     1 file per municipality (per resident divides by the same refresh's vakiluku)
  State Treasury (kuntatalous) 1 catalogue (`/aineistot`) + 1 document per (Y-tunnus, year) it
           lists for the asked municipalities (only those with a sourced Y-tunnus are asked)
Floor of a host with N minimum requests and a limit of c per w seconds: the N-th request cannot
start before floor((N-1)/c)·w, and its answer takes the latency:
  F = floor((N-1)/c)·w + latency.
Hosts are limited independently, so the refresh's floor is the largest host floor.
"""

from __future__ import annotations

import json
import math
import subprocess
import time

from bench import PYTHON, ROOT, Context, Figure, child_env, failed_figure, summary

LATENCY = 0.05
PXWEB_LIMIT = (30, 10.0)
SERVICES = ("pxweb", "sotkanet", "syke", "kuntatalous")


class Emulators:
    """The helper process (bench._emulators) serving one emulator per service, or one for all."""

    def __init__(self, hosts: str, max_cells: int = 120_000) -> None:
        if hosts == "split":
            specs = [
                {"name": "pxweb", "faults": ["latency", "rate-limit"], "rate_limit": PXWEB_LIMIT},
                {"name": "sotkanet", "faults": ["latency"], "rate_limit": None},
                {"name": "syke", "faults": ["latency"], "rate_limit": None},
                {"name": "kuntatalous", "faults": ["latency"], "rate_limit": None},
            ]
        else:
            specs = [
                {"name": "all", "faults": ["latency", "rate-limit"], "rate_limit": PXWEB_LIMIT}
            ]
        for spec in specs:
            spec.update(latency=LATENCY, max_cells=max_cells)
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "bench._emulators", json.dumps(specs)],
            cwd=ROOT, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            raise RuntimeError("the emulator helper process did not start")
        urls = json.loads(line)
        url = {s: urls.get(s) or urls["all"] for s in SERVICES}
        self.env = {
            "MITTARISTO_PXWEB_URL": f"{url['pxweb']}/PxWeb/api/v1",
            "MITTARISTO_SOTKANET_URL": f"{url['sotkanet']}/rest/1.1",
            "MITTARISTO_SYKE_URL": f"{url['syke']}/syke",
            "MITTARISTO_KUNTATALOUS_URL": f"{url['kuntatalous']}/kuntatalous/rest/v1/json",
        }

    def stop(self) -> dict[str, list]:
        """Stop serving; every request each emulator answered."""
        try:
            out, _ = self.proc.communicate(input="", timeout=30)
            return json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        except (subprocess.TimeoutExpired, ValueError):
            self.proc.kill()
            return {}


def _settings(env: dict[str, str]):
    from loaders.demo import emulator_settings
    from mittaristo.settings import Settings

    return emulator_settings(Settings(), env)


def _timed_client(settings):
    """The real HttpClient; every exchange's host and start/end times are recorded."""
    from loaders.http import HttpClient

    client = HttpClient(settings)
    client.bench_log = []
    send = client.session.request

    def request(method, url, **kwargs):
        start = time.monotonic()
        try:
            response = send(method, url, **kwargs)
        except Exception:
            client.bench_log.append((_service(url), method, start, time.monotonic(), 0))
            raise
        client.bench_log.append(
            (_service(url), method, start, time.monotonic(), response.status_code)
        )
        return response

    client.session.request = request
    return client


def minimum_requests(
    config, indicators, max_cells: int, municipalities: list[str] | None = None
) -> dict[str, dict]:
    """Per source: the minimum number of requests and how it is made up (see the docstring)."""
    from loaders.demo import UnthrottledClient
    from loaders.emulator import start_emulator
    from loaders.pxweb import fetch_metadata, table_url
    from loaders.pxweb_query import cells, plan_query
    from loaders.refresh import municipality_codes

    out: dict[str, dict] = {}
    px = [i for i in indicators if i.source.kind == "pxweb"]
    if px:
        with start_emulator(max_cells=max_cells) as emu:
            settings = _settings(emu.env())
            with UnthrottledClient(settings) as client:
                config_doc = client.get(f"{settings.pxweb_url}/{settings.lang}/?config").json()
                server_limit = int(config_doc["maxValues"])
                limit = min(server_limit, settings.pxweb_max_cells)
                groups: dict[tuple, list] = {}
                for ind in px:
                    src = ind.source
                    picks = tuple(sorted((k, str(v)) for k, v in src.selections.items()))
                    groups.setdefault((src.database, src.table, picks), []).append(ind)
                tables = {(db, table) for db, table, _ in groups}
                metas = {
                    t: fetch_metadata(client, table_url(settings, *t), "/".join(t)) for t in tables
                }
                parts = []
                for (db, table, _), group in groups.items():
                    n = cells(plan_query(metas[(db, table)], group))
                    parts.append({"table": table, "indicators": len(group), "cells": n,
                                  "posts": math.ceil(n / limit),
                                  "posts_at_server_limit": math.ceil(n / server_limit)})  # fmt: skip
        posts = sum(p["posts"] for p in parts)
        out["pxweb"] = {
            "minimum": 1 + len(tables) + posts,
            "formula": f"1 ?config + {len(tables)} metadata GETs + {posts} POSTs "
            f"(ceil(cells / {limit:,}) per query group)",
            "cell_limit": limit,
            "server_cell_limit": server_limit,
            "minimum_at_server_limit": 1 + len(tables) + sum(p["posts_at_server_limit"] for p in parts),
            "groups": parts,
        }  # fmt: skip
    sotkanet = [i for i in indicators if i.source.kind == "sotkanet"]
    if sotkanet:
        out["sotkanet"] = {
            "minimum": 1 + 2 * len(sotkanet),
            "formula": f"1 /regions + {len(sotkanet)} × (/json + /indicators/{{id}})",
        }
    syke = [i for i in indicators if i.source.kind == "syke"]
    if syke:  # per resident divides by the refresh's own vakiluku: no SYKE population file
        n_mun = len(municipalities or municipality_codes())
        out["syke"] = {"minimum": n_mun, "formula": f"{n_mun} municipality files"}
    treasury = [i for i in indicators if i.source.kind == "kuntatalous" and i.source.terms]
    if treasury:
        out["kuntatalous"] = _treasury_minimum(treasury, municipalities)
    return out


def _treasury_minimum(indicators, municipalities: list[str] | None) -> dict:
    """1 catalogue + the documents it lists for the asked municipalities (newest final per
    Y-tunnus and year and package), read from the emulator's own catalogue."""
    from loaders import kuntatalous as kt
    from loaders.demo import UnthrottledClient
    from loaders.emulator import start_emulator
    from loaders.refresh import municipality_codes
    from mittaristo import reference

    codes = set(municipalities or municipality_codes())
    ids = {b.business_id for c, b in reference.business_ids().items() if c in codes}
    packages = {i.source.package for i in indicators}
    with start_emulator() as emu:
        settings = _settings(emu.env())
        with UnthrottledClient(settings) as client:
            answer = client.get(f"{settings.kuntatalous_url}/aineistot")
            catalogue = kt.parse_catalogue(answer.content)
    docs = sum(len(kt.choose_documents(catalogue, p, ids)) for p in packages)
    return {
        "minimum": 1 + docs,
        "formula": f"1 catalogue + {docs} documents ({len(ids)} municipalities with a Y-tunnus, "
        f"{len(packages)} package(s))",
    }


def host_floor(n: int, calls: int, window: float) -> float:
    return 0.0 if n <= 0 else math.floor((n - 1) / calls) * window + LATENCY


def run(ctx: Context, hosts: str = "split") -> list[Figure]:
    from loaders.http import POLITE_CALLS, POLITE_WINDOW
    from loaders.refresh import refresh, select_indicators
    from mittaristo.config.load import load_config

    goal_req, goal_wall = "= minimum", "≤ 1.2× floor"
    config = load_config(ROOT)
    indicators = select_indicators(config, ctx.refresh_only)
    kinds = sorted({i.source.kind for i in indicators} & set(SERVICES))
    minimum = minimum_requests(config, indicators, 120_000, ctx.municipalities)
    total_min = sum(m["minimum"] for m in minimum.values())
    limits = {"pxweb": PXWEB_LIMIT, "sotkanet": (POLITE_CALLS, POLITE_WINDOW),
              "syke": (POLITE_CALLS, POLITE_WINDOW),
              "kuntatalous": (POLITE_CALLS, POLITE_WINDOW)}  # fmt: skip
    if hosts == "split":
        floors = {k: host_floor(minimum[k]["minimum"], *limits[k]) for k in kinds}
        floor = max(floors.values())
    else:
        floors = {"all": host_floor(total_min, *PXWEB_LIMIT)}
        floor = floors["all"]
    ctx.log(
        f"refresh: {len(indicators)} series, minimum {total_min} requests, floor {floor:.2f} s ({hosts} hosts)"
    )

    requests, ratios, walls, per_run = [], [], [], []
    for i in range(ctx.slow_runs):
        db = ctx.workdir / f"refresh_bench_{i}.duckdb"
        for stale in db.parent.glob(db.name + "*"):
            stale.unlink()
        emus = Emulators(hosts)
        settings = _settings(emus.env)
        client = _timed_client(settings)
        try:
            start = time.monotonic()
            report = refresh(
                config, db, settings, only=ctx.refresh_only, client=client,
                municipalities=ctx.municipalities,
            )  # fmt: skip
            wall = time.monotonic() - start
        finally:
            client.close()
            served = emus.stop()
        for stale in db.parent.glob(db.name + "*"):
            stale.unlink()
        by_source = {}
        for kind in kinds:
            log = [e for e in client.bench_log if e[0] == kind]
            span = (max(e[3] for e in log) - min(e[2] for e in log)) if log else 0.0
            by_source[kind] = {"requests": len(log), "minimum": minimum[kind]["minimum"],
                               "span_s": round(span, 2), "floor_s": round(floors[kind], 2) if kind in floors else None,
                               "statuses": sorted({e[4] for e in log})}  # fmt: skip
        server_side = sum(len(v) for v in served.values())
        answered_429 = sum(1 for v in served.values() for r in v if r[2] == 429)
        requests.append(client.request_count)
        walls.append(wall)
        ratios.append(wall / floor)
        per_run.append({"wall_s": round(wall, 2), "requests": client.request_count,
                        "server_side_requests": server_side, "answered_429": answered_429,
                        "series_ok": report.n_ok, "series_failed": report.n_failed,
                        "failed": report.failed[:5], "by_source": by_source})  # fmt: skip
        ctx.log(f"refresh: run {i + 1}: {wall:.1f} s, {client.request_count} requests "
                f"({report.n_ok} ok, {report.n_failed} failed) — " + ", ".join(
                    f"{k} {v['requests']}/{v['minimum']} in {v['span_s']} s" for k, v in by_source.items()))  # fmt: skip
    if not requests:
        return [
            failed_figure(
                "refresh_requests", "Full refresh: requests", "requests", goal_req, "no run"
            )
        ]
    details = {"hosts": hosts, "latency_s": LATENCY, "minimum": minimum, "floor_s": round(floor, 2),
               "floors_s": {k: round(v, 2) for k, v in floors.items()}, "runs": per_run}  # fmt: skip
    req_med, req_lo, req_hi = summary(requests)
    failed = any(r["series_failed"] for r in per_run)
    parts = ", ".join(f"{k} {m['minimum']}" for k, m in minimum.items())
    wall_med = summary(walls)[0]
    ratio, lo, hi = summary(ratios)
    return [
        Figure(
            "refresh_requests", "Full refresh: requests vs minimum", req_med, "requests",
            f"{goal_req} ({total_min})", all(r == total_min for r in requests) and not failed,
            req_lo, req_hi,
            len(requests), note=f"minimum {total_min} = {parts}" + ("; SOME SERIES FAILED" if failed else ""),
            details=details,
        ),
        Figure(
            "refresh_wall_vs_floor", "Full refresh: wall time ÷ floor", ratio, "×",
            goal_wall, ratio <= 1.2 and not failed, lo, hi, len(walls),
            note=f"wall {wall_med:.1f} s, floor {floor:.1f} s ({hosts} hosts, 50 ms latency)",
            details={"wall_s": summary(walls), **details},
        ),
    ]  # fmt: skip


def _service(url: str) -> str:
    """Which service a URL belongs to (by the emulator's path layout; works on one host too)."""
    path = url.split("://", 1)[-1].split("/", 1)[-1].lower()
    if path.startswith("pxweb/"):
        return "pxweb"
    if path.startswith("kuntatalous/"):
        return "kuntatalous"
    return "sotkanet" if path.startswith("rest/") else "syke" if path.startswith("syke/") else "?"


if __name__ == "__main__":  # python -m bench.refresh: this figure alone
    import sys

    from bench.__main__ import main

    sys.exit(main(["--only", "refresh", *sys.argv[1:]]))
