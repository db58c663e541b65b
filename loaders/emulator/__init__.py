"""Local stand-in for PxWeb v1 (Statistics Finland), Sotkanet 1.1 (THL) and SYKE ALas files.

The live APIs cannot be reached from the project's machines, so tests, benchmarks and the demo
run the real loaders against this emulator. It speaks the real formats (shapes copied from the
recorded responses in ../shared/fixtures), serves deterministic synthetic values for the tables
and indicators of its own description (`description.yaml`: recorded real metadata where it
exists, the rest described and marked unconfirmed — never the indicator catalog), and injects faults on request (see `faults.KINDS`).

    with start_emulator(faults=["429@/rest/1.1/json"]) as emu:
        settings = emulator_settings(load_settings(), emu.env())

URL layout (base = emu.url):
    /PxWeb/api/v1/{fi|sv|en}/?config                      limits
    /PxWeb/api/v1/{lang}/{database}[/{folder}]             table list (GET)
    /PxWeb/api/v1/{lang}/{database}/{table path}.px        metadata (GET), json-stat2 (POST)
    /rest/1.1/regions | /indicators | /indicators/{id} | /json?… | /csv?…
    /syke/Tulokset_taso_5/kunta_{n}.csv
    /kuntatalous/rest/v1/json/aineistot | …/dokumentti/{stage}/KKNR/{ytunnus}/{YYYY}C12 (demo)
"""

from loaders.emulator.faults import KINDS as FAULT_KINDS
from loaders.emulator.server import Emulator, start_emulator, unused_port

__all__ = ["FAULT_KINDS", "Emulator", "start_emulator", "unused_port"]
