"""A cell's code compiled as Pyodide's CodeRunner compiles it, in a fraction
of its time, and kept for the next run of the same code.

CodeRunner deep-copies an AST template and walks the whole tree for every
run: for print(1) that is a quarter of a millisecond, more than the code
takes. Here the last expression, when the code ends with one, is compiled on
its own in "eval" mode and evaluated after the rest, and the trailing-
semicolon check tokenizes only code that has a semicolon. No name is looked
up to hand the value back: CodeRunner raises a builtin, and a cell that
replaced it saw every later cell's last value. A reader who runs a cell again
(the usual case: Run, change a file, Run) compiles nothing at all.
"""

import ast
from inspect import CO_COROUTINE
from textwrap import dedent

from pyodide.code import should_quiet

FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
# Code objects are immutable: the ones compiled for a source run again as is.
KEEP = 32
_kept = {}


def compile_cell(source, filename):
    """(body, last): the code objects of source without its last expression
    and of that expression (None when the code ends with a statement or a
    semicolon). Top-level await is allowed; a SyntaxError is raised as is."""
    key = (filename, source)
    compiled = _kept.pop(key, None)
    if compiled is None:
        compiled = _compile(source, filename)
        if len(_kept) >= KEEP:
            del _kept[next(iter(_kept))]
    # Most recently used last: the first key is the one to let go.
    _kept[key] = compiled
    return compiled


def _compile(source, filename):
    # As CodeRunner: code pasted indented inside a page still runs.
    source = dedent(source)
    module = compile(source, filename, "exec", FLAGS | ast.PyCF_ONLY_AST)
    last = None
    tail = module.body[-1] if module.body else None
    # Only code with a semicolon can end with one: the tokenizer is skipped.
    if isinstance(tail, ast.Expr) and not (";" in source and should_quiet(source)):
        module.body.pop()
        last = compile(ast.Expression(tail.value), filename, "eval", FLAGS)
    return compile(module, filename, "exec", FLAGS), last


def awaits(compiled):
    """Whether the code awaits at top level: it then runs in the event loop."""
    return any(code is not None and code.co_flags & CO_COROUTINE for code in compiled)


def run_compiled(compiled, namespace):
    """Runs code that does not await at top level; returns its last value."""
    body, last = compiled
    exec(body, namespace)  # noqa: S102 - running the reader's code is the point
    return None if last is None else eval(last, namespace)


async def run_compiled_async(compiled, namespace):
    """Runs code that awaits at top level; returns its last value."""
    body, last = compiled
    if body.co_flags & CO_COROUTINE:
        await eval(body, namespace)
    else:
        exec(body, namespace)  # noqa: S102 - running the reader's code is the point
    if last is None:
        return None
    value = eval(last, namespace)
    # Awaited only when the expression itself awaits: `asyncio.sleep(1)` is a
    # coroutine object to show, not to run.
    return await value if last.co_flags & CO_COROUTINE else value
