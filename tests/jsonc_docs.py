"""Random JSONC settings documents in the styles people write, for property tests and fuzzing.

A document is a value tree rendered with a drawn style: indentation (tab, 2 or 4 spaces), line
ending (LF or CR LF), a BOM or not, trailing commas or not, and comments (line comments on
their own line and after commas, block comments before values) in random places.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

KEYS = st.sampled_from(
    [
        "go.formatTool",
        "go.lintTool",
        "go.useLanguageServer",
        "gopls",
        "ui.semanticTokens",
        "build.buildFlags",
        "[go]",
        "editor.formatOnSave",
        "a",
        "b",
        "naïve ✓",
        'quote " and \\ slash',
    ]
)
SCALARS = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)


def values(depth: int = 3) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    inner = values(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(inner, max_size=4),
        st.dictionaries(KEYS, inner, max_size=4),
    )


settings_values = st.dictionaries(KEYS, values(2), max_size=6)

COMMENT_TEXT = st.text(alphabet="abc xyz-:,{}[]\"'", max_size=10)


@st.composite
def styles(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "unit": draw(st.sampled_from(["\t", "  ", "    "])),
        "eol": draw(st.sampled_from(["\n", "\r\n"])),
        "bom": draw(st.booleans()),
        "trailing": draw(st.booleans()),
        "comments": draw(st.integers(min_value=0, max_value=3)),
    }


def render(draw: st.DrawFn, value: Any, style: dict[str, Any]) -> str:
    """`value` as JSONC text in `style`; comments are drawn as the text is built."""
    eol, unit = style["eol"], style["unit"]

    def comment(indent: str) -> str:
        if not style["comments"] or not draw(st.integers(0, 3)) < style["comments"]:
            return ""
        text = draw(COMMENT_TEXT).replace("*/", "")
        kind = draw(st.sampled_from(["own-line", "block"]))
        if kind == "own-line":
            return f"// {text}{eol}{indent}"
        return f"/* {text} */ "

    def trailing(indent: str) -> str:
        if style["comments"] and draw(st.integers(0, 3)) < style["comments"]:
            return f" // {draw(COMMENT_TEXT)}"
        return ""

    def go(node: Any, indent: str) -> str:
        inner = indent + unit
        if isinstance(node, dict):
            if not node:
                return "{}"
            parts = []
            items = list(node.items())
            for i, (key, child) in enumerate(items):
                last = i == len(items) - 1
                comma = "," if not last or style["trailing"] else ""
                parts.append(
                    f"{inner}{comment(inner)}{json.dumps(key, ensure_ascii=False)}: "
                    f"{comment(inner)}{go(child, inner)}{comma}{trailing(inner)}"
                )
            return "{" + eol + eol.join(parts) + eol + indent + "}"
        if isinstance(node, list):
            if not node:
                return "[]"
            parts = []
            for i, child in enumerate(node):
                last = i == len(node) - 1
                comma = "," if not last or style["trailing"] else ""
                parts.append(f"{inner}{comment(inner)}{go(child, inner)}{comma}{trailing(inner)}")
            return "[" + eol + eol.join(parts) + eol + indent + "]"
        return json.dumps(node, ensure_ascii=False)

    head = f"// settings{eol}" if style["comments"] else ""
    return ("\ufeff" if style["bom"] else "") + head + go(value, "") + eol


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, Any]:
    """(text, the value it must parse to)."""
    value = draw(settings_values)
    return render(draw, value, draw(styles())), value
