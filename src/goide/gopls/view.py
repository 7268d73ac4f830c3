"""What `goide gopls stats` and `goide gopls bench` print: the stats readably, the live progress
line, the benchmark table (rendered by `goide bench compare`'s own view), the notes about each
variant, the cross-check and the advice, and the JSON documents (schemas in docs/gopls.md).
"""

from __future__ import annotations

import sys
from typing import IO, Any

from goide.bench.view import render_text as render_tables
from goide.bench.view import to_json as tables_json
from goide.core.findings import render_text as render_findings
from goide.core.model import Finding
from goide.gopls.ab import to_json as variant_json
from goide.gopls.bench import BenchReport
from goide.gopls.stats import StatsReport


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def _mib(value: Any) -> str:
    return f"{int(value) / (1 << 20):,.1f} MiB" if isinstance(value, int) else "?"


def render_stats(report: StatsReport, out: IO[str]) -> None:
    s = report.stats
    w = report.scan
    lines = [
        f"Workspace      {report.root}",
        f"gopls          {report.build.version or s.get('GoplsVersion', '?')} (built with "
        f"{report.build.go_version or '?'}) at {report.gopls}",
        f"Go             {s.get('GoVersion', '?')} ({s.get('GOOS', '?')}/{s.get('GOARCH', '?')})",
        f"Initial load   {s.get('InitialWorkspaceLoadDuration', '?')}",
    ]
    mem: dict[str, Any] = s["MemStats"] if isinstance(s.get("MemStats"), dict) else {}
    lines.append(
        f"Heap           {_mib(mem.get('HeapInUse'))} in use, {_mib(mem.get('HeapAlloc'))} allocated"
    )
    ws: dict[str, Any] = s["WorkspaceStats"] if isinstance(s.get("WorkspaceStats"), dict) else {}
    files: dict[str, Any] = ws["Files"] if isinstance(ws.get("Files"), dict) else {}
    if files:
        lines.append(
            f"Files read     {_count(files.get('Total'))} (largest {_count(files.get('Largest'))} bytes, "
            f"{files.get('Errs', 0)} errors)"
        )
    for number, view in enumerate(ws.get("Views") or [], 1):
        if not isinstance(view, dict):
            continue
        every = view.get("AllPackages") or {}
        mine = view.get("WorkspacePackages") or {}
        lines.append(
            f"View {number}         {view.get('GoCommandVersion', '?')}: "
            f"{mine.get('Packages', '?')} workspace packages ({mine.get('CompiledGoFiles', '?')} files, "
            f"largest {mine.get('LargestPackage', '?')}), "
            f"{every.get('Packages', '?')} packages in all ({every.get('CompiledGoFiles', '?')} files, "
            f"{every.get('Modules', '?')} modules), {view.get('Diagnostics', 0)} diagnostics"
        )
    dirs: dict[str, Any] = s["DirStats"] if isinstance(s.get("DirStats"), dict) else {}
    if dirs:
        lines.append(
            f"Tree           {dirs.get('Dirs', '?')} directories, {dirs.get('Files', '?')} files, "
            f"{dirs.get('GoFiles', '?')} Go files, {dirs.get('ModFiles', '?')} go.mod"
        )
    lines.append(
        f"Watching       {w.watched_dirs:,} of {w.dirs:,} directories (files.watcherExclude); "
        f"view: {w.view}; "
        f"modules: {', '.join(w.modules) or 'none'}"
    )
    if s.get("BugReports"):
        lines.append(f"Bug reports    {len(s['BugReports'])} (gopls noticed an internal error)")
    out.write("\n".join(lines) + "\n\n")
    if report.findings:
        render_findings(report.findings, out)


def render_bench(report: BenchReport, findings: list[Finding], out: IO[str]) -> None:
    if report.tables is not None:
        out.write(render_tables(report.tables))
    variants = report.options.variants
    out.write(f"\n{len(report.rounds)} rounds in {report.seconds:.1f} s")
    if len(variants) > 1:
        out.write(f" (interleaved: {' '.join(v.name for v in variants)} ...)")
    out.write("\n")
    for variant in variants:
        mine = [r for r in report.rounds if r.variant == variant.name]
        if not mine:
            continue
        view = mine[-1].view_type or "?"
        errors = max(r.errors for r in mine)
        note = f"{variant.name}: gopls view {view}"
        if errors:
            note += f"; {errors} error diagnostics in the opened files (the workspace does not build)"
        out.write(note + "\n")
        for message in dict.fromkeys(m for r in mine for m in r.messages):
            out.write(f"  gopls said: {message}\n")
        for refused in dict.fromkeys(e for r in mine for e in r.request_errors):
            out.write(f"  gopls refused: {refused}\n")
    if report.crosscheck is not None:
        check = report.crosscheck.to_json()
        if check["requests"]:
            out.write(
                f"Cross-check with gopls's -rpc.trace: {check['requests']} requests, driver overhead median "
                f"{check['median_overhead_ms']:.2f} ms, max {check['max_overhead_ms']:.2f} ms "
                "(gopls logs whole milliseconds)\n"
            )
    if findings:
        out.write("\n")
        render_findings(findings, out)


def bench_json(report: BenchReport, findings: list[Finding]) -> dict[str, Any]:
    plan = report.plan
    return {
        "schema": "goide.gopls.bench/1",
        "root": str(report.options.root),
        "count": report.options.count,
        "seed": report.options.seed,
        "seconds": round(report.seconds, 3),
        "variants": [variant_json(v) for v in report.options.variants],
        "positions": {
            kind: [
                {"file": p.file, "line": p.line, "character": p.character, "word": p.word} for p in positions
            ]
            for kind, positions in (
                ("hover", plan.hover),
                ("definition", plan.definition),
                ("references", plan.references),
                ("completion", plan.completion),
            )
        }
        | {"document_symbol": list(plan.symbols), "edit": list(plan.edit), "workspace_symbol": plan.query},
        "rounds": [
            {
                "variant": r.variant,
                "view_type": r.view_type,
                "error_diagnostics": r.errors,
                "messages": r.messages,
                "request_errors": r.request_errors,
                "samples": [
                    {"name": s.kind, "key": s.key, "value": s.value, "unit": s.unit} for s in r.samples
                ],
            }
            for r in report.rounds
        ],
        "benchmark_format": report.text,
        "comparison": tables_json(report.tables) if report.tables is not None else None,
        "crosscheck": report.crosscheck.to_json() if report.crosscheck is not None else None,
        "advice": [f.to_json() for f in findings],
        "failure": (
            {"message": report.failure.message, "step": report.failure.step}
            if report.failure is not None
            else None
        ),
    }


class ProgressLine:
    """One rewritten line on a terminal; nothing when stderr is not one (logs stay clean)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._width = 0

    def __call__(self, text: str) -> None:
        if not self.live:
            return
        text = text[:110]
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def done(self) -> None:
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
