"""Position sampling: the Go scanner on tricky source, UTF-16 columns, determinism with --seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from goide.core.errors import InputError
from goide.gopls.positions import make_plan, sample_workspace, scan_go

SOURCE = """package demo

import "fmt"

/* Block comment with Ident inside
   and more Words */
var raw = `Multi
line Raw string`

// Greet says hello in ü-land.
func Greet(name string) string {
	s := "a string with Fake.identifiers"
	r := 'x'
	return fmt.Sprintf("héllo %s", name) + s + string(r) // trailing Comment
}

type Thing struct{ Count int }

func (t Thing) Twice() int { return t.Count * 2 }
"""


def test_scanner_skips_comments_strings_raw_strings_and_predeclared() -> None:
    idents, dots = scan_go(SOURCE)
    words = {w for _line, _col, w in idents}
    assert {"Greet", "name", "fmt", "Sprintf", "Thing", "Count", "Twice", "t", "s", "r", "raw"} <= words
    for hidden in (
        "Ident",
        "Words",
        "Multi",
        "Raw",
        "Fake",
        "identifiers",
        "Comment",
        "hello",
        "package",
        "demo",
    ):
        assert hidden not in words
    assert not {"string", "int", "return", "func"} & words  # predeclared and keywords
    # fmt.Sprintf: the dot after fmt, on line 13 (0-based), column after the dot.
    line = SOURCE.split("\n")[13]
    assert (13, line.index("fmt.") + 4, "fmt") in dots
    assert (18, SOURCE.split("\n")[18].index("t.Count") + 2, "t") in dots


def test_columns_are_utf16_code_units() -> None:
    text = 'package p\n\nvar s = "𝔘𝔫" + X\n'
    idents, _dots = scan_go(text)
    (x,) = [(line, col) for line, col, w in idents if w == "X"]
    # The two characters before X are outside the BMP: four UTF-16 code units.
    assert x == (2, len('var s = "𝔘𝔫" + ') + 2)


def _sources() -> dict[str, str]:
    return {f"pkg{i}/f{i}.go": SOURCE.replace("Greet", f"Greet{i}") for i in range(6)}


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    one = make_plan(_sources(), seed=7, per_kind=3)
    assert make_plan(_sources(), seed=7, per_kind=3) == one
    others = {make_plan(_sources(), seed=s, per_kind=3) for s in range(8, 14)}
    assert any(p != one for p in others)
    assert len(one.hover) == len(one.completion) == len(one.symbols) == 3
    assert all(p.word for p in one.completion)
    assert one.edit == one.symbols[:1]
    assert len(one.query) == 4


def test_plan_labels_are_benchmark_name_safe() -> None:
    plan = make_plan(_sources(), seed=1, per_kind=2)
    for position in plan.hover:
        assert "/" not in position.label
        assert " " not in position.label
        assert position.label.startswith(position.file.rsplit("/", 1)[-1] + ":")


def test_no_go_files_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing here")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.go").write_text("package x\nvar A = 1\n")  # filtered out
    with pytest.raises(InputError, match="no Go files"):
        sample_workspace(tmp_path, seed=1, per_kind=3)


def test_files_without_identifiers(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_text("package a\n")
    with pytest.raises(InputError, match="no identifiers"):
        sample_workspace(tmp_path, seed=1, per_kind=3)
