"""Minimal text edits of a JSONC document: remove, rename, replace, insert one property.

Each function returns a list of `Edit`s (offset, length, new text) computed from a parsed
`Document`; `apply_edits` applies them. Everything outside the edited spans stays as it was:
comments, indentation, line endings, a BOM. The behaviour follows what VS Code's own
`jsonc-parser` `modify` does (a removed property takes its separating comma with it; an
inserted property copies the indentation and line ending of the file), with one difference
on purpose: comments next to a removed property are kept, never deleted.
"""

from __future__ import annotations

import bisect
import itertools
import json
from dataclasses import dataclass
from typing import Any

from goide.settings.jsonc import Document, Member, Node

_BLANK = " \t"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `length` characters at `offset` with `content`."""

    offset: int
    length: int
    content: str

    @property
    def end(self) -> int:
        return self.offset + self.length


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping `edits` to `text` (in any order)."""
    ordered = sorted(edits, key=lambda e: (e.offset, e.length))
    for before, after in itertools.pairwise(ordered):
        if before.end > after.offset:
            raise ValueError(f"overlapping edits at {before.offset} and {after.offset}")
    parts: list[str] = []
    cursor = 0
    for edit in ordered:
        parts.append(text[cursor : edit.offset])
        parts.append(edit.content)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


def eol_of(text: str) -> str:
    """The file's line ending: CR LF if its first line break is one, LF otherwise."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def indent_unit(text: str) -> str:
    """The file's indentation step: a tab, or the smallest run of spaces that starts a line."""
    smallest = 0
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        lead = line[: len(line) - len(stripped)]
        if not stripped or not lead:
            continue
        if lead.startswith("\t"):
            return "\t"
        if smallest == 0 or len(lead) < smallest:
            smallest = len(lead)
    return " " * smallest if smallest else "    "


def _comment_at(doc: Document, offset: int) -> tuple[int, int] | None:
    # Comments are recorded in document order, so the candidate is the last one starting here or before.
    index = bisect.bisect_right(doc.comments, (offset, len(doc.text) + 1)) - 1
    if index >= 0 and doc.comments[index][0] <= offset < doc.comments[index][1]:
        return doc.comments[index]
    return None


def _next_token(doc: Document, offset: int) -> int:
    """The offset of the first character at or after `offset` that is not blank or comment."""
    text = doc.text
    while offset < len(text):
        comment = _comment_at(doc, offset)
        if comment:
            offset = comment[1]
        elif text[offset].isspace() or text[offset] == "\ufeff":
            offset += 1
        else:
            return offset
    return offset


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _line_end_after(text: str, offset: int) -> int:
    """The offset just past the line break that ends the line holding `offset` (or the text end)."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def _only_blank(text: str, start: int, end: int) -> bool:
    return all(c in _BLANK for c in text[start:end])


def _only_blank_to_eol(text: str, offset: int) -> bool:
    end = _line_end_after(text, offset)
    return all(c in " \t\r\n" for c in text[offset:end])


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int] | None:
    """If [start, end) is alone on its lines, the span of those full lines (with the line break)."""
    line_start = _line_start(text, start)
    if _only_blank(text, line_start, start) and _only_blank_to_eol(text, end):
        return line_start, _line_end_after(text, end)
    return None


def remove_member(doc: Document, obj: Node, member: Member) -> list[Edit]:
    """Remove `member` from `obj`, with the comma that separates it; keep every comment."""
    text = doc.text
    # Members are in document order: the one at this key's offset is found by halving, not by a
    # scan of an object that may hold a hundred thousand.
    index = bisect.bisect_left(obj.members, member.key_start, key=_key_start)
    if index == len(obj.members) or obj.members[index] is not member:
        raise ValueError(f"the member {member.key!r} is not in this object")
    after = _next_token(doc, member.end)
    if after < len(text) and text[after] == ",":
        start, end = member.start, after + 1
        lines = _whole_lines(text, start, end)
        if lines:
            return [Edit(lines[0], lines[1] - lines[0], "")]
        while end < len(text) and text[end] in _BLANK:
            end += 1
        return [Edit(start, end - start, "")]
    # The last member: the comma before it goes, the comma after its predecessor.
    edits: list[Edit] = []
    lines = _whole_lines(text, member.start, member.end)
    if index > 0:
        comma = _next_token(doc, obj.members[index - 1].end)
        if not lines and text[comma + 1 : member.start].strip() == "":
            return [Edit(comma, member.end - comma, "")]
        edits.append(Edit(comma, 1, ""))
    start, end = lines if lines else (member.start, member.end)
    edits.append(Edit(start, end - start, ""))
    return edits


def _key_start(member: Member) -> int:
    return member.key_start


def rename_member(member: Member, new_key: str) -> list[Edit]:
    """Give `member` the key `new_key`; its value and everything around it stay."""
    return [Edit(member.key_start, member.key_end - member.key_start, json.dumps(new_key))]


def replace_value(doc: Document, node: Node, value: Any) -> list[Edit]:
    """Replace the value `node` with `value`, laid out like the surrounding text."""
    text = doc.text
    content = format_value(value, _indent_of_line(text, node.start), indent_unit(text), eol_of(text))
    return [Edit(node.start, node.end - node.start, content)]


def format_value(value: Any, indent: str, unit: str, eol: str) -> str:
    """`value` as JSON; objects and arrays on several lines, nested one `unit` below `indent`."""
    if isinstance(value, dict) and value:
        inner = indent + unit
        lines = [f"{inner}{json.dumps(k)}: {format_value(v, inner, unit, eol)}" for k, v in value.items()]
        return "{" + eol + ("," + eol).join(lines) + eol + indent + "}"
    if isinstance(value, list) and value:
        inner = indent + unit
        lines = [inner + format_value(v, inner, unit, eol) for v in value]
        return "[" + eol + ("," + eol).join(lines) + eol + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def insert_member(doc: Document, obj: Node, key: str, value: Any) -> list[Edit]:
    """Add `"key": value` as the last member of `obj`, in the file's indentation and line ending."""
    return _append(doc, obj, [(m.start, m.end) for m in obj.members], f"{json.dumps(key)}: ", value)


