"""Fuzz targets for the parsers of `goide gopls`: the Go scanner that samples positions, VS Code
globs and gopls directory filters, go.work `use` lines, Go durations from `gopls stats`, and the
benchmark lines it writes (any key or variant name must read back through goide's benchfmt reader
without a syntax error).

`check_scan` asserts that every identifier found is really at the UTF-16 position reported.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.bench import benchfmt
from goide.gopls.globs import filtered_out, glob_matches, watch_excluded
from goide.gopls.positions import scan_go
from goide.gopls.results import Sample, round_text
from goide.gopls.stats import go_duration_seconds
from goide.gopls.workspace import _go_work_uses

GO_SEEDS = [
    'package p\n\nimport "fmt"\n\nfunc F(s string) { fmt.Println(s, `raw\nline`, \'x\', "q\\"") }\n',
    "package p\n/* a\n b */ var X = Y.Z // c\n",
    'package p\nvar s = "𝔘𝔫" + X.Y\n',
    "package p\r\nfunc (t T) M() int { return t.n }\r\n",
]
go_pieces = st.sampled_from(["`", '"', "'", "\\", "/*", "*/", "//", ".", "\n", "x", "é", "𝔘", " ", "A.b"])


@st.composite
def go_sources(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(GO_SEEDS))
    at = draw(st.integers(0, len(base)))
    return base[:at] + "".join(draw(st.lists(go_pieces | st.text(max_size=4), max_size=10))) + base[at:]


def _at(line: str, column: int) -> str:
    """The text of `line` from UTF-16 column `column`."""
    units = line.encode("utf-16-le")
    return units[column * 2 :].decode("utf-16-le", errors="replace")


def check_scan(text: str) -> None:
    idents, dots = scan_go(text)
    lines = text.split("\n")
    for number, column, word in idents:
        assert 0 <= number < len(lines)
        assert _at(lines[number], column).startswith(word)
    for number, column, word in dots:
        before = lines[number].encode("utf-16-le")[: column * 2].decode("utf-16-le", errors="replace")
        assert before.endswith(word + ".")


def check_patterns(pattern: str, path: str, filters: list[str], work: str, duration: str) -> None:
    assert isinstance(glob_matches(pattern, path), bool)
    assert isinstance(watch_excluded(path, [pattern]), bool)
    assert isinstance(filtered_out(path, filters), bool)
    assert all(isinstance(u, str) for u in _go_work_uses(work))
    seconds = go_duration_seconds(duration)
    assert seconds is None or seconds >= 0


def check_results(kind: str, key: str, variant: str, value: int) -> None:
    """Keys come from file names and variants from settings file names: any text at all."""
    text = round_text(variant, [Sample(kind, key, value), Sample("Memory", "", value, "peak-RSS-B")])
    units = benchfmt.UnitRegistry()
    records = list(benchfmt.read_text(io.BytesIO(text.encode("utf-8", "surrogatepass")), "f", "f", units))
    assert not [r for r in records if isinstance(r, benchfmt.SyntaxError)], text
    assert sum(1 for r in records if isinstance(r, benchfmt.Result)) == 2


kinds = st.sampled_from(["Hover", "Completion", "DiagnosticsAfterEdit", "UnknownMethod"])


def run(max_examples: int) -> None:
    fast = settings(max_examples=max_examples, deadline=None, database=None)
    fast(given(go_sources() | st.text(max_size=120))(check_scan))()
    fast(
        given(
            st.text(max_size=30) | st.sampled_from(["**/node_modules/*/**", "{a,b}/[!x]*", "[", "{", "**"]),
            st.text(max_size=30),
            st.lists(st.text(max_size=12), max_size=4),
            st.text(max_size=60) | st.just("use (\n ./a\n)\nuse ./b // c\n"),
            st.text(max_size=12) | st.just("1m2.5s"),
        )(check_patterns)
    )()
    fast(given(kinds, st.text(max_size=20), st.text(max_size=20), st.integers(0, 10**15))(check_results))()


if __name__ == "__main__":
    run(max_examples=5000)
