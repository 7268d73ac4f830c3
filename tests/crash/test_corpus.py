"""The corpus of real crash logs pasted in public issues (tests/data/crash/, sources in
expected.json and README.md): goide's kind and culprit for each, against what a reader names.

The README's table is what goide says today; this test fails when it is stale (regenerate it
with `GOIDE_REGEN_CORPUS=1 pytest tests/crash/test_corpus.py`), and when the hit rate drops.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from goide.crash.classify import summarize
from goide.crash.traceback import parse_text

DATA = Path(__file__).parent.parent / "data" / "crash"
README_HEAD = """# Real crash logs from public issues

Each file is text pasted into the public issue named below (excerpts as the issue shows them,
unchanged: vscode-go's automated reports with `\\t  file.go:N  0xOFF` frames, govim and GitHub
Actions prefixes, Go 1.20-style `running tests:`). `expected.json` says what a reader names as the
crash (kind, culprit function; `-` when the culprit's goroutine is not in the excerpt), judged from
the text; the table says what `goide crash` says. A hit is the right kind and the right culprit
(and, for a test timeout, the right stuck test).

Regenerate the table with `GOIDE_REGEN_CORPUS=1 pytest tests/crash/test_corpus.py`.

| file | source | expected kind / culprit | goide says | hit |
|---|---|---|---|---|
"""


def _row(name: str, expected: dict[str, str | None]) -> tuple[str, bool]:
    found = parse_text((DATA / name).read_text())
    if not found:
        said, hit = "no crash found", False
    else:
        summary = summarize(found[0])
        culprit = summary.culprit.function if summary.culprit else None
        stuck = expected.get("stuck")
        hit = summary.kind.value == expected["kind"] and culprit == expected["culprit"]
        if stuck is not None:
            hit = hit and summary.stuck_tests == [stuck]
        said = f"{summary.kind.value} / `{culprit or '-'}`"
        if summary.stuck_tests:
            said += f" (stuck: `{', '.join(summary.stuck_tests)}`)"
        if summary.crash.gopls_version:
            said += f", gopls {summary.crash.gopls_version}"
    want = f"{expected['kind']} / `{expected['culprit'] or '-'}`"
    return f"| {name} | {expected['url']} | {want} | {said} | {'yes' if hit else 'no'} |", hit


def test_corpus_table_and_hit_rate() -> None:
    expected = json.loads((DATA / "expected.json").read_text())
    expected.pop("_comment")
    assert set(expected) == {p.name for p in DATA.glob("*.txt")}
    rows = [_row(name, want) for name, want in sorted(expected.items())]
    hits = sum(hit for _row_text, hit in rows)
    table = README_HEAD + "\n".join(r for r, _ in rows) + f"\n\nHit rate: {hits}/{len(rows)}.\n"
    readme = DATA / "README.md"
    if os.environ.get("GOIDE_REGEN_CORPUS"):
        readme.write_text(table)
    assert readme.read_text() == table
    assert hits >= 16, f"hit rate fell to {hits}/{len(rows)}"
