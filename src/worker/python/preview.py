"""One file's preview for the State panel; runs no user code."""

import json
import os

from .inspection import tables
from .sqlite_files import is_sqlite, reading

TEXT_PREVIEW_BYTES = 64 * 1024


def preview(folder, path, row_limit):
    """A FilePreview: a database's tables with their first rows, JSON pretty
    printed, the start of a text, or a binary file's size."""
    full = os.path.join(folder, path)
    if is_sqlite(full):
        with reading(full) as connection:
            found = tables(connection, row_limit)
        return {"kind": "sqlite", "path": path, "tables": found}
    size = os.path.getsize(full)
    with open(full, "rb") as handle:
        head = handle.read(TEXT_PREVIEW_BYTES)
    truncated = size > len(head)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the preview limit is still text.
        if not truncated or error.start < len(head) - 4:
            return {"kind": "binary", "path": path, "size": size}
        text = head[: error.start].decode("utf-8")
    if "\x00" in text:
        return {"kind": "binary", "path": path, "size": size}
    if path.lower().endswith(".json") and not truncated:
        try:
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
            return {"kind": "json", "path": path, "text": text, "truncated": False}
        except ValueError:
            pass
    return {"kind": "text", "path": path, "text": text, "truncated": truncated}
