"""What a memory snapshot of a clean interpreter holds besides CPython.

The worker that makes a snapshot imports this module and calls prepare(); it
never calls host.start(), so no JavaScript function is referenced from Python
(Pyodide cannot put one in a snapshot) and no env exists yet.
"""

import sys

# Imported for its side effect: every module the host uses is loaded.
from . import host  # noqa: F401


def prepare():
    """Imports what every boot and most cells need, so that a boot from the
    snapshot does not pay for it, and leaves sys.path as a fresh boot has it."""
    # Imported here, not by the host: a normal boot must not pay for them, a
    # snapshot holds them for free, and the ledger workflow needs both.
    import json  # noqa: F401
    import sqlite3  # noqa: F401

    # Pyodide puts "" in front of sys.path on every boot, the snapshot's too.
    while "" in sys.path:
        sys.path.remove("")
