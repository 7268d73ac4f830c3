"""Counted words for what goide prints: "1 group", "2 groups", "1 entry", "3 entries"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and `word`, with the plural (`many`, or `word` + "s") unless `count` is 1."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
