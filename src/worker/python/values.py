"""Database values as the page receives them."""

import math

from pyodide.ffi import jsnull

# JavaScript numbers hold integers exactly only up to 2**53.
_SAFE_INTEGER = 2**53 - 1
PREVIEW_CELL_CHARS = 200


def cell(value):
    """A value that crosses to JavaScript unchanged in meaning: NULL as null
    (None would arrive as undefined), big integers and non-finite floats as
    text, blobs as their size."""
    if value is None:
        return jsnull
    if isinstance(value, bytes):
        return "<" + str(len(value)) + " bytes>"
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and abs(value) > _SAFE_INTEGER:
        return str(value)
    return value


def shown(value):
    """A cell as the preview shows it: long text is cut, as a table row only
    has room for the start of it."""
    if isinstance(value, str) and len(value) > PREVIEW_CELL_CHARS:
        return value[:PREVIEW_CELL_CHARS] + "\u2026"
    return cell(value)
