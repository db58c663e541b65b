"""A failed series' class: the stable code and parameters of `mittaristo.loaderrors`, set on a
`SeriesOutcome` next to its English reason, so the dashboard can say it in the reader's
language. The one place that maps the data path's exceptions to those codes:

- `loaders.http.HttpStatusError` 404 / 410: the table or file is gone (`table_gone`); any other error
  status: the service failed (`http_failed`, with the status);
- any other `SourceError` (timeout, refused connection, a host that stopped answering):
  `no_answer`;
- `ParseError`: `parse_error`;
- everything else: `failed` (the English reason stays in the log).
"""

from __future__ import annotations

from loaders.base import ParseError, SourceError
from mittaristo import loaderrors
from mittaristo.observations import SeriesOutcome

GONE_STATUSES = frozenset({404, 410})


def classify(exc: BaseException, where: str) -> tuple[str, dict[str, str]]:
    """(code, parameters) of an exception met while fetching `where` (a table, an indicator)."""
    status = getattr(exc, "status", None)  # loaders.http.HttpStatusError (not imported: light)
    if isinstance(exc, SourceError) and isinstance(status, int):
        code = loaderrors.TABLE_GONE if status in GONE_STATUSES else loaderrors.HTTP_FAILED
        return code, {"where": where, "status": str(status)}
    if isinstance(exc, SourceError):
        return loaderrors.NO_ANSWER, {"where": where}
    if isinstance(exc, ParseError):
        return loaderrors.PARSE_ERROR, {"where": where}
    return loaderrors.FAILED, {}


def fail(
    outcome: SeriesOutcome, english: str, error_code: str, /, **params: object
) -> SeriesOutcome:
    """Mark `outcome` failed: the English reason and its code with parameters."""
    loaderrors.LoadProblem(error_code, {k: str(v) for k, v in params.items()})  # checks it
    outcome.error = english
    outcome.error_code = error_code
    outcome.error_params = {k: str(v) for k, v in params.items()}
    return outcome


def fail_from(outcome: SeriesOutcome, exc: BaseException, where: str) -> SeriesOutcome:
    """Mark `outcome` failed by an exception (its text is the English reason)."""
    code, params = classify(exc, where)
    return fail(outcome, str(exc), code, **params)
