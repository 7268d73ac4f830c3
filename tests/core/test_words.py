"""Counted words: one of a thing is singular, every other count plural (issue 17 "Also")."""

from __future__ import annotations

import pytest

from goide.core.words import plural


@pytest.mark.parametrize(
    ("count", "word", "many", "text"),
    [
        (0, "group", None, "0 groups"),
        (1, "group", None, "1 group"),
        (2, "build error", None, "2 build errors"),
        (1, "PATH entry", "PATH entries", "1 PATH entry"),
        (3, "PATH entry", "PATH entries", "3 PATH entries"),
    ],
)
def test_plural(count: int, word: str, many: str | None, text: str) -> None:
    assert plural(count, word, many) == text
