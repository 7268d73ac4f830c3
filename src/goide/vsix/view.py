"""What `goide vsix inspect` prints: the package in a few lines, then the findings; or JSON
(schema goide.vsix/1 in docs/vsix.md)."""

from __future__ import annotations

from typing import IO, Any

from goide.core.findings import render_text, to_json
from goide.core.model import Finding
from goide.core.safe_text import printable_line
from goide.vsix.inspect import Package
from goide.vsix.judge import extension_id, target_of


def header_lines(p: Package) -> list[str]:
    """The package in a few lines; what the package says is shown with control characters escaped
    (a hostile package.json must not drive the terminal)."""
    target = target_of(p)
    lines = [
        f"{p.path}",
        f"  extension:  {extension_id(p)} {p.package.version or '?'}",
        f"  engines:    vscode {p.package.engine or '(none)'}",
        f"  target:     {target or 'universal (no TargetPlatform)'}",
        f"  files:      {len(p.members)}, native binaries: {len(p.natives)}",
    ]
    return [printable_line(line) for line in lines]


def render(p: Package, findings: list[Finding], out: IO[str], *, verbose: bool) -> None:
    out.write("\n".join(header_lines(p)) + "\n\n")
    render_text(findings, out, verbose=verbose)


def inspect_json(p: Package, findings: list[Finding]) -> dict[str, Any]:
    return {
        "schema": "goide.vsix/1",
        "path": p.path,
        "id": extension_id(p),
        "publisher": p.package.publisher,
        "name": p.package.name,
        "version": p.package.version,
        "engine": p.package.engine,
        "target_platform": target_of(p),
        "files": len(p.members),
        "natives": [
            {
                "name": n.name,
                "format": n.format,
                "platforms": list(n.platforms),
                "loader": n.loader,
                "error": n.error,
            }
            for n in p.natives
        ],
        **to_json(findings),
    }
