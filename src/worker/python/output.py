"""What a run prints and displays: batched posts to the page, within the run's limits."""

import io
import time

from .display import MIME_ORDER


class Output:
    """Collects what a run writes and posts it in batches: one post per write
    costs ~15 us, which a print loop of 200k lines turns into seconds. What is
    still pending when the run ends is not posted: take() hands it to the
    run's reply, one message fewer for a short run."""

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
        # The first line of a run goes out as soon as it ends; later writes
        # batch up for FLUSH_SECONDS.
        self.last_flush = None

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
        if self.pending_chars >= self.FLUSH_CHARS:
            self.flush()
        elif self.last_flush is None:
            if "\n" in kept:
                self.flush()
        elif time.monotonic() - self.last_flush >= self.FLUSH_SECONDS:
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
            if self.lines + (1 if ends else 0) > self.max_lines:
                break
            if self.bytes + line_size > self.max_bytes:
                # A single line over the limit (100 MB with no newline) still
                # shows its start, up to the limit.
                kept.append(self._head(line, self.max_bytes - self.bytes))
                self.bytes = self.max_bytes
                break
            kept.append(line)
            self.lines += 1 if ends else 0
            self.bytes += line_size
        return "".join(kept)

    def display_bundle(self, bundle, _is_truncated=False):
        """display.py's sink: posts the bundle's richest item as ("display", data, mime).

        The text written before it goes first, so the page keeps one order. An
        item counts as one line plus its bytes; one past the limits is dropped
        whole (a cut image or table would show something false) and ends the
        run's output, as a line past the limits does.
        """
        if self.truncated:
            return
        mime = next(mime for mime in MIME_ORDER if mime in bundle)
        data = bundle[mime]
        size = len(data.encode("utf-8", "surrogatepass"))
        if self.lines + 1 > self.max_lines or self.bytes + size > self.max_bytes:
            self.truncated = True
            self.flush()
            return
        self.lines += 1
        self.bytes += size
        self.flush()
        self.post("display", data, mime)

    @staticmethod
    def _head(text, room):
        """The longest start of text that is at most room bytes of UTF-8."""
        head = text[:room]
        size = len(head.encode("utf-8", "surrogatepass"))
        while size > room:
            head = head[: len(head) - max(1, (size - room) // 4)]
            size = len(head.encode("utf-8", "surrogatepass"))
        return head

    def flush(self):
        self.last_flush = time.monotonic()
        for stream, text in self.take():
            self.post(stream, text)

    def take(self):
        """What is pending, as [stream, text] pairs with one stream's
        consecutive writes joined; it is no longer pending."""
        merged = []
        for stream, text in self.pending:
            if merged and merged[-1][0] == stream:
                merged[-1][1] += text
            else:
                merged.append([stream, text])
        self.pending = []
        self.pending_chars = 0
        return merged


class Stream(io.TextIOBase):
    """sys.stdout or sys.stderr during a run, writing into an Output."""

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
