"""JSONC, as VS Code writes it: JSON with comments and trailing commas, parsed with positions.

Every node keeps its start and end offset in the decoded text so that `goide.settings.jsonc_edit`
can change one property and leave every other character as it was. Comments are recorded
(their spans) because edits must not cut through them. Syntax errors carry a 1-based line and
column. Nesting is bounded (`MAX_DEPTH`) so hostile input cannot exhaust the Python stack; the
size of input accepted from a file is bounded by `MAX_FILE_BYTES`.

A valid document is read in C (issue 18): one regular-expression pass finds the comments and
the brackets, the comments and trailing commas are blanked with spaces (so every offset stays),
and `json.loads` builds the values. The tree is then built lazily, one object or array at a time
when a rule or an edit asks for its members, from the blanked text and the bracket offsets. Any
text that path does not take as it is (a syntax error, a duplicate key, deep nesting, unusual
whitespace) is read by the exact recursive-descent parser below, which gives the same tree and
says what is wrong where.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import json
import re
from array import array
from collections.abc import Iterator, Sequence
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


class Node:
    """A JSON value: `kind` is object, array, string, number, boolean or null.

    `start`/`end` are offsets into the text (end exclusive). Scalars carry `value`; arrays
    carry `items`; objects carry `members` in document order, duplicates included. The items
    and members of a document read by the fast path are found when first asked for.
    """

    __slots__ = ("_index", "_items", "_members", "end", "kind", "start", "value")

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        value: Any = None,
        *,
        items: Sequence[Node] | None = (),
        members: Sequence[Member] | None = (),
        index: _Index | None = None,
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        # Scalars share the empty tuple: a large file holds hundreds of thousands of them, and two
        # empty lists each would be a third of the tree's memory. Containers get lists as they parse.
        self._items = items
        self._members = members
        # Set on the containers of a fast-path document (with None for their items or members):
        # the blanked text and bracket offsets they are read from, once, when first asked for.
        self._index = index

    def __repr__(self) -> str:
        return f"Node({self.kind!r}, {self.start}, {self.end}, {self.value!r})"

    @property
    def items(self) -> Sequence[Node]:
        items = self._items
        if items is None:
            assert self._index is not None
            with _collector_paused(self.end - self.start):
                items = self._items = self._index.items(self.start)
        return items

    @property
    def members(self) -> Sequence[Member]:
        members = self._members
        if members is None:
            assert self._index is not None
            with _collector_paused(self.end - self.start):
                members = self._members = self._index.members(self.start)
        return members

    def get(self, key: str) -> Member | None:
        """The member that counts for `key` (the last one, as in VS Code), or None."""
        found = None
        for member in self.members:
            if member.key == key:
                found = member
        return found


class Member:
    """One `"key": value` of an object; `key_start`/`key_end` include the quotes."""

    # Besides key_start, the offsets are kept as lengths (the key's; from the key's end to a value
    # kept as its span, and that value's): Python shares the objects of small integers, so a
    # large file's 150,000 members do not each hold three more integer objects (issue 18).
    __slots__ = ("_index", "_key_length", "_value", "_value_length", "key", "key_start")

    def __init__(
        self,
        key: str,
        key_start: int,
        key_end: int,
        value: Node | int,
        *,
        index: _Index | None = None,
        value_end: int = 0,
    ) -> None:
        self.key = key
        self.key_start = key_start
        self._key_length = key_end - key_start
        # On the fast path a scalar value is kept as its span, and its node made when asked
        # for: most members of a large file are only ever looked at by key.
        if isinstance(value, int):
            self._value: Node | int = value - key_end
            self._value_length = value_end - value
        else:
            self._value = value
            self._value_length = 0
        self._index = index

    def __repr__(self) -> str:
        return f"Member({self.key!r}, {self.key_start}, {self.key_end}, {self.value!r})"

    @property
    def key_end(self) -> int:
        return self.key_start + self._key_length

    @property
    def value(self) -> Node:
        value = self._value
        if isinstance(value, int):
            assert self._index is not None
            start = self.key_start + self._key_length + value
            value = self._value = self._index.scalar(start, start + self._value_length)
        return value

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
    if node._index is not None:
        return node._index.decode(node.start)
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
    with _collector_paused(len(text)):
        fast = _read_fast(text)
        if fast is not None:
            return fast
        return _Parser(text, source).parse_document()


@contextlib.contextmanager
def _collector_paused(size: int) -> Iterator[None]:
    """The cyclic garbage collector off while a tree of a large text is built. The tree has no
    reference cycles, so the collector has nothing to find; left on, it rescans the growing tree
    again and again (a third of the time of reading 150,000 members)."""
    enabled = gc.isenabled() and size > 4096
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- the fast path: C does the work, the tree is read when asked for --------------------------

# What the scan passes over in one match: characters that are neither a quote, a slash nor a
# bracket, and whole one-line strings holding no bracket. It stops at a bracket, a comment, a
# string with a bracket in it, and at anything it cannot read (which the exact parser then reports).
_SCAN = re.compile(r'(?:[^"/{}\[\]]++|"[^"\\\r\n{}\[\]]*+(?:\\[^\r\n][^"\\\r\n{}\[\]]*+)*+")*+')
_LINE_COMMENT = re.compile(r"//[^\r\n]*")
_OPENER = {"}": "{", "]": "["}
# In a text that json.loads accepted: the blanks and the tokens of one member, or one item.
_VALID_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_VALID_SCALAR = (
    rf"(?:({_VALID_STRING})|(true|false|null)|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?))?"
)
_LAZY_MEMBER = re.compile(rf"[ \t\r\n]*({_VALID_STRING})[ \t\r\n]*:[ \t\r\n]*{_VALID_SCALAR}[ \t\r\n]*,?")
_LAZY_ITEM = re.compile(rf"[ \t\r\n]*{_VALID_SCALAR}[ \t\r\n]*,?")
_JSON_BLANK = re.compile(r"[ \t\r\n]*")
_LITERAL_STARTS = frozenset("tfn")
# Objects up to this many characters get their members' values made with the members.
_EAGER_SPAN = 64 * 1024


class _NotFast(Exception):
    """The text is not one the fast path reads as it is; the exact parser reads it."""


class _Objects:
    """json.loads' hook for objects when it only checks a text: notes whether a key came twice,
    and keeps no value."""

    __slots__ = ("duplicates",)

    def __init__(self) -> None:
        self.duplicates = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> None:
        if len(dict(pairs)) != len(pairs):
            self.duplicates = True


def _no_constant(name: str) -> Any:
    raise _NotFast  # NaN, Infinity: not JSON, and an error in VS Code


def _as_vscode_reads_it(token: str) -> int | float:
    # VS Code reads every number as a JavaScript double: integers beyond 2^53 round, and a
    # 5,000-digit one is Infinity (Python's int() would refuse it).
    return int(token) if len(token.lstrip("-")) <= 15 else float(token)


def _number(token: str) -> int | float:
    digits = token.lstrip("-")
    return int(token) if digits.isdigit() and len(digits) <= 15 else float(token)


# to_value() of a fast-path container: numbers as VS Code reads them, the last of two equal keys.
_DECODER = json.JSONDecoder(parse_int=_as_vscode_reads_it)


class _Index:
    """What the lazy containers of one fast-path document are read from: the text with its
    comments and trailing commas blanked, and the offset of every bracket and of its match."""

    __slots__ = ("duplicates", "ends", "opens", "text")

    def __init__(self, text: str, opens: array[int], ends: array[int], *, duplicates: bool) -> None:
        self.text = text
        self.opens = opens  # offsets of `{` and `[`, in document order
        self.ends = ends  # for each, the offset just past its closing bracket
        self.duplicates = duplicates  # whether an object has a key twice (duplicate_keys looks)

    def decode(self, start: int) -> Any:
        return _DECODER.raw_decode(self.text, start)[0]

    def container(self, start: int) -> Node:
        end = self.ends[bisect.bisect_left(self.opens, start)]
        if self.text[start] == "{":
            return Node("object", start, end, members=None, index=self)
        return Node("array", start, end, items=None, index=self)

    def members(self, start: int) -> list[Member]:
        text = self.text
        found: list[Member] = []
        append = found.append
        # The values of a small object are made with it (a walk reads them all, and there are
        # few); those of a large one when asked for (a check reads few of 150,000).
        lazy = self.ends[bisect.bisect_left(self.opens, start)] - start > _EAGER_SPAN
        pos = start + 1
        match = _LAZY_MEMBER.match
        new = object.__new__
        while (member := match(text, pos)) is not None:
            token = member.group(1)
            key = json.loads(token) if "\\" in token else token[1:-1]
            scalar = member.lastindex or 1
            if scalar == 1:  # only the key: the value is an object or an array
                value = self.container(member.end())
                append(Member(key, member.start(1), member.end(1), value))
                pos = _AFTER_VALUE.match(text, value.end).end()  # type: ignore[union-attr]
                continue
            value_start, value_end = member.span(scalar)
            if lazy:
                # Made without calling the class (150,000 members: a tenth of a check's time).
                kept = new(Member)
                kept.key = key
                kept.key_start = key_start = member.start(1)
                kept._key_length = length = len(token)
                kept._value = value_start - key_start - length
                kept._value_length = value_end - value_start
                kept._index = self
                append(kept)
            else:
                append(Member(key, member.start(1), member.end(1), self.scalar(value_start, value_end)))
            pos = member.end()
        return found

    def scalar(self, start: int, end: int) -> Node:
        """The node of the string, number, boolean or null at [start, end)."""
        token = self.text[start:end]
        char = token[0]
        if char == '"':
            return Node("string", start, end, json.loads(token) if "\\" in token else token[1:-1])
        if char in _LITERAL_STARTS:
            return Node("null" if char == "n" else "boolean", start, end, _LITERALS[token])
        return Node("number", start, end, _number(token))

    def items(self, start: int) -> list[Node]:
        text = self.text
        found: list[Node] = []
        pos = start + 1
        match = _LAZY_ITEM.match
        while True:
            item = match(text, pos)
            assert item is not None  # every part may be empty: it always matches
            if item.lastindex is None:
                if text[item.end()] == "]":
                    return found
                found.append(self.container(item.end()))
                pos = _AFTER_VALUE.match(text, found[-1].end).end()  # type: ignore[union-attr]
                continue
            string, literal, number = item.groups()
            found.append(self._scalar(item, 0, string, literal, number))
            pos = item.end()

    @staticmethod
    def _scalar(
        match: re.Match[str], base: int, string: str | None, literal: str | None, number: str | None
    ) -> Node:
        if string is not None:
            value = json.loads(string) if "\\" in string else string[1:-1]
            return Node("string", match.start(base + 1), match.end(base + 1), value)
        if literal is not None:
            kind = "null" if literal == "null" else "boolean"
            return Node(kind, match.start(base + 2), match.end(base + 2), _LITERALS[literal])
        assert number is not None
        return Node("number", match.start(base + 3), match.end(base + 3), _number(number))


# One token of a text json.loads accepted, with what comes before it: the blanks and comma, with
# the key and its colon if it is an object's member; then the value or bracket. findall gives both
# as text (two groups: each group costs a string per token); one match starts where the one
# before ended, so lengths give every offset.
_TOKENS = re.compile(
    rf"([ \t\r\n,]*(?:{_VALID_STRING}[ \t\r\n]*:[ \t\r\n]*)?)"
    rf"({_VALID_STRING}|true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|[{{}}\[\]])"
)


class _Leaf(Node):
    """A scalar node of a whole tree: what no scalar has comes from the class (its members and
    items plain attributes, not properties), so that making one sets three slots instead of
    seven and a walk reads it without a call."""

    __slots__ = ()
    items: Sequence[Node] = ()
    members: Sequence[Member] = ()
    _items: Sequence[Node] | None = ()
    _members: Sequence[Member] | None = ()
    _index: _Index | None = None


class _String(_Leaf):
    __slots__ = ()
    kind = "string"


class _Number(_Leaf):
    __slots__ = ()
    kind = "number"


class _True(_Leaf):
    __slots__ = ()
    kind = "boolean"
    value = True


class _False(_Leaf):
    __slots__ = ()
    kind = "boolean"
    value = False


class _Null(_Leaf):
    __slots__ = ()
    kind = "null"
    value = None


# What a token is, by its first character: the class of its node, the bracket, or None to close.
_WHAT: dict[str, Any] = {
    '"': _String, "t": _True, "f": _False, "n": _Null, "-": _Number, **dict.fromkeys("0123456789", _Number),
    "{": "{", "[": "[", "}": None, "]": None,
}  # fmt: skip


class _Pair(Member):
    """A member of a whole tree: its value made with it, a plain attribute, not a property."""

    __slots__ = ("value",)
    value: Node
    _value: Any = None  # never a span (an int) to make: the value is there
    _value_length: int = 0
    _index: _Index | None = None


def whole_tree(doc: Document) -> Node | None:
    """The root of `doc` with every node made, for a caller that reads them all (doctor's
    redaction walks every string): one pass over the text instead of one container at a time.
    The nodes are equal to those the lazy tree gives; `doc` is left as it is."""
    root = doc.root
    if root is None or root._index is None or root.kind not in ("object", "array"):
        return root  # the exact parser's tree is whole already; a scalar root has nothing more
    with _collector_paused(root.end - root.start):
        built = _build(root._index, root.start, root.end)
    if built is None:  # pragma: no cover (a checked text always reads whole)
        _read_all(root)
        return root
    return built


def _read_all(node: Node) -> None:
    stack = [node]
    while stack:
        node = stack.pop()
        stack.extend(member.value for member in node.members)
        stack.extend(node.items)


def _build(index: _Index, start: int, stop: int) -> Node | None:
    """The container at `start` with everything in it; None if the text does not read as one
    run of tokens up to `stop` (then the caller reads the lazy tree whole)."""
    text = index.text
    # Without a backslash anywhere, every string is the text between its quotes.
    loads = json.loads if "\\" in text else None
    new = object.__new__
    what = _WHAT
    stack: list[tuple[Node, Any, bool]] = []  # each open container, with its parent's append and kind
    inner: list[Any] = []
    add: Any = None  # the append of the innermost open container's members or items
    in_object = False
    root: Node | None = None
    pos = start
    for head, raw in _TOKENS.findall(text, start, stop):
        kind = what[raw[0]]
        if kind is None:  # a closing bracket
            pos += len(head) + 1
            node, add, in_object = stack.pop()
            node.end = pos
            continue
        if kind.__class__ is str:  # an opening bracket
            node = new(Node)
            node.value = None
            node._index = index
            if kind == "{":
                node.kind = "object"
                node._items = ()
                node._members = inner = []
            else:
                node.kind = "array"
                node._members = ()
                node._items = inner = []
        else:
            node = new(kind)
            if kind is _String:
                node.value = loads(raw) if loads and "\\" in raw else raw[1:-1]
            elif kind is _Number:
                node.value = _number(raw)
        if in_object:
            opening = head.find('"')
            closing = head.rfind('"')
            member = new(_Pair)
            member.key = (
                loads(head[opening : closing + 1]) if loads and "\\" in head else head[opening + 1 : closing]
            )
            member.key_start = pos + opening
            member._key_length = closing + 1 - opening
            member.value = node
            add(member)
        elif add is not None:
            add(node)
        else:
            root = node
        pos += len(head)
        node.start = pos
        pos += len(raw)
        node.end = pos
        if kind.__class__ is str:  # an opening bracket
            stack.append((node, add, in_object))
            add = inner.append
            in_object = kind == "{"
    if stack or pos != stop or root is None:
        return None
    return root


def _read_fast(text: str) -> Document | None:
    """The document, if `text` is JSONC that the json module reads once its comments and
    trailing commas are blanked; None for everything else."""
    scanned = _scan(text)
    if scanned is None:
        return None
    comments, opens, ends, blanks = scanned
    if text.startswith(BOM):
        blanks.append((0, 1))
    blanked = _spaces_for(text, sorted(blanks + comments) if blanks else comments)
    start = _JSON_BLANK.match(blanked).end()  # type: ignore[union-attr]
    if start == len(blanked):
        return Document(text, None, comments)
    objects = _Objects()
    try:
        # Only to check the text and see every object: the numbers stay text, the objects are
        # not kept. to_value() decodes again when asked, so that a parsed document holds no
        # second copy of a large file as Python values.
        json.loads(
            blanked, object_pairs_hook=objects, parse_constant=_no_constant, parse_int=str, parse_float=str
        )
    except (ValueError, _NotFast, RecursionError):
        return None
    index = _Index(blanked, array("q", opens), array("q", ends), duplicates=objects.duplicates)
    if opens and opens[0] == start:
        root = index.container(start)
    else:
        scalar = _LAZY_ITEM.match(blanked, start)
        assert scalar is not None
        root = _Index._scalar(scalar, 0, *scalar.groups())
    return Document(text, root, comments)


_Scanned = tuple[list[tuple[int, int]], list[int], list[int], list[tuple[int, int]]]


def _scan(text: str) -> _Scanned | None:
    """Comment spans, the offsets of the brackets (`{`/`[` in document order and, for each, the
    offset past its match) and the spans of trailing commas; None where the text is not well
    formed or nests too deep."""
    comments: list[tuple[int, int]] = []
    opens: list[int] = []
    ends: list[int] = []
    stack: list[int] = []
    commas: list[tuple[int, int]] = []
    length = len(text)
    scan = _SCAN.match
    pos = 0
    while True:
        pos = scan(text, pos).end()  # type: ignore[union-attr]
        if pos >= length:
            break
        char = text[pos]
        if char in "{[":
            stack.append(len(opens))
            if len(stack) > MAX_DEPTH:
                return None
            opens.append(pos)
            ends.append(0)
            pos += 1
        elif char in "}]":
            if not stack or text[opens[stack[-1]]] != _OPENER[char]:
                return None
            if text[pos - 1] in _MAYBE_BEFORE_TRAILING_COMMA:
                comma = _before_blanks(text, pos, comments) - 1
                if text[comma] == ",":
                    if text[_before_blanks(text, comma, comments) - 1] in "[{,:":
                        return None  # a comma after no value: the exact parser says so
                    commas.append((comma, comma + 1))
            pos += 1
            ends[stack.pop()] = pos
        elif char == '"':
            string = _STRING.match(text, pos)
            if string is None:
                return None
            pos = string.end()
        elif text.startswith("//", pos):
            end = _LINE_COMMENT.match(text, pos).end()  # type: ignore[union-attr]
            comments.append((pos, end))
            pos = end
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                return None
            comments.append((pos, end + 2))
            pos = end + 2
        else:
            return None
    if stack:
        return None
    return comments, opens, ends, commas


# The last character before a closing bracket when a trailing comma may come before it: the
# comma itself, a blank, or the end of a block comment.
_MAYBE_BEFORE_TRAILING_COMMA = frozenset(", \t\r\n/")


def _before_blanks(text: str, offset: int, comments: list[tuple[int, int]]) -> int:
    """The offset just past the last character before `offset` that is neither blank nor in a
    comment (0 if there is none)."""
    while offset > 0:
        low = max(0, offset - 64)
        kept = len(text[low:offset].rstrip(" \t\r\n"))
        if kept == 0 and low > 0:
            offset = low
            continue
        offset = low + kept
        # The last comment that starts before it: if it reaches `offset`, the character is in
        # the comment (a line comment's own trailing blanks were stripped above: `// , `).
        at = bisect.bisect_left(comments, (offset, 0)) - 1
        if at < 0 or comments[at][1] < offset:
            return offset
        offset = comments[at][0]
    return 0


def _spaces_for(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with a space for each character of each span (spans in order, apart)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


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
        node = Node(kind, start, start, items=items, members=members)
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
    if root is not None and root._index is not None and not root._index.duplicates:
        return found  # json.loads saw every object of this fast-path document: no key came twice
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        seen: dict[str, Member] = {}
        for member in node.members:
            if member.key in seen:
                found.append((node, seen[member.key], member))
            seen[member.key] = member
            if not isinstance(member._value, int):  # a scalar kept as its offset holds no object
                stack.append(member.value)
        stack.extend(item for item in node.items if item.kind in ("object", "array"))
    found.sort(key=lambda item: item[2].key_start)
    return found


def member_at(root: Node | None, key_start: int) -> tuple[Node, Member] | None:
    """The member whose key starts at `key_start`, with the object that holds it; only the
    containers on the way to it are read."""
    node = root
    while node is not None and node.start <= key_start < node.end:
        if node.kind == "object":
            members = node.members
            at = bisect.bisect_right(members, key_start, key=_key_start) - 1
            if at < 0:
                return None
            if members[at].key_start == key_start:
                return node, members[at]
            node = members[at].value
        elif node.kind == "array":
            items = node.items
            at = bisect.bisect_right(items, key_start, key=_start) - 1
            node = items[at] if at >= 0 else None
        else:
            return None
    return None


def _key_start(member: Member) -> int:
    return member.key_start


def _start(node: Node) -> int:
    return node.start
