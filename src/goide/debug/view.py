"""The smoke test's steps as a table: name, status, time, what was seen."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from goide.core.redact import redact_text
from goide.debug.smoke import STEP_NAMES, SmokeFacts, Step

_STATUS = {
    "passed": "[green]✓ passed[/]",
    "failed": "[red]✗ failed[/]",
    "not proven": "[yellow]? not proven[/]",
    "skipped": "[dim]- skipped[/]",
}


_MARK = {"passed": "✓", "failed": "✗", "not proven": "?", "skipped": "-"}


def step_progress(out: IO[str], *, launch_timeout: float) -> Callable[[Step], None] | None:
    """On a terminal, a line per step as it finishes (and what comes next when it takes long),
    so that a build of many seconds is not silence; None elsewhere (the table says it all)."""
    if not out.isatty():
        return None
    out.write("dlv dap smoke test: start\n")
    out.flush()

    def show(step: Step) -> None:
        if step.status == "skipped":
            return
        seconds = f"{step.seconds * 1000:.0f} ms"
        out.write(f"  {_MARK[step.status]} {step.name:<17} {seconds:>8}  {redact_text(step.detail)}\n")
        following = STEP_NAMES.index(step.name) + 1
        if step.status != "failed" and following < len(STEP_NAMES):
            upcoming = STEP_NAMES[following]
            if upcoming == "launch":
                out.write(f"  … launch: Delve builds the program (up to {launch_timeout:g} s)\n")
            elif upcoming == "stopped":
                out.write("  … waiting for the program to reach the breakpoint\n")
        out.flush()

    return show


def render_steps(facts: SmokeFacts, out: IO[str]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out, highlight=False)
    table = Table(title=f"dlv dap smoke test: {escape(facts.program)}", title_justify="left")
    table.add_column("step")
    table.add_column("status")
    table.add_column("time", justify="right")
    table.add_column("detail", overflow="fold")
    for step in facts.steps:
        seconds = f"{step.seconds * 1000:.0f} ms" if step.status != "skipped" else ""
        table.add_row(step.name, _STATUS[step.status], seconds, escape(redact_text(step.detail)))
    console.print(table)
    total = sum(step.seconds for step in facts.steps)
    console.print(f"total {total:.2f}s, dlv {escape(facts.dlv)}")
    console.print()
