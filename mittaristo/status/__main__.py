"""`python -m mittaristo.status judge CASES.json [--lang fi|sv|en]` (see mittaristo.status.judge).

Exit codes: 0 every case judged; 2 bad input (nothing judged, every problem listed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mittaristo.status.judge import LANGS, CaseError, judge_case, load_cases, parse_case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mittaristo.status")
    commands = parser.add_subparsers(dest="command", required=True)
    judge = commands.add_parser("judge", help="judge a JSON file of cases, print JSON lines")
    judge.add_argument("cases", help="the case file (JSON list), or - for standard input")
    judge.add_argument("--lang", choices=LANGS, default="fi", help="language of the sentences")
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.cases == "-" else Path(args.cases).read_text("utf-8")
        cases = load_cases(text, args.cases)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = _problems(cases)
    if problems:
        for problem in problems:
            print(f"error: {args.cases}: {problem}", file=sys.stderr)
        print(f"{len(problems)} bad case(s); nothing judged.", file=sys.stderr)
        return 2
    for case in cases:
        print(json.dumps(judge_case(case, args.lang), ensure_ascii=False, allow_nan=False))
    return 0


def _problems(cases: list) -> list[str]:
    """Every case checked before any is judged; duplicate ids are a problem too."""
    problems: list[str] = []
    seen: set[str] = set()
    for index, case in enumerate(cases):
        try:
            parse_case(case)
        except CaseError as exc:
            problems.append(f"#{index + 1}: {exc}")
            continue
        if str(case["id"]) in seen:
            problems.append(f"#{index + 1}: case {str(case['id'])!r}: field 'id': duplicate id")
        seen.add(str(case["id"]))
    return problems


if __name__ == "__main__":
    sys.exit(main())
