"""The JSONC parser: the styles people write settings in, positions, and every kind of bad input."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goide.core.errors import InputError
from goide.settings.jsonc import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    JsoncError,
    decode,
    duplicate_keys,
    line_column,
    parse,
)
from tests.helpers import tool

STYLES = {
    "comments everywhere": (
        '// user settings\n{ /* inline */ "go.formatTool" /* a */ : /* b */ "goimports" // end\n'
        "  , // after comma\n"
        '  "gopls": { // object\n    "ui.semanticTokens": true /* last */ }\n} // done\n'
    ),
    "trailing commas": '{\n  "go.lintTool": "golangci-lint",\n  "go.lintFlags": ["--fast",],\n}\n',
    "CRLF": (
        '{\r\n  "go.formatTool": "gofmt",\r\n  "gopls": {\r\n    "formatting.gofumpt": true\r\n  }\r\n}\r\n'
    ),
    "tabs": (
        '{\n\t"go.toolsManagement.autoUpdate": true,\n\t"gopls": {\n\t\t"ui.semanticTokens": true\n\t}\n}\n'
    ),
    "BOM": '\ufeff{\n    "go.formatTool": "gofmt",\n    "gopls": {"formatting.gofumpt": true}\n}\n',
    "language section": (
        '{\n  "[go]": {\n    "editor.formatOnSave": true,\n'
        '    "editor.codeActionsOnSave": {"source.organizeImports": "explicit"},\n  },\n'
        '  "[go][gomod]": {"editor.insertSpaces": false}\n}\n'
    ),
}

EXPECTED = {
    "comments everywhere": {"go.formatTool": "goimports", "gopls": {"ui.semanticTokens": True}},
    "trailing commas": {"go.lintTool": "golangci-lint", "go.lintFlags": ["--fast"]},
    "CRLF": {"go.formatTool": "gofmt", "gopls": {"formatting.gofumpt": True}},
    "tabs": {"go.toolsManagement.autoUpdate": True, "gopls": {"ui.semanticTokens": True}},
    "BOM": {"go.formatTool": "gofmt", "gopls": {"formatting.gofumpt": True}},
    "language section": {
        "[go]": {
            "editor.formatOnSave": True,
            "editor.codeActionsOnSave": {"source.organizeImports": "explicit"},
        },
        "[go][gomod]": {"editor.insertSpaces": False},
    },
}


@pytest.mark.parametrize("style", list(STYLES))
def test_styles_people_write(style: str) -> None:
    doc = parse(STYLES[style])
    assert doc.to_value() == EXPECTED[style]


def test_positions_point_at_the_text() -> None:
    text = STYLES["comments everywhere"]
    doc = parse(text)
    assert doc.root is not None
    member = doc.root.get("go.formatTool")
    assert member is not None
    assert text[member.key_start : member.key_end] == '"go.formatTool"'
    assert text[member.value.start : member.value.end] == '"goimports"'
    comments = [text[a:b] for a, b in doc.comments]
    assert comments[:3] == ["// user settings", "/* inline */", "/* a */"]
    assert comments[-1] == "// done"


def test_real_gopls_api_json_parses_like_json() -> None:
    """A large real JSON document (gopls api-json) gives the same value as the json module."""
    out = subprocess.run([str(tool("gopls")), "api-json"], capture_output=True, check=True, timeout=60).stdout
    text = out.decode()
    assert parse(text).to_value() == json.loads(text)


BAD = [
    ('{"a": 1 /* never closed', "unterminated block comment", (1, 9)),
    ('{\n  "a": "no end\n}', "unterminated string", (2, 8)),
    ('{"a" 1}', "expected ':'", (1, 6)),
    ('{"a": 1 "b": 2}', "expected ',' or '}'", (1, 9)),
    ('{"a": 1,, "b": 2}', "unexpected ','", (1, 9)),
    ('{"a": tru}', "unexpected word 'tru'", (1, 7)),
    ("{a: 1}", "property name in double quotes", (1, 2)),
    ('{"a": "\\q"}', "invalid escape", (1, 8)),
    ('{"a": 1', "missing '}'", (1, 1)),
    ("{} {}", "after the end of the document", (1, 4)),
    ('{"a": / 1}', "unexpected '/'", (1, 7)),
    ('\ufeff{\n\t"a": [1, 2,, 3]}', "unexpected ','", (2, 13)),
]


@pytest.mark.parametrize(("text", "message", "where"), BAD)
def test_syntax_errors_have_line_and_column(text: str, message: str, where: tuple[int, int]) -> None:
    with pytest.raises(JsoncError) as info:
        parse(text, source="settings.json")
    assert message in info.value.message
    assert (info.value.line, info.value.column) == where
    assert info.value.message.startswith(f"settings.json:{where[0]}:{where[1]}: ")
    assert info.value.exit_status == 2


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(JsoncError, match=f"deeper than {MAX_DEPTH}"):
        parse("[" * 100_000 + "]" * 100_000)
    assert parse("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)).root is not None


def test_duplicate_keys_are_found_and_last_wins() -> None:
    doc = parse('{"go.formatTool": "gofmt", "x": {"k": 1, "k": 2}, "go.formatTool": "goimports"}')
    assert doc.to_value() == {"go.formatTool": "goimports", "x": {"k": 2}}
    found = [
        (first.key, second.key, first.key_start < second.key_start)
        for _, first, second in duplicate_keys(doc.root)
    ]
    assert found == [("k", "k", True), ("go.formatTool", "go.formatTool", True)]


def test_non_utf8_is_a_clear_error() -> None:
    data = b'{\n  "go.gopath": "C:\\\\Users\\\\J' + b"\xfcrgen" + b'"\n}'
    with pytest.raises(InputError) as info:
        decode(data, source="settings.json")
    assert info.value.message == "settings.json:2:29: byte 0xfc is not valid UTF-8"
    assert info.value.hint
    assert "UTF-8" in info.value.hint


def test_ten_megabyte_file_parses() -> None:
    entries = ",\n".join(f'    "**/generated/dir{i:07d}/**": true' for i in range(250_000))
    text = '{\n  "files.exclude": {\n' + entries + '\n  },\n  "go.formatTool": "default"\n}\n'
    assert len(text) > 10_000_000
    doc = parse(decode(text.encode()))
    value = doc.to_value()
    assert len(value["files.exclude"]) == 250_000
    assert value["go.formatTool"] == "default"


def test_oversized_input_is_refused() -> None:
    with pytest.raises(InputError, match="larger than"):
        decode(b" " * (MAX_FILE_BYTES + 1), source="big.json")


def test_empty_document_is_no_value() -> None:
    assert parse("  // only a comment\n").root is None


def test_line_column_counts_crlf_as_one_line_break() -> None:
    text = "a\r\nbc\r\nd"
    assert line_column(text, text.index("d")) == (3, 1)
    assert line_column(text, text.index("c")) == (2, 2)


_PIECES = ['{', '}', '[', ']', ':', ',', '"a"', '"b\\n"', '"k y"', "1", "-2.5", "01", "-", "1e5", "true",
           "false", "null", "true1", " ", "\t", "\n", "\r\n", "\u00a0", "// c\n", "/* c */", "/", '"', "x",
           "\\", '"\\u00e9"', '"a\nb"', '"a":', '"a": 1,', '"b": "x"']  # fmt: skip


def _shape(text: str, *, whole: bool = False) -> object:
    from goide.settings import jsonc

    try:
        doc = jsonc.parse(text)
    except jsonc.JsoncError as err:
        return ("error", str(err))
    if whole:  # every node made in one pass, as doctor's redaction reads them
        doc = jsonc.Document(doc.text, jsonc.whole_tree(doc), doc.comments)

    def dump(node: jsonc.Node | None) -> object:
        if node is None:
            return None
        members = [(m.key, m.key_start, m.key_end, dump(m.value)) for m in node.members]
        return (node.kind, node.start, node.end, repr(node.value), [dump(i) for i in node.items], members)

    duplicates = [(first.key_start, second.key_start) for _, first, second in duplicate_keys(doc.root)]
    return ("ok", dump(doc.root), doc.comments, duplicates)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map(lambda parts: "{" + "".join(parts)))
def test_fast_member_paths_parse_like_the_general_one(text: str) -> None:
    """The one-regex paths for common members (issue 18) give the tree, comment spans and errors
    of the general path they shortcut."""
    import re
    from unittest import mock

    from goide.settings import jsonc

    never = re.compile(r"(?!)")
    with mock.patch.object(jsonc, "_read_fast", return_value=None):  # the exact parser's own paths
        fast = _shape(text)
        with (
            mock.patch.object(jsonc, "_SIMPLE_MEMBER", never),
            mock.patch.object(jsonc, "_MEMBER_HEAD", never),
        ):
            general = _shape(text)
    assert fast == general


# Between tokens: what people put there, including comments that hold brackets, quotes and commas.
_GAPS = ["", " ", "\n    ", "\r\n\t", " // note, with [brackets] and \"quotes\"\n", "/* {a}, */",
         "/* two\n lines */ ", "//\n", " /**/ ", " // , \n\t", "/* , */"]  # fmt: skip
_RAW_NUMBERS = ["0", "-0", "1e5", "-2.5E-3", "1E400", "123456789012345", "1234567890123456",
                "-1" + "0" * 5000]  # fmt: skip
_KEYS = st.sampled_from(
    ["go.formatTool", "gopls", "[go]", "a/*b*/", "x//y", "k\\u00e9", 'q\\"', "", "{}", "]["]
)


@st.composite
def _jsonc_texts(draw: st.DrawFn, depth: int = 0) -> str:
    """JSONC as people write it: any value, with comments, blanks and trailing commas between tokens."""

    def gap() -> str:
        return draw(st.sampled_from(_GAPS))

    kind = draw(st.sampled_from(["object", "array", "scalar"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(
            st.sampled_from([*_RAW_NUMBERS, "true", "false", "null"])
            | st.text(alphabet='ab/*"\\[]{},:é\t\u2028', max_size=8).map(json.dumps)
            | st.floats(allow_nan=False, allow_infinity=False).map(json.dumps)
        )
    keys = draw(st.lists(_KEYS, max_size=4)) if kind == "object" else []
    count = len(keys) if kind == "object" else draw(st.integers(0, 4))
    entries = []
    for i in range(count):
        value = draw(_jsonc_texts(depth + 1))
        head = f'"{keys[i]}"{gap()}:{gap()}' if kind == "object" else ""
        entries.append(gap() + head + value + gap())
    trailing = "," + gap() if entries and draw(st.booleans()) else ""
    open_, close = ("{", "}") if kind == "object" else ("[", "]")
    return open_ + ",".join(entries) + trailing + gap() + close


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "\ufeff"]), st.sampled_from(_GAPS), _jsonc_texts(), st.sampled_from(_GAPS))
def test_fast_path_reads_jsonc_like_the_exact_parser(bom: str, before: str, body: str, after: str) -> None:
    """The C path (comments and trailing commas blanked, json.loads, members read when asked
    for) takes every valid document, and gives the exact parser's tree, comment spans,
    duplicate keys and values (issue 18)."""
    from unittest import mock

    from goide.settings import jsonc

    text = bom + before + body + after
    assert jsonc._read_fast(text) is not None
    fast = _shape(text), parse(text).to_value()
    with mock.patch.object(jsonc, "_EAGER_SPAN", 0):  # every scalar member kept as its span
        lazy = _shape(text), parse(text).to_value()
    whole = _shape(text, whole=True), parse(text).to_value()
    with mock.patch.object(jsonc, "_read_fast", return_value=None):
        exact = _shape(text), parse(text).to_value()
        exact_whole = _shape(text, whole=True), parse(text).to_value()
    assert repr(fast) == repr(exact)
    assert repr(lazy) == repr(exact)
    assert repr(whole) == repr(exact)
    assert repr(exact_whole) == repr(exact)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map(lambda parts: "{" + "".join(parts)))
def test_fast_path_falls_back_for_everything_else(text: str) -> None:
    """Any text: the same tree, comments and errors with and without the fast path."""
    from unittest import mock

    from goide.settings import jsonc

    fast = _shape(text)
    whole = _shape(text, whole=True)
    with mock.patch.object(jsonc, "_read_fast", return_value=None):
        exact = _shape(text)
    assert repr(fast) == repr(exact)
    assert repr(whole) == repr(exact)


# The edges of the fast path: each is read by the exact parser or gives its answer.
EDGES = [
    "[,]", "{,}", "[1,,]", '{"a":,}', "[ /* c */ , ]", '{"a": 1, /* c */ }', "[NaN]", "[Infinity]",
    "[-Infinity]", '{"a": 1, "a": 1}', '{"x": {"a": 1, "a": 2}}', "[1,\u00a02]", "[1,\ufeff2]",
    '["a\tb"]', '["a\u2028b"]', "[1/2]", "[1 /* open", "[1] // end", "[1] //", "// a\r[1]\r// b",
    "[" * 200 + "]" * 200, "[" * 201 + "]" * 201, "[1]]", "[1}", '{"a" /* c */ : /* d */ 1}',
    '{"\\u0041": "\\ud800"}', '["\\x"]', '["{\n"]', "[01]", "[1.]", "[.5]", "[+1]", " ", "\ufeff",
    "\ufeff// c\n",
    '{"a": {"b": false // , \n}, "c": null}', "[1 // , \n]", "[1 /* , */ ]",
    "1", '"s"', "true", "null", "-0", "[true1]", '["a"]x', '{"a": [1, 2,], "b": {"c": 3,},}',
]  # fmt: skip


@pytest.mark.parametrize("text", EDGES)
def test_fast_path_edges_parse_like_the_exact_parser(text: str) -> None:
    from unittest import mock

    from goide.settings import jsonc

    fast = _shape(text)
    whole = _shape(text, whole=True)
    with mock.patch.object(jsonc, "_read_fast", return_value=None):
        exact = _shape(text)
    assert repr(fast) == repr(exact)
    assert repr(whole) == repr(exact)