def insert_item(doc: Document, array: Node, value: Any) -> list[Edit]:
    """Add `value` as the last item of `array`, in the file's indentation and line ending."""
    return _append(doc, array, [(item.start, item.end) for item in array.items], "", value)


def _append(
    doc: Document, container: Node, entries: list[tuple[int, int]], prefix: str, value: Any
) -> list[Edit]:
    text = doc.text
    eol = eol_of(text)
    unit = indent_unit(text)
    if entries:
        last_start, last_end = entries[-1]
        after = _next_token(doc, last_end)
        trailing_comma = text[after] == ","
        anchor = after + 1 if trailing_comma else last_end
        own_line = _only_blank(text, _line_start(text, last_start), last_start)
        indent = (
            _indent_of_line(text, last_start) if own_line else _indent_of_line(text, container.start) + unit
        )
        rendered = prefix + format_value(value, indent, unit, eol)
        position = _break_after(doc, anchor, container.end - 1)
        if not own_line or position is None:
            # A one-line container (`{"a": 1}`): the new entry goes on the same line.
            if trailing_comma:
                return [Edit(anchor, 0, f" {rendered},")]
            return [Edit(last_end, 0, f", {rendered}")]
        comma = [] if trailing_comma else [Edit(last_end, 0, ",")]
        return [*comma, Edit(position, 0, indent + rendered + ("," if trailing_comma else "") + eol)]
    # An empty container, perhaps holding comments: the entry goes right after the bracket.
    outer = _indent_of_line(text, container.start)
    inner = outer + unit
    rendered = prefix + format_value(value, inner, unit, eol)
    body = text[container.start + 1 : container.end - 1]
    if body.strip() == "":
        return [Edit(container.start + 1, len(body), eol + inner + rendered + eol + outer)]
    return [Edit(container.start + 1, 0, eol + inner + rendered)]


def _lead_length(text: str, line_start: int) -> int:
    length = 0
    while line_start + length < len(text) and text[line_start + length] in _BLANK:
        length += 1
    return length


def _indent_of_line(text: str, offset: int) -> str:
    line_start = _line_start(text, offset)
    return text[line_start : line_start + _lead_length(text, line_start)]


def _break_after(doc: Document, offset: int, limit: int) -> int | None:
    """The offset just past the first line break in [offset, limit) outside comments, if any."""
    text = doc.text
    position = offset
    while position < limit:
        comment = _comment_at(doc, position)
        if comment:
            position = comment[1]
            continue
        if text[position] == "\n":
            return position + 1
        position += 1
    return None


def new_document(value: dict[str, Any], *, unit: str = "    ", eol: str = "\n") -> str:
    """The text of a new JSONC file holding `value`, in VS Code's usual layout."""
    return format_value(value, "", unit, eol) + eol
