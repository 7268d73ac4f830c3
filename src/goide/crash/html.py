"""`goide crash --html FILE`: one self-contained page of every crash explained.

Per crash: the kind and message, the culprit highlighted, the crashing goroutine's stack, and
every goroutine group as a collapsible section (the crashed one open). Each frame with an
absolute path links to it (`vscode://file/PATH:LINE`, which opens VS Code at the line, and the
plain path as `file://`). Text passes through the same redaction as the other views.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import quote

from goide.core.words import plural
from goide.crash.classify import CrashSummary, GoroutineGroup
from goide.crash.read import CrashLog
from goide.crash.traceback import Frame
from goide.crash.view import cleaner

Clean = Callable[[str], str]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:80em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
pre,code{font-family:ui-monospace,monospace;font-size:.9em}
.frame{margin:.1em 0}
.culprit{background:#fde2e1;font-weight:bold;border-left:4px solid #c00;padding-left:.3em}
.loc{color:#666;margin-left:2em}details{margin:.4em 0}summary{cursor:pointer}
.crashed>summary{color:#c00;font-weight:bold}.count{display:inline-block;min-width:4em;text-align:right}
"""


def _link(frame: Frame, clean: Clean) -> str:
    where = escape(clean(frame.location()))
    if not frame.file.startswith("/"):
        return f'<span class="loc">{where}</span>'
    path = quote(clean(frame.file))
    return (
        f'<span class="loc"><a href="vscode://file{path}:{frame.line}">{where}</a> '
        f'(<a href="file://{path}">file</a>)</span>'
    )


def _frames(frames: tuple[Frame, ...] | list[Frame], culprit: Frame | None, clean: Clean) -> str:
    rows = []
    for frame in frames:
        mark = " culprit" if frame is culprit else ""
        function = escape(clean(frame.function))
        rows.append(f'<div class="frame{mark}"><code>{function}</code><br>{_link(frame, clean)}</div>')
    return "\n".join(rows)


def _group(group: GoroutineGroup, culprit: Frame | None, clean: Clean) -> str:
    states = ", ".join(f"{state} ×{n}" for state, n in group.states.items())
    top = escape(clean(group.top.function)) if group.top else "(no frames)"
    ids = ", ".join(str(i) for i in group.ids[:10]) + (" ..." if group.count > len(group.ids[:10]) else "")
    opened = " open" if group.crashed else ""
    css = ' class="crashed"' if group.crashed else ""
    created = ""
    if group.created_by is not None:
        created = f"<div>created by <code>{escape(clean(group.created_by.function))}</code></div>"
    return (
        f"<details{opened}{css}><summary><span class='count'>{group.count}×</span> [{escape(states)}] "
        f"<code>{top}</code></summary><div>goroutines {escape(ids)}</div>"
        f"{_frames(group.frames, culprit, clean)}{created}</details>"
    )


def _crash(index: int, total: int, s: CrashSummary, clean: Clean) -> str:
    parts = [f"<h2>crash {index}/{total}{' (gopls)' if s.is_gopls else ''}: {escape(clean(s.title))}</h2>"]
    parts.append(f"<pre>{escape(clean(s.message))}</pre>")
    if s.stuck_tests:
        parts.append(f"<p>stuck test: <code>{escape(', '.join(s.stuck_tests))}</code></p>")
    if s.culprit is not None:
        parts.append(
            f'<p class="culprit">culprit: <code>{escape(clean(s.culprit.function))}</code> '
            f"{_link(s.culprit, clean)}</p>"
        )
    if s.goroutine is not None:
        parts.append(f"<h3>goroutine {s.goroutine.id} [{escape(s.goroutine.state)}]</h3>")
        parts.append(_frames(s.goroutine.frames, s.culprit, clean))
    for access in s.race_accesses:
        parts.append(f"<h3>{escape(clean(access.title))}</h3>{_frames(access.frames, s.culprit, clean)}")
    if s.groups:
        hidden = f", {s.groups_hidden} hidden by --match/--exclude" if s.groups_hidden else ""
        groups = plural(len(s.groups), "group")
        goroutines = plural(s.crash.goroutine_count, "goroutine")
        parts.append(f"<h3>{goroutines} in {groups}{hidden}</h3>")
        parts.extend(_group(g, s.culprit, clean) for g in s.groups)
    return "\n".join(parts)


def render_html(log: CrashLog, *, redact_home: bool = False) -> str:
    """The page for `log`, as one string."""
    clean = cleaner(redact_home)
    title = f"{plural(log.total, 'crash', 'crashes')} in {clean(log.source)}"
    body = [f"<h1>{escape(title)}</h1>"]
    if not log.total:
        body.append(f"<p>no crash found ({log.stats.lines} lines read)</p>")
    for index, summary in enumerate(log.summaries, 1):
        body.append(_crash(index, log.total, summary, clean))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
