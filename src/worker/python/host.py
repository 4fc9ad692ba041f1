"""The functions the worker calls, handed over once at boot.

The worker keeps direct references to what start() returns and then calls
hide(), so no call looks a function up on a module that user code can import
or patch.
"""

import builtins
import shutil
import sys

from . import sleep, stdin, tracebacks
from .display import display, install_matplotlib_hook
from .export import export_table
from .inspection import inspect
from .namespaces import (
    drop_aside_namespace,
    reset_namespace,
    restore_namespace,
    set_aside_namespace,
)
from .preview import preview
from .run import run

_PACKAGE = __name__.rpartition(".")[0]
_PYODIDE_PACKAGES = ("_pyodide", "pyodide")


def _files_of(packages):
    found = set()
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] in packages:
            filename = getattr(module, "__file__", None)
            if filename:
                found.add(filename)
    return found


def start(wait=None, clear=None, hidden_files=(), stdin_hooks=None):
    """Installs time.sleep, input() and sys.stdin (with stdin_hooks) and the
    traceback filter, and returns the host's functions by name. hidden_files
    adds exact file names (the URLs of Pyodide's scripts) whose frames
    tracebacks leave out."""
    sleep.install(wait, clear)
    # A builtin, not a name in each namespace: modules a cell imports (and
    # code written for IPython's display) find it too.
    builtins.display = display
    # Only a finder on sys.meta_path: matplotlib itself loads when a cell imports it.
    install_matplotlib_hook()
    if stdin_hooks is not None:
        stdin.install(stdin_hooks)
    tracebacks.hide_files(_files_of((_PACKAGE, *_PYODIDE_PACKAGES)))
    tracebacks.hide_files(hidden_files)
    return {
        "run": run,
        "reset_namespace": reset_namespace,
        "set_aside_namespace": set_aside_namespace,
        "restore_namespace": restore_namespace,
        "drop_aside_namespace": drop_aside_namespace,
        "inspect": inspect,
        "preview": preview,
        "export_table": export_table,
    }


def hide(folder):
    """Takes the package out of reach of user code: out of sys.modules and
    sys.path, its files deleted (the functions already taken keep working)."""
    for name in [name for name in sys.modules if name.partition(".")[0] == _PACKAGE]:
        del sys.modules[name]
    while folder in sys.path:
        sys.path.remove(folder)
    sys.path_importer_cache.pop(folder, None)
    shutil.rmtree(folder)
