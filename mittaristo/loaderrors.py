"""Why a series failed to load, as a stable code with parameters, read in the reader's language.

The loaders describe a failure for the log and the CLI in English (`SeriesOutcome.error`) and,
where they know its class, give it a code and parameters (`SeriesOutcome.error_code`,
`error_params`): the service answered with an error, the table is gone, the content code is
missing, the answer could not be parsed. The store keeps both in the load log's `error` text
(`stored`): a marked head `@@code{"param": "value"}@@` followed by the English sentence. The
dashboard turns it into a sentence of the text catalog (`describe`: `loaderror.<code>`), the CLI
shows the English part (`english`). A text without a head (older databases, a failure without a
class) reads as the catalog's generic sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mittaristo.i18n import t

HTTP_FAILED = "http_failed"  # the service answered with an error status
NO_ANSWER = "no_answer"  # timeout, refused connection, the host not answering
TABLE_GONE = "table_gone"  # a 4xx for the table or file: it is not there any more
CODE_MISSING = "code_missing"  # the table is there, the configured code is not
PARSE_ERROR = "parse_error"  # the answer was not of the shape the loader reads
EMPTY_RESULT = "empty_result"  # the answer had no values for the code
NO_INPUT = "no_input"  # a derived series without the series it is computed from
FAILED = "failed"  # any other failure (the English detail is in the log)

# code -> the parameters its sentence takes (the catalogs' placeholders)
PARAMS: dict[str, tuple[str, ...]] = {
    HTTP_FAILED: ("where", "status"),
    NO_ANSWER: ("where",),
    TABLE_GONE: ("where", "status"),
    CODE_MISSING: ("where", "code"),
    PARSE_ERROR: ("where",),
    EMPTY_RESULT: ("where", "code"),
    NO_INPUT: ("inputs",),
    FAILED: (),
}
_HEAD = re.compile(r"^@@([a-z_]+)(\{.*?\})@@ ?", re.DOTALL)


@dataclass(frozen=True)
class LoadProblem:
    """A failure's class and the words its sentence needs."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in PARAMS:
            raise ValueError(f"unknown load error code {self.code!r}: expected {sorted(PARAMS)}")
        missing = set(PARAMS[self.code]) - set(self.params)
        if missing:
            raise ValueError(f"load error {self.code}: missing parameters {sorted(missing)}")


def stored(english: str, code: str | None, params: Mapping[str, object] | None = None) -> str:
    """The load log's text of a failure: the coded head (when there is a code) + English."""
    if code is None:
        return english
    problem = LoadProblem(code, {k: str(v) for k, v in (params or {}).items()})
    head = json.dumps(dict(problem.params), ensure_ascii=False, sort_keys=True)
    return f"@@{code}{head}@@ {english}"


def parse(text: str) -> tuple[LoadProblem | None, str]:
    """(the problem, the English sentence) of a stored text; None when it has no valid head."""
    found = _HEAD.match(text or "")
    if not found:
        return None, text
    try:
        params = json.loads(found.group(2))
        problem = LoadProblem(found.group(1), {str(k): str(v) for k, v in params.items()})
    except (ValueError, AttributeError):
        return None, text
    return problem, text[found.end() :]


def english(text: str) -> str:
    """The English sentence of a stored text (the CLI and the log)."""
    return parse(text)[1]


def describe(text: str, lang: str) -> str:
    """A stored failure as a sentence of the text catalog in `lang`."""
    problem, _ = parse(text)
    if problem is None:
        return t("loaderror.failed", lang)
    fields = {k: problem.params[k] for k in PARAMS[problem.code]}
    return t(f"loaderror.{problem.code}", lang, **fields)
