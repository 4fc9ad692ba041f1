"""Runs a cell's code in its env's namespace and folder."""

import linecache
import os
import sys

from pyodide.code import eval_code_async

from .display import display_result, set_sink
from .namespaces import namespace
from .output import Output, Stream
from .sleep import clear_interrupt
from .tracebacks import error_info

HOME = "/home/pyodide"


async def run(env, folder, code, filename, post, max_lines, max_bytes):
    """Returns {"truncated"} plus "result" (the repr of the last expression,
    when not None and without a rich repr) or "error"; output goes to
    post(stream, text) as it comes, display items to post("display", data,
    mime) in the same order, and post("started", "") says that the user's
    code is about to start."""
    outcome = {}
    saved = sys.stdout, sys.stderr
    output = Output(post, max_lines, max_bytes)
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
            linecache.cache[filename] = (
                len(code),
                None,
                code.splitlines(True),
                filename,
            )
            sys.stdout = Stream(output, "stdout")
            sys.stderr = Stream(output, "stderr")
            # The output applies the run's limits to items as a whole, so
            # display.py gets no cap of its own.
            set_sink(output.display_bundle)
            # From here on a Stop lands in the user's code or in this guard.
            post("started", "")
            value = await eval_code_async(code, globals=ns, filename=filename)
            # A rich last value shows as an item, like a notebook's Out[].
            if value is not None and not display_result(value):
                outcome["result"] = repr(value)
        # KeyboardInterrupt and SystemExit are results too.
        except BaseException as error:  # noqa: BLE001
            outcome["error"] = error_info(error, filename)
        finally:
            sys.stdout, sys.stderr = saved
            clear_interrupt()
            output.flush()
            os.chdir(HOME)
            # Last, after what a late Stop must not skip: a task the cell left
            # running must not post into a finished run (the next run sets its own).
            set_sink(None)
    except KeyboardInterrupt as error:
        # A Stop that came as the code ended: still the user's stop.
        clear_interrupt()
        if "error" not in outcome:
            outcome["error"] = error_info(error, filename)
    outcome["truncated"] = output.truncated
    return outcome
