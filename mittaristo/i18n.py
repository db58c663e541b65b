"""The one UI text catalog: every string the pages show, in Finnish, Swedish and English.

Finnish is the default. `t(key, lang, **fields)` formats a text; a missing key is a bug caught
by tests (every key must have all three languages).
"""

from __future__ import annotations

LANGS = ("fi", "sv", "en")
LANG_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}

TEXTS: dict[str, dict[str, str]] = {
    # frame
    "app_title": {"fi": "Mittaristo", "sv": "Mätarpanelen", "en": "Mittaristo"},
    "app_tagline": {
        "fi": "Kaupunkistrategian mittarit ja tavoitteet",
        "sv": "Stadsstrategins mätare och mål",
        "en": "City strategy indicators and targets",
    },
    "language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "town": {"fi": "Kunta", "sv": "Kommun", "en": "Municipality"},
    "page_overview": {"fi": "Yleiskuva", "sv": "Översikt", "en": "Overview"},
    "page_indicator": {"fi": "Mittari", "sv": "Mätare", "en": "Indicator"},
    "page_compare": {"fi": "Vertailu", "sv": "Jämförelse", "en": "Compare"},
    "page_actions": {"fi": "Toimenpiteet", "sv": "Åtgärder", "en": "Actions"},
    "page_review": {"fi": "Arviointi", "sv": "Utvärdering", "en": "Review"},
    "page_data": {"fi": "Tiedot", "sv": "Data", "en": "Data"},
    "demo_banner": {
        "fi": "DEMOAINEISTO: luvut ovat keksittyjä testilukuja paikallisesta emulaattorista, eivät virallisia tilastoja.",
        "sv": "DEMODATA: siffrorna är påhittade testvärden från en lokal emulator, inte officiell statistik.",
        "en": "DEMO DATA: the figures are synthetic test values from a local emulator, not official statistics.",
    },
    "error_generic": {
        "fi": "Sivua ei voitu näyttää: {reason}",
        "sv": "Sidan kunde inte visas: {reason}",
        "en": "The page could not be shown: {reason}",
    },
    "error_unknown_param": {
        "fi": "Tuntematon arvo osoitteen parametrissa {param}: näytetään oletus.",
        "sv": "Okänt värde i adressens parameter {param}: standardvärdet visas.",
        "en": "Unknown value in the address parameter {param}: showing the default.",
    },
    "db_missing": {
        "fi": "Tietokantaa ei vielä ole. Haetaan tiedot…",
        "sv": "Databasen finns inte ännu. Hämtar data…",
        "en": "There is no database yet. Loading the data…",
    },
    "db_building_live": {
        "fi": "Haetaan virallisia tilastoja (Tilastokeskus, THL, SYKE)…",
        "sv": "Hämtar officiell statistik (Statistikcentralen, THL, SYKE)…",
        "en": "Fetching official statistics (Statistics Finland, THL, SYKE)…",
    },
    "db_building_demo": {
        "fi": "Virallisiin rajapintoihin ei saatu yhteyttä: ladataan demoaineisto.",
        "sv": "De officiella gränssnitten kunde inte nås: demodata laddas.",
        "en": "The official APIs could not be reached: loading demo data.",
    },
    "db_built": {"fi": "Tiedot ladattu.", "sv": "Data laddade.", "en": "Data loaded."},
    # statuses
    "status_achieved": {"fi": "Saavutettu", "sv": "Uppnått", "en": "Achieved"},
    "status_on_track": {"fi": "Oikealla uralla", "sv": "På rätt spår", "en": "On track"},
    "status_too_slow": {"fi": "Etenee liian hitaasti", "sv": "Går för långsamt", "en": "Too slow"},
    "status_off_track": {"fi": "Väärään suuntaan", "sv": "Fel riktning", "en": "Off track"},
    "status_no_clear_change": {
        "fi": "Ei selvää muutosta",
        "sv": "Ingen tydlig förändring",
        "en": "No clear change",
    },
    "status_not_assessable": {
        "fi": "Ei arvioitavissa",
        "sv": "Kan inte bedömas",
        "en": "Not assessable",
    },
    "status_no_data": {"fi": "Ei tietoa", "sv": "Inga data", "en": "No data"},
    "stale": {"fi": "vanhentunut tieto", "sv": "föråldrade data", "en": "stale data"},
    "note_missing": {
        "fi": "selitys puuttuu",
        "sv": "förklaring saknas",
        "en": "explanation missing",
    },
    # overview
    "overview_title": {
        "fi": "{town}: strategian tilannekuva",
        "sv": "{town}: strategins lägesbild",
        "en": "{town}: strategy scorecard",
    },
    "strategy_period": {
        "fi": "Strategiakausi {start}–{end}",
        "sv": "Strategiperiod {start}–{end}",
        "en": "Strategy period {start}–{end}",
    },
    "rollup": {"fi": "Tilanne", "sv": "Läge", "en": "Status counts"},
    "col_goal": {"fi": "Tavoite", "sv": "Mål", "en": "Goal"},
    "col_indicator": {"fi": "Mittari", "sv": "Mätare", "en": "Indicator"},
    "col_latest": {"fi": "Viimeisin", "sv": "Senaste", "en": "Latest"},
    "col_period": {"fi": "Ajankohta", "sv": "Period", "en": "Period"},
    "col_change": {
        "fi": "Muutos lähtötasosta",
        "sv": "Förändring från utgångsläget",
        "en": "Change since baseline",
    },
    "col_target": {"fi": "Tavoitetaso", "sv": "Målnivå", "en": "Target"},
    "col_status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "col_trend": {"fi": "Kehitys", "sv": "Utveckling", "en": "Trend"},
    "col_owner": {"fi": "Vastuu", "sv": "Ansvar", "en": "Owner"},
    "col_source": {"fi": "Lähde", "sv": "Källa", "en": "Source"},
    "col_value": {"fi": "Arvo", "sv": "Värde", "en": "Value"},
    "col_region": {"fi": "Alue", "sv": "Område", "en": "Area"},
    "col_rank": {"fi": "Sija", "sv": "Rang", "en": "Rank"},
    "no_indicators": {
        "fi": "Tällä tavoitteella ei ole mittareita; eteneminen seurataan toimenpiteistä.",
        "sv": "Målet har inga mätare; framstegen följs upp genom åtgärderna.",
        "en": "This goal has no indicators; progress is followed through its actions.",
    },
    "qualitative": {"fi": "laadullinen", "sv": "kvalitativ", "en": "qualitative"},
    "manual_entry": {"fi": "syötetään käsin", "sv": "matas in manuellt", "en": "entered manually"},
    "open_indicator": {"fi": "Avaa mittari", "sv": "Öppna mätaren", "en": "Open indicator"},
    # targets
    "target_at_least": {
        "fi": "vähintään {value} ({by})",
        "sv": "minst {value} ({by})",
        "en": "at least {value} ({by})",
    },
    "target_at_most": {
        "fi": "enintään {value} ({by})",
        "sv": "högst {value} ({by})",
        "en": "at most {value} ({by})",
    },
    "target_increase": {"fi": "kasvaa", "sv": "ökar", "en": "increases"},
    "target_decrease": {"fi": "laskee", "sv": "minskar", "en": "decreases"},
    "target_vs_peers_at_most": {
        "fi": "sama tai matalampi kuin verrokeissa",
        "sv": "samma eller lägre än i jämförelsekommunerna",
        "en": "same as or lower than in peer towns",
    },
    "target_vs_peers_at_least": {
        "fi": "sama tai korkeampi kuin verrokeissa",
        "sv": "samma eller högre än i jämförelsekommunerna",
        "en": "same as or higher than in peer towns",
    },
    "target_milestone": {
        "fi": "{description} ({by})",
        "sv": "{description} ({by})",
        "en": "{description} ({by})",
    },
    "target_followed": {"fi": "seurataan", "sv": "följs upp", "en": "followed"},
    # indicator page
    "choose_indicator": {"fi": "Valitse mittari", "sv": "Välj mätare", "en": "Choose an indicator"},
    "show_peers": {
        "fi": "Näytä verrokkikunnat",
        "sv": "Visa jämförelsekommuner",
        "en": "Show peer towns",
    },
    "show_country": {"fi": "Näytä koko maa", "sv": "Visa hela landet", "en": "Show whole country"},
    "trace_town": {"fi": "{town}", "sv": "{town}", "en": "{town}"},
    "trace_target": {"fi": "Tavoitetaso", "sv": "Målnivå", "en": "Target"},
    "trace_expected": {
        "fi": "Odotettu kehitys",
        "sv": "Förväntad utveckling",
        "en": "Expected path",
    },
    "trace_projection": {
        "fi": "Ennuste nykyvauhdilla",
        "sv": "Prognos i nuvarande takt",
        "en": "Projection at current pace",
    },
    "trace_baseline": {"fi": "Lähtötaso", "sv": "Utgångsläge", "en": "Baseline"},
    "trace_peer_median": {
        "fi": "Verrokkien mediaani",
        "sv": "Jämförelsekommunernas median",
        "en": "Peer median",
    },
    "trace_peer_band": {
        "fi": "Verrokkien vaihteluväli",
        "sv": "Jämförelsekommunernas spridning",
        "en": "Peer range",
    },
    "trace_country": {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"},
    "chart_summary": {
        "fi": "Kaavion tiivistelmä",
        "sv": "Sammanfattning av diagrammet",
        "en": "Chart summary",
    },
    "table_alternative": {"fi": "Taulukko", "sv": "Tabell", "en": "Table"},
    "download_png": {
        "fi": "Lataa kuva (PNG)",
        "sv": "Ladda ner bild (PNG)",
        "en": "Download image (PNG)",
    },
    "exports_title": {
        "fi": "Kokousaineistot",
        "sv": "Mötesmaterial",
        "en": "Meeting packs",
    },
    "export_format": {"fi": "Muoto", "sv": "Format", "en": "Format"},
    "export_lang": {
        "fi": "Aineiston kieli",
        "sv": "Materialets språk",
        "en": "Language of the pack",
    },
    "export_prepare": {
        "fi": "Valmistele aineisto",
        "sv": "Förbered materialet",
        "en": "Prepare the pack",
    },
    "export_download": {"fi": "Lataa {name}", "sv": "Ladda ner {name}", "en": "Download {name}"},
    "download_csv": {"fi": "Lataa CSV", "sv": "Ladda ner CSV", "en": "Download CSV"},
    "source_line": {
        "fi": "Lähde: {source}, {dataset}. Julkaistu {release}. Haettu {fetched}. Lisenssi: {license}.",
        "sv": "Källa: {source}, {dataset}. Publicerad {release}. Hämtad {fetched}. Licens: {license}.",
        "en": "Source: {source}, {dataset}. Released {release}. Fetched {fetched}. Licence: {license}.",
    },
    "next_value": {
        "fi": "Seuraava arvo odotettavissa noin {date}.",
        "sv": "Nästa värde väntas omkring {date}.",
        "en": "Next value expected around {date}.",
    },
    "no_update_before_review": {
        "fi": "Uutta arvoa ei ehdi tulla ennen seuraavaa arviointia ({date}).",
        "sv": "Inget nytt värde hinner komma före nästa utvärdering ({date}).",
        "en": "No new value can arrive before the next review ({date}).",
    },
    "no_series": {
        "fi": "Tälle mittarille ei ole aineistoa tietokannassa.",
        "sv": "Det finns inga data för denna mätare i databasen.",
        "en": "There is no data for this indicator in the database.",
    },
    "interpretation": {"fi": "Tulkinta", "sv": "Tolkning", "en": "Interpretation"},
    "unconfirmed_code": {
        "fi": "Lähteen koodi on vahvistamaton; lataaja tarkistaa sen rajapinnan metatiedoista.",
        "sv": "Källans kod är obekräftad; laddaren kontrollerar den i gränssnittets metadata.",
        "en": "The source code is unconfirmed; the loader checks it against the API metadata.",
    },
    # compare
    "compare_title": {
        "fi": "Vertailu: {indicator}",
        "sv": "Jämförelse: {indicator}",
        "en": "Comparison: {indicator}",
    },
    "compare_nothing": {
        "fi": "Tämän kunnan strategiassa ei ole tilastosarjoihin perustuvia mittareita vertailtavaksi.",
        "sv": "Kommunens strategi har inga mätare baserade på statistikserier att jämföra.",
        "en": "This town's strategy has no indicators based on statistical series to compare.",
    },
    "compare_scope": {"fi": "Vertailujoukko", "sv": "Jämförelsegrupp", "en": "Compare with"},
    "scope_peers": {"fi": "Verrokkikunnat", "sv": "Jämförelsekommuner", "en": "Peer towns"},
    "scope_all": {"fi": "Kaikki kunnat", "sv": "Alla kommuner", "en": "All municipalities"},
    "rank_sentence": {
        "fi": "{town} on sijalla {rank}/{n} ({year}); {pct} % kunnista on heikommalla tasolla.",
        "sv": "{town} är på plats {rank}/{n} ({year}); {pct} % av kommunerna ligger sämre till.",
        "en": "{town} ranks {rank}/{n} ({year}); {pct} % of municipalities are worse off.",
    },
    "choose_towns": {
        "fi": "Kunnat viivakaavioon",
        "sv": "Kommuner i linjediagrammet",
        "en": "Towns in the line chart",
    },
    "ranking_title": {"fi": "Järjestys {year}", "sv": "Rangordning {year}", "en": "Ranking {year}"},
    # data page
    "data_title": {
        "fi": "Tiedot ja päivitys",
        "sv": "Data och uppdatering",
        "en": "Data and refresh",
    },
    "freshness": {"fi": "Sarjojen tuoreus", "sv": "Seriernas aktualitet", "en": "Series freshness"},
    "load_log": {"fi": "Latausloki", "sv": "Laddningslogg", "en": "Load log"},
    "last_errors": {"fi": "Viimeisimmät virheet", "sv": "Senaste fel", "en": "Latest errors"},
    "no_errors": {"fi": "Ei virheitä.", "sv": "Inga fel.", "en": "No errors."},
    "manual_title": {
        "fi": "Käsin syötettävät arvot",
        "sv": "Manuellt inmatade värden",
        "en": "Manually entered values",
    },
    "manual_help": {
        "fi": "CSV- tai XLSX-tiedosto, sarakkeet: town, indicator, period, value, source_note (esim. heinola; suosittelu_tyopaikkana; 2025; 82,5; henkilöstökysely).",
        "sv": "CSV- eller XLSX-fil med kolumnerna town, indicator, period, value, source_note (t.ex. heinola; suosittelu_tyopaikkana; 2025; 82,5; personalenkät).",
        "en": "A CSV or XLSX file with the columns town, indicator, period, value, source_note (e.g. heinola; suosittelu_tyopaikkana; 2025; 82.5; staff survey).",
    },
    "manual_editors_only": {
        "fi": "Arvoja voi syöttää vain kirjautunut muokkaaja (Toimenpiteet- tai Arviointi-sivulla).",
        "sv": "Endast en inloggad redaktör kan mata in värden (på sidan Åtgärder eller Utvärdering).",
        "en": "Only a signed-in editor can enter values (sign in on the Actions or Review page).",
    },
    "manual_upload": {"fi": "Valitse tiedosto", "sv": "Välj fil", "en": "Choose a file"},
    "manual_import": {"fi": "Tuo arvot", "sv": "Importera värdena", "en": "Import the values"},
    "manual_rejected": {
        "fi": "Tiedostoa ei tuotu: korjaa alla luetellut kohdat. Tietokantaan ei kirjoitettu mitään.",
        "sv": "Filen importerades inte: rätta punkterna nedan. Inget skrevs i databasen.",
        "en": "The file was not imported: fix the points listed below. Nothing was written.",
    },
    "manual_done": {
        "fi": "Arvot tuotiin.",
        "sv": "Värdena importerades.",
        "en": "The values were imported.",
    },
    "data_col_indicator": {"fi": "Mittari (tunnus)", "sv": "Mätare (id)", "en": "Indicator (id)"},
    "data_col_source": {"fi": "Lähde", "sv": "Källa", "en": "Source"},
    "data_col_status": {"fi": "Viimeisin tila", "sv": "Senaste status", "en": "Last status"},
    "data_col_fetched": {"fi": "Haettu", "sv": "Hämtad", "en": "Fetched"},
    "data_col_release": {"fi": "Julkaistu", "sv": "Publicerad", "en": "Released"},
    "data_col_period": {"fi": "Viimeisin ajankohta", "sv": "Senaste period", "en": "Latest period"},
    "data_col_rows": {"fi": "Rivejä", "sv": "Rader", "en": "Rows"},
    "data_col_error": {"fi": "Virhe", "sv": "Fel", "en": "Error"},
    "data_col_run": {"fi": "Ajo", "sv": "Körning", "en": "Run"},
    "data_col_kind": {"fi": "Laji", "sv": "Typ", "en": "Kind"},
    "data_col_started": {"fi": "Alkoi", "sv": "Började", "en": "Started"},
    "data_col_ok": {"fi": "Onnistui", "sv": "Lyckades", "en": "Succeeded"},
    "data_col_failed": {"fi": "Epäonnistui", "sv": "Misslyckades", "en": "Failed"},
    "data_col_new": {"fi": "Uusia arvoja", "sv": "Nya värden", "en": "New values"},
    "data_col_revised": {
        "fi": "Korjattuja arvoja",
        "sv": "Reviderade värden",
        "en": "Revised values",
    },
    "data_col_message": {"fi": "Viesti", "sv": "Meddelande", "en": "Message"},
    "refresh_button": {
        "fi": "Päivitä tiedot nyt",
        "sv": "Uppdatera data nu",
        "en": "Refresh data now",
    },
    "refresh_running": {
        "fi": "Päivitetään: {done}/{total} {item}",
        "sv": "Uppdaterar: {done}/{total} {item}",
        "en": "Refreshing: {done}/{total} {item}",
    },
    "refresh_done": {
        "fi": "Päivitys valmis: {ok} onnistui, {failed} epäonnistui.",
        "sv": "Uppdateringen klar: {ok} lyckades, {failed} misslyckades.",
        "en": "Refresh finished: {ok} succeeded, {failed} failed.",
    },
    "refresh_busy": {
        "fi": "Toinen päivitys on jo käynnissä.",
        "sv": "En annan uppdatering pågår redan.",
        "en": "Another refresh is already running.",
    },
    "refresh_editor_only": {
        "fi": "Päivityksen voi käynnistää vain muokkaaja.",
        "sv": "Endast redaktörer kan starta uppdateringen.",
        "en": "Only editors can start a refresh.",
    },
    # actions page (toimenpiteet)
    "actions_title": {
        "fi": "{town}: toimenpiteet",
        "sv": "{town}: åtgärder",
        "en": "{town}: actions",
    },
    "filter_all": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
    "action_not_started": {"fi": "Ei aloitettu", "sv": "Inte påbörjad", "en": "Not started"},
    "action_in_progress": {"fi": "Käynnissä", "sv": "Pågår", "en": "In progress"},
    "action_done": {"fi": "Valmis", "sv": "Klar", "en": "Done"},
    "action_late": {"fi": "Myöhässä", "sv": "Försenad", "en": "Late"},
    "col_action": {"fi": "Toimenpide", "sv": "Åtgärd", "en": "Action"},
    "col_schedule": {"fi": "Aikataulu", "sv": "Tidtabell", "en": "Schedule"},
    "col_changed": {"fi": "Muutettu", "sv": "Ändrad", "en": "Changed"},
    "actions_count": {
        "fi": "Näytetään {shown}/{total} toimenpidettä.",
        "sv": "Visar {shown}/{total} åtgärder.",
        "en": "Showing {shown}/{total} actions.",
    },
    "late_rule": {
        "fi": "Myöhässä = ei valmis, vaikka aikataulun viimeinen vuosi on jo päättynyt.",
        "sv": "Försenad = inte klar, fast tidtabellens sista år redan har gått ut.",
        "en": "Late = not done although the last year of its schedule has ended.",
    },
    "no_actions": {
        "fi": "Strategiassa ei ole toimenpiteitä.",
        "sv": "Strategin har inga åtgärder.",
        "en": "The strategy has no actions.",
    },
    "no_actions_match": {
        "fi": "Mikään toimenpide ei vastaa valintoja.",
        "sv": "Ingen åtgärd motsvarar urvalet.",
        "en": "No action matches the filters.",
    },
    "edit_action_status": {
        "fi": "Muuta toimenpiteen tilaa",
        "sv": "Ändra åtgärdens status",
        "en": "Change an action's status",
    },
    "new_status": {"fi": "Uusi tila", "sv": "Ny status", "en": "New status"},
    "save": {"fi": "Tallenna", "sv": "Spara", "en": "Save"},
    "action_status_saved": {
        "fi": "Tila tallennettu: {action} → {status}.",
        "sv": "Status sparad: {action} → {status}.",
        "en": "Status saved: {action} → {status}.",
    },
    # editors and sign-in
    "login_title": {
        "fi": "Muokkaajan kirjautuminen",
        "sv": "Inloggning för redaktörer",
        "en": "Editor sign-in",
    },
    "login_name": {
        "fi": "Nimesi (tallentuu muutoslokiin)",
        "sv": "Ditt namn (sparas i ändringsloggen)",
        "en": "Your name (recorded in the change log)",
    },
    "login_password": {"fi": "Salasana", "sv": "Lösenord", "en": "Password"},
    "login_button": {"fi": "Kirjaudu", "sv": "Logga in", "en": "Sign in"},
    "login_failed": {
        "fi": "Kirjautuminen epäonnistui: tarkista nimi ja salasana.",
        "sv": "Inloggningen misslyckades: kontrollera namn och lösenord.",
        "en": "Sign-in failed: check the name and the password.",
    },
    "logged_in_as": {"fi": "Muokkaaja: {name}", "sv": "Redaktör: {name}", "en": "Editor: {name}"},
    "logout_button": {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Sign out"},
    "oidc_unavailable": {
        "fi": "Kirjautuminen ei ole käytettävissä (asennuksesta puuttuu Authlib tai asetus).",
        "sv": "Inloggning är inte tillgänglig (Authlib eller en inställning saknas i installationen).",
        "en": "Sign-in is not available (the install lacks Authlib or a setting).",
    },
    "oidc_not_editor": {
        "fi": "{name} ei ole muokkaajien luettelossa: vain luku.",
        "sv": "{name} finns inte i redaktörslistan: endast läsning.",
        "en": "{name} is not on the list of editors: read-only.",
    },
    "edit_not_allowed": {
        "fi": "Muokkaus vaatii kirjautuneen muokkaajan. Mitään ei tallennettu.",
        "sv": "Redigering kräver en inloggad redaktör. Inget sparades.",
        "en": "Editing needs a signed-in editor. Nothing was saved.",
    },
    "edit_invalid": {
        "fi": "Muutosta ei tallennettu: {reason}",
        "sv": "Ändringen sparades inte: {reason}",
        "en": "The change was not saved: {reason}",
    },
    "edit_failed": {
        "fi": "Tallennus epäonnistui, mitään ei tallennettu. Yritä hetken päästä uudelleen.",
        "sv": "Sparandet misslyckades, inget sparades. Försök igen om en stund.",
        "en": "Saving failed and nothing was saved. Try again in a moment.",
    },
    "note_empty": {
        "fi": "selitys on tyhjä.",
        "sv": "förklaringen är tom.",
        "en": "the note is empty.",
    },
    "label_missing": {
        "fi": "anna tilannekuvalle nimi.",
        "sv": "ge lägesbilden ett namn.",
        "en": "give the snapshot a label.",
    },
    # review page (arviointi)
    "review_title": {
        "fi": "{town}: arviointi ja kokoukset",
        "sv": "{town}: utvärdering och möten",
        "en": "{town}: reviews and meetings",
    },
    "snapshots": {"fi": "Tilannekuvat", "sv": "Lägesbilder", "en": "Snapshots"},
    "no_snapshots": {
        "fi": "Tilannekuvia ei ole vielä otettu.",
        "sv": "Inga lägesbilder har tagits ännu.",
        "en": "No snapshots have been taken yet.",
    },
    "col_date": {"fi": "Päivä", "sv": "Datum", "en": "Date"},
    "col_label": {"fi": "Nimi", "sv": "Namn", "en": "Label"},
    "col_kind": {"fi": "Tyyppi", "sv": "Typ", "en": "Kind"},
    "col_taken_by": {"fi": "Tallentaja", "sv": "Sparad av", "en": "Taken by"},
    "col_load_run": {"fi": "Latausajo", "sv": "Laddning", "en": "Load run"},
    "col_before": {"fi": "Ennen", "sv": "Före", "en": "Before"},
    "col_after": {"fi": "Jälkeen", "sv": "Efter", "en": "After"},
    "col_note": {"fi": "Selitys", "sv": "Förklaring", "en": "Note"},
    "col_author": {"fi": "Kirjoittaja", "sv": "Skribent", "en": "Author"},
    "col_written": {"fi": "Kirjoitettu", "sv": "Skriven", "en": "Written"},
    "col_review_period": {
        "fi": "Arviointijakso",
        "sv": "Utvärderingsperiod",
        "en": "Review period",
    },
    "kind_adoption": {
        "fi": "Hyväksyminen (lähtötaso)",
        "sv": "Antagande (utgångsläge)",
        "en": "Adoption (baseline)",
    },
    "kind_meeting": {"fi": "Kokous", "sv": "Möte", "en": "Meeting"},
    "kind_mid_term": {"fi": "Väliarviointi", "sv": "Halvtidsutvärdering", "en": "Mid-term review"},
    "kind_end": {"fi": "Kauden loppu", "sv": "Periodens slut", "en": "End of term"},
    "kind_other": {"fi": "Muu", "sv": "Annan", "en": "Other"},
    "take_snapshot": {"fi": "Ota tilannekuva", "sv": "Ta en lägesbild", "en": "Take a snapshot"},
    "snapshot_label": {
        "fi": "Nimi (esim. Kaupunginhallitus 12.3.2025)",
        "sv": "Namn (t.ex. Stadsstyrelsen 12.3.2025)",
        "en": "Label (e.g. City board 12.3.2025)",
    },
    "snapshot_saved": {
        "fi": "Tilannekuva tallennettu: {rows} mittaria, {actions} toimenpidettä.",
        "sv": "Lägesbilden sparad: {rows} mätare, {actions} åtgärder.",
        "en": "Snapshot saved: {rows} indicators, {actions} actions.",
    },
    "changed_since_meeting": {
        "fi": "Mitä muuttui edellisestä kokouksesta",
        "sv": "Vad har ändrats sedan förra mötet",
        "en": "What changed since the last meeting",
    },
    "changed_since_caption": {
        "fi": "Tilannekuva {label} ({date}) verrattuna nykytilanteeseen.",
        "sv": "Lägesbilden {label} ({date}) jämförd med läget nu.",
        "en": "Snapshot {label} ({date}) compared with the current state.",
    },
    "no_previous_snapshot": {
        "fi": "Edellistä tilannekuvaa ei ole: ota tilannekuva kokouksessa, niin seuraavalla kerralla näet muutokset.",
        "sv": "Det finns ingen tidigare lägesbild: ta en lägesbild vid mötet, så ser du ändringarna nästa gång.",
        "en": "There is no earlier snapshot: take one at the meeting and the changes show next time.",
    },
    "compare_snapshots": {
        "fi": "Vertaa kahta tilannekuvaa",
        "sv": "Jämför två lägesbilder",
        "en": "Compare two snapshots",
    },
    "snapshot_old": {"fi": "Aiempi", "sv": "Tidigare", "en": "Earlier"},
    "snapshot_new": {"fi": "Myöhempi", "sv": "Senare", "en": "Later"},
    "current_state": {"fi": "Nykytilanne", "sv": "Läget nu", "en": "Current state"},
    "unknown_snapshot": {
        "fi": "Tilannekuvaa {id} ei löydy: näytetään viimeisin.",
        "sv": "Lägesbilden {id} finns inte: den senaste visas.",
        "en": "Snapshot {id} does not exist: showing the latest.",
    },
    "diff_status_changes": {
        "fi": "Tilan muutokset",
        "sv": "Statusändringar",
        "en": "Status changes",
    },
    "diff_new_points": {
        "fi": "Uudet havainnot",
        "sv": "Nya observationer",
        "en": "New data points",
    },
    "diff_revised": {
        "fi": "Lähteen jälkikäteen korjaamat arvot",
        "sv": "Värden som källan har reviderat",
        "en": "Values revised by the source",
    },
    "diff_actions_completed": {
        "fi": "Valmistuneet toimenpiteet",
        "sv": "Slutförda åtgärder",
        "en": "Actions completed",
    },
    "diff_nothing": {"fi": "Ei muutoksia.", "sv": "Inga ändringar.", "en": "No changes."},
    # commentary (selitykset)
    "commentary": {"fi": "Selitykset", "sv": "Förklaringar", "en": "Commentary"},
    "notes_missing_list": {
        "fi": "Selitys puuttuu arviointijaksolta {period}:",
        "sv": "Förklaring saknas för utvärderingsperioden {period}:",
        "en": "Explanation missing for the review period {period}:",
    },
    "notes_missing_none": {
        "fi": "Kaikilla väärään suuntaan tai liian hitaasti etenevillä mittareilla on selitys jaksolle {period}.",
        "sv": "Alla mätare som går åt fel håll eller för långsamt har en förklaring för perioden {period}.",
        "en": "Every indicator that is off track or too slow has a note for the period {period}.",
    },
    "note_history": {
        "fi": "Selitysten historia",
        "sv": "Förklaringarnas historik",
        "en": "History of notes",
    },
    "no_notes": {
        "fi": "Tälle mittarille ei ole kirjoitettu selityksiä.",
        "sv": "Inga förklaringar har skrivits för denna mätare.",
        "en": "No notes have been written for this indicator.",
    },
    "add_note": {"fi": "Lisää selitys", "sv": "Lägg till förklaring", "en": "Add a note"},
    "note_text": {
        "fi": "Mitä tapahtui ja mitä teemme",
        "sv": "Vad hände och vad gör vi",
        "en": "What happened and what we do",
    },
    "note_saved": {"fi": "Selitys tallennettu.", "sv": "Förklaringen sparad.", "en": "Note saved."},
    # target provenance
    "target_provenance": {
        "fi": "Tavoitteen päätös",
        "sv": "Beslut om målet",
        "en": "Decision on the target",
    },
    "provenance_line": {
        "fi": "Päättäjä: {body}, {date}",
        "sv": "Beslutat av: {body}, {date}",
        "en": "Decided by: {body}, {date}",
    },
    "provenance_missing": {
        "fi": "Konfiguraatiossa ei ole tietoa siitä, mikä toimielin tavoitteen päätti.",
        "sv": "Konfigurationen anger inte vilket organ som beslutade om målet.",
        "en": "The configuration does not say which body decided the target.",
    },
    "target_history": {
        "fi": "Tavoitteen muutokset",
        "sv": "Ändringar av målet",
        "en": "Changes of the target",
    },
    "target_history_line": {
        "fi": "{date}: aiempi tavoite oli {previous}",
        "sv": "{date}: det tidigare målet var {previous}",
        "en": "{date}: the earlier target was {previous}",
    },
    "no_target_history": {
        "fi": "Tavoitetta ei ole muutettu hyväksymisen jälkeen.",
        "sv": "Målet har inte ändrats efter antagandet.",
        "en": "The target has not been changed since adoption.",
    },
    "date_unknown": {"fi": "päivä ei tiedossa", "sv": "datum okänt", "en": "date unknown"},
    # reports (PPTX / PDF / XLSX / PNG exports, `python -m reports`)
    "report_deck_subtitle": {
        "fi": "Strategian tilannekuva {date}",
        "sv": "Strategins lägesbild {date}",
        "en": "Strategy status {date}",
    },
    "report_pdf_title": {
        "fi": "Strategian arviointiraportti",
        "sv": "Utvärderingsrapport för strategin",
        "en": "Strategy review report",
    },
    "report_prepared": {"fi": "Laadittu {date}", "sv": "Upprättad {date}", "en": "Prepared {date}"},
    "report_data_fetched": {
        "fi": "Tilastot haettu viimeksi {date}",
        "sv": "Statistiken hämtades senast {date}",
        "en": "Statistics last fetched {date}",
    },
    "report_summary_title": {
        "fi": "Tilanne tavoitteittain",
        "sv": "Läget per mål",
        "en": "Status by goal",
    },
    "report_continued": {"fi": "(jatkuu)", "sv": "(forts.)", "en": "(cont.)"},
    "report_demo_mark": {
        "fi": "DEMOAINEISTO – ei virallisia tilastoja",
        "sv": "DEMODATA – inte officiell statistik",
        "en": "DEMO DATA – not official statistics",
    },
    "report_col_count": {"fi": "Mittareita", "sv": "Mätare", "en": "Indicators"},
    "report_total": {"fi": "Yhteensä", "sv": "Totalt", "en": "Total"},
    "report_attention_title": {
        "fi": "Huomiota vaativat mittarit",
        "sv": "Mätare som kräver uppmärksamhet",
        "en": "Indicators that need attention",
    },
    "report_attention_none": {
        "fi": "Yksikään mittari ei ole väärään suuntaan eikä muuttanut tilaansa.",
        "sv": "Ingen mätare går i fel riktning eller har ändrat status.",
        "en": "No indicator is off track or has changed status.",
    },
    "report_status_changed": {
        "fi": "Tila muuttunut: {old} → {new} (vertailukohta {snapshot})",
        "sv": "Status ändrad: {old} → {new} (jämfört med {snapshot})",
        "en": "Status changed: {old} → {new} (compared with {snapshot})",
    },
    "report_note_line": {
        "fi": "Selitys {period} ({author}): {text}",
        "sv": "Förklaring {period} ({author}): {text}",
        "en": "Note {period} ({author}): {text}",
    },
    "report_no_note": {"fi": "Ei selitystä.", "sv": "Ingen förklaring.", "en": "No note."},
    "report_no_chart": {
        "fi": "Ei kuvaajaa: mittarille ei ole vielä arvoja.",
        "sv": "Inget diagram: mätaren har ännu inga värden.",
        "en": "No chart: the indicator has no values yet.",
    },
    "report_page": {
        "fi": "Sivu {page}/{pages}",
        "sv": "Sida {page}/{pages}",
        "en": "Page {page}/{pages}",
    },
    "report_col_subgoal": {"fi": "Painopiste", "sv": "Delmål", "en": "Sub-goal"},
    "report_col_unit": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"},
    "report_col_explanation": {"fi": "Perustelu", "sv": "Motivering", "en": "Explanation"},
    "report_col_now": {"fi": "Nyt", "sv": "Nu", "en": "Now"},
    "report_col_fetched": {"fi": "Haettu", "sv": "Hämtad", "en": "Fetched"},
    "report_col_released": {"fi": "Julkaistu", "sv": "Publicerad", "en": "Released"},
    "report_col_license": {"fi": "Lisenssi", "sv": "Licens", "en": "Licence"},
    "report_col_dataset": {"fi": "Taulukko", "sv": "Tabell", "en": "Table"},
    "report_kind_statistics": {"fi": "tilasto", "sv": "statistik", "en": "statistics"},
    "report_no_actions": {"fi": "Ei toimenpiteitä.", "sv": "Inga åtgärder.", "en": "No actions."},
    "report_changes_title": {"fi": "Mitä muuttui", "sv": "Vad har ändrats", "en": "What changed"},
    "report_changes_since": {
        "fi": "Vertailukohta: {label} ({date})",
        "sv": "Jämförelsepunkt: {label} ({date})",
        "en": "Compared with: {label} ({date})",
    },
    "report_changes_status": {
        "fi": "Tilan muutokset",
        "sv": "Statusändringar",
        "en": "Status changes",
    },
    "report_changes_points": {
        "fi": "Uudet tilastoarvot",
        "sv": "Nya statistikvärden",
        "en": "New data points",
    },
    "report_changes_revised": {
        "fi": "Korjatut arvot",
        "sv": "Reviderade värden",
        "en": "Revised values",
    },
    "report_changes_actions": {
        "fi": "Valmistuneet toimenpiteet",
        "sv": "Slutförda åtgärder",
        "en": "Actions completed",
    },
    "report_changes_none": {"fi": "Ei muutoksia.", "sv": "Inga ändringar.", "en": "No changes."},
    "report_sheet_scorecard": {"fi": "Mittarit", "sv": "Mätare", "en": "Indicators"},
    "report_sheet_data": {"fi": "Aineisto", "sv": "Data", "en": "Data"},
    "report_sheet_sources": {"fi": "Lähteet", "sv": "Källor", "en": "Sources"},
    "report_sheet_changes": {"fi": "Muutokset", "sv": "Ändringar", "en": "Changes"},
    "report_step_data": {"fi": "Luetaan tiedot", "sv": "Läser data", "en": "Reading data"},
    "report_step_chart": {"fi": "Kuvaaja: {name}", "sv": "Diagram: {name}", "en": "Chart: {name}"},
    "report_step_write": {
        "fi": "Kirjoitetaan tiedosto",
        "sv": "Skriver filen",
        "en": "Writing the file",
    },
    "report_written": {
        "fi": "Valmis: {path} ({size} kt, {seconds} s)",
        "sv": "Klar: {path} ({size} kB, {seconds} s)",
        "en": "Done: {path} ({size} kB, {seconds} s)",
    },
    "report_unknown_town": {
        "fi": "Tuntematon kunta {town}. Vaihtoehdot: {choices}.",
        "sv": "Okänd kommun {town}. Alternativ: {choices}.",
        "en": "Unknown town {town}. Choices: {choices}.",
    },
    "report_unknown_mittari": {
        "fi": "Kunnan {town} strategiassa ei ole mittaria {mittari}.",
        "sv": "Strategin för {town} har ingen mätare {mittari}.",
        "en": "The strategy of {town} has no indicator {mittari}.",
    },
    "report_unknown_snapshot": {
        "fi": "Tilannekuvaa {snapshot} ei löydy kunnalle {town}.",
        "sv": "Lägesbilden {snapshot} finns inte för {town}.",
        "en": "Snapshot {snapshot} was not found for {town}.",
    },
    "report_empty_strategy": {
        "fi": "Kunnan {town} strategiassa ei ole mittareita eikä toimenpiteitä: raporttia ei laadittu.",
        "sv": "Strategin för {town} har varken mätare eller åtgärder: ingen rapport skapades.",
        "en": "The strategy of {town} has neither indicators nor actions: no report was made.",
    },
    "report_no_database": {
        "fi": "Tilastotietokantaa ei löydy ({path}). Aja ensin python -m loaders refresh (tai demo).",
        "sv": "Statistikdatabasen saknas ({path}). Kör först python -m loaders refresh (eller demo).",
        "en": "The statistics database is missing ({path}). Run python -m loaders refresh (or demo) first.",
    },
    "report_no_data": {
        "fi": "Tietokannassa ei ole arvoja yhdellekään kunnan {town} tilastomittarille. Aja python -m loaders refresh.",
        "sv": "Databasen har inga värden för någon av statistikmätarna för {town}. Kör python -m loaders refresh.",
        "en": "The database has no values for any statistical indicator of {town}. Run python -m loaders refresh.",
    },
    "report_bad_output": {
        "fi": "Tiedostoa ei voi kirjoittaa: {reason}",
        "sv": "Filen kan inte skrivas: {reason}",
        "en": "The file cannot be written: {reason}",
    },
    "report_bad_config": {
        "fi": "Konfiguraatio on virheellinen: {reason}",
        "sv": "Konfigurationen är ogiltig: {reason}",
        "en": "The configuration is invalid: {reason}",
    },
    "report_failed": {
        "fi": "Raportin laatiminen epäonnistui: {reason}",
        "sv": "Rapporten kunde inte skapas: {reason}",
        "en": "The report could not be made: {reason}",
    },
}

STATUS_KEYS = (
    "achieved",
    "on_track",
    "too_slow",
    "off_track",
    "no_clear_change",
    "not_assessable",
    "no_data",
)


def t(key: str, lang: str = "fi", **fields: object) -> str:
    """The text `key` in `lang` (falls back to Finnish), with `{fields}` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["fi"]
    return text.format(**fields) if fields else text


def normalize_lang(value: str | None) -> str:
    return value if value in LANGS else "fi"
