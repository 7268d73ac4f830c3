"""Finding a main package and the lines of func main a breakpoint can go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz import fuzz_gosource
from goide.core.errors import InputError
from goide.debug.gosource import breakpoint_candidates, find_main_package
from tests.helpers import write_module

SIMPLE = """package main

import "fmt"

// main says hello.
func main() {
\t// a comment first

\tname := "x" /* trailing */
\tfmt.Println(name)
}
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (SIMPLE, (9, 10, 11)),
        ("package main\n\nfunc main() {}\n", (3,)),
        ("package main\n\nfunc main() { run() }\n", (3,)),
        ("package main\n\nfunc main() {\n}\n", (4,)),
        ("package main\n\nfunc main() {\n\t/* a\n\t   b */\n\trun()\n}\n", (6, 7)),
        ("package main\n\nfunc main() {\n\tif x {\n\t\ty()\n\t}\n}\n", (4, 5, 7)),
        ("package main\n\nfunc helper() {\n\tx()\n}\n", ()),
        ("package main\n\nfunc main(){\n\tx()\n}\n", (4, 5)),
    ],
)
def test_breakpoint_candidates(source: str, expected: tuple[int, ...]) -> None:
    assert breakpoint_candidates(source) == expected


def test_candidates_are_limited() -> None:
    body = "".join(f"\tx{i}()\n" for i in range(50))
    assert breakpoint_candidates(f"package main\n\nfunc main() {{\n{body}}}\n", limit=3) == (4, 5, 6)


def test_main_package_in_the_directory_itself(tmp_path: Path) -> None:
    write_module(tmp_path, {"go.mod": "module m\n", "main.go": SIMPLE, "main_test.go": "package main\n"})
    found = find_main_package(tmp_path)
    assert found.directory == tmp_path
    assert found.main_file == tmp_path / "main.go"
    assert found.candidate_lines[0] == 9


def test_the_only_main_package_below(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "go.mod": "module m\n",
            "lib.go": "package lib\n",
            "gen.go": "//go:build ignore\n\npackage main\n\nfunc main() {\n\tx()\n}\n",
            "cmd/app/main.go": SIMPLE,
            "vendor/v/main.go": SIMPLE,
            "testdata/t/main.go": SIMPLE,
            ".git/x/main.go": SIMPLE,
        },
    )
    assert find_main_package(tmp_path).directory == tmp_path / "cmd" / "app"


def test_several_main_packages_is_an_input_error(tmp_path: Path) -> None:
    write_module(tmp_path, {"cmd/a/main.go": SIMPLE, "cmd/b/main.go": SIMPLE})
    with pytest.raises(InputError, match="2 main packages") as caught:
        find_main_package(tmp_path)
    assert caught.value.hint is not None
    assert "--program" in caught.value.hint


@pytest.mark.parametrize("layout", ["missing", "file", "library"])
def test_no_main_package_is_an_input_error(tmp_path: Path, layout: str) -> None:
    target = tmp_path / "x"
    if layout == "file":
        target.write_text("x")
    elif layout == "library":
        write_module(target, {"lib.go": "package lib\n\nfunc main() {\n}\n"})
    with pytest.raises(InputError):
        find_main_package(target)


def test_fuzz_breakpoint_candidates() -> None:
    fuzz_gosource.run(max_examples=200)
