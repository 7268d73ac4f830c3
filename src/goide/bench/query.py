"""benchstat's query language: filters (`--filter`) and projections (`--row`, `--col`, `--table`).

Keys name a part of a result: `.name` (base name), `.fullname`, `.file` (the input's label),
`/key` (a `/key=value` part of the name; `/gomaxprocs` is also the `-N` suffix), any configuration
key (`goos`, `pkg`, ...), `.config` (every file configuration key, in projections) and `.unit`
(in filters). A filter is `key:value`, `key:"quoted value"`, `key:/regexp/`, `key:(a OR b)`, `*`,
joined by AND (or juxtaposition) and OR, negated by `-`, grouped by parentheses. A projection is
a list of keys, each optionally sorted `@alpha`, `@num`, `@first` (default) or `@(v1 v2 ...)`
(which also filters). The grammar and meaning are golang.org/x/perf/benchproc's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from goide.bench import gostring
from goide.bench.benchfmt import Result
from goide.core.errors import InputError

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple


class QuerySyntaxError(InputError):
    def __init__(self, flag: str, query: str, offset: int, message: str) -> None:
        caret = " " * len(query[:offset]) + "^"
        super().__init__(
            f"{flag}: syntax error: {message}",
            hint=f"in {query!r} at the caret:\n      {query}\n      {caret}",
        )


class _Token(NamedTuple):
    kind: str  # one of ( ) : @ , - * A(nd) O(r) w(ord) q(uoted) r(egexp) or "" at the end
    offset: int
    text: str
    regexp: Callable[[str], bool] | None = None  # a Go regexp's search


_OPS = "():@,"


class _Tokens:
    """A tokenizer that can be copied cheaply to look ahead (a position into the query)."""

    def __init__(self, flag: str, query: str) -> None:
        self.flag = flag
        self.query = query

    def error(self, offset: int, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.flag, self.query, offset, message)

    def next(self, pos: int, allow_regexp: bool) -> tuple[_Token, int]:
        q = self.query
        while pos < len(q):
            char = q[pos]
            if char in _OPS or char in "-*":
                return _Token(char, pos, char), pos + 1
            if char.isspace():
                pos += 1
            elif allow_regexp and char == "/":
                return self._regexp(pos)
            elif char == '"':
                return self._quoted(pos)
            else:
                end = pos
                while end < len(q) and not (q[end].isspace() or q[end] in _OPS):
                    end += 1
                word = q[pos:end]
                kind = {"AND": "A", "OR": "O"}.get(word, "w")
                return _Token(kind, pos, word), end
        return _Token("", pos, ""), pos

    def _quoted(self, pos: int) -> tuple[_Token, int]:
        q = self.query
        end = pos + 1
        # benchproc's rule: a quote right after a backslash does not end the word (even `\\"`).
        while end < len(q) and (q[end] != '"' or q[end - 1] == "\\"):
            end += 1
        if end >= len(q):
            raise self.error(pos, "missing end quote")
        try:
            word = gostring.unquote(q[pos : end + 1])
        except gostring.UnquoteError:
            raise self.error(pos, "bad escape sequence") from None
        return _Token("q", pos, word), end + 1

    def _regexp(self, pos: int) -> tuple[_Token, int]:
        q = self.query
        i = pos + 1
        brackets = parens = 0
        while i < len(q):
            char = q[i]
            if brackets == 0 and parens == 0 and char == "/":
                break
            if char == "[":
                brackets += 1
            elif char == "]":
                brackets = max(brackets - 1, 0)
            elif char == "(" and brackets == 0:
                parens += 1
            elif char == ")" and brackets == 0:
                parens -= 1
            elif char == "\\":
                i += 1
            i += 1
        if i >= len(q):
            raise self.error(pos, 'missing close "/"')
        expr = q[pos + 1 : i]
        from goide.bench import goregexp  # here: RE2 is loaded only for a query with a /regexp/

        try:
            pattern = goregexp.compile_search(expr)
        except goregexp.RegexpError as err:
            raise self.error(pos, f"error parsing regexp: {err}") from None
        after = i + 1
        if after < len(q) and not (q[after].isspace() or q[after] in _OPS or q[after] in "-*"):
            raise self.error(after, 'regexp must be followed by space or an operator (unescaped "/"?)')
        return _Token("r", pos, expr, pattern), after


# ---- extractors --------------------------------------------------------------------------------


def name_parts(name: str) -> tuple[str, list[str]]:
    """The base name and the parts (`/key=value`, `/positional`, `-N`) of a full benchmark name."""
    body, procs = split_gomaxprocs(name)
    pieces: list[str] = []
    prev = 0
    for i, char in enumerate(body):
        if char == "/":
            pieces.append(body[prev:i])
            prev = i
    pieces.append(body[prev:])
    if procs:
        pieces.append(procs)
    return pieces[0], pieces[1:]


def split_gomaxprocs(name: str) -> tuple[str, str]:
    """`Foo/bar-8` -> (`Foo/bar`, `-8`); a name without a `-N` suffix is returned whole."""
    i = len(name) - 1
    while i >= 0:
        char = name[i]
        if char == "-" and i < len(name) - 1:
            return name[:i], name[i:]
        if not ("0" <= char <= "9"):
            break
        i -= 1
    return name, ""


def base_name(name: str) -> str:
    slash = name.find("/")
    if slash >= 0:
        return name[:slash]
    return split_gomaxprocs(name)[0]


Extractor = Callable[[Result], str]


def extractor(key: str) -> Extractor:
    if key == ".name":
        return lambda r: base_name(r.name)
    if key == ".fullname":
        return lambda r: r.name
    if key.startswith("/"):
        prefix = key + "="
        gomaxprocs = key == "/gomaxprocs"

        def part(r: Result) -> str:
            _base, parts = name_parts(r.name)
            if gomaxprocs and parts and parts[-1].startswith("-"):
                return parts[-1][1:]
            for piece in parts:
                if piece.startswith(prefix):
                    return piece[len(prefix) :]
            return ""

        return part
    return lambda r: r.config.get(key) or ""


def fullname_extractor(excluded: list[str]) -> Extractor:
    """`.fullname` without the parts that another projection shows (`*` for an excluded base name)."""
    prefixes = [k + "=" for k in excluded if k.startswith("/")]
    drop_name = ".name" in excluded
    drop_procs = "/gomaxprocs" in excluded
    if not prefixes and not drop_name and not drop_procs:
        return lambda r: r.name

    def full(r: Result) -> str:
        name = r.name
        found = drop_name or any(p in name for p in prefixes) or (drop_procs and "-" in name)
        if not found:
            return name
        base, parts = name_parts(name)
        out = ["*" if drop_name else base]
        for piece in parts:
            if any(piece.startswith(p) for p in prefixes):
                continue
            if drop_procs and piece.startswith("-"):
                continue
            out.append(piece)
        return "".join(out)

    return full


# ---- filters -----------------------------------------------------------------------------------

# A filter gives, for a result, either a per-value mask (a list of bools, for `.unit`) or one bool.
Match = list[bool] | bool
FilterFn = Callable[[Result], Match]


def _match_all(r: Result) -> Match:
    return True


def _value_matcher(token: _Token) -> Callable[[str], bool]:
    if token.regexp is not None:
        return token.regexp
    literal = token.text
    return lambda value: value == literal


def _key_filter(key: str, token: _Token, tokens: _Tokens, key_offset: int) -> FilterFn:
    matches = _value_matcher(token)
    if key == ".unit":

        def units(r: Result) -> Match:
            return [matches(v.unit) or (v.orig_unit != "" and matches(v.orig_unit)) for v in r.values]

        return units
    if key == ".config":
        raise tokens.error(key_offset, ".config is only allowed in projections")
    if not key:
        raise tokens.error(key_offset, "key must not be empty")
    get = extractor(key)
    return lambda r: matches(get(r))


def _not(sub: FilterFn) -> FilterFn:
    def negate(r: Result) -> Match:
        m = sub(r)
        if isinstance(m, bool):
            return not m
        return [not x for x in m]

    return negate


def _and(subs: list[FilterFn]) -> FilterFn:
    def both(r: Result) -> Match:
        mask: list[bool] | None = None
        for sub in subs:
            m = sub(r)
            if isinstance(m, bool):
                if not m:
                    return False
            elif mask is None:
                mask = m
            else:
                mask = [a and b for a, b in zip(mask, m, strict=True)]
        return True if mask is None else mask

    return both


def _or(subs: list[FilterFn]) -> FilterFn:
    def either(r: Result) -> Match:
        mask: list[bool] | None = None
        for sub in subs:
            m = sub(r)
            if isinstance(m, bool):
                if m:
                    return True
            elif mask is None:
                mask = m
            else:
                mask = [a or b for a, b in zip(mask, m, strict=True)]
        return False if mask is None else mask

    return either


class _FilterParser:
    def __init__(self, flag: str, query: str) -> None:
        self.tokens = _Tokens(flag, query)

    def parse(self) -> FilterFn:
        fn, pos = self._or(0)
        token, _ = self.tokens.next(pos, False)
        if token.kind:
            raise self.tokens.error(token.offset, f"unexpected {token.text!r}")
        return fn

    def _or(self, pos: int) -> tuple[FilterFn, int]:
        terms = []
        while True:
            fn, pos = self._and(pos)
            terms.append(fn)
            token, after = self.tokens.next(pos, False)
            if token.kind != "O":
                break
            pos = after
        return (terms[0] if len(terms) == 1 else _or(terms)), pos

    def _and(self, pos: int) -> tuple[FilterFn, int]:
        fn, pos = self._match(pos)
        terms = [fn]
        while True:
            token, after = self.tokens.next(pos, False)
            if token.kind == "A":
                pos = after
                continue
            if token.kind in ("(", "-", "*", "w", "q"):
                fn, pos = self._match(pos)
                terms.append(fn)
            elif token.kind in (")", "O", ""):
                break
            else:
                raise self.tokens.error(token.offset, f"unexpected {token.text!r}")
        return (terms[0] if len(terms) == 1 else _and(terms)), pos

    def _match(self, start: int) -> tuple[FilterFn, int]:
        token, pos = self.tokens.next(start, False)
        if token.kind == "(":
            fn, pos = self._or(pos)
            close, after = self.tokens.next(pos, False)
            if close.kind != ")":
                raise self.tokens.error(close.offset, 'missing ")"')
            return fn, after
        if token.kind == "-":
            fn, pos = self._match(pos)
            return _not(fn), pos
        if token.kind == "*":
            return _match_all, pos
        if token.kind in ("w", "q"):
            key = token.text
            colon, pos = self.tokens.next(pos, False)
            if colon.kind != ":":
                raise self.tokens.error(token.offset, "expected key:value")
            value, pos = self.tokens.next(pos, True)
            if value.kind in ("w", "q", "r"):
                return _key_filter(key, value, self.tokens, token.offset), pos
            if value.kind != "(":
                raise self.tokens.error(token.offset, "expected key:value")
            terms = []
            while True:
                value, after = self.tokens.next(pos, True)
                if value.kind not in ("w", "q", "r"):
                    raise self.tokens.error(value.offset, "expected value")
                terms.append(_key_filter(key, value, self.tokens, token.offset))
                sep, pos = self.tokens.next(after, True)
                if sep.kind == ")":
                    return _or(terms), pos
                if sep.kind != "O":
                    raise self.tokens.error(sep.offset, "value list must be separated by OR")
        raise self.tokens.error(token.offset, "expected key:value or subexpression")


class Filter:
    """A compiled `--filter`; `apply` keeps a result (dropping unmatched values) or rejects it."""

    def __init__(self, query: str, flag: str = "--filter") -> None:
        self.query = query
        self._fn = _FilterParser(flag, query).parse()
        self._extra: list[FilterFn] = []

    def also(self, fn: FilterFn) -> None:
        """Add a condition (a projection's fixed order `@(a b)` filters too)."""
        self._extra.append(fn)

    def matches_everything(self) -> bool:
        return self._fn is _match_all and not self._extra

    def apply(self, result: Result) -> bool:
        fn = self._fn if not self._extra else _and([*self._extra, self._fn])
        m = fn(result)
        if isinstance(m, bool):
            if not m:
                result.values = []
            return m
        if all(m):
            return True
        result.values = [v for v, keep in zip(result.values, m, strict=True) if keep]
        return bool(result.values)


# ---- projections -------------------------------------------------------------------------------


def _parse_num(text: str) -> float | None:
    match = re.fullmatch(r"([+-]?[0-9.]+)([kKMGTPEZY]i?)?[bB]?", text)
    try:
        return float(text)
    except ValueError:
        pass
    if match is None:
        return None
    try:
        value = float(match.group(1))
    except ValueError:
        return None
    prefix = match.group(2) or ""
    if not prefix:
        return value
    power = 1 + "KMGTPEZY".index("K" if prefix[0] == "k" else prefix[0])
    return value * math.pow(1024 if prefix.endswith("i") else 1000, power)


def _num_cmp(a: str, b: str) -> int:
    x, y = _parse_num(a), _parse_num(b)
    if x is not None and y is not None:
        if x < y or (not math.isnan(x) and math.isnan(y)):
            return -1
        if x > y or (math.isnan(x) and not math.isnan(y)):
            return 1
        return 0
    if x is None and y is None:
        return 0
    return -1 if x is not None else 1


class Field:
    """One column of a projection's key; `first_seen` orders values by first appearance."""

    __slots__ = ("first_seen", "fixed", "index", "name", "order")

    def __init__(
        self,
        name: str,
        index: int,
        order: str = "first",
        fixed: tuple[str, ...] = (),
        first_seen: dict[str, int] | None = None,
    ) -> None:
        self.name = name
        self.index = index
        self.order = order
        self.fixed = fixed
        self.first_seen = first_seen

    def cmp(self, a: str, b: str) -> int:
        if self.order == "alpha":
            return (a > b) - (a < b)
        if self.order == "num":
            return _num_cmp(a, b)
        if self.order == "fixed":
            return _fixed_index(self.fixed, a) - _fixed_index(self.fixed, b)
        if self.first_seen is None:
            return 0
        return self.first_seen.get(a, 0) - self.first_seen.get(b, 0)


def _fixed_index(values: tuple[str, ...], value: str) -> int:
    return values.index(value) if value in values else 0


Key = tuple[str, ...]


class _Part:
    __slots__ = ("field", "get", "kind")

    def __init__(self, kind: str, field: Field | None = None, get: Extractor | None = None) -> None:
        self.kind = kind  # "config" (the .config group), "fullname", "key"
        self.field = field
        self.get = get


class Projection:
    """Turns a result into a key (a tuple of strings, trailing empty strings dropped)."""

    __slots__ = ("_keys", "config_excluded", "config_fields", "fields", "fullname", "parts", "unit_field")

    def __init__(self) -> None:
        self.parts: list[_Part] = []
        # Every field by index; the .config group's fields are added as new keys appear.
        self.fields: list[Field] = []
        self.config_fields: dict[str, Field] = {}
        self.config_excluded: set[str] = set()
        self.unit_field: Field | None = None
        self.fullname: Extractor | None = None
        self._keys: set[Key] = set()

    def flattened(self) -> list[Field]:
        out: list[Field] = []
        for part in self.parts:
            if part.kind == "config":
                out.extend(self.config_fields.values())
            elif part.field is not None:
                out.append(part.field)
        if self.unit_field is not None:
            out.append(self.unit_field)
        return out

    def _row(self, result: Result) -> list[str]:
        row = [""] * len(self.fields)
        for part in self.parts:
            if part.kind == "config":
                for key, value in result.config.file_items():
                    config_field = self.config_fields.get(key)
                    if config_field is None:
                        if key in self.config_excluded:
                            continue
                        # Fields of the .config group have no first-seen order: values sort
                        # alphabetically, as in benchproc.
                        config_field = Field(key, len(self.fields))
                        self.config_fields[key] = config_field
                        self.fields.append(config_field)
                        row.append("")
                    row[config_field.index] = value
            else:
                assert part.field is not None
                assert part.get is not None
                row[part.field.index] = part.get(result)
        return row

    def _intern(self, row: list[str]) -> Key:
        while row and row[-1] == "":
            row.pop()
        key = tuple(row)
        if key not in self._keys:
            self._keys.add(key)
            for f in self.fields:
                if f.first_seen is not None:
                    value = key[f.index] if f.index < len(key) else ""
                    f.first_seen.setdefault(value, len(f.first_seen))
        return key

    def project(self, result: Result) -> Key:
        return self._intern(self._row(result))

    def reads_name_only(self) -> bool:
        """Whether keys depend on the benchmark's name alone (not on its configuration)."""
        return all(
            part.field is not None
            and (part.field.name in (".name", ".fullname") or part.field.name.startswith("/"))
            for part in self.parts
        )

    def reads_name(self) -> bool:
        """Whether keys depend on the benchmark's name; if not, only on its configuration."""
        return any(
            part.field is not None
            and (part.field.name in (".name", ".fullname") or part.field.name.startswith("/"))
            for part in self.parts
        )

    def row_of(self, result: Result) -> list[str]:
        """The values of the key without the unit (for key_with_unit)."""
        return self._row(result)

    def key_with_unit(self, row: list[str], unit: str) -> Key:
        """The key (the unit included, for the table projection) of a value with this unit, of a
        result whose row_of is `row`: results of one name and configuration share the row."""
        assert self.unit_field is not None
        with_unit = list(row)
        with_unit[self.unit_field.index] = unit
        return self._intern(with_unit)

    def get(self, key: Key, f: Field) -> str:
        return key[f.index] if f.index < len(key) else ""

    def sort(self, keys: list[Key]) -> list[Key]:
        flat = self.flattened()
        if all(f.order != "num" for f in flat):
            # The same order as `compare`, with one key per item instead of a call per comparison.
            return sorted(keys, key=self._sort_key(flat))
        import functools

        return sorted(keys, key=functools.cmp_to_key(self.compare(flat)))

    def compare(self, flat: list[Field]) -> Callable[[Key, Key], int]:
        """The order of keys: field by field, each field's order, then the values as strings."""

        def compare(a: Key, b: Key) -> int:
            for f in flat:
                x, y = self.get(a, f), self.get(b, f)
                if x != y:
                    c = f.cmp(x, y)
                    if c:
                        return c
                    return -1 if x < y else 1
            return 0

        return compare

    def _sort_key(self, flat: list[Field]) -> Callable[[Key], tuple[object, ...]]:
        """The order `sort` defines, as a key: per field its rank (first seen, or place in a fixed
        list; none for @alpha), then the value itself, which breaks ties as `sort` does."""

        def rank(f: Field) -> Callable[[str], int]:
            if f.order == "fixed":
                return lambda value: _fixed_index(f.fixed, value)
            seen = f.first_seen
            if f.order == "first" and seen is not None:
                return lambda value: seen.get(value, 0)
            return lambda value: 0

        ranks = [(f.index, rank(f)) for f in flat]

        def key(k: Key) -> tuple[object, ...]:
            out: list[object] = []
            for index, ranked in ranks:
                value = k[index] if index < len(k) else ""
                out += (ranked(value), value)
            return tuple(out)

        return key

    def values_text(self, key: Key, fields: list[Field] | None = None) -> str:
        """The key's non-empty values joined by spaces (a row label); `fields`: flattened(),
        when the caller labels many keys."""
        flat = self.flattened() if fields is None else fields
        if len(flat) == 1:  # the usual row label (.fullname): the value itself
            index = flat[0].index
            return key[index] if index < len(key) else ""
        return " ".join(v for v in (self.get(key, f) for f in flat) if v)


class ProjectionParser:
    """Parses the table, row, column and ignore projections together: a key shown in one is
    left out of `.fullname` and `.config` in the others."""

    def __init__(self) -> None:
        self.config_keys: set[str] = set()
        self.fullname_keys: list[str] = []
        self.have_config = False
        self.have_fullname = False
        self._fullname_extract: Extractor | None = None

    def parse(self, flag: str, query: str, flt: Filter, with_unit: bool = False) -> Projection:
        tokens = _Tokens(flag, query)
        projection = Projection()
        pos = 0
        first = True
        while True:
            token, after = tokens.next(pos, False)
            if not token.kind:
                break
            if token.kind == "," and not first:
                pos = after
                token, after = tokens.next(pos, False)
            if token.kind not in ("w", "q"):
                raise tokens.error(token.offset, "expected key")
            first = False
            pos = self._field(tokens, projection, token, after, flt)
        if with_unit:
            projection.unit_field = Field(".unit", len(projection.fields), first_seen={})
            projection.fields.append(projection.unit_field)
        return projection

    def _field(self, tokens: _Tokens, projection: Projection, key: _Token, pos: int, flt: Filter) -> int:
        order = "first"
        fixed: tuple[str, ...] = ()
        order_offset = key.offset + len(key.text)
        sep, after = tokens.next(pos, False)
        if sep.kind == "@":
            word, after2 = tokens.next(after, False)
            order_offset = word.offset
            if word.kind in ("w", "q"):
                order, pos = word.text, after2
            elif word.kind == "(":
                values: list[str] = []
                pos = after2
                while True:
                    item, nxt = tokens.next(pos, False)
                    if item.kind in ("w", "q"):
                        values.append(item.text)
                        pos = nxt
                    elif item.kind == ")":
                        if not values:
                            raise tokens.error(item.offset, "nothing to match")
                        pos = nxt
                        break
                    else:
                        raise tokens.error(item.offset, "missing )")
                order, fixed = "fixed", tuple(values)
            else:
                raise tokens.error(word.offset, "expected named sort order or parenthesized list")
        if order not in ("first", "alpha", "num", "fixed"):
            raise tokens.error(order_offset, f"unknown order {order!r}")
        name = key.text
        if name == ".config":
            if order == "fixed":
                raise tokens.error(order_offset, "fixed order not allowed for .config")
            self.have_config = True
            projection.parts.append(_Part("config"))
            projection.config_excluded = self.config_keys
            return pos
        if name == ".unit":
            raise tokens.error(key.offset, ".unit is only allowed in filters")
        if not name:
            raise tokens.error(key.offset, "key must not be empty")
        f = Field(name, len(projection.fields), order, fixed, {} if order == "first" else None)
        projection.fields.append(f)
        if name == ".fullname":
            self.have_fullname = True
            get: Extractor = self._fullname
        else:
            if name == ".name" or name.startswith("/"):
                self.fullname_keys.append(name)
            else:
                self.config_keys.add(name)
            get = extractor(name)
        projection.parts.append(_Part("key", f, get))
        if order == "fixed":
            allowed: set[str] = set(fixed)
            flt.also(lambda r: get(r) in allowed)
        return pos

    def _fullname(self, result: Result) -> str:
        # Built on first use, after every projection has been parsed.
        if self._fullname_extract is None:
            self._fullname_extract = fullname_extractor(self.fullname_keys)
        return self._fullname_extract(result)

    def residue(self) -> Projection:
        """What no projection shows; results that differ in it are flagged (`benchmarks vary in`)."""
        projection = Projection()
        if not self.have_config:
            projection.parts.append(_Part("config"))
            projection.config_excluded = self.config_keys
        if not self.have_fullname:
            f = Field(".fullname", len(projection.fields), first_seen={})
            projection.fields.append(f)
            projection.parts.append(_Part("key", f, self._fullname))
        return projection
