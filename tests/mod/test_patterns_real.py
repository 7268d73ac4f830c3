"""`goide.mod.patterns` against golang.org/x/mod `module.MatchPrefixPatterns` run through real Go:
the function's own test table (read from module_test.go in the module cache), cases users get
wrong (spaces, schemes, `/*`, malformed patterns), and random patterns, all answered by the tiny
Go program of tests/mod/xmod.py built against x/mod."""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path

import pytest

from goide.mod.patterns import match_prefix_patterns
from tests.helpers import tool
from tests.mod.xmod import XMOD, build_matcher, go_answers


@pytest.fixture(scope="module")
def go_matcher(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_matcher(tmp_path_factory.mktemp("xmod"))


def _go_answers(binary: Path, pairs: list[tuple[str, str]]) -> list[bool]:
    return go_answers(binary, pairs, timeout=60)


def _xmod_table() -> list[tuple[str, str, bool]]:
    """TestMatchPrefixPatterns's table, from x/mod's source in the module cache (downloaded from the
    module proxy when the cache lacks it)."""
    done = subprocess.run(
        [str(tool("go")), "mod", "download", "-json", f"golang.org/x/mod@{XMOD}"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    source = (Path(json.loads(done.stdout)["Dir"]) / "module" / "module_test.go").read_text()
    body = source.split("func TestMatchPrefixPatterns", 1)[1].split("\n}\n", 1)[0]
    return [(g, t, w == "true") for g, t, w in re.findall(r'\{"([^"]*)", "([^"]*)", (true|false)\}', body)]


def test_xmod_own_table(go_matcher: Path) -> None:
    table = _xmod_table()
    assert len(table) >= 20
    go = _go_answers(go_matcher, [(g, t) for g, t, _ in table])
    for (globs, target, want), real in zip(table, go, strict=True):
        assert real == want, (globs, target)
        assert match_prefix_patterns(globs, target) == want, (globs, target)


USER_CASES = [
    ("github.com/org, gitlab.com/org", "gitlab.com/org/repo"),
    ("github.com/org ,gitlab.com/org", "github.com/org/repo"),
    (" github.com/org", "github.com/org/repo"),
    ("https://github.com/org", "github.com/org/repo"),
    ("github.com/org/*", "github.com/org"),
    ("github.com/org/*", "github.com/org/repo/sub"),
    ("*.corp.example.com", "git.corp.example.com/team/repo"),
    ("*.corp.example.com", "corp.example.com/x"),
    ("corp.example.com/[", "corp.example.com/x"),
    ("corp.example.com/[a-", "corp.example.com/a"),
    ("corp.example.com/[^b]x", "corp.example.com/ax"),
    ("corp.example.com/[a-c]x", "corp.example.com/bx"),
    ("corp.example.com/\\", "corp.example.com/x"),
    ("corp.example.com/\\*", "corp.example.com/*"),
    ("corp.example.com/x?", "corp.example.com/x/"),
    ("**", "a/b"),
    ("*/*", "a"),
    ("a//b", "a//b"),
    (",,,", "a"),
    ("é*", "éa/b"),
    ("[]a]", "]"),
    ("*[", "ab"),
    ("a*b*c", "axxbyyc/d"),
]


def test_user_mistakes_and_malformed(go_matcher: Path) -> None:
    go = _go_answers(go_matcher, USER_CASES)
    assert [match_prefix_patterns(g, t) for g, t in USER_CASES] == go


def test_random_patterns_differential(go_matcher: Path) -> None:
    """Random globs and paths from a small alphabet that hits every branch of path.Match."""
    rng = random.Random(1234)
    alphabet = "ab/*?[]^-\\,. "
    pairs = [
        (
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))),
            "".join(rng.choice("ab/.-]") for _ in range(rng.randint(0, 8))),
        )
        for _ in range(3000)
    ]
    go = _go_answers(go_matcher, pairs)
    mismatches = [(p, r) for p, r in zip(pairs, go, strict=True) if match_prefix_patterns(*p) != r]
    assert not mismatches, mismatches[:10]
