"""One benchmark round: start a real gopls over LSP (`core/lsp.py`), wait for its initial
workspace load, ask it what the plan says, read its memory, shut it down.

Every latency is the wall time from writing a request to reading its answer, measured with
`time.perf_counter_ns` around the client's `send_request`/`wait`; the driver's own floor is the
same measurement of a method gopls does not know (answered at once with an error). Every wait
has the round's timeout; on a hang or a crash the client kills gopls's process group, and the
round raises `GoplsHung` or `GoplsCrashed` carrying what gopls wrote on stderr.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.errors import GoideError
from goide.core.lsp import LspClient, LspError, LspTimeout, Notification, path_uri
from goide.core.redact import redact_text
from goide.gopls.memory import heap_stats, rss_bytes
from goide.gopls.positions import Plan, Position
from goide.gopls.results import Sample

LOAD_TITLE = "Setting up workspace"  # gopls's progress title for the initial workspace load
UNKNOWN_METHOD = "goide/noSuchMethod"
EDIT_MARK = "\n// goide gopls bench edit\n"
# As VS Code introduces itself: gopls then watches files as it does for VS Code (one pattern per
# subdirectory, golang/go#42348), so the benchmark pays what a VS Code user pays.
CLIENT_NAME = "Visual Studio Code"
_VIEW_TYPE = re.compile(r'view_type="?(\w+)')

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Variant:
    """One configuration of gopls under test: its binary, its settings and its environment."""

    name: str
    gopls: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass
class RoundResult:
    variant: str
    samples: list[Sample] = field(default_factory=list)
    view_type: str | None = None
    errors: int = 0  # error diagnostics gopls published for the opened files
    messages: list[str] = field(default_factory=list)  # window/showMessage errors and warnings
    request_errors: list[str] = field(default_factory=list)  # requests gopls answered with an error
    exit_status: int | None = None


class GoplsFailed(GoideError):
    """gopls stopped answering (hang) or died (crash) in the middle of a round."""

    def __init__(
        self, message: str, *, step: str, stderr: list[str], partial: RoundResult, hint: str
    ) -> None:
        super().__init__(message, hint=hint, exit_status=1)
        self.step = step
        self.stderr = stderr
        self.partial = partial


class GoplsHung(GoplsFailed):
    pass


class GoplsCrashed(GoplsFailed):
    pass


@dataclass
class _Round:
    client: LspClient
    root: Path
    timeout: float
    progress: Progress
    result: RoundResult
    peak_rss: int = 0
    rss_is_peak: bool = False
    versions: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    step: str = "start"

    def sample_memory(self) -> None:
        value, is_peak = rss_bytes(self.client.pid)
        if value is not None:
            self.peak_rss = max(self.peak_rss, value)
            self.rss_is_peak = is_peak

    def timed(self, kind: str, key: str, method: str, params: Any) -> Any:
        client = self.client
        start = time.perf_counter_ns()
        request_id = client.send_request(method, params)
        try:
            answer = client.wait(request_id, timeout=self.timeout)
        except LspError as err:
            if err.code is None or isinstance(err, LspTimeout):
                raise  # the connection failed: a crash, or a hang
            if method != UNKNOWN_METHOD:
                # gopls refused this one request (e.g. references to a builtin): not a latency.
                self.result.request_errors.append(redact_text(f"{kind} {key}: {err}"[:300]))
                return None
            answer = None
        elapsed = time.perf_counter_ns() - start
        self.result.samples.append(Sample(kind, key, elapsed, request_id=request_id, method=method))
        return answer


def _is_diagnostics(uri: str, version: int | None = None) -> Callable[[Notification], bool]:
    def match(note: Notification) -> bool:
        if note.method != "textDocument/publishDiagnostics" or not isinstance(note.params, dict):
            return False
        if note.params.get("uri") != uri:
            return False
        return version is None or note.params.get("version") == version

    return match


def _wait_for_load(r: _Round) -> Notification:
    begin = r.client.wait_for_notification(
        lambda n: (
            n.method == "$/progress"
            and isinstance(n.params, dict)
            and isinstance(n.params.get("value"), dict)
            and n.params["value"].get("kind") == "begin"
            and n.params["value"].get("title") == LOAD_TITLE
        ),
        timeout=r.timeout,
    )
    token = begin.params.get("token")
    return r.client.wait_for_notification(
        lambda n: (
            n.method == "$/progress"
            and isinstance(n.params, dict)
            and n.params.get("token") == token
            and isinstance(n.params.get("value"), dict)
            and n.params["value"].get("kind") == "end"
        ),
        timeout=r.timeout,
    )


def _at(position: Position, uri: str) -> dict[str, Any]:
    return {
        "textDocument": {"uri": uri},
        "position": {"line": position.line, "character": position.character},
    }


def _ask(r: _Round, plan: Plan, uris: dict[str, str]) -> None:
    kinds: list[tuple[str, str, tuple[Position, ...], dict[str, Any]]] = [
        ("Hover", "textDocument/hover", plan.hover, {}),
        ("Definition", "textDocument/definition", plan.definition, {}),
        ("References", "textDocument/references", plan.references, {"context": {"includeDeclaration": True}}),
        ("Completion", "textDocument/completion", plan.completion, {"context": {"triggerKind": 1}}),
    ]
    for kind, method, positions, extra in kinds:
        for position in positions:
            r.step = f"{kind} at {position.file}:{position.line + 1}:{position.character + 1}"
            r.progress(f"{kind} {position.label}")
            r.timed(kind, f"at={position.label}", method, {**_at(position, uris[position.file]), **extra})
        r.sample_memory()
    # SemanticTokens: gopls answers at once with no tokens unless "ui.semanticTokens" is on (the A/B
    # of that setting).
    for kind, method in (
        ("DocumentSymbol", "textDocument/documentSymbol"),
        ("SemanticTokens", "textDocument/semanticTokens/full"),
    ):
        for name in plan.symbols:
            r.step = f"{kind} of {name}"
            r.progress(f"{kind} {name}")
            r.timed(kind, f"file={name.rsplit('/', 1)[-1]}", method, {"textDocument": {"uri": uris[name]}})
    r.step = f"WorkspaceSymbol {plan.query!r}"
    r.progress(f"WorkspaceSymbol {plan.query!r}")
    r.timed("WorkspaceSymbol", f"query={plan.query}", "workspace/symbol", {"query": plan.query})
    r.progress("UnknownMethod (the driver's floor)")
    r.timed("UnknownMethod", "", UNKNOWN_METHOD, {})
    for name in plan.edit:
        _edit(r, name, uris[name])
    r.sample_memory()


def _edit(r: _Round, name: str, uri: str) -> None:
    """didChange (the mark added or taken away), then the diagnostics for that version."""
    r.step = f"the diagnostics after an edit of {name}"
    r.progress(f"DiagnosticsAfterEdit {name}")
    version = r.versions[uri] + 1
    r.versions[uri] = version
    original = r.texts[uri]
    text = original + EDIT_MARK if version % 2 == 0 else original
    since = len(r.client.notifications)
    start = time.perf_counter_ns()
    r.client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
    )
    r.client.wait_for_notification(_is_diagnostics(uri, version), timeout=r.timeout, since=since)
    elapsed = time.perf_counter_ns() - start
    r.result.samples.append(Sample("DiagnosticsAfterEdit", f"file={name.rsplit('/', 1)[-1]}", elapsed))


def _collect_notes(r: _Round, uris: dict[str, str]) -> None:
    latest: dict[str, Any] = {}
    opened = set(uris.values())
    for note in list(r.client.notifications):
        params = note.params if isinstance(note.params, dict) else {}
        if note.method == "textDocument/publishDiagnostics" and params.get("uri") in opened:
            latest[params["uri"]] = params.get("diagnostics") or []
        elif note.method == "window/showMessage" and params.get("type") in (1, 2):
            r.result.messages.append(redact_text(str(params.get("message", ""))[:500]))
        elif note.method == "window/logMessage" and r.result.view_type is None:
            found = _VIEW_TYPE.search(str(params.get("message", "")))
            if found:
                r.result.view_type = found.group(1)
    r.result.errors = sum(
        1 for diags in latest.values() for d in diags if isinstance(d, dict) and d.get("severity") == 1
    )


def _drive(r: _Round, plan: Plan, uris: dict[str, str], start: int) -> None:
    client, root, timeout, progress, result = r.client, r.root, r.timeout, r.progress, r.result
    r.step = "initialize"
    progress("initialize")
    client.initialize(root, timeout=timeout, client_name=CLIENT_NAME)
    r.step = "the initial workspace load"
    progress("initial workspace load")
    loaded = _wait_for_load(r)
    result.samples.append(Sample("InitialWorkspaceLoad", "", _since(start, loaded)))
    r.step = "the first diagnostics"
    first_uri = ""
    for name in plan.files():
        uri = uris[name]
        text = (root / name).read_text(encoding="utf-8", errors="replace")
        r.texts[uri] = text
        r.versions[uri] = 1
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}},
        )
        first_uri = first_uri or uri
    diagnosed = client.wait_for_notification(_is_diagnostics(first_uri), timeout=timeout)
    result.samples.append(Sample("FirstDiagnostics", "", _since(start, diagnosed)))
    # The requests start once gopls has taken in every opened file (it handles notifications in
    # order, so a request sent earlier would wait behind them and measure the queue).
    for uri in uris.values():
        client.wait_for_notification(_is_diagnostics(uri), timeout=timeout)
    r.sample_memory()
    _ask(r, plan, uris)
    r.step = "gopls.mem_stats"
    progress("memory (gopls.mem_stats)")
    heap = heap_stats(client, timeout=timeout)
    r.sample_memory()
    if r.peak_rss:
        result.samples.append(Sample("Memory", "", r.peak_rss, "peak-RSS-B"))
    if heap is not None:
        result.samples.append(Sample("Memory", "", heap.heap_in_use, "heap-B"))
    _collect_notes(r, uris)
    r.step = "shutdown"


def run_round(
    variant: Variant,
    root: Path,
    plan: Plan,
    *,
    timeout: float,
    progress: Progress,
    trace_log: Path | None = None,
) -> RoundResult:
    """Start gopls, measure everything in `plan` once, stop gopls. Raises GoplsFailed."""
    argv = [variant.gopls]
    if trace_log is not None:
        argv += ["-rpc.trace", "-logfile", str(trace_log)]
    argv.append("serve")
    env = {**os.environ, **variant.env}
    result = RoundResult(variant.name)
    uris = {name: path_uri(root / name) for name in plan.files()}
    start = time.perf_counter_ns()
    try:
        client = LspClient(argv, cwd=root, env=env, settings={"gopls": dict(variant.settings)})
    except OSError as err:
        raise GoideError(
            f"cannot start {variant.gopls}: {err.strerror or err}",
            hint="give the gopls executable with --gopls PATH "
            "(install: go install golang.org/x/tools/gopls@latest)",
        ) from None
    r = _Round(client, root, timeout, progress, result)
    try:
        _drive(r, plan, uris, start)
        client.shutdown(timeout=timeout)
        result.exit_status = client.close()
    except LspTimeout as err:
        client.close()
        _collect_notes(r, uris)
        raise GoplsHung(
            f"gopls did not answer within {timeout:g}s ({err}); gopls and its process group were killed",
            step=r.step,
            stderr=list(client.stderr_lines),
            partial=result,
            hint="raise --timeout for a very large workspace; `goide gopls stats DIR` shows what gopls loads",
        ) from None
    except LspError as err:
        status = client.close()
        _collect_notes(r, uris)
        raise GoplsCrashed(
            f"gopls stopped during {r.step} (exit status {status}): {err}",
            step=r.step,
            stderr=list(client.stderr_lines),
            partial=result,
            hint="the crash is explained above; if your gopls is the newest, "
            "report it (goide crash --markdown)",
        ) from None
    except OSError as err:  # a workspace file vanished or became unreadable mid-run
        raise GoideError(
            f"cannot read {err.filename or 'a workspace file'}: {err.strerror or err}",
            hint="keep the workspace unchanged while the benchmark runs",
        ) from None
    finally:
        client.close()
    return result


def _since(start_ns: int, note: Notification) -> int:
    # Notification.received_at is time.monotonic(); perf_counter and monotonic share a clock on
    # Linux and macOS but not by contract, so convert through the current offset.
    offset = time.perf_counter_ns() - int(time.monotonic() * 1e9)
    return max(0, int(note.received_at * 1e9) + offset - start_ns)
