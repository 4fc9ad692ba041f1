"""A whole table for CSV or .xlsx export; runs no user code."""

import os

from .sqlite_files import quote, reading
from .values import cell


def export_table(folder, path, table, offset=0, limit=-1):
    """{"columns", "rows"} of one table, rows offset to offset + limit (all
    when limit is -1): the page asks for the rows a page at a time, so no
    request holds the worker long. Blobs as hex, so nothing is lost."""
    with reading(os.path.join(folder, path)) as connection:
        known = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        if table not in known:
            raise ValueError(path + ": no table named " + table)
        cursor = connection.execute(
            "SELECT * FROM " + quote(table) + " LIMIT ? OFFSET ?", (limit, offset)
        )
        columns = [description[0] for description in cursor.description]
        rows = [
            [value.hex() if isinstance(value, bytes) else cell(value) for value in row]
            for row in cursor
        ]
    return {"columns": columns, "rows": rows}
