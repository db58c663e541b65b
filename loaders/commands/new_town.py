"""`python -m loaders new-town KU091 [--period 2026-2029] [--peers KU049,…] [--yes]`.

Writes strategies/<slug>.yaml for any current municipality: names fi/sv/en from the
reference list, the strategy period and review dates from the council term (asked on a
terminal, defaulted with --yes or when there is no terminal, so cron and tests can run it),
peers suggested by the similarity measure (mittaristo.similarity), and the starter mittarit.
The file is checked exactly as `validate` checks it before it is written; an existing file is
never replaced without --force. Exit 0 written, 1 refused (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

from loaders.commands._shared import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_config_argument,
    add_db_argument,
    command_settings,
    error,
    load_valid_config,
)
from mittaristo import newtown, reference
from mittaristo.config.load import ConfigValidationError
from mittaristo.config.project import municipality_names
from mittaristo.config.write import (
    FileExists,
    check_strategy_text,
    dump_strategy,
    write_text_atomically,
)
from mittaristo.formatting import format_date, format_number
from mittaristo.i18n import LANGS, t

DEFAULT_PEERS = 6


OPTIONS: tuple[tuple[tuple[str, ...], dict], ...] = (
    (("municipality",), {"help": "code (KU091, 091) or name (Helsinki) of a current municipality"}),
    (("--slug",), {"help": "town id for links and the file name (default: from the name)"}),
    (("--period",), {"metavar": "START-END", "help": "strategy period, e.g. 2026-2029 (default: from the council term)"}),
    (("--adoption",), {"metavar": "DATE", "help": "adoption date YYYY-MM-DD (default: today)"}),
    (("--mid-term",), {"metavar": "DATE", "help": "mid-term review date, or 'none' (default: halfway through the term)"}),
    (("--end-review",), {"metavar": "DATE", "help": "end review date (default: 31.12. of the period's last year)"}),
    (("--peers",), {"metavar": "CODES", "help": "peer codes, comma-separated (default: the most similar municipalities)"}),
    (("--peer-count",), {"type": int, "default": DEFAULT_PEERS, "help": f"how many peers to suggest (default {DEFAULT_PEERS})"}),
    (("--yes", "-y"), {"action": "store_true", "help": "accept every default without asking"}),
    (("--force",), {"action": "store_true", "help": "replace an existing strategies/<slug>.yaml"}),
    (("--lang",), {"choices": LANGS, "default": "fi", "help": "language of the messages (default fi)"}),
)  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for flags, options in OPTIONS:
        parser.add_argument(*flags, **options)
    add_db_argument(parser)
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    code, hint = newtown.resolve_municipality(args.municipality, lang)
    if code is None:
        error(hint)
        return EXIT_FAILED
    settings = command_settings(args)
    config = load_valid_config(settings)
    if config is None:
        return EXIT_FAILED
    area = reference.municipalities()[code]
    slug = args.slug or newtown.town_slug(area.name_fi)
    path = settings.config_dir / "strategies" / f"{slug}.yaml"
    if path.exists() and not args.force:
        error(t("towns.exists", lang, path=path))
        return EXIT_FAILED
    ask = _asker(args)
    try:
        plan = _plan(args, code, config, settings.db, ask, lang)
    except ValueError as exc:
        error(t("towns.bad_answer", lang, reason=exc))
        return EXIT_USAGE
    return _write(args, path, slug, code, area, plan, config, settings)


def _write(args, path, slug, code, area, plan, config, settings) -> int:
    """The file, checked as `validate` checks it, then written (or nothing, with the reason)."""
    lang = args.lang
    names = {"fi": area.name_fi, "sv": area.name_sv, "en": area.name_en}
    data = newtown.starter_strategy(
        code=code, slug=slug, names=names, period=plan["period"], reviews=plan["reviews"],
        peers=plan["peers"], catalog=config.catalog.by_id(),
    )  # fmt: skip
    text = dump_strategy(data, _header(plan, names, lang))
    try:
        check_strategy_text(settings.config_dir, slug, text, municipality_names())
        write_text_atomically(path, text, force=args.force)
    except ConfigValidationError as exc:
        error(t("towns.invalid", lang))
        for issue in exc.issues:
            error(f"  {issue}")
        return EXIT_FAILED
    except FileExists:
        error(t("towns.exists", lang, path=path))
        return EXIT_FAILED
    _report(path, slug, code, names, plan, lang)
    return EXIT_OK


# --------------------------------------------------------------------------- the choices


def _asker(args: argparse.Namespace) -> Callable[[str, str], str]:
    """Ask on a terminal; otherwise (cron, tests, --yes) every question takes its default.
    A question is a text key; its `{default}` shows the default."""
    if args.yes or not sys.stdin.isatty():
        return lambda _key, default: default

    def ask(key: str, default: str) -> str:
        answer = input(t(key, args.lang, default=default)).strip()
        return answer or default

    return ask


def _plan(args, code, config, db, ask, lang) -> dict:
    # pandas only when a town is made: building the CLI parser (and `validate`) stays light
    from mittaristo.keyfigures import load_key_figures
    from mittaristo.similarity import suggest_peers

    today = dt.date.today()
    term = newtown.council_term(today)
    start, end = newtown.default_period(term)
    period = _parse_period(args.period or ask("towns.ask_period", f"{start}-{end}"))
    reviews = newtown.default_reviews(period, term, today)
    reviews = {
        "adoption": _date(args.adoption or ask("towns.ask_adoption", str(reviews["adoption"]))),
        "mid_term": _optional_date(args.mid_term or ask("towns.ask_mid", str(reviews.get("mid_term", "none")))),
        "end": _date(args.end_review or ask("towns.ask_end", str(reviews["end"]))),
    }  # fmt: skip
    if reviews["mid_term"] is None:
        del reviews["mid_term"]
    figures = load_key_figures(db, config.catalog.by_id(), today)
    ranking = figures.rank(code)
    suggested = suggest_peers(ranking, args.peer_count)
    peers_text = args.peers or ask("towns.ask_peers", ",".join(suggested))
    peers = [p.strip().upper() for p in peers_text.replace(";", ",").split(",") if p.strip()]
    distance = dict(zip(ranking["region"], ranking["distance"], strict=True))
    return {"term": term, "period": period, "reviews": reviews, "peers": peers,
            "suggested": suggested, "distance": distance, "figures": figures}  # fmt: skip


def _parse_period(text: str) -> tuple[int, int]:
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"period '{text}': write START-END, e.g. 2026-2029")
    start, end = int(parts[0]), int(parts[1])
    if not 1990 <= start <= end <= 2100:
        raise ValueError(f"period '{text}': the years must be in order, 1990–2100")
    return start, end


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date YYYY-MM-DD") from None


def _optional_date(text: str) -> dt.date | None:
    return None if text.strip().lower() in ("", "none", "-", "ei") else _date(text)


# --------------------------------------------------------------------------- output


def _header(plan: dict, names: dict[str, str], lang: str) -> str:
    from mittaristo.keyfigures import describe_basis

    term = plan["term"]
    return t(
        "towns.header", lang, town=names["fi"], date=dt.date.today().isoformat(),
        term=f"{term.start.year}–{term.end.year}", basis=describe_basis(plan["figures"].used, lang),
        suggested=", ".join(plan["suggested"]) or "–",
    )  # fmt: skip


def _report(path, slug, code, names, plan, lang) -> None:
    from mittaristo.keyfigures import describe_basis

    start, end = plan["period"]
    print(t("towns.written", lang, path=path, town=names[lang], code=code, period=f"{start}–{end}"))
    print(t("towns.peers_line", lang, basis=describe_basis(plan["figures"].used, lang)))
    for i, peer in enumerate(plan["peers"], start=1):
        shown = format_number(plan["distance"].get(peer), 2, lang)
        print(
            t(
                "towns.peer_item",
                lang,
                rank=i,
                name=reference.area_name(peer, lang),
                code=peer,
                distance=shown,
            )
        )
    r = plan["reviews"]
    term = plan["term"]
    print(t("towns.defaults", lang, adoption=format_date(r["adoption"], lang),
            mid=format_date(r.get("mid_term"), lang), end=format_date(r["end"], lang),
            term=f"{format_date(term.start, lang)}–{format_date(term.end, lang)}"))  # fmt: skip
    print(t("towns.next", lang, slug=slug))
