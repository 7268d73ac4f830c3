"""Secrets out of everything `goide mod` prints: the known secrets read from .netrc, GOPROXY and git's
configuration are replaced by REDACTED, then `core.redact` removes every secret shape it knows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from goide.core.redact import REDACTED, redact_text
from goide.mod.netrc import MIN_SECRET


class Scrubber:
    def __init__(self, secrets: Iterable[str]) -> None:
        # Longest first, so that a secret holding a shorter one is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)

    def text(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return redact_text(text)

    def document(self, value: Any) -> Any:
        """A JSON document with every string scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.document(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.document(v) for v in value]
        return value
