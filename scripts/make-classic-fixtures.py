"""Regenerates test/fixtures/classic-*.json: files in the format of the classic
Pyodide persistence demo, {"database": [byte numbers], "jsonState": {...}},
one valid and one per way of being malformed. The database is made by
Python's own sqlite3, so the fixtures check src/state/classic-demo.ts from
the outside. Deterministic for a given SQLite version (the header records
the library version that last wrote the file).

    python3 scripts/make-classic-fixtures.py
"""

import json
import os
import sqlite3
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "test" / "fixtures"


def make_database() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "app_state.db")
        connection = sqlite3.connect(path)
        # The smallest page keeps the fixture (one JSON number per byte) small.
        connection.execute("PRAGMA page_size = 512")
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, note TEXT)")
        connection.executemany(
            "INSERT INTO visits (note) VALUES (?)",
            [("first visit",), ("second visit",), ("third visit",)],
        )
        connection.commit()
        connection.close()
        return Path(path).read_bytes()


def write(name: str, document: object) -> None:
    text = json.dumps(document, separators=(",", ":")) + "\n"
    (FIXTURES / f"classic-{name}.json").write_text(text, encoding="utf-8")


def main() -> None:
    database = list(make_database())
    json_state = {"counter": 3, "lastVisit": "2026-01-01T00:00:00Z", "tags": ["a", "b"]}
    valid = {"database": database, "jsonState": json_state}
    write("demo", valid)
    write("byte-out-of-range", {**valid, "database": [*database[:-1], 256]})
    write("byte-not-integer", {**valid, "database": [*database[:-1], 1.5]})
    write("not-sqlite", {**valid, "database": list(b"Not a database, just some text.\n" * 32)})
    # Cut mid-page, like a download that stopped early.
    write("truncated-database", {**valid, "database": database[:700]})
    write("json-state-array", {**valid, "jsonState": [1, 2, 3]})
    write("missing-database", {"jsonState": json_state})
    write("missing-json-state", {"database": database})


if __name__ == "__main__":
    main()
