"""A whole table, or one chunk of it, for CSV or .xlsx export; runs no user code."""

import os
import time

from .budget import EXPORT_SECONDS, REQUEST_SECONDS, Budget
from .sqlite_files import quote, reading
from .values import cell

# Rows fetched between two looks at the clock of a chunk.
_BATCH = 500


def _value(value):
    return value.hex() if isinstance(value, bytes) else cell(value)


def export_table(folder, path, table, offset=0, limit=None):
    """{"columns", "rows", "done"} of one table; blobs as hex, so nothing is lost.

    Without limit, the whole table, within EXPORT_SECONDS. With limit, the
    rows from offset on, at most limit of them and as many as one second
    reads: "done" says whether the table ended, so the page asks for the
    next chunk and runs of other cells go in between."""
    import sqlite3

    seconds = EXPORT_SECONDS if limit is None else REQUEST_SECONDS
    budget = Budget(seconds, seconds)
    with reading(os.path.join(folder, path)) as connection:
        budget.bind(connection)
        _, known = budget.fetch(
            connection, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        )
        if table not in [row[0] for row in known]:
            raise ValueError(path + ": no table named " + table)
        sql = "SELECT * FROM " + quote(table) + " LIMIT ? OFFSET ?"
        wanted = -1 if limit is None else limit
        columns = []
        rows = []
        done = False
        end = time.monotonic() + seconds
        try:
            cursor = budget.execute(connection, sql, (wanted, offset))
            columns = [description[0] for description in cursor.description]
            while time.monotonic() < end and (limit is None or len(rows) < limit):
                batch = cursor.fetchmany(_BATCH)
                rows.extend([_value(value) for value in row] for row in batch)
                if len(batch) < _BATCH:
                    done = True
                    break
        except sqlite3.OperationalError:
            # The progress handler ended a query that ran out of time.
            if limit is None or not rows:
                raise ValueError(path + ": " + table + " could not be read in time") from None
        if limit is None and not done:
            message = path + ": " + table + " is too large to export within "
            raise ValueError(message + str(int(EXPORT_SECONDS)) + " s")
        if limit is not None and len(rows) >= limit:
            done = False
    return {"columns": columns, "rows": rows, "done": done}
