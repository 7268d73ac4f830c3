"""Fuzz target for goide.debug.gosource.breakpoint_candidates: any text, seeded with real Go mains.

Every candidate must be a line of the text, after the `func main` line, strictly increasing, and
at most `limit` of them; nothing else may happen (no exception, no hang).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.debug.gosource import breakpoint_candidates

SEEDS = [
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n',
    "package main\n\nfunc main() {}\n",
    "package main\r\n\r\nfunc main() {\r\n\t/* c\r\n\t*/\r\n\trun()\r\n}\r\n",
    "package main\n\nfunc main() {\n\tif x {\n\t\ty()\n\t}\n\t// done\n}\n",
]
pieces = st.sampled_from(
    [
        "func main() {",
        "func main(){}",
        "}",
        "{",
        "\n",
        "\r\n",
        "\t",
        "/*",
        "*/",
        "//",
        "x()",
        " ",
        "package main",
    ]
)


@st.composite
def sources(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(SEEDS))
    at = draw(st.integers(0, len(base)))
    extra = "".join(draw(st.lists(pieces | st.text(max_size=5), max_size=12)))
    return base[:at] + extra + base[at:]


def check(source: str, limit: int) -> None:
    lines = breakpoint_candidates(source, limit=limit)
    count = len(source.splitlines())
    assert len(lines) <= limit
    assert list(lines) == sorted(set(lines))
    assert all(1 <= n <= max(count, 1) for n in lines)


def run(max_examples: int) -> None:
    fast = settings(max_examples=max_examples, deadline=None, database=None)
    fast(given(sources() | st.text(max_size=200), st.integers(1, 10))(check))()


if __name__ == "__main__":
    run(20000)
