"""The text view written without rich (not a terminal) is byte for byte what rich writes.

render_text skips importing rich when the output is not a terminal; these tests render the same
findings both ways, on real findings and on text built to trip rich's markup, emoji codes and
tabs, and require the same bytes (or that the plain path declines and rich writes them).
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.core import findings as view
from goide.core.model import Finding, Fix, Severity
from tests.core.test_findings_render import FINDINGS

# Characters rich treats specially (markup brackets and escapes, emoji colons, tabs), the
# controls printable_line escapes, wide and combining characters, and plain letters.
PIECES = [*"ab [/]:#@\n\r\x1b\x85é字\u0301-=~", "[bold]", "[/]", ":smile:", "a:b", "https://u:p@h:8080"]
# Half the texts without the tab and backslash that always send the findings to rich, so that
# the plain path is taken often.
TEXT = st.one_of(
    st.lists(st.sampled_from(PIECES)).map("".join),
    st.lists(st.sampled_from([*PIECES, "\t", "\\"])).map("".join),
)


def _rich(findings: list[Finding], verbose: bool) -> str:
    out = io.StringIO()
    view._render_rich(findings, out, verbose=verbose)
    return out.getvalue()


def _plain(findings: list[Finding], verbose: bool) -> str:
    out = io.StringIO()
    view.render_text(findings, out, verbose=verbose)
    return out.getvalue()


def test_plain_view_equals_rich_on_real_findings() -> None:
    for verbose in (False, True):
        assert view._plain_lines(FINDINGS, verbose) is not None
        assert _plain(FINDINGS, verbose) == _rich(FINDINGS, verbose)


@st.composite
def findings(draw: st.DrawFn) -> list[Finding]:
    items = []
    for _ in range(draw(st.integers(1, 4))):
        fix = None
        if draw(st.booleans()):
            fix = Fix(draw(TEXT), command=draw(st.one_of(st.none(), TEXT)))
        items.append(
            Finding(
                "x.y",
                draw(st.sampled_from(list(Severity))),
                draw(TEXT),
                draw(st.sampled_from(["Go tools", "a [b] area", draw(TEXT)])),
                detail=draw(TEXT),
                fix=fix,
                evidence=tuple(draw(st.lists(TEXT, max_size=2))),
            )
        )
    return items


@settings(max_examples=400, deadline=None)
@given(findings(), st.booleans())
def test_plain_view_equals_rich_or_declines(items: list[Finding], verbose: bool) -> None:
    assert _plain(items, verbose) == _rich(items, verbose)


def test_plain_view_declines_what_rich_would_change() -> None:
    for title in ("a\tb", "ends with \\", "C:\\go", "so :smile: here", "a:b:c", ":Smile-emoji:"):
        item = Finding("x.y", Severity.WARNING, title, "area")
        assert view._plain_lines([item], False) is None, title
        assert _plain([item], False) == _rich([item], False)


def test_every_rich_emoji_name_is_caught() -> None:
    from rich._emoji_codes import EMOJI

    assert all(view.EMOJI_NAME.fullmatch(name) for name in EMOJI)
    assert all(view.EMOJI_NAME.fullmatch(name.upper()) for name in EMOJI)


def test_a_terminal_gets_rich() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert not view._plain_output(Terminal())
    assert view._plain_output(io.StringIO())
