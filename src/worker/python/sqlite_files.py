"""Read-only SQLite connections that leave the cell's folder as it was.

sqlite3 is imported where it is used, so that booting does not pay for it.
"""

import contextlib
import os
import shutil
import tempfile

SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite(path):
    """By the header, not the name: a .db may be anything, a .bin a database."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def _uri_path(path):
    # The characters a SQLite URI gives a meaning to (urllib.parse would
    # do, but importing it costs ~60 ms of every boot).
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _connect(path, options):
    import sqlite3

    uri = "file:" + _uri_path(path) + "?" + options
    connection = sqlite3.connect(uri, uri=True)
    # Text that is not UTF-8 would otherwise fail the whole table.
    connection.text_factory = lambda data: data.decode("utf-8", "replace")
    return connection


@contextlib.contextmanager
def reading(path):
    """immutable=1 reads without locks or a journal, but it also ignores a WAL
    file, where a connection the cell left open keeps its recent commits."""
    wal = path + "-wal"
    if not (os.path.exists(wal) and os.path.getsize(wal) > 0):
        connection = _connect(path, "mode=ro&immutable=1")
    elif os.path.exists(path + "-shm"):
        # The cell's open connection keeps the WAL index there; read through it.
        connection = _connect(path, "mode=ro")
    else:
        # A WAL nobody opened yet (files just put back): SQLite would build
        # its index as a new -shm file in the folder, so read a copy instead.
        with tempfile.TemporaryDirectory() as scratch:
            copy = os.path.join(scratch, "copy.db")
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, copy + "-wal")
            connection = _connect(copy, "mode=ro")
            try:
                yield connection
            finally:
                connection.close()
        return
    try:
        yield connection
    finally:
        connection.close()
