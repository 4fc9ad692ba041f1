"""What the State panel lists for a folder's databases; runs no user code.

Every query runs under a Budget (budget.py): what cannot be read in time is
marked, never waited for. Views and virtual tables are listed without being
scanned: counting them may run any amount of the database's own SQL.
"""

import os

from pyodide.ffi import jsnull

from .budget import NOT_COUNTED, Budget, OverBudget
from .sqlite_files import is_sqlite, quote, reading
from .values import shown

# PRAGMA table_xinfo's "hidden": 1 marks a virtual table's hidden column;
# 2 and 3 are generated columns, which SELECT * returns like any other.
_VIRTUAL_HIDDEN = 1


def _kind(kind, sql):
    if kind == "view":
        return "view"
    if (sql or "").lstrip()[:14].upper() == "CREATE VIRTUAL":
        return "virtual"
    return "table"


def _columns(budget, connection, name):
    _, info = budget.fetch(connection, "PRAGMA table_xinfo(" + quote(name) + ")")
    return [row[1] for row in info if row[6] != _VIRTUAL_HIDDEN]


def _shown_expressions(columns):
    """Per column its type and a bounded value: a blob's length instead of
    its bytes (length() of a zeroblob allocates nothing), the start of a text
    instead of all of it."""
    expressions = []
    for column in columns:
        quoted = quote(column)
        expressions.append("typeof(" + quoted + ")")
        expressions.append(
            "CASE typeof(" + quoted + ") WHEN 'blob' THEN length(" + quoted + ")"
            " WHEN 'text' THEN substr(" + quoted + ", 1, 201) ELSE " + quoted + " END"
        )
    return expressions


def _rows(budget, connection, name, columns, row_limit):
    """The first rows, cell by cell as the preview shows them; a column whose
    values are too big to read even bounded shows a note instead."""
    import sqlite3

    def select(expressions):
        sql = "SELECT " + ", ".join(expressions) + " FROM " + quote(name) + " LIMIT ?"
        return budget.fetch(connection, sql, (row_limit,))[1]

    expressions = _shown_expressions(columns)
    if not expressions:
        return []
    try:
        raw = select(expressions)
        unreadable = set()
    except sqlite3.DataError:
        # "string or blob too big": find the columns at fault, show the rest.
        unreadable = set()
        for index in range(len(columns)):
            try:
                select(expressions[2 * index : 2 * index + 2])
            except sqlite3.DataError, sqlite3.OperationalError:
                unreadable.add(index)
        for index in unreadable:
            expressions[2 * index] = "'null'"
            expressions[2 * index + 1] = "NULL"
        raw = select(expressions)
    rows = []
    for record in raw:
        row = []
        for index in range(len(columns)):
            kind, value = record[2 * index], record[2 * index + 1]
            if index in unreadable:
                row.append("<too large to show>")
            elif kind == "blob":
                row.append("<" + str(value) + " bytes>")
            else:
                row.append(shown(value))
        rows.append(row)
    return rows


def _table(budget, connection, name, kind, row_limit):
    import sqlite3

    table = {"name": name, "columns": [], "rowCount": 0}
    if kind != "table":
        table["kind"] = kind
    if row_limit:
        table["rows"] = []
    # One table that cannot be read (a virtual table of a module this
    # build lacks, a query out of time) must not hide the others.
    try:
        table["columns"] = _columns(budget, connection, name)
        if kind != "table":
            table["rowCount"] = jsnull
            table["note"] = kind + ": " + NOT_COUNTED + " (not scanned)"
        elif budget.is_spent:
            table["rowCount"] = jsnull
            table["note"] = NOT_COUNTED + " (out of time)"
        else:
            try:
                _, count = budget.fetch(connection, "SELECT COUNT(*) FROM " + quote(name))
                table["rowCount"] = count[0][0]
            except OverBudget:
                table["rowCount"] = jsnull
                table["note"] = NOT_COUNTED + " (too slow to count)"
        # A virtual table's rows come from its module: not read either.
        if row_limit and kind != "virtual" and not budget.is_spent:
            table["rows"] = _rows(budget, connection, name, table["columns"], row_limit)
    except OverBudget:
        table["error"] = "could not be read in time"
    except sqlite3.Error as error:
        table["error"] = str(error)
    return table


def tables(connection, row_limit, budget=None):
    """Every table and view with its columns and row count (null when not
    counted), and its first rows when row_limit is not 0."""
    budget = budget or Budget()
    budget.bind(connection)
    _, names = budget.fetch(
        connection,
        "SELECT name, type, sql FROM sqlite_master"
        " WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    return [
        _table(budget, connection, name, _kind(kind, sql), row_limit) for name, kind, sql in names
    ]


def inspect(folder, paths):
    """The databases among paths (relative to folder), each with its tables.
    One file that cannot be read (a name Python cannot encode, a broken
    database) is reported on its own and does not hide the others."""
    import sqlite3

    budget = Budget()
    databases = []
    for path in paths:
        try:
            full = os.path.join(folder, path)
            if not is_sqlite(full):
                continue
            with reading(full) as connection:
                databases.append({"path": path, "tables": tables(connection, 0, budget)})
        except (sqlite3.Error, OverBudget, OSError, ValueError) as error:
            message = "could not be read in time" if isinstance(error, OverBudget) else str(error)
            databases.append({"path": path, "tables": [], "error": message})
    return databases
