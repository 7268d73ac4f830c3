"""The hunks of a unified diff built from known changes, as `difflib.unified_diff` prints them.

`difflib.SequenceMatcher` compares every line of a long file again at each step of its
recursion: 300 changes spread over 150,000 lines take about ten seconds. When the caller knows
which character ranges changed, the lines between them are known to be equal, and for the
common case difflib's answer is known without searching: `matching_lines` proves it or says
it cannot (None), and then the caller runs difflib. The hunks are then made from those blocks
as SequenceMatcher.get_grouped_opcodes makes them. Pure: texts in, lines out.

When the proof holds (the conditions of `matching_lines`), every step of difflib's recursion
finds exactly one whole unchanged stretch: a longest match must start from a line that is not
"popular" (difflib's autojunk: more than 1% of the lines of a text of 200 or more) and such a
line occurs once in each text, at the same place of the same stretch; a match grows only
along that stretch, and stops at its ends because no changed line equals any line of the other
text. So difflib's matching blocks are the unchanged stretches, and its hunks follow from them.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence

# (start, end) in the old text replaced by (start, end) in the new text, in order, apart.
Change = tuple[int, int, int, int]
_CHUNK = 1 << 20


def _same(old: str, old_start: int, new: str, new_start: int, length: int) -> bool:
    """Whether old[old_start:+length] == new[new_start:+length], compared a megabyte at a time."""
    for at in range(0, length, _CHUNK):
        size = min(_CHUNK, length - at)
        if old[old_start + at : old_start + at + size] != new[new_start + at : new_start + at + size]:
            return False
    return True


def changes_hold(old: str, new: str, changes: Sequence[Change]) -> bool:
    """Whether `changes` are in order, apart, and the texts are equal everywhere else."""
    old_pos = new_pos = 0
    for old_start, old_end, new_start, new_end in changes:
        if old_start < old_pos or new_start < new_pos or old_end < old_start or new_end < new_start:
            return False
        if old_start - old_pos != new_start - new_pos:
            return False
        if not _same(old, old_pos, new, new_pos, old_start - old_pos):
            return False
        old_pos, new_pos = old_end, new_end
    tail = len(old) - old_pos
    return tail == len(new) - new_pos and _same(old, old_pos, new, new_pos, tail)


class _Region:
    """Changed lines: old lines [a_start, a_end) became `added` (new lines from b_start)."""

    __slots__ = ("a_end", "a_start", "added", "b_start")

    def __init__(self, a_start: int, a_end: int, b_start: int, added: list[str]) -> None:
        self.a_start = a_start
        self.a_end = a_end
        self.b_start = b_start
        self.added = added


def _regions(old: str, new: str, old_lines: list[str], changes: Sequence[Change]) -> list[_Region]:
    """The changes as whole lines, merged where they touch, trimmed of equal first and last lines."""
    starts = array("q", [0])
    starts.extend(itertools.accumulate(map(len, old_lines)))
    count = len(old_lines)
    spans: list[list[int]] = []  # [first line, end line, shift of the new text after it]
    for old_start, old_end, new_start, new_end in changes:
        first = min(bisect.bisect_right(starts, old_start) - 1, count)
        if first > 0 and starts[first] == old_start:
            first -= 1  # an edit at a line's start may join it to the line before (CR, then LF)
        last = min(bisect.bisect_right(starts, old_end), count)
        if spans and first <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], last)
            spans[-1][2] = new_end - old_end
        else:
            spans.append([first, last, new_end - old_end, new_start - old_start])
    regions: list[_Region] = []
    line_shift = 0
    for first, last, shift_after, shift_before in ((s[0], s[1], s[2], s[3]) for s in spans):
        added = new[starts[first] + shift_before : starts[last] + shift_after].splitlines(keepends=True)
        b_start = first + line_shift
        line_shift += len(added) - (last - first)
        head = 0
        while first + head < last and head < len(added) and old_lines[first + head] == added[head]:
            head += 1
        tail = 0
        while (
            last - tail > first + head
            and len(added) - tail > head
            and old_lines[last - tail - 1] == added[len(added) - tail - 1]
        ):
            tail += 1
        if last - tail - (first + head) or len(added) - tail - head:
            kept = added[head : len(added) - tail]
            regions.append(_Region(first + head, last - tail, b_start + head, kept))
    return regions


def matching_lines(
    old: str, new: str, changes: Sequence[Change]
) -> tuple[list[str], list[_Region], list[tuple[int, int, int]]] | None:
    """The old text's lines, the changed regions and difflib's matching blocks (with its final
    (len(a), len(b), 0)) for these texts, when provably the same as SequenceMatcher's; else None.

    The proof needs: the texts equal outside `changes`; no changed line (trimmed of the equal
    lines at both ends of a change) equal to any line of the other text; after each change, an
    unchanged stretch that is empty or holds a line that is not popular (difflib's autojunk);
    and every run of lines that pairs copies of a repeated, non-popular line at different places
    shorter than the longest run of non-popular lines of every unchanged stretch.
    """
    if not changes_hold(old, new, changes):
        return None
    old_lines = old.splitlines(keepends=True)
    regions = _regions(old, new, old_lines, changes)
    removed = Counter(line for region in regions for line in old_lines[region.a_start : region.a_end])
    added = Counter(line for region in regions for line in region.added)
    counts = Counter(old_lines)
    for line in removed:
        if counts[line] != removed[line] or line in added:
            return None  # a removed line is also elsewhere, in the old text or the new one
    for line in added:
        if counts[line]:
            return None
    size_b = len(old_lines) - removed.total() + added.total()
    # difflib (autojunk): in a text of 200 lines or more, a line given more than 1% of the times
    # plus one never starts a match.
    popular = size_b // 100 + 1 if size_b >= 200 else None
    # Unchanged lines given more than once that can start a match: difflib may pair two of
    # them that are not at the same place (checked below, once the stretches are known).
    repeated = {
        line
        for line, times in counts.items()
        if times > 1 and line not in removed and (popular is None or times <= popular)
    }
    blocks: list[tuple[int, int, int]] = []
    a_pos = b_pos = 0
    for number, region in enumerate(regions):
        if region.a_start > a_pos:
            stretch = old_lines[a_pos : region.a_start]
            if number > 0 and popular is not None and all(counts[line] > popular for line in stretch):
                return None  # no line here starts a match: difflib would not find this stretch
            blocks.append((a_pos, b_pos, region.a_start - a_pos))
        a_pos, b_pos = region.a_end, region.b_start + len(region.added)
    if a_pos < len(old_lines):
        stretch = old_lines[a_pos:]
        if regions and popular is not None and all(counts[line] > popular for line in stretch):
            return None
        blocks.append((a_pos, b_pos, len(old_lines) - a_pos))
    blocks.append((len(old_lines), size_b, 0))
    if repeated and not _aligned_runs_longer(old_lines, regions, blocks, repeated, counts, popular):
        return None
    return old_lines, regions, blocks


_MAX_CROSS_PAIRS = 100_000


def _aligned_runs_longer(  # noqa: PLR0917 (the parts of one proof, named)
    old_lines: list[str],
    regions: list[_Region],
    blocks: list[tuple[int, int, int]],
    repeated: set[str],
    counts: Counter[str],
    popular: int | None,
) -> bool:
    """Whether every run of equal lines that can start a match and pairs lines at different
    places (a line given twice, paired with its other copy) is shorter than the longest such
    run of one of the two unchanged stretches where it starts. In each step of difflib's
    recursion a range starts and ends where a change does, so one that holds such a pair holds
    both stretches whole, and a run of theirs is longer: difflib never picks the pair, and the
    proof of `matching_lines` holds."""

    def starts(line: str) -> bool:
        return popular is None or counts[line] <= popular

    longest: list[int] = []  # of each stretch, its longest run of lines that can start a match
    where: dict[str, list[tuple[int, int, int]]] = {}  # old line, new line, stretch
    for number, (a_start, b_start, size) in enumerate(blocks[:-1]):
        run = best = 0
        for offset, line in enumerate(old_lines[a_start : a_start + size]):
            if starts(line):
                run += 1
                best = max(best, run)
                if line in repeated:
                    where.setdefault(line, []).append((a_start + offset, b_start + offset, number))
            else:
                run = 0
        longest.append(best)
    if sum(len(places) * (len(places) - 1) for places in where.values()) > _MAX_CROSS_PAIRS:
        return False
    b_starts = [block[1] for block in blocks]
    added_starts = [region.b_start for region in regions]
    size_a, size_b = len(old_lines), blocks[-1][1]

    def new_line(j: int) -> str:
        at = bisect.bisect_right(b_starts, j) - 1
        a_start, b_start, size = blocks[at]
        if j < b_start + size:
            return old_lines[a_start + j - b_start]
        region = regions[bisect.bisect_right(added_starts, j) - 1]
        return region.added[j - region.b_start]

    for places in where.values():
        for i, aligned, stretch in places:
            for _, j, other in places:
                if j == aligned:
                    continue
                shortest = max(longest[stretch], longest[other])
                run = 0
                while run < shortest and i + run < size_a and j + run < size_b:
                    line = old_lines[i + run]
                    if not starts(line) or line != new_line(j + run):
                        break
                    run += 1
                if run >= shortest:
                    return False
    return True


def unified_lines(
    old: str, new: str, changes: Sequence[Change], fromfile: str, tofile: str, *, context: int = 3
) -> Iterator[str] | None:
    """What `difflib.unified_diff(old.splitlines(True), new.splitlines(True), fromfile, tofile,
    n=context)` yields, built from `changes` when `matching_lines` proves it; else None."""
    proved = matching_lines(old, new, changes)
    if proved is None:
        return None
    old_lines, regions, blocks = proved
    if not regions:
        return iter(())
    added_at = {region.b_start: region.added for region in regions}
    return _format(_groups(_opcodes(blocks), context), old_lines, added_at, fromfile, tofile)


Opcode = tuple[str, int, int, int, int]


def _opcodes(blocks: list[tuple[int, int, int]]) -> list[Opcode]:
    """SequenceMatcher.get_opcodes() for these matching blocks: what turns a into b, in order."""
    codes: list[Opcode] = []
    i = j = 0
    for a_at, b_at, size in blocks:
        if i < a_at or j < b_at:
            tag = "replace" if i < a_at and j < b_at else "delete" if i < a_at else "insert"
            codes.append((tag, i, a_at, j, b_at))
        i, j = a_at + size, b_at + size
        if size:
            codes.append(("equal", a_at, i, b_at, j))
    return codes


def _groups(codes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """SequenceMatcher.get_grouped_opcodes(context): the changes with `context` equal lines
    around each, changes closer than twice that in one group (a hunk)."""
    if not codes:
        return
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: list[Opcode] = []
    for tag, a_from, i2, b_from, j2 in codes:
        i1, j1 = a_from, b_from
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _format(
    groups: Iterator[list[Opcode]],
    old_lines: list[str],
    added_at: dict[int, list[str]],
    fromfile: str,
    tofile: str,
) -> Iterator[str]:
    """The lines of a unified diff, in difflib.unified_diff's format (no dates, LF line ends)."""
    yield f"--- {fromfile}\n"
    yield f"+++ {tofile}\n"
    for group in groups:
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in old_lines[i1:i2]:
                    yield " " + line
                continue
            for line in old_lines[i1:i2]:
                yield "-" + line
            if j2 > j1:
                for line in added_at[j1]:
                    yield "+" + line


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (1-based; `N` for one line, `N,0` for none)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"
