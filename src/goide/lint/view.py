"""The views of `goide lint`: text (findings grouped like doctor, then the facts read) and JSON."""

from __future__ import annotations

from typing import IO, Any

from goide.lint.run import CheckResult, CiResult

CHECK_SCHEMA = "goide.lint.check/1"
CI_SCHEMA = "goide.lint.ci/1"


def redacted(value: Any) -> Any:
    """Every string of a JSON value with credentials and tokens redacted (settings values, paths)."""
    from goide.core.redact import redact_text

    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redacted(v) for v in value]
    return value


def check_json(result: CheckResult) -> dict[str, Any]:
    from goide.core.findings import to_json

    return {"schema": CHECK_SCHEMA, "facts": redacted(result.facts.to_json()), **to_json(result.findings)}


def render_check(result: CheckResult, out: IO[str], *, verbose: bool = False) -> None:
    from goide.core.findings import render_text
    from goide.core.safe_text import printable_line

    facts = result.facts
    config = facts.config
    lines = [f"config:   {config.path} ({config.shape}, {config.format})" if config else "config:   none"]
    module = facts.module
    if module:
        lines.append(
            f"module:   {module.path}: go {module.go or '?'}"
            + (f", toolchain go{module.toolchain}" if module.toolchain else "")
        )
    for binary in facts.binaries:
        lines.append(
            f"binary:   {binary.path} [{binary.name}, {binary.where}]: {binary.version or '?'} "
            f"built with {binary.go or '?'} for {binary.goos or '?'}/{binary.goarch or '?'}"
        )
    editor = facts.editor
    lines.append(
        f"editor:   go.lintTool={editor.lint_tool or '(none)'}, formats with {editor.formatter}"
        + (f", local={editor.local}" if editor.local else "")
    )
    # Paths, go.mod lines and workspace settings come from the repository: control characters
    # in them are shown, not sent to the terminal.
    out.write("".join(printable_line(line) + "\n" for line in lines) + "\n")
    render_text(result.findings, out, verbose=verbose)


def ci_json(result: CiResult) -> dict[str, Any]:
    from goide.core.findings import to_json

    return {
        "schema": CI_SCHEMA,
        "workflows": result.workflows,
        "version": result.version,
        "version_source": result.version_source,
        "job": {"format": result.job_format, "text": result.job},
        "measure": result.measured or None,
        **to_json(result.findings),
    }


def _size(n: object) -> str:
    value = float(n) if isinstance(n, int | float) else 0.0
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def render_ci(result: CiResult, out: IO[str], *, verbose: bool = False) -> None:
    from goide.core.findings import render_text

    out.write(f"workflows: {', '.join(result.workflows) or 'none found'}\n\n")
    render_text(result.findings, out, verbose=verbose)
    out.write(f"\n# {result.job_format} job, golangci-lint {result.version} from {result.version_source}\n")
    out.write(result.job)
    if result.measured:
        out.write("\nmeasured (caches in a temporary directory):\n")
        for p in result.measured:
            sizes = p.get("cache_bytes")
            cache = ", ".join(f"{k} {_size(v)}" for k, v in sizes.items()) if isinstance(sizes, dict) else ""
            seconds = p.get("seconds")
            status = "timed out" if p.get("timed_out") else f"exit {p.get('exit_status')}"
            out.write(
                f"  {p.get('name')}: {seconds:.2f} s ({status}); {cache}\n"
                if isinstance(seconds, float)
                else f"  {p.get('name')}: ({status}); {cache}\n"
            )
        if len(result.measured) == 2:
            cold, warm = (p.get("seconds") for p in result.measured)
            if isinstance(cold, float) and isinstance(warm, float) and warm > 0:
                out.write(
                    f"  warm/cold: {warm / cold:.2f} (the warm run takes {warm / cold:.0%} of the cold one)\n"
                )
