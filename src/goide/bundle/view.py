"""What `goide bundle` prints: build progress lines, the built bundle, the verification findings,
and the JSON documents (schemas in docs/bundle.md)."""

from __future__ import annotations

import threading
from typing import IO, Any

from goide.bundle.build import BuildResult, Job
from goide.bundle.failures import BuildFailure
from goide.bundle.inventory import Inventory
from goide.core.findings import to_json
from goide.core.model import Finding


class ProgressLines:
    """One line per event on stderr: `[done/total] built dlv for darwin/arm64 (37 s)`.

    Plain lines work on a terminal, in CI logs and through a pipe alike; builds run in
    parallel, so each line names its tool and target.
    """

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.total = 0
        self.finished = 0
        self.lock = threading.Lock()

    def planned(self, total: int) -> None:
        self.total = total

    def close(self) -> None:
        pass

    def __call__(self, event: str, job: Job, seconds: float, error: BuildFailure | None) -> None:
        with self.lock:
            if event == "start":
                line = f"[{self.finished}/{self.total}] building {job.spec} for {job.target}"
            elif event == "done":
                self.finished += 1
                line = (
                    f"[{self.finished}/{self.total}] built {job.spec.name} for {job.target} ({seconds:.0f} s)"
                )
            else:
                line = f"[{self.finished}/{self.total}] FAILED {job.spec.name} for {job.target}"
                line += f" ({seconds:.0f} s)"
            self.out.write(line + "\n")
            self.out.flush()


def build_text(result: BuildResult, out: IO[str]) -> None:
    m = result.manifest
    out.write(
        f"Built {len(m.tools)} binar{'y' if len(m.tools) == 1 else 'ies'} with {m.go_version} "
        f"into {result.out} ({result.seconds:.0f} s)\n"
    )
    for e in sorted(m.tools, key=lambda e: e.path):
        out.write(f"  {e.path:<40} {e.module} {e.version}  {e.size:>10}  {e.sha256[:16]}\n")
    notes = sorted({(e.target, e.tool, n) for e in m.tools for n in e.notes})
    for target, tool, note in notes:
        out.write(f"  note: {tool} for {target}: {note}\n")
    out.write("Manifest: bundle.json; checksums: SHA256SUMS (check with `sha256sum -c SHA256SUMS`)\n")


def build_json(result: BuildResult) -> dict[str, Any]:
    return {
        "schema": "goide.bundle.build/1",
        "out": str(result.out),
        "seconds": round(result.seconds, 3),
        "manifest": result.manifest.to_json(),
    }


def verify_json(inv: Inventory, findings: list[Finding]) -> dict[str, Any]:
    binaries = []
    for b in inv.binaries:
        item: dict[str, Any] = {
            "path": b.path,
            "target": str(b.target),
            "size": b.size,
            "sha256": b.sha256 or None,
        }
        if b.error is not None or b.exe is None:
            item["error"] = b.error
        else:
            item["format"] = b.exe.format
            item["slices"] = [
                {
                    "os": s.os,
                    "arch": s.arch,
                    "go_version": s.go.version if s.go else None,
                    "module": s.go.main.path if s.go and s.go.main else None,
                    "version": s.go.main.version if s.go and s.go.main else None,
                }
                for s in b.exe.slices
            ]
        binaries.append(item)
    return {
        "schema": "goide.bundle.verify/1",
        "bundle": inv.root,
        "manifest": inv.manifest is not None,
        "targets": [str(t) for t in inv.targets],
        "binaries": binaries,
        **to_json(findings),
    }


class LiveProgress:
    """On a terminal: a bar for the whole build, a spinner per running build, and a line per
    finished one above them (rich). Same events as ProgressLines; call close() at the end."""

    def __init__(self, out: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=out),
        )
        self.overall: Any = None
        self.running: dict[tuple[str, str], Any] = {}
        self.lock = threading.Lock()

    def planned(self, total: int) -> None:
        self.progress.start()
        self.overall = self.progress.add_task("bundle", total=total)

    def __call__(self, event: str, job: Job, seconds: float, error: BuildFailure | None) -> None:
        from rich.markup import escape

        key = (job.spec.name, str(job.target))
        with self.lock:
            if event == "start":
                self.running[key] = self.progress.add_task(
                    escape(f"  {job.spec.name} for {job.target}"), total=None
                )
                return
            task = self.running.pop(key, None)
            if task is not None:
                self.progress.remove_task(task)
            if event == "done":
                self.progress.advance(self.overall)
                self.progress.console.print(
                    escape(f"built {job.spec.name} for {job.target} ({seconds:.0f} s)"), highlight=False
                )
            else:
                self.progress.console.print(
                    f"[red]FAILED[/] {escape(f'{job.spec.name} for {job.target}')}", highlight=False
                )

    def close(self) -> None:
        self.progress.stop()
