"""Lines from a user's file made safe to echo on a terminal: control characters shown, length capped.

A stream that is not what goide expected (a binary file, a log with colour codes) is passed
through as text; raw escape bytes would drive the user's terminal and a single huge line would
flood it, so each line is shown with control characters (except tab) as `\\xNN` and cut at a limit.
"""

from __future__ import annotations

import re

LINE_LIMIT = 4096
# C0 controls but tab, DEL, and the C1 controls (U+0080..U+009F: CSI is U+009B).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _shown(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def printable_line(text: str, limit: int = LINE_LIMIT) -> str:
    """`text` with control characters escaped and at most `limit` characters of it kept."""
    more = ""
    if len(text) > limit:
        rest = len(text[limit:].encode("utf-8", "surrogatepass"))
        text, more = text[:limit], f"… {rest} more bytes"
    if _CONTROL.search(text):
        text = _CONTROL.sub(_shown, text)
    return text + more
