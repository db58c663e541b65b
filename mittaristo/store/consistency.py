"""Invariants of a stored database, checked after killed or failed refreshes (and in tests)."""

from __future__ import annotations

from pathlib import Path

from mittaristo.store.read import read_connection
from mittaristo.store.rows import one_row
from mittaristo.store.schema import RUN_STATUSES, SCHEMA_VERSION

# (message, query returning one count): a non-zero count is a problem.
_CHECKS = (
    (
        "observation rows from a run that is not in load_run",
        """SELECT count(*) FROM observation_history h
        WHERE NOT EXISTS (SELECT 1 FROM load_run r WHERE r.run_id = h.valid_from_run)
            OR (h.valid_to_run IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM load_run r WHERE r.run_id = h.valid_to_run))""",
    ),
    (
        "observation rows closed before (or in) the run that opened them",
        "SELECT count(*) FROM observation_history WHERE valid_to_run <= valid_from_run",
    ),
    (
        "observation identities with more than one current row",
        """SELECT count(*) FROM (
            SELECT 1 FROM observation_history WHERE valid_to_run IS NULL
            GROUP BY indicator_id, source, dataset, measure, dimensions, region, period
            HAVING count(*) > 1)""",
    ),
    (
        "runs without finished_at or with a status other than ok/partial/failed",
        "SELECT count(*) FROM load_run WHERE finished_at IS NULL OR status NOT IN (?, ?, ?)",
    ),
    (
        "runs whose counts do not add up (n_series != n_ok + n_failed)",
        "SELECT count(*) FROM load_run WHERE n_series <> n_ok + n_failed",
    ),
    (
        "series_load rows of a run that is not in load_run",
        """SELECT count(*) FROM series_load s
        WHERE NOT EXISTS (SELECT 1 FROM load_run r WHERE r.run_id = s.run_id)""",
    ),
    (
        "series_load rows with a status other than ok/failed",
        "SELECT count(*) FROM series_load WHERE status NOT IN ('ok', 'failed')",
    ),
)


def check_consistency(db_path: Path | str) -> list[str]:
    """Every broken invariant as a sentence; an empty list when the database is sound."""
    problems = []
    with read_connection(db_path) as con:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or int(row[0]) != SCHEMA_VERSION:
            problems.append(f"schema_version is {row and row[0]}, expected {SCHEMA_VERSION}")
        for message, sql in _CHECKS:
            params = list(RUN_STATUSES) if sql.count("?") else []
            count = one_row(con.execute(sql, params))[0]
            if count:
                problems.append(f"{count} {message}")
    return problems
