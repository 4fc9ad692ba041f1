"""What the State panel lists for a folder's databases; runs no user code."""

import os

from .sqlite_files import is_sqlite, quote, reading
from .values import shown


def tables(connection, row_limit):
    """Every table with its columns and row count, and its first rows when
    row_limit is not 0."""
    import sqlite3

    found = []
    names = connection.execute(
        "SELECT name FROM sqlite_master"
        " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for (name,) in names:
        table = {"name": name, "columns": [], "rowCount": 0}
        # One table that cannot be read (a virtual table of a module this
        # build lacks) must not hide the others.
        try:
            info = connection.execute("PRAGMA table_info(" + quote(name) + ")")
            table["columns"] = [row[1] for row in info]
            count = connection.execute("SELECT COUNT(*) FROM " + quote(name))
            table["rowCount"] = count.fetchone()[0]
            if row_limit:
                cursor = connection.execute(
                    "SELECT * FROM " + quote(name) + " LIMIT ?", (row_limit,)
                )
                table["rows"] = [[shown(value) for value in row] for row in cursor]
        except sqlite3.Error as error:
            table["error"] = str(error)
            if row_limit:
                table["rows"] = []
        found.append(table)
    return found


def inspect(folder, paths):
    """The databases among paths (relative to folder), each with its tables."""
    import sqlite3

    databases = []
    for path in paths:
        full = os.path.join(folder, path)
        if not is_sqlite(full):
            continue
        try:
            with reading(full) as connection:
                databases.append({"path": path, "tables": tables(connection, 0)})
        except sqlite3.Error as error:
            databases.append({"path": path, "tables": [], "error": str(error)})
    return databases
