"""The hunks built from known changes are difflib.unified_diff's, byte for byte (issue 18)."""

from __future__ import annotations

import difflib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.hunks import Change, matching_lines, unified_lines
from goide.core.safe_write import unified_diff, unified_diff_edits

# Few distinct line bodies so that lines repeat (difflib may then pair them otherwise), numbered
# ones so that most lines of a long text are unique, and every line break splitlines knows.
_BODIES = st.one_of(st.sampled_from(["a", "b", "}", "    },", ""]), st.integers(0, 10**6).map(str))
_ENDS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\x0c", "\u2028"])
_LINE = st.builds(lambda body, end: body + end, _BODIES, _ENDS)
_PIECE = st.text(alphabet="ab}\n\r ,x", max_size=12)


def _apply(old: str, edits: list[tuple[int, int, str]]) -> tuple[str, str, list[Change]]:
    """(old, the new text, the changes) for `edits` (start, end, content) in order in `old`."""
    changes: list[Change] = []
    parts: list[str] = []
    old_pos = new_pos = 0
    for start, end, content in edits:
        parts.append(old[old_pos:start])
        new_pos += start - old_pos
        parts.append(content)
        changes.append((start, end, new_pos, new_pos + len(content)))
        new_pos += len(content)
        old_pos = end
    parts.append(old[old_pos:])
    return old, "".join(parts), changes


@st.composite
def edited(draw: st.DrawFn, max_lines: int = 40) -> tuple[str, str, list[Change]]:
    """A text, edits at random places (start, end, touching, inside a CR LF) and the result."""
    lines = draw(st.lists(_LINE, max_size=max_lines))
    if lines and draw(st.booleans()):
        lines[-1] = lines[-1].rstrip("\r\n\x0c\u2028")  # no final line break
    old = "".join(lines)
    cuts = sorted(draw(st.lists(st.integers(0, len(old)), max_size=8)))
    spans = []
    for i in range(0, len(cuts) - 1, 2):
        spans.append((cuts[i], cuts[i + 1]))
    if len(cuts) % 2:
        spans.append((cuts[-1], cuts[-1]))  # an insertion
    edits: list[tuple[int, int, str]] = []
    for start, end in spans:
        if edits and start == edits[-1][1] and end == start and edits[-1][0] == start:
            continue
        edits.append((start, end, draw(_PIECE)))
    return _apply(old, edits)


def _difflib(old: str, new: str) -> list[str]:
    return list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "before", "after"))


def _assert_built_is_difflibs(case: tuple[str, str, list[Change]]) -> None:
    """Where the builder answers, its lines are exactly difflib's."""
    old, new, changes = case
    built = unified_lines(old, new, changes, "before", "after")
    if built is not None:
        assert list(built) == _difflib(old, new)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_built_hunks_are_difflibs(case: tuple[str, str, list[Change]]) -> None:
    _assert_built_is_difflibs(case)
    old, new, changes = case
    path = Path("settings.json")
    assert unified_diff_edits(path, old, new, changes) == unified_diff(path, old, new)


@st.composite
def long_edited(draw: st.DrawFn) -> tuple[str, str, list[Change]]:
    """A text of 200 lines or more (difflib's autojunk: popular lines never start a match), with
    numbered lines and a few lines repeated often, and edits that may add or remove such lines."""
    count = draw(st.integers(200, 400))
    common = draw(st.sampled_from(["    },\n", "}\n", "\n"]))
    every = draw(st.integers(2, 40))
    lines = [common if i % every == 0 else f'    "key{i}": {i},\n' for i in range(count)]
    # A few lines given again elsewhere, or a short run of them: repeated, but not popular.
    for source, target, length in draw(
        st.lists(st.tuples(*[st.integers(0, count - 1)] * 2, st.integers(1, 3)))
    ):
        for offset, line in enumerate(lines[source : source + length]):
            if target + offset < count:
                lines[target + offset] = line
    old = "".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    picked = sorted(set(draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=6))))
    edits: list[tuple[int, int, str]] = []
    for index in picked:
        start = starts[index] + draw(st.integers(0, len(lines[index]) - 1))
        end = min(len(old), start + draw(st.integers(0, 30)))
        if edits and start < edits[-1][1]:
            continue
        content = draw(st.sampled_from(["", common, "X", '    "new": 1,\n', common * 3, "Y\n" + common]))
        edits.append((start, end, content))
    return _apply(old, edits)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_edited())
def test_built_hunks_are_difflibs_with_popular_lines(case: tuple[str, str, list[Change]]) -> None:
    _assert_built_is_difflibs(case)


def test_spread_renames_are_built_not_searched() -> None:
    # What `settings fix` gives: keys renamed far apart in a long file; the builder must prove
    # these (difflib would take seconds), and print what difflib prints.
    lines = [f'    "editor.someSetting{i:05d}": "value {i:05d}",\n' for i in range(3000)]
    for at in range(100, 3000, 300):  # lines a real file repeats, fewer times than difflib's 1%
        lines[at : at + 3] = ['    "[go]": {\n', '        "editor.formatOnSave": true\n', "    },\n"]
    old = "{\n" + "".join(lines) + "}\n"
    changes: list[Change] = []
    parts, old_pos, new_pos = [], 0, 0
    for i in range(0, 3000, 7):
        if f'"editor.someSetting{i:05d}"' not in old:
            continue  # one of the repeated lines is there
        start = old.index(f'"editor.someSetting{i:05d}"')
        end = start + len(f'"editor.someSetting{i:05d}"')
        parts.append(old[old_pos:start])
        new_pos += start - old_pos
        parts.append(f'"editor.renamed{i:05d}"')
        changes.append((start, end, new_pos, new_pos + len(f'"editor.renamed{i:05d}"')))
        new_pos += len(f'"editor.renamed{i:05d}"')
        old_pos = end
    parts.append(old[old_pos:])
    new = "".join(parts)
    assert matching_lines(old, new, changes) is not None
    path = Path("settings.json")
    assert unified_diff_edits(path, old, new, changes) == unified_diff(path, old, new)


def test_wrong_changes_fall_back_to_difflib() -> None:
    old, new = "a\nb\nc\n", "a\nB\nc\n"
    assert unified_lines(old, new, [(0, 1, 0, 1)], "x", "y") is None  # the change is elsewhere
    path = Path("f")
    assert unified_diff_edits(path, old, new, [(0, 1, 0, 1)]) == unified_diff(path, old, new)
