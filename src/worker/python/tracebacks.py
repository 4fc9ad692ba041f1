"""Tracebacks trimmed to the user's frames.

Frames are dropped by exact file name (the host's own files and Pyodide's),
never by a pattern, so a cell named "py-state-runner" or "a/pyodide/b" keeps
every frame of its own.
"""

import traceback

_hidden_files = set()


def hide_files(filenames):
    """Adds file names whose frames never show in a user's traceback."""
    _hidden_files.update(filenames)


def _trim(summary):
    summary.stack = traceback.StackSummary.from_list(
        [frame for frame in summary.stack if frame.filename not in _hidden_files]
    )
    for linked in (summary.__cause__, summary.__context__):
        if linked is not None:
            _trim(linked)
    for nested in summary.exceptions or ():
        _trim(nested)


def user_traceback(error, filename):
    """The traceback from the cell's first frame on, without Pyodide's frames
    or ours (a sleep interrupted by Stop ends inside our time.sleep)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    summary = traceback.TracebackException(type(error), error, tb)
    _trim(summary)
    return "".join(summary.format())


def error_info(error, filename):
    """A Python exception as the RunError the page shows."""
    return {
        "type": type(error).__name__,
        "message": str(error),
        "traceback": user_traceback(error, filename),
    }
