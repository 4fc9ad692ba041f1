"""A cell's code compiled as Pyodide's CodeRunner compiles it, in a fraction
of its time, and kept for the next run of the same code.

CodeRunner deep-copies an AST template and walks the whole tree for every
run: for print(1) that is a quarter of a millisecond, more than the code
takes. Here the last expression becomes the same raise with three new nodes
placed where it stands, and the trailing-semicolon check tokenizes only code
that has a semicolon. A reader who runs a cell again (the usual case: Run,
edit a value, Run) compiles nothing at all.
"""

import ast
import builtins
from textwrap import dedent

from pyodide.code import should_quiet

FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
# Code objects are immutable: one compiled for a source runs again as is.
KEEP = 32
_kept = {}

# The raise that hands back the last value names this builtin: a constant
# cannot hold a class, and the cell's globals are the user's.
_LAST_VALUE_NAME = "_psr_last_value"


class LastValue(Exception):
    """Carries the value of the code's last expression out of its frame."""

    def __init__(self, value):
        super().__init__()
        self.value = value


setattr(builtins, _LAST_VALUE_NAME, LastValue)


def compile_cell(source, filename):
    """The code object for source: its last expression, unless a semicolon
    ends it, raises LastValue; top-level await is allowed (the code object
    is then a coroutine's). A SyntaxError is raised as is."""
    key = (filename, source)
    code = _kept.pop(key, None)
    if code is None:
        code = _compile(source, filename)
        if len(_kept) >= KEEP:
            del _kept[next(iter(_kept))]
    # Most recently used last: the first key is the one to let go.
    _kept[key] = code
    return code


def _compile(source, filename):
    # As CodeRunner: code pasted indented inside a page still runs.
    source = dedent(source)
    module = compile(source, filename, "exec", FLAGS | ast.PyCF_ONLY_AST)
    last = module.body[-1] if module.body else None
    # Only code with a semicolon can end with one: the tokenizer is skipped.
    if isinstance(last, ast.Expr) and not (";" in source and should_quiet(source)):
        module.body[-1] = _raise_last_value(last)
    return compile(module, filename, "exec", FLAGS)


def _raise_last_value(statement):
    """raise _psr_last_value(<the expression>), at the expression's place."""
    name = ast.copy_location(ast.Name(_LAST_VALUE_NAME, ast.Load()), statement)
    call = ast.copy_location(ast.Call(name, [statement.value], []), statement)
    return ast.copy_location(ast.Raise(call, None), statement)


def run_compiled(code, namespace):
    """Runs code that does not await at top level; returns its last value."""
    try:
        exec(code, namespace)  # noqa: S102 - running the reader's code is the point
    except LastValue as carried:
        return carried.value
    return None


async def run_compiled_async(code, namespace):
    """Runs code that awaits at top level; returns its last value."""
    try:
        await eval(code, namespace)
    except LastValue as carried:
        return carried.value
    return None
