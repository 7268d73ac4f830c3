"""The smoke test's steps as a table: name, status, time, what was seen."""

from __future__ import annotations

from typing import IO

from goide.core.redact import redact_text
from goide.debug.smoke import SmokeFacts

_STATUS = {
    "passed": "[green]✓ passed[/]",
    "failed": "[red]✗ failed[/]",
    "not proven": "[yellow]? not proven[/]",
    "skipped": "[dim]- skipped[/]",
}


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
