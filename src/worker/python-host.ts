/**
 * The Python half of the worker: per-env namespaces, batched output streams,
 * tracebacks trimmed to the user's frames, and file inspection that runs no
 * user code. Loaded once as the module `_psr_host`.
 */
export const PYTHON_HOST = String.raw`
import io
import json
import linecache
import math
import os
import sys
import time
import traceback

from pyodide.code import eval_code_async

_namespaces = {}


def namespace(env):
    ns = _namespaces.get(env)
    if ns is None:
        ns = {"__name__": "__main__", "__builtins__": __builtins__}
        _namespaces[env] = ns
    return ns


def reset_namespace(env):
    _namespaces.pop(env, None)


_cleared = {}


def set_aside_namespace(env):
    _cleared[env] = _namespaces.pop(env, None)


def restore_namespace(env):
    if env not in _cleared:
        return False
    ns = _cleared.pop(env)
    if ns is None:
        _namespaces.pop(env, None)
    else:
        _namespaces[env] = ns
    return True


def drop_aside_namespace(env):
    _cleared.pop(env, None)


class _Output:
    """Collects what a run writes and posts it in batches: one post per write
    costs ~15 us, which a print loop of 200k lines turns into seconds."""

    FLUSH_SECONDS = 0.03
    FLUSH_CHARS = 64 * 1024

    def __init__(self, post, max_lines, max_bytes):
        self.post = post
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self.lines = 0
        self.bytes = 0
        self.truncated = False
        self.pending = []
        self.pending_chars = 0
        # The first write of a run goes out at once; later ones batch up.
        self.last_flush = float("-inf")

    def write(self, stream, text):
        if self.truncated or not text:
            return
        kept = self._within_limits(text)
        if kept:
            self.pending.append((stream, kept))
            self.pending_chars += len(kept)
        if self.truncated:
            self.flush()
            return
        now = time.monotonic()
        if self.pending_chars >= self.FLUSH_CHARS or now - self.last_flush >= self.FLUSH_SECONDS:
            self.flush()

    def _within_limits(self, text):
        size = len(text.encode("utf-8", "surrogatepass"))
        newlines = text.count("\n")
        if self.lines + newlines <= self.max_lines and self.bytes + size <= self.max_bytes:
            self.lines += newlines
            self.bytes += size
            return text
        self.truncated = True
        kept = []
        for line in text.splitlines(keepends=True):
            line_size = len(line.encode("utf-8", "surrogatepass"))
            ends = line.endswith("\n")
            if self.lines + (1 if ends else 0) > self.max_lines or self.bytes + line_size > self.max_bytes:
                break
            kept.append(line)
            self.lines += 1 if ends else 0
            self.bytes += line_size
        return "".join(kept)

    def flush(self):
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        merged = []
        for stream, text in self.pending:
            if merged and merged[-1][0] == stream:
                merged[-1][1].append(text)
            else:
                merged.append((stream, [text]))
        self.pending = []
        self.pending_chars = 0
        for stream, parts in merged:
            self.post(stream, "".join(parts))


class _Stream(io.TextIOBase):
    def __init__(self, output, name):
        self._output = output
        self._name = name

    @property
    def name(self):
        return "<" + self._name + ">"

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        self._output.write(self._name, text)
        return len(text)

    def flush(self):
        self._output.flush()


_pyodide_sleep = time.sleep
_wait = None
_clear = None


def install_interrupt(wait, clear):
    """wait(ms) blocks on the interrupt buffer until Stop writes to it or the
    time is up; clear() empties it. Given only where the page is cross-origin
    isolated."""
    global _wait, _clear
    _wait = wait
    _clear = clear


def _clear_interrupt():
    # A Stop that arrives after the code ended must not hit the next call.
    if _clear is not None:
        _clear()


def _sleep(seconds):
    """time.sleep that shows what was printed before it waits, and that Stop
    can interrupt at once. Pyodide's own sleep suspends into its event loop,
    where an interrupt lands in a loop callback and the sleep never returns."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    sys.stdout.flush()
    sys.stderr.flush()
    if _wait is None:
        return _pyodide_sleep(seconds)
    from pyodide_js import checkInterrupt

    end = time.monotonic() + seconds
    while True:
        checkInterrupt()
        remaining = end - time.monotonic()
        if remaining <= 0:
            return None
        _wait(min(remaining, 1.0) * 1000)


time.sleep = _sleep


_HOST_FILENAME = "<py-state-runner>"


def _is_internal(filename):
    return (
        filename == _HOST_FILENAME
        or filename.startswith(("http:", "https:"))
        or "/_pyodide/" in filename
        or "/pyodide/" in filename
    )


def _trim(summary):
    summary.stack = traceback.StackSummary.from_list(
        [frame for frame in summary.stack if not _is_internal(frame.filename)]
    )
    for linked in (summary.__cause__, summary.__context__):
        if linked is not None:
            _trim(linked)


def _user_traceback(error, filename):
    """The traceback from the cell's first frame on, without Pyodide's frames
    or ours (a sleep interrupted by Stop ends inside our time.sleep)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    summary = traceback.TracebackException(type(error), error, tb)
    _trim(summary)
    return "".join(summary.format())


def _error(error, filename):
    return {
        "type": type(error).__name__,
        "message": str(error),
        "traceback": _user_traceback(error, filename),
    }


async def run(env, folder, code, filename, post, max_lines, max_bytes):
    outcome = {"result": None, "error": None, "truncated": False}
    saved = sys.stdout, sys.stderr
    output = _Output(post, max_lines, max_bytes)
    # Stop may raise KeyboardInterrupt at any bytecode, before the user's code
    # starts or after it ends, so setup and cleanup sit inside the same guard.
    try:
        try:
            os.makedirs(folder, exist_ok=True)
            os.chdir(folder)
            ns = namespace(env)
            # Pyodide leaves "<...>" names out of linecache; without the source
            # the traceback would show no code lines. mtime None keeps
            # checkcache away.
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            sys.stdout = _Stream(output, "stdout")
            sys.stderr = _Stream(output, "stderr")
            # From here on a Stop lands in the user's code or in this guard.
            post("started", "")
            value = await eval_code_async(code, globals=ns, filename=filename)
            if value is not None:
                outcome["result"] = repr(value)
        except BaseException as error:  # KeyboardInterrupt and SystemExit are results too
            outcome["error"] = _error(error, filename)
        finally:
            sys.stdout, sys.stderr = saved
            _clear_interrupt()
            output.flush()
            os.chdir("/home/pyodide")
    except KeyboardInterrupt as error:
        # A Stop that came as the code ended: still the user's stop.
        _clear_interrupt()
        if outcome["error"] is None:
            outcome["error"] = _error(error, filename)
    outcome["truncated"] = output.truncated
    return json.dumps(outcome)


SQLITE_HEADER = b"SQLite format 3\x00"

# Only the inspection below needs these; sqlite3 is imported where it is
# used, so that booting does not pay for it.
import contextlib
import shutil
import tempfile


def _is_sqlite(path):
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _quote(name):
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
def _reading(path):
    """A read-only connection that leaves the cell's folder as it was.
    immutable=1 reads without locks or a journal, but it also ignores a WAL
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


def _tables(connection, row_limit):
    import sqlite3

    tables = []
    names = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for (name,) in names:
        table = {"name": name, "columns": [], "rowCount": 0}
        # One table that cannot be read (a virtual table of a module this
        # build lacks) must not hide the others.
        try:
            info = connection.execute("PRAGMA table_info(" + _quote(name) + ")")
            table["columns"] = [row[1] for row in info]
            table["rowCount"] = connection.execute("SELECT COUNT(*) FROM " + _quote(name)).fetchone()[0]
            if row_limit:
                cursor = connection.execute("SELECT * FROM " + _quote(name) + " LIMIT ?", (row_limit,))
                table["rows"] = [[_shown(value) for value in row] for row in cursor]
        except sqlite3.Error as error:
            table["error"] = str(error)
            if row_limit:
                table["rows"] = []
        tables.append(table)
    return tables


# JavaScript numbers hold integers exactly only up to 2**53.
_SAFE_INTEGER = 2**53 - 1
PREVIEW_CELL_CHARS = 200


def _cell(value):
    if isinstance(value, bytes):
        return "<" + str(len(value)) + " bytes>"
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and abs(value) > _SAFE_INTEGER:
        return str(value)
    return value


def _shown(value):
    """A cell as the preview shows it: long text is cut, as a table row only
    has room for the start of it."""
    if isinstance(value, str) and len(value) > PREVIEW_CELL_CHARS:
        return value[:PREVIEW_CELL_CHARS] + "\u2026"
    return _cell(value)


def inspect(folder, paths):
    import sqlite3

    databases = []
    for path in paths:
        full = os.path.join(folder, path)
        if not _is_sqlite(full):
            continue
        try:
            with _reading(full) as connection:
                databases.append({"path": path, "tables": _tables(connection, 0)})
        except sqlite3.Error as error:
            databases.append({"path": path, "tables": [], "error": str(error)})
    return json.dumps(databases)


TEXT_PREVIEW_BYTES = 64 * 1024


def preview(folder, path, row_limit):
    full = os.path.join(folder, path)
    if _is_sqlite(full):
        with _reading(full) as connection:
            tables = _tables(connection, row_limit)
        return json.dumps({"kind": "sqlite", "path": path, "tables": tables})
    size = os.path.getsize(full)
    with open(full, "rb") as handle:
        head = handle.read(TEXT_PREVIEW_BYTES)
    truncated = size > len(head)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the preview limit is still text.
        if not truncated or error.start < len(head) - 4:
            return json.dumps({"kind": "binary", "path": path, "size": size})
        text = head[: error.start].decode("utf-8")
    if "\x00" in text:
        return json.dumps({"kind": "binary", "path": path, "size": size})
    if path.lower().endswith(".json") and not truncated:
        try:
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
            return json.dumps({"kind": "json", "path": path, "text": text, "truncated": False})
        except ValueError:
            pass
    return json.dumps({"kind": "text", "path": path, "text": text, "truncated": truncated})


def export_table(folder, path, table):
    with _reading(os.path.join(folder, path)) as connection:
        known = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if table not in known:
            raise ValueError(path + ": no table named " + table)
        cursor = connection.execute("SELECT * FROM " + _quote(table))
        columns = [description[0] for description in cursor.description]
        rows = []
        for row in cursor:
            rows.append([value.hex() if isinstance(value, bytes) else _cell(value) for value in row])
    return json.dumps({"columns": columns, "rows": rows})
`;
