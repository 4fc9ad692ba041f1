"""Time and memory bounds on the State panel's SQLite queries (#12).

A database is input from a stranger: a view over an endless recursive CTE
behind an FTS5 table made COUNT(*) run for ever, and a generated column
zeroblob(999999999) allocated 1 GB per previewed row. Every query of the
panel runs under a progress handler with a deadline, on a connection that
refuses any single value over MAX_VALUE_BYTES.
"""

import time

# One query of the panel; a request (inspect, preview, one export chunk)
# stops starting slow queries after REQUEST_SECONDS, so no panel request
# keeps another cell's run waiting for much more than a second.
QUERY_SECONDS = 0.25
REQUEST_SECONDS = 1.0
# A whole-table export in one request (no chunking asked for).
EXPORT_SECONDS = 10.0
# No string or blob bigger than this is ever built by a panel query.
MAX_VALUE_BYTES = 64 * 1024 * 1024
# Virtual machine steps between two looks at the clock.
PROGRESS_STEPS = 1000

NOT_COUNTED = "rows: not counted"


class OverBudget(Exception):
    """A query did not finish within its time."""


class Budget:
    """The deadlines of one panel request and of its current query."""

    def __init__(self, request_seconds=REQUEST_SECONDS, query_seconds=QUERY_SECONDS):
        self.request_end = time.monotonic() + request_seconds
        self.query_seconds = query_seconds
        self._query_end = self.request_end

    @property
    def is_spent(self):
        """True once the request's own time is up: slow queries are skipped."""
        return time.monotonic() >= self.request_end

    def _is_late(self):
        # sqlite3 aborts the statement when the handler returns true.
        return time.monotonic() >= self._query_end

    def bind(self, connection):
        """Puts the connection under this budget: time per query, size per value."""
        import sqlite3

        connection.set_progress_handler(self._is_late, PROGRESS_STEPS)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        return connection

    def execute(self, connection, sql, params=(), seconds=None):
        """A cursor whose statement, fetching included, must end within seconds
        (QUERY_SECONDS by default); the handler aborts it when it does not."""
        allowed = self.query_seconds if seconds is None else seconds
        self._query_end = time.monotonic() + allowed
        return connection.execute(sql, params)

    def fetch(self, connection, sql, params=(), limit=None):
        """The rows of one query (at most limit), or OverBudget when it is too slow."""
        import sqlite3

        try:
            cursor = self.execute(connection, sql, params)
            rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
            return cursor, rows
        except sqlite3.OperationalError as error:
            if self._is_late():
                raise OverBudget(str(error)) from error
            raise
