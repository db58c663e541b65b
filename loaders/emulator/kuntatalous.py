"""The State Treasury's municipal-economy REST service (Kuntatalouden tietopalvelu), DEMO values.

Its own description, never the catalog's: the documents of the municipalities whose Y-tunnus has
a source in data/reference (mittaristo.reference.business_ids), package KKNR, years 2021 (the
first year reported to the State Treasury) to the last emulated year, and only the taxonomy
numbers below — the ones public working clients read ([Q], no recorded answer exists). A catalog
entry that names another number therefore fails against the emulator as it would live.

    /kuntatalous/rest/v1/json/aineistot
    /kuntatalous/rest/v1/json/dokumentti/{lopullinen|jalkikorjattu}/KKNR/{ytunnus}/{YYYY}C12

Shapes: `{"aineistot": [{ytunnus, raportointikausi, raportointikokonaisuus, hyvaksymisvaihe,
hyvaksymispvm, julkaisupvm, tunnusluvut}]}` and `[{ytunnus, raportointikausi,
raportointikokonaisuus, osakokonaisuus, taksonomia, tunnusluku, arvo (text), kieli}]`. Every
value is synthetic (a demo, derived from the synthetic population) — never an official figure.
Content faults: `empty` (the catalogue lists nothing); transport faults come from faults.py.
"""

from __future__ import annotations

import re

from loaders.emulator.response import Request, Response, json_response, not_found
from loaders.emulator.synthetic import Synth, unit_hash
from mittaristo import reference

PREFIX = "/kuntatalous/rest/v1/json/"
FIRST_YEAR = 2021
PACKAGE = "KKNR"
TAXONOMY = "jhs-2018-01/2024-03-26"
# taxonomy number → (name, euros per resident at the centre of the demo range, spread)
FIGURES: dict[str, tuple[str, float, float]] = {
    "1400": ("Vuosikate", 450.0, 400.0),
    "1470": ("Poistot ja arvonalentumiset", 420.0, 200.0),
    "1447": ("Yli-/alijäämä", 150.0, 600.0),
    "1374": ("Investoinnit", 700.0, 500.0),
    "3319283": ("Toimintatuotot", 1500.0, 600.0),
    "3418067": ("Toimintakulut", 4500.0, 1200.0),
}
CORRECTED = {"1400"}  # the demo's one corrected figure (jälkikorjattu) for the first town
_DOCUMENT = re.compile(
    r"dokumentti/(lopullinen|jalkikorjattu)/([A-Z]+)/([0-9]{7}-[0-9])/(\d{4})C12"
)


class KuntatalousService:
    def __init__(self, synth: Synth, years: tuple[int, int], base: str = "") -> None:
        self.synth = synth
        self.years = range(max(years[0], FIRST_YEAR), years[1] + 1)
        self.base = base  # the emulator's URL, for the documents' own addresses
        self.by_business_id = {b.business_id: b.code for b in reference.business_ids().values()}

    def _corrected(self, business_id: str, year: int) -> bool:
        """The first municipality's last year is corrected once (a jälkikorjattu version)."""
        first = min(self.by_business_id, default=None)
        return business_id == first and year == self.years[-1]

    def handle(self, req: Request) -> Response:
        rest = req.path[len(PREFIX) :]
        if rest == "aineistot":
            return json_response({"aineistot": [] if req.active("empty") else self._catalogue()})
        match = _DOCUMENT.fullmatch(rest)
        if not match:
            return not_found("no such address")
        stage, package, business_id, year_text = match.groups()
        year = int(year_text)
        code = self.by_business_id.get(business_id)
        if package != PACKAGE or code is None or year not in self.years:
            return not_found("no such document")
        if stage == "jalkikorjattu" and not self._corrected(business_id, year):
            return not_found("no corrected version of this document")
        return json_response(
            self._facts(code, business_id, year, corrected=stage == "jalkikorjattu")
        )

    def _catalogue(self) -> list[dict[str, object]]:
        items: list[dict[str, object]] = []
        for business_id in sorted(self.by_business_id):
            for year in self.years:
                stages = ["Lopullinen"] + (
                    ["Jälkikorjattu"] if self._corrected(business_id, year) else []
                )
                for n, stage in enumerate(stages):
                    url_stage = "lopullinen" if n == 0 else "jalkikorjattu"
                    items.append({
                        "ytunnus": business_id,
                        "raportointikausi": f"{year}C12",
                        "raportointikokonaisuus": PACKAGE,
                        "hyvaksymisvaihe": stage,
                        "hyvaksymispvm": f"{year + 1}-0{4 + n}-15 10:00:00",
                        "julkaisupvm": f"{year + 1}-0{4 + n}-16",
                        "tunnusluvut": f"{self.base}{PREFIX}dokumentti/{url_stage}/{PACKAGE}/{business_id}/{year}C12",
                    })  # fmt: skip
        return items

    def amount(self, code: str, figure: str, year: int, *, corrected: bool = False) -> float:
        """The demo euros of one figure (per-resident level × the synthetic year-end population)."""
        _, centre, spread = FIGURES[figure]
        per_resident = centre + spread * (unit_hash("kt", figure, code, year) - 0.5)
        euros = per_resident * self.synth.population(code, year + 1.0)
        return round(euros * (1.05 if corrected and figure in CORRECTED else 1.0), 2)

    def _facts(
        self, code: str, business_id: str, year: int, *, corrected: bool
    ) -> list[dict[str, object]]:
        return [
            {
                "ytunnus": business_id,
                "raportointikausi": f"{year}C12",
                "raportointikokonaisuus": PACKAGE,
                "osakokonaisuus": "k-t13" if figure == "1374" else "k-t07",
                "taksonomia": TAXONOMY,
                "tunnusluku": figure,
                "arvo": f"{self.amount(code, figure, year, corrected=corrected):.2f}",
                "tarkastushavainnot": [],
                "kieli": "fi",
            }
            for figure in FIGURES
        ]
