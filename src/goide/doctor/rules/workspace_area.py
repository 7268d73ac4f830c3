"""The "Workspace" area of `goide doctor`: inotify limits against the directories VS Code would
watch, and what makes gopls slow on the workspace (`goide.gopls.rules`). Pure."""

from __future__ import annotations

from goide.core.model import Finding
from goide.doctor.facts import Facts
from goide.doctor.rules.registry import reads


@reads("workspace", "host")
def judge_workspace_area(facts: Facts) -> list[Finding]:
    from goide.gopls.rules import judge_workspace

    return judge_workspace(facts.extra.get("workspace"), goos=facts.host.os)
