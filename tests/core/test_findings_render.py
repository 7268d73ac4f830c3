"""The shared findings renderer: grouping, summary, JSON shape, Markdown, and redaction in all of them."""

from __future__ import annotations

import io

from goide.core.findings import group_by_area, render_markdown, render_text, summary_line, to_json
from goide.core.model import Finding, Fix, Severity, worst

FINDINGS = [
    Finding("go.ok", Severity.OK, "Go 1.26.8 linux/amd64", "Go toolchain"),
    Finding(
        "arch.dlv-rosetta",
        Severity.ERROR,
        "dlv is amd64 and runs under Rosetta 2",
        "Go tools",
        detail="Delve refuses to debug under Rosetta.",
        fix=Fix(
            "reinstall dlv with an arm64 Go", command="go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
        ),
        evidence=("GOPROXY=https://user:hunter2@proxy.example",),
    ),
    Finding("tools.gopls-old", Severity.WARNING, "gopls v0.20.0 is older than v0.23.0", "Go tools"),
]


def test_grouping_keeps_area_order_and_puts_the_worst_first() -> None:
    groups = group_by_area(FINDINGS)
    assert list(groups) == ["Go toolchain", "Go tools"]
    assert [f.id for f in groups["Go tools"]] == ["arch.dlv-rosetta", "tools.gopls-old"]
    assert worst(groups["Go tools"]) is Severity.ERROR


def test_summary_line() -> None:
    assert summary_line(FINDINGS) == "Found 1 error and 1 warning."
    assert summary_line(FINDINGS[:1]) == "No issues found."


def test_text_view_is_plain_when_not_a_terminal_and_redacted() -> None:
    out = io.StringIO()
    render_text(FINDINGS, out, verbose=True)
    text = out.getvalue()
    assert "\x1b[" not in text
    assert "[✗] Go tools" in text
    assert "$ go install github.com/go-delve/delve/cmd/dlv@v1.27.2" in text
    assert "hunter2" not in text
    assert text.rstrip().endswith("Found 1 error and 1 warning.")


def test_json_shape() -> None:
    doc = to_json(FINDINGS)
    assert doc["summary"] == {"error": 1, "warning": 1, "info": 0, "ok": 1}
    first = doc["findings"][1]
    assert set(first) == {"id", "severity", "area", "title", "detail", "fix", "evidence"}
    assert first["severity"] == "error"
    assert "hunter2" not in str(doc)


def test_markdown() -> None:
    md = render_markdown(FINDINGS)
    assert "### ✗ Go tools" in md
    assert "`arch.dlv-rosetta`" in md
    assert "hunter2" not in md


def test_text_view_shows_escape_sequences_from_user_data_instead_of_sending_them() -> None:
    # A hostile package name in a VSIX, or a file name, reaches a finding's title and detail.
    hostile = Finding(
        "vsix.identity",
        Severity.WARNING,
        "package \x1b]0;owned\x07 is not golang.go",
        "VSIX",
        detail="first line\nname \x1b[2J cleared\nlast line",
        fix=Fix("step one\nstep two"),
    )
    out = io.StringIO()
    render_text([hostile], out)
    text = out.getvalue()
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "package \\x1b]0;owned\\x07 is not golang.go" in text
    assert "        name \\x1b[2J cleared\n" in text
    assert "fix: step one\nstep two" in text
