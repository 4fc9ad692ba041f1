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


# A WAL nobody has opened (files just put back) is read from a scratch copy,
# checkpointed once: (path) -> (key of the files copied, the copy's path).
_SCRATCH = "/tmp/py-state-runner-wal"
_WAL_COPIES_KEPT = 4
_wal_copies = {}


def _stamp(path):
    stat = os.stat(path)
    return (stat.st_size, stat.st_mtime_ns)


def _checkpointed_copy(path, wal):
    """A copy of the database with its WAL folded in, made once per version
    of the two files: before #12 every panel read copied the whole database."""
    key = (_stamp(path), _stamp(wal))
    cached = _wal_copies.get(path)
    if cached is not None and cached[0] == key and os.path.exists(cached[1]):
        return cached[1]
    if cached is not None:
        _drop_copy(path)
    while len(_wal_copies) >= _WAL_COPIES_KEPT:
        _drop_copy(next(iter(_wal_copies)))
    folder = tempfile.mkdtemp(dir=_ensure_scratch())
    copy = os.path.join(folder, "copy.db")
    shutil.copyfile(path, copy)
    shutil.copyfile(wal, copy + "-wal")
    connection = _connect(copy, "")
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    _wal_copies[path] = (key, copy)
    return copy


def _ensure_scratch():
    os.makedirs(_SCRATCH, exist_ok=True)
    return _SCRATCH


def _drop_copy(path):
    _key, copy = _wal_copies.pop(path)
    shutil.rmtree(os.path.dirname(copy), ignore_errors=True)


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
        # SQLite would build the WAL index as a new -shm file in the cell's
        # folder: read a checkpointed copy instead, made once per version.
        connection = _connect(_checkpointed_copy(path, wal), "mode=ro&immutable=1")
    try:
        yield connection
    finally:
        connection.close()
