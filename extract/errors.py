"""One error type for the whole pipeline: it names the file, the page and the stage."""

from __future__ import annotations

import os

# Characters that would break a one-line message or drive the terminal: C0 controls, DEL, C1
# controls, the Unicode line and paragraph separators (str.splitlines breaks on them) and the
# bidirectional overrides and isolates (they reorder the text a terminal shows).
_ESCAPED = {*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
            *range(0x2066, 0x206A)}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(path: str | os.PathLike | bytes) -> str:
    """``path`` as text safe to print on one line.

    Control characters are escaped repr-style (``\\n``, ``\\x1b``, ``\\x85``, ``\\u2028``); bytes of a
    non-UTF-8 name (surrogate-escaped by the OS layer) are shown as ``\\xNN``; ordinary Unicode such
    as ``é`` and backslashes are left alone, so ``shown(shown(p)) == shown(p)``.
    """
    if isinstance(path, (bytes, os.PathLike)):
        path = os.fsdecode(path)
    text = str(path)
    if text.isprintable() and not any(ord(c) in _ESCAPED for c in text):
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif 0xDC80 <= o <= 0xDCFF:  # os.fsdecode's surrogateescape of an undecodable byte
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o in _ESCAPED or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


class ExtractError(Exception):
    """A failure while processing one file, with where it happened."""

    def __init__(self, path: str, stage: str, message: str, page: int | None = None):
        self.path = str(path)
        self.stage = stage
        self.page = page
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page is not None else ""
        return f"{shown(self.path)}: {where}{self.stage}: {shown(self.message)}"
