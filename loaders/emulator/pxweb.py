"""PxWeb API v1 as Statistics Finland serves it after the June 2026 code change.

GET `…/{lang}/?config`, GET folders (table lists), GET a table (metadata), POST a table
(json-stat2). The tables, their variable codes (`alue_23_20260101`, the bare `Alue` of 12r5,
`alue_23_20250101` of 142h), value codes and texts are those of the emulator's own description
(`description.yaml`, recorded where a recording exists), never the catalog's.

Error bodies [U]: Statistics Finland reportedly answers a bad query with a bare 400 and an
over-limit query with 403 and an IIS HTML page; the 400 bodies here use the messages of the
PxWeb v1 software as SSB shows them, so loaders must never depend on an error body.
"""

from __future__ import annotations

import datetime as dt
import json

from loaders.emulator.description import Table
from loaders.emulator.jsonstat import JOIN_WORDS, Query, Var, build_dataset, joined
from loaders.emulator.pxquery import build_variables, error, resolve_query
from loaders.emulator.reference import Geography
from loaders.emulator.response import Request, Response, json_response, not_found, text_response
from loaders.emulator.synthetic import Synth, unit_hash

PREFIX = "/pxweb/api/v1/"
LANGS = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
FAULT_CELL_LIMIT = 5_000
# Cell-limit answer [U]: the IIS page Statistics Finland is reported to send with the 403.
FORBIDDEN_PAGE = (
    "<!DOCTYPE html><html><head><title>403 - Forbidden: Access is denied.</title></head><body>"
    "<h2>403 - Forbidden: Access is denied.</h2><!-- Too many values selected ({cells} > {limit}) -->"
    "</body></html>"
)


class PxWebService:
    def __init__(
        self,
        tables: dict[tuple[str, str], Table],
        geo: Geography,
        synth: Synth,
        *,
        max_cells: int,
        max_calls: int,
        time_window: float,
        years: tuple[int, int],
    ) -> None:
        self.tables, self.geo, self.synth = tables, geo, synth
        self.max_cells, self.max_calls, self.time_window = max_cells, max_calls, time_window
        self.years = years

    def handle(self, req: Request) -> Response:
        parts = [p for p in req.path[len(PREFIX) :].split("/") if p]
        if not parts or parts[0] not in LANGS:
            return not_found("unknown language")
        lang, rest = parts[0], parts[1:]
        if not rest and "config" in req.query:
            return self._config(req)
        if not rest:
            return json_response(
                [{"dbid": db, "text": db} for db in sorted({d for d, _ in self.tables})]
            )
        table = self.tables.get((rest[0], "/".join(rest[1:])))
        if table is None:
            return self._listing(rest, lang) if req.method == "GET" else not_found("no such table")
        if req.method == "POST":
            return self._data(req, table, lang)
        return json_response(self._metadata(req, table, lang))

    def _limit(self, req: Request) -> int:
        """Cells allowed per query (the `cell-limit` fault lowers it to force splitting)."""
        return min(FAULT_CELL_LIMIT, self.max_cells) if req.active("cell-limit") else self.max_cells

    def _config(self, req: Request) -> Response:
        cells = self._limit(req)
        return json_response(
            {
                "apiVersion": "1.1.0",
                "languages": [{"id": code, "text": text} for code, text in LANGS.items()],
                "defaultLanguage": "fi",
                "maxValues": cells,
                "maxCells": cells,
                "maxCalls": self.max_calls,
                "timeWindow": int(self.time_window),
                "sourceReferences": [{"language": "fi", "text": "Lähde: Tilastokeskus"}],
                "CORS": True,
            }
        )

    def _listing(self, rest: list[str], lang: str) -> Response:
        """Folder contents: sub-folders (type l) and catalog tables (type t) right below it."""
        db, folder = rest[0], "/".join(rest[1:])
        entries: dict[str, dict] = {}
        for (tdb, path), table in sorted(self.tables.items()):
            if tdb != db or not (path.startswith(folder + "/") or not folder):
                continue
            below = path[len(folder) + 1 :] if folder else path
            head = below.split("/")[0]
            if "/" in below:
                entries.setdefault(head, {"id": head, "type": "l", "text": head})
            else:
                entries[head] = {
                    "id": head,
                    "type": "t",
                    "text": self._text(table),
                    "updated": self._updated(table),
                }
        return json_response(list(entries.values())) if entries else not_found("no such folder")

    def _text(self, table: Table) -> str:
        return table.description or table.table_id

    def _updated(self, table: Table) -> str:
        if table.updated:
            return table.updated
        day = dt.date(2026, 3, 2) + dt.timedelta(
            days=int(90 * unit_hash("updated", table.database, table.path))
        )
        return f"{day.isoformat()}T05:00:00"

    def _periods(self, table: Table) -> list[str]:
        time = table.role("time")
        first = max(self.years[0], time.first or self.years[0])
        last = min(self.years[1], time.last or self.years[1])
        years = range(first, last + 1)
        if table.time == "q":
            return [f"{y}Q{q}" for y in years for q in range(1, 5)]
        if table.time == "m":
            return [f"{y}M{m:02d}" for y in years for m in range(1, 13)]
        return [str(y) for y in years]

    def variables(self, req: Request, table: Table, lang: str) -> list[Var]:
        """The table's variables as this request sees them (faults may rename or drop codes)."""
        return build_variables(
            table, self.geo.areas, self._periods(table), lang,
            renamed=req.active("renamed-codes"), missing=req.active("missing-content"),
        )  # fmt: skip

    def _description(self, table: Table) -> str:
        return self._text(table).split(" -- ", 1)[-1]

    def _metadata(self, req: Request, table: Table, lang: str) -> dict:
        variables = self.variables(req, table, lang)
        title = (
            table.title
            if lang == "fi" and table.title and not req.active("renamed-codes")
            else f"{self._description(table)} {JOIN_WORDS[lang][0]} {joined([v.text for v in variables], lang)}"
        )
        out = []
        for var in variables:
            entry: dict = {
                "code": var.code,
                "text": var.text,
                "values": var.values,
                "valueTexts": var.texts,
            }
            if var.elimination:
                entry["elimination"] = True
            if var.role == "time":
                entry["time"] = True
            out.append(entry)
        return {"title": title, "variables": out}

    def _data(self, req: Request, table: Table, lang: str) -> Response:
        try:
            body = json.loads(req.body or b"{}")
            items = body["query"]
            fmt = (body.get("response") or {}).get("format", "json-stat2")
        except (ValueError, KeyError, TypeError, AttributeError):
            return error("Parameter error", "the body is not a PxWeb query")
        if fmt != "json-stat2":
            return error("Parameter error", f"the emulator serves only json-stat2, not {fmt!r}")
        resolved = resolve_query(self.variables(req, table, lang), items)
        if isinstance(resolved, Response):
            return resolved
        kept, eliminated = resolved
        cells = 1
        for _, idx in kept:
            cells *= len(idx)
        limit = self._limit(req)
        if cells > limit:  # 403 for too many values [U: the code is not confirmed for StatFin]
            return text_response(FORBIDDEN_PAGE.format(cells=cells, limit=limit), 403, "text/html")
        query = Query(
            table, lang, self._updated(table), self._text(table), kept, eliminated,
            unknown_region=req.active("unknown-region"), empty=req.active("empty"),
            cell_mismatch=req.active("cell-mismatch"),
        )  # fmt: skip
        return json_response(build_dataset(query, self.synth))
