"""Renders `goide crash` results: terminal text, JSON (schema in docs/crash.md) and Markdown.

The Markdown is shaped for a gopls issue on github.com/golang/go: versions, what crashed, the
culprit, the crashing goroutine's stack in a fenced block, and the other goroutines grouped.
Every renderer passes its text through `goide.core.redact` (secrets) and, when asked, `redact_paths`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from goide.core.redact import home_to_tilde, redact_text
from goide.core.words import plural
from goide.crash.classify import DESCRIPTIONS, CrashSummary, GoroutineGroup
from goide.crash.read import CrashLog
from goide.crash.traceback import MAX_LINE, Frame, Goroutine

SCHEMA = "goide.crash/1"
MAX_GROUPS_SHOWN = 10
MAX_FRAMES_SHOWN = 30

# Home directories on every OS, as they appear in Go file paths (Windows paths use / or \).
_HOME = re.compile(
    r"(?P<home>/home/[^/\s:]+|/Users/[^/\s:]+|/root(?=/)|[A-Za-z]:[\\/]+Users[\\/]+[^\\/\s:]+)"
)


def redact_paths(text: str, home: str | None = None) -> str:
    """`text` with home directories replaced by `~` (the user's $HOME and /home/NAME, /Users/NAME)."""
    home = home if home is not None else os.path.expanduser("~")
    if home and home != "/":
        text = home_to_tilde(text, home)
    return _HOME.sub("~", text)


def cleaner(redact_home: bool) -> Callable[[str], str]:
    if redact_home:
        return lambda text: redact_paths(redact_text(text))
    return redact_text


def _frame_line(frame: Frame) -> str:
    if frame.function.startswith("non-Go function"):
        return frame.function
    return f"{frame.function}({frame.args})"


def _location(frame: Frame) -> str:
    return frame.location()


# -- terminal ------------------------------------------------------------------------------


def render_text(log: CrashLog, *, redact_home: bool = False) -> str:
    """The terminal report: one block per crash, then the counts of every distinct crash."""
    clean = cleaner(redact_home)
    out: list[str] = []
    if not log.total:
        out.append(f"no crash found in {log.source} ({log.stats.lines} lines read)")
        return clean("\n".join(out) + "\n")
    versions = _versions(log.go_version, log.gopls_version)
    out.append(f"{plural(log.total, 'crash', 'crashes')} in {log.source} ({log.stats.lines} lines){versions}")
    for index, summary in enumerate(log.summaries, 1):
        out.append("")
        out.extend(_text_crash(index, log.total, summary))
    if log.total > len(log.summaries) or len(log.distinct) > 1:
        out.append("")
        out.append("distinct crashes (kind, culprit, count):")
        for first, count in sorted(log.distinct.values(), key=lambda item: -item[1])[:50]:
            where = f"{first.culprit.function} at {first.culprit.location()}" if first.culprit else "-"
            out.append(
                f"  {count:>6}x  {first.kind.value:<22} {where}  (first at line {first.crash.start_line})"
            )
    if log.stats.long_lines:
        out.append(f"note: {log.stats.long_lines} lines longer than {MAX_LINE >> 20} MiB were cut")
    return clean("\n".join(out) + "\n")


def render_one(summary: CrashSummary, index: int, *, redact_home: bool = False) -> str:
    """One crash explained, for pass-through mode: the block `render_text` prints for it."""
    clean = cleaner(redact_home)
    versions = _versions(summary.crash.go_version, summary.crash.gopls_version)
    lines = _text_crash(index, 0, summary)
    lines[0] = lines[0].replace(f"crash {index}/0", f"goide crash {index}", 1) + versions
    return clean("\n".join(lines) + "\n")


def _versions(go: str | None, gopls: str | None) -> str:
    parts = [p for p in (f"gopls {gopls}" if gopls else "", go or "") if p]
    return f" [{', '.join(parts)}]" if parts else ""


def _text_crash(index: int, total: int, s: CrashSummary) -> list[str]:
    crash = s.crash
    gopls = " (gopls)" if s.is_gopls else ""
    lines = [f"crash {index}/{total}{gopls}: {s.title}  [lines {crash.start_line}-{crash.end_line}]"]
    lines.extend(f"  {line}" for line in s.message.splitlines()[:12])
    if crash.signal and crash.panics:
        lines.append(f"  [signal {crash.signal.name} addr={crash.signal.addr}]")
    for message in crash.runtime_messages[:3]:
        lines.append(f"  {message}")
    if crash.signal_in_cgo:
        lines.append("  signal arrived during cgo execution")
    if s.running_tests:
        lines.append(f"  running tests: {', '.join(s.running_tests)}")
        if s.stuck_tests != s.running_tests:
            lines.append(f"  stuck: {', '.join(s.stuck_tests)}")
    if s.culprit:
        lines.append(f"  culprit: {s.culprit.function}")
        lines.append(f"           {s.culprit.location()}")
    if s.goroutine is not None:
        lines.append(f"  goroutine {s.goroutine.id} [{s.goroutine.state}]:")
        lines.extend(_text_stack(s.goroutine, s.culprit))
    for access in s.race_accesses[:6]:
        lines.append(f"  {access.title}:")
        for frame in access.frames[:8]:
            mark = "> " if frame is s.culprit else "  "
            lines.append(f"    {mark}{frame.function}  {frame.location()}")
    if crash.goroutine_count:
        groups = len(crash.buckets)
        lines.append(f"  goroutines: {crash.goroutine_count} in {plural(groups, 'group')}")
        if s.groups_hidden:
            lines.append(f"    ({s.groups_hidden} groups hidden by --match/--exclude)")
        for group in s.groups[:MAX_GROUPS_SHOWN]:
            lines.append(_text_group(group))
        if len(s.groups) > MAX_GROUPS_SHOWN:
            lines.append(f"    ... {len(s.groups) - MAX_GROUPS_SHOWN} more groups (--json has them all)")
    if crash.truncated:
        lines.append("  note: the traceback is incomplete (truncated input or no goroutine printed)")
    if crash.unparsed_count:
        lines.append(f"  note: {crash.unparsed_count} lines inside the traceback were not understood:")
        for number, text in crash.unparsed[:3]:
            lines.append(f"    line {number}: {text[:100]}")
    return lines


def _text_stack(goroutine: Goroutine, culprit: Frame | None) -> list[str]:
    lines = []
    for frame in goroutine.frames[:MAX_FRAMES_SHOWN]:
        mark = "> " if frame is culprit else "  "
        lines.append(f"  {mark}{frame.function}")
        lines.append(f"        {frame.location()}")
    hidden = len(goroutine.frames) - MAX_FRAMES_SHOWN + goroutine.frames_dropped
    if goroutine.frames_elided:
        count = "some" if goroutine.frames_elided < 0 else str(goroutine.frames_elided)
        lines.append(f"    ...{count} frames elided by the runtime...")
    if hidden > 0:
        lines.append(f"    ...{hidden} more frames...")
    if goroutine.created_by:
        origin = f" in goroutine {goroutine.created_in}" if goroutine.created_in is not None else ""
        lines.append(f"    created by {goroutine.created_by.function}{origin}")
    return lines


def _text_group(group: GoroutineGroup) -> str:
    states = ", ".join(f"{state}" for state in group.states)
    top = f"{group.top.function}  {group.top.location()}" if group.top else "(no frames)"
    mark = "*" if group.crashed else " "
    return f"   {mark}{group.count:>5}x [{states}] {top}"


# -- JSON ----------------------------------------------------------------------------------


def to_json(log: CrashLog, *, redact_home: bool = False) -> dict[str, Any]:
    """The JSON document of docs/crash.md (schema `goide.crash/1`)."""
    clean = cleaner(redact_home)
    document = {
        "schema": SCHEMA,
        "source": log.source,
        "lines": log.stats.lines,
        "bytes": log.stats.bytes,
        "long_lines": log.stats.long_lines,
        "crash_count": log.total,
        "go_version": log.go_version,
        "gopls_version": log.gopls_version,
        "distinct": [
            {
                "kind": first.kind.value,
                "culprit": first.culprit.to_json() if first.culprit else None,
                "count": count,
                "first_line": first.crash.start_line,
            }
            for first, count in sorted(log.distinct.values(), key=lambda item: -item[1])
        ],
        "crashes": [_json_crash(s) for s in log.summaries],
    }
    cleaned: dict[str, Any] = _clean_strings(document, clean)
    return cleaned


def _json_crash(s: CrashSummary) -> dict[str, Any]:
    crash = s.crash
    return {
        "kind": s.kind.value,
        "description": DESCRIPTIONS[s.kind],
        "title": s.title,
        "message": s.message,
        "start_line": crash.start_line,
        "end_line": crash.end_line,
        "truncated": crash.truncated,
        "is_gopls": s.is_gopls,
        "go_version": crash.go_version,
        "gopls_version": crash.gopls_version,
        "panics": [
            {"value": p.value, "recovered": p.recovered, "repanicked": p.repanicked} for p in crash.panics
        ],
        "fatal_error": crash.fatal_error,
        "runtime_messages": crash.runtime_messages,
        "signal": (
            {
                "name": crash.signal.name,
                "code": crash.signal.code,
                "addr": crash.signal.addr,
                "pc": crash.signal.pc,
            }
            if crash.signal
            else None
        ),
        "signal_in_cgo": crash.signal_in_cgo,
        "context": crash.context,
        "running_tests": s.running_tests,
        "stuck_tests": s.stuck_tests,
        "goroutine": s.goroutine.to_json() if s.goroutine else None,
        "culprit": s.culprit.to_json() if s.culprit else None,
        "runtime_stack": [f.to_json() for f in crash.runtime_stack],
        "goroutine_count": crash.goroutine_count,
        "goroutines_dropped": crash.goroutines_dropped,
        "goroutines_ungrouped": crash.goroutines_unbucketed,
        "groups": [
            {
                "count": g.count,
                "ids": list(g.ids),
                "states": g.states,
                "crashed": g.crashed,
                "runs_user_code": g.runs_user_code,
                "top": g.top.to_json() if g.top else None,
                "frames": [f.to_json() for f in g.frames],
                "created_by": g.created_by.to_json() if g.created_by else None,
            }
            for g in s.groups
        ],
        "race": [a.to_json() for a in s.race_accesses],
        "registers": crash.registers,
        "unparsed": [{"line": n, "text": t} for n, t in crash.unparsed],
        "unparsed_count": crash.unparsed_count,
    }


def _clean_strings(value: Any, clean: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _clean_strings(v, clean) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_strings(v, clean) for v in value]
    return value


# -- Markdown ------------------------------------------------------------------------------


def render_markdown(log: CrashLog, *, redact_home: bool = False) -> str:
    """A report ready to paste into a gopls issue (github.com/golang/go/issues/new)."""
    clean = cleaner(redact_home)
    out: list[str] = []
    if not log.total:
        out.append(f"No Go crash found in `{log.source}` ({log.stats.lines} lines read).")
        return clean("\n".join(out) + "\n")
    for index, s in enumerate(log.summaries, 1):
        if index > 1:
            out.append("")
            out.append("---")
            out.append("")
        out.extend(_markdown_crash(s, log))
    if log.total > len(log.summaries):
        out.append("")
        out.append(f"_{log.total - len(log.summaries)} more crashes in the log are not shown._")
    return clean("\n".join(out) + "\n")


def _markdown_crash(s: CrashSummary, log: CrashLog) -> list[str]:
    crash = s.crash
    product = "gopls" if s.is_gopls else "Go program"
    out = [f"### {product} crash: {s.title}", ""]
    gopls_version = crash.gopls_version or log.gopls_version
    go_version = crash.go_version or log.go_version
    if s.is_gopls:
        out.append(f"- gopls version: {gopls_version or 'unknown (run `gopls version`)'}")
    out.append(f"- Go version: {go_version or 'unknown (run `go version`)'}")
    out.append(f"- kind: {DESCRIPTIONS[s.kind]}")
    if s.culprit:
        out.append(f"- culprit: `{s.culprit.function}` at `{s.culprit.location()}`")
    if s.goroutine is not None:
        out.append(f"- crashing goroutine: {s.goroutine.id} [{s.goroutine.state}]")
    if crash.goroutine_count:
        out.append(f"- goroutines: {crash.goroutine_count} in {plural(len(crash.buckets), 'group')}")
    out.append("")
    out.append("```")
    out.extend(s.message.splitlines()[:20])
    if crash.signal and crash.panics:
        out.append(f"[signal {crash.signal.name} code={crash.signal.code} addr={crash.signal.addr}]")
    if s.goroutine is not None:
        out.append("")
        out.extend(_go_stack(s.goroutine))
    for access in s.race_accesses:
        out.append("")
        out.append(f"{access.title}:")
        for frame in access.frames[:MAX_FRAMES_SHOWN]:
            out.append(f"  {_frame_line(frame)}")
            out.append(f"      {_location(frame)}")
    out.append("```")
    others = [g for g in s.groups if not g.crashed]
    if others:
        out.append("")
        out.append("<details><summary>Other goroutines, grouped by stack</summary>")
        out.append("")
        out.append("| count | state | top frame | created by |")
        out.append("|---:|---|---|---|")
        for group in others[:50]:
            top = f"`{group.top.function}` {group.top.location()}" if group.top else ""
            creator = f"`{group.created_by.function}`" if group.created_by else ""
            out.append(f"| {group.count} | {', '.join(group.states)} | {top} | {creator} |")
        out.append("")
        out.append("</details>")
    return out


def _go_stack(goroutine: Goroutine) -> list[str]:
    """The goroutine as the runtime printed it (tabs restored), capped at MAX_FRAMES_SHOWN frames."""
    lines = [f"goroutine {goroutine.id} [{goroutine.state}]:"]
    for frame in goroutine.frames[:MAX_FRAMES_SHOWN]:
        lines.append(_frame_line(frame))
        lines.append(f"\t{_location(frame)}")
    hidden = len(goroutine.frames) - MAX_FRAMES_SHOWN + goroutine.frames_dropped
    if hidden > 0 or goroutine.frames_elided:
        lines.append("...additional frames elided...")
    if goroutine.created_by:
        origin = f" in goroutine {goroutine.created_in}" if goroutine.created_in is not None else ""
        lines.append(f"created by {goroutine.created_by.function}{origin}")
        lines.append(f"\t{_location(goroutine.created_by)}")
    return lines
