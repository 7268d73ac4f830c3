"""JSONC, as VS Code writes it: JSON with comments and trailing commas, parsed with positions.

Every node keeps its start and end offset in the decoded text so that `goide.settings.jsonc_edit`
can change one property and leave every other character as it was. Comments are recorded
(their spans) because edits must not cut through them. Syntax errors carry a 1-based line and
column. Nesting is bounded (`MAX_DEPTH`) so hostile input cannot exhaust the Python stack; the
size of input accepted from a file is bounded by `MAX_FILE_BYTES`.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from goide.core.errors import InputError

MAX_DEPTH = 200
MAX_FILE_BYTES = 32 * 1024 * 1024
BOM = "\ufeff"

# Whitespace (JSON's four characters plus the ones VS Code also skips) and complete comments.
_SKIP = re.compile(r"(?:[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+|//[^\r\n]*|/\*.*?\*/)*", re.DOTALL)
# The common case between tokens: plain whitespace with no comment.
_PLAIN_SPACE = re.compile(r"[ \t\r\n]*")
_SIMPLE_STOP = frozenset('{}[]:,"-0123456789tfn')
_COMMENT = re.compile(r"//[^\r\n]*|/\*.*?\*/", re.DOTALL)
# A string on one line; a raw line break inside a string is an error, as in VS Code.
_STRING = re.compile(r'"(?:[^"\\\r\n]|\\[^\r\n])*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_NUMBER_START = frozenset("-0123456789")
# The common shapes, each matched in one call: a key without escapes, its colon and the plain
# whitespace around it; the plain whitespace after a value with its comma. Anything else (an
# escape, a comment, a line break inside a string) takes the general path, which says what is wrong.
_MEMBER_HEAD = re.compile(r'"([^"\\\r\n]*)"[ \t\r\n]*:[ \t\r\n]*')
_AFTER_VALUE = re.compile(r"[ \t\r\n]*(,?)[ \t\r\n]*")
# A whole member with a scalar value (a string without escapes, a literal, a number) and what
# follows it: most members of a large settings file, in one match.
_SIMPLE_MEMBER = re.compile(
    r'"([^"\\\r\n]*)"[ \t\r\n]*:[ \t\r\n]*'
    r'(?:"([^"\\\r\n]*)"|(true|false|null)(?![A-Za-z0-9_$])|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?))'
    r"[ \t\r\n]*(,?)[ \t\r\n]*"
)


class JsoncError(InputError):
    """A syntax error at a position of the text (1-based line and column)."""

    def __init__(self, message: str, text: str, offset: int, *, source: str = "") -> None:
        self.offset = offset
        self.line, self.column = line_column(text, offset)
        self.reason = message
        where = f"{source}:" if source else "line "
        location = f"{where}{self.line}:{self.column}"
        super().__init__(
            f"{location}: {message}",
            hint="fix the syntax (VS Code shows it in the Problems panel); goide edits only files that parse",
        )


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset`; LF, CR LF and a lone CR (old Mac
    files) each end one line, as in VS Code."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    if "\r" in text:
        # A CR counts when no LF follows it; at an offset between CR and LF the pair is not over.
        inside_pair = offset > 0 and text[offset - 1] == "\r" and text.startswith("\n", offset)
        lone = text.count("\r", 0, offset) - text.count("\r\n", 0, offset) - inside_pair
        line += lone
        last_cr = text.rfind("\r", 0, offset - 1 if inside_pair else offset)
        if last_cr >= start and not text.startswith("\n", last_cr + 1):
            start = last_cr + 1
    if start == 0 and text.startswith(BOM) and offset > 0:
        start = 1  # editors do not count the byte order mark as a column
    return line, offset - start + 1


@dataclass(slots=True)
class Node:
    """A JSON value: `kind` is object, array, string, number, boolean or null.

    `start`/`end` are offsets into the text (end exclusive). Scalars carry `value`; arrays
    carry `items`; objects carry `members` in document order, duplicates included.
    """

    kind: str
    start: int
    end: int
    value: Any = None
    # Scalars share the empty tuple: a large file holds hundreds of thousands of them, and two
    # empty lists each would be a third of the tree's memory. Containers get lists as they parse.
    items: Sequence[Node] = ()
    members: Sequence[Member] = ()

    def get(self, key: str) -> Member | None:
        """The member that counts for `key` (the last one, as in VS Code), or None."""
        found = None
        for member in self.members:
            if member.key == key:
                found = member
        return found


@dataclass(slots=True)
class Member:
    """One `"key": value` of an object; `key_start`/`key_end` include the quotes."""

    key: str
    key_start: int
    key_end: int
    value: Node

    @property
    def start(self) -> int:
        return self.key_start

    @property
    def end(self) -> int:
        return self.value.end


@dataclass(slots=True)
class Document:
    """A parsed JSONC text: the root value (None for an empty document) and the comment spans."""

    text: str
    root: Node | None
    comments: list[tuple[int, int]]

    def to_value(self) -> Any:
        return to_value(self.root) if self.root is not None else None


def to_value(node: Node) -> Any:
    """The plain Python value of `node`; for duplicate keys the last one wins, as in VS Code."""
    if node.kind == "object":
        return {m.key: to_value(m.value) for m in node.members}
    if node.kind == "array":
        return [to_value(item) for item in node.items]
    return node.value


def decode(data: bytes, *, source: str = "") -> str:
    """Bytes of a settings file as text; the BOM, if any, is kept as the first character.

    Not UTF-8 is an error with the position of the first bad byte: VS Code reads settings as
    UTF-8, and a guess at another encoding would write the file back changed.
    """
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{source or 'input'}: {len(data)} bytes is larger than the {MAX_FILE_BYTES} bytes goide reads",
            hint="a settings file this large is almost certainly not a settings file; check the path",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8")
        line, column = line_column(good, len(good))
        where = f"{source}:" if source else "line "
        raise InputError(
            f"{where}{line}:{column}: byte 0x{data[err.start]:02x} is not valid UTF-8",
            hint="save the file as UTF-8 (VS Code: 'Reopen with Encoding', then 'Save with Encoding')",
        ) from None


def parse(text: str, *, source: str = "") -> Document:
    """Parse JSONC `text`; raise JsoncError (an InputError) with line and column on bad syntax."""
    # The tree has no reference cycles, so the cyclic collector has nothing to find while it is
    # built; left on, it rescans the growing tree again and again on large files.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Parser(text, source).parse_document()
    finally:
        if enabled:
            gc.enable()


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.pos = 0
        self.comments: list[tuple[int, int]] = []

    def fail(self, message: str, offset: int | None = None) -> JsoncError:
        return JsoncError(message, self.text, self.pos if offset is None else offset, source=self.source)

    def skip(self) -> None:
        """Skip whitespace and comments, recording comment spans; diagnose an unclosed comment."""
        text = self.text
        end = _PLAIN_SPACE.match(text, self.pos).end()  # type: ignore[union-attr]
        if end >= len(text) or text[end] in _SIMPLE_STOP:
            self.pos = end
            return
        end = _SKIP.match(text, end).end()  # type: ignore[union-attr]
        if end > self.pos:
            for comment in _COMMENT.finditer(text, self.pos, end):
                self.comments.append(comment.span())
        self.pos = end
        if text.startswith("/*", end):
            raise self.fail("unterminated block comment (missing */)")
        if text.startswith("/", end):
            raise self.fail("unexpected '/' (a comment starts with // or /*)")

    def parse_document(self) -> Document:
        self.skip()
        if self.pos >= len(self.text):
            return Document(self.text, None, self.comments)
        root = self.parse_value(0)
        self.skip()
        if self.pos < len(self.text):
            raise self.fail(f"unexpected {self.describe()} after the end of the document")
        return Document(self.text, root, self.comments)

    def describe(self) -> str:
        if self.pos >= len(self.text):
            return "end of file"
        return repr(self.text[self.pos])

    def parse_value(self, depth: int) -> Node:
        text = self.text
        pos = self.pos
        if pos >= len(text):
            raise self.fail("unexpected end of file, expected a value")
        char = text[pos]
        if char == "{":
            return self.parse_container(depth, "object")
        if char == "[":
            return self.parse_container(depth, "array")
        if char == '"':
            value, end = self.scan_string()
            self.pos = end
            return Node("string", pos, end, value)
        if char in _NUMBER_START:
            match = _NUMBER.match(text, pos)
            if match:
                token = match.group()
                self.pos = match.end()
                # VS Code reads every number as a JavaScript double: integers beyond 2^53 round,
                # and a 5,000-digit one is Infinity (Python's int() would refuse it).
                digits = token.lstrip("-")
                number = int(token) if digits.isdigit() and len(digits) <= 15 else float(token)
                return Node("number", pos, self.pos, number)
        for literal, value in _LITERALS.items():
            if text.startswith(literal, pos) and not _WORD.match(text, pos + len(literal)):
                self.pos = pos + len(literal)
                return Node("boolean" if isinstance(value, bool) else "null", pos, self.pos, value)
        word = _WORD.match(text, pos)
        if word:
            raise self.fail(f"unexpected word {word.group()!r}, expected a value (strings need quotes)")
        raise self.fail(f"unexpected {self.describe()}, expected a value")

    def scan_string(self) -> tuple[str, int]:
        text = self.text
        match = _STRING.match(text, self.pos)
        if not match:
            raise self.fail("unterminated string (missing closing quote on this line)")
        token = match.group()
        if "\\" not in token:
            return token[1:-1], match.end()
        try:
            value = json.loads(token, strict=False)
        except json.JSONDecodeError as err:
            raise self.fail(f"invalid escape in string: {err.msg}", self.pos + err.pos) from None
        return value, match.end()

    def parse_container(self, depth: int, kind: str) -> Node:
        if depth >= MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH} levels")
        start = self.pos
        close = "}" if kind == "object" else "]"
        items: list[Node] = []
        members: list[Member] = []
        node = Node(kind, start, start, None, items, members)
        self.pos += 1
        self.skip()
        expect_item = True
        while True:
            if self.pos >= len(self.text):
                raise self.fail(
                    f"unexpected end of file, missing {close!r} for the {kind} opened here", start
                )
            char = self.text[self.pos]
            if char == close:
                self.pos += 1
                node.end = self.pos
                return node
            if not expect_item:
                raise self.fail(f"expected ',' or {close!r}, found {self.describe()}")
            if char == ",":
                raise self.fail("unexpected ',' (a value is missing)")
            if kind == "object":
                simple = _SIMPLE_MEMBER.match(self.text, self.pos)
                if simple is not None:
                    members.append(self._simple_member(simple))
                    if simple.group(5):
                        self.pos = simple.end()
                        if self.pos < len(self.text) and self.text[self.pos] not in _SIMPLE_STOP:
                            self.skip()
                        expect_item = True
                        continue
                    self.pos = simple.start(5)
                    expect_item = self._comma()
                    continue
                head = _MEMBER_HEAD.match(self.text, self.pos)
                if head is not None:
                    key_start = self.pos
                    self.pos = head.end()
                    if self.pos < len(self.text) and self.text[self.pos] not in _SIMPLE_STOP:
                        self.skip()  # a comment or other whitespace before the value
                    value = self.parse_value(depth + 1)
                    members.append(Member(head.group(1), key_start, head.end(1) + 1, value))
                else:
                    members.append(self.parse_member(depth))
            else:
                items.append(self.parse_value(depth + 1))
            after = _AFTER_VALUE.match(self.text, self.pos)
            assert after is not None  # both parts may be empty: it always matches
            if after.group(1):
                self.pos = after.end()
                if self.pos < len(self.text) and self.text[self.pos] not in _SIMPLE_STOP:
                    self.skip()  # a comment (or an error to diagnose) after the comma
                expect_item = True
            else:
                self.pos = after.start(1)
                expect_item = self._comma()

    def _comma(self) -> bool:
        """After a value: skip to a comma and past it (True), or to what comes instead (False)."""
        self.skip()
        if self.pos < len(self.text) and self.text[self.pos] == ",":
            self.pos += 1
            self.skip()
            return True
        return False

    def _simple_member(self, match: re.Match[str]) -> Member:
        key, string, literal, number, _comma = match.groups()
        if string is not None:
            value = Node("string", match.start(2) - 1, match.end(2) + 1, string)
        elif literal is not None:
            kind = "null" if literal == "null" else "boolean"
            value = Node(kind, match.start(3), match.end(3), _LITERALS[literal])
        else:
            digits = number.lstrip("-")
            parsed = int(number) if digits.isdigit() and len(digits) <= 15 else float(number)
            value = Node("number", match.start(4), match.end(4), parsed)
        return Member(key, match.start(), match.end(1) + 1, value)

    def parse_member(self, depth: int) -> Member:
        key_start = self.pos
        if self.text[key_start] != '"':
            raise self.fail(f"expected a property name in double quotes, found {self.describe()}")
        key, key_end = self.scan_string()
        self.pos = key_end
        self.skip()
        if self.pos >= len(self.text) or self.text[self.pos] != ":":
            raise self.fail(f"expected ':' after the property name {key!r}, found {self.describe()}")
        self.pos += 1
        self.skip()
        value = self.parse_value(depth + 1)
        return Member(key, key_start, key_end, value)


def duplicate_keys(root: Node | None) -> list[tuple[Node, Member, Member]]:
    """Every key given twice in one object: (object, earlier member, later member)."""
    found: list[tuple[Node, Member, Member]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        seen: dict[str, Member] = {}
        for member in node.members:
            if member.key in seen:
                found.append((node, seen[member.key], member))
            seen[member.key] = member
            stack.append(member.value)
        stack.extend(node.items)
    found.sort(key=lambda item: item[2].key_start)
    return found
