"""The "Lint and format" area of `goide doctor`: `collect` stores LintFacts for the workspace (or the
current directory) as plain JSON in `Facts.extra["lint"]`; `judge` runs the lint rules on it.

Typed against small protocols, not doctor's classes, so `lint` does not import `doctor`
(doctor imports this module for its AREAS line)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from goide.core.areas import ProbeContext, StoredFacts
from goide.core.model import Finding


def collect_lint(ctx: ProbeContext) -> dict[str, Any] | None:
    """LintFacts as JSON, or None when the folder is no Go module and has no golangci-lint config."""
    from goide.lint.config import find_config
    from goide.mod.gomod import find_gomod

    directory = Path(ctx.workspace or os.getcwd())
    home = Path(ctx.home)
    if find_gomod(directory) is None and find_config(directory, directory, None) is None:
        return None
    from goide.lint.collect import collect  # only here: most of its imports serve a module's lint setup

    facts = collect(directory, environ=dict(ctx.environ), home=home, timeout=ctx.timeout)
    return facts.to_json()


def judge_lint(facts: StoredFacts) -> list[Finding]:
    data = facts.extra.get("lint")
    if not isinstance(data, dict):
        return []
    from goide.lint.model import LintFacts
    from goide.lint.rules import check

    return check(LintFacts.from_json(data))
