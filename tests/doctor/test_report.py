"""`goide doctor --from-report`: the reader of pasted reports, measured on the corpus of real public
reports in tests/data/reports (README.md there: source, the cause the thread settled on, goide's
first error or warning). Regenerate that table with `python -m tests.doctor.test_report`."""

from __future__ import annotations

import json
from pathlib import Path

from fuzz.doctor_targets import report_target
from goide.core.findings import group_by_area
from goide.core.model import Finding, Severity
from goide.doctor.collect.report import facts_from_report
from goide.doctor.run import AREAS, diagnose
from tests.helpers import goide

REPORTS = Path(__file__).parent.parent / "data" / "reports"
TABLE_START = "<!-- corpus table: python -m tests.doctor.test_report -->"


def top_finding(text: str) -> Finding | None:
    """The first error or warning as the text view prints it."""
    findings = diagnose(facts_from_report(text), AREAS)
    ordered = [f for items in group_by_area(findings).values() for f in items]
    return next((f for f in ordered if f.severity in (Severity.ERROR, Severity.WARNING)), None)


def corpus_table() -> tuple[str, int, int]:
    cases = json.loads((REPORTS / "cases.json").read_text())
    rows = ["| report | source | real cause | goide's first error/warning | match |", "|---|---|---|---|---|"]
    hits = 0
    for case in cases:
        top = top_finding((REPORTS / case["file"]).read_text())
        hit = top is not None and top.id in case["expect"]
        hits += hit
        said = f"`{top.id}`: {top.title}" if top else "(none)"
        rows.append(
            f"| {case['file']} | {case['source']} | {case['cause']} | {said.replace('|', '/')} "
            f"| {'yes' if hit else 'NO'} |"
        )
    rows.append(f"\nRoot cause first in **{hits} of {len(cases)}** reports.")
    return "\n".join(rows) + "\n", hits, len(cases)


def test_corpus_root_cause_first_in_nine_of_ten() -> None:
    table, hits, total = corpus_table()
    readme = (REPORTS / "README.md").read_text()
    assert readme.split(TABLE_START, 1)[1].strip() == table.strip(), (
        "regenerate: python -m tests.doctor.test_report"
    )
    assert total >= 25
    assert hits / total >= 0.9


def test_windows_go_env_and_markdown_wrapping() -> None:
    text = (
        "<details><summary>go env</summary><pre>\n"
        "set GOPATH=C:\\Users\\me\\go\n"
        "set GOROOT=C:\\Program Files\\Go\n"
        "set GOHOSTARCH=amd64\n"
        "</pre></details>\n"
        "`go version go1.26.1 windows/amd64`\n"
        "&quot;go.toolsGopath&quot; is not set\n"
    )
    facts = facts_from_report(text)
    assert facts.host.os == "windows"
    assert facts.toolchain.gopath == "C:\\Users\\me\\go"  # never split at the colon
    assert facts.toolchain.gos[0].binary.slices[0].go_version == "go1.26.1"
    assert "toolchain.path" in facts.unknown  # no PATH in the report: unknown, not empty


def test_a_tool_the_report_does_not_mention_is_unknown_not_missing() -> None:
    facts = facts_from_report("go version go1.26.1 linux/amd64\n")
    ids = {f.id for f in diagnose(facts, AREAS)}
    assert not any(i.startswith("tools.missing") for i in ids)
    assert "vscode.not-found" not in ids
    said_missing = facts_from_report(
        "# Tools Configuration\n\tgopls:\tnot installed\ngo version go1.26.1 linux/amd64\n"
    )
    assert "tools.missing.gopls" in {f.id for f in diagnose(said_missing, AREAS)}


def test_go_version_m_gives_the_reinstall_module_path() -> None:
    text = (
        "/home/me/go/bin/golangci-lint: go1.26.1\n"
        "\tpath\tgithub.com/golangci/golangci-lint/cmd/golangci-lint\n"
        "\tmod\tgithub.com/golangci/golangci-lint\tv1.64.5\th1:x=\n"
        "\tbuild\tGOARCH=amd64\n"
        "go version go1.26.1 linux/amd64\n"
    )
    findings = diagnose(facts_from_report(text), AREAS)
    commands = [f.fix.command for f in findings if f.fix and f.fix.command and "golangci" in f.fix.command]
    assert commands, findings
    assert all("/v2/" not in c for c in commands if "@v1." in c)
    assert any(c.endswith("github.com/golangci/golangci-lint/cmd/golangci-lint@v1.64.8") for c in commands)


def test_cli_reads_stdin_and_refuses_text_without_a_report(tmp_path: Path) -> None:
    report = (REPORTS / "14-delve-2438.md").read_text()
    done = goide("doctor", "--from-report", "-", "--offline", stdin=report.encode())
    assert done.returncode == 1
    assert b"gccgo" in done.stdout
    bad = goide("doctor", "--from-report", "-", stdin=b"hello\n")
    assert bad.returncode == 2
    assert bad.stderr.startswith(b"error: ")
    assert b"hint: " in bad.stderr


def test_fuzz_report_reader() -> None:
    report_target([p.read_text() for p in sorted(REPORTS.glob("*.md")) if p.name != "README.md"])()


if __name__ == "__main__":
    table, _, _ = corpus_table()
    readme = REPORTS / "README.md"
    head = readme.read_text().split(TABLE_START, 1)[0]
    readme.write_text(head + TABLE_START + "\n\n" + table)
    print("README table written")


def test_every_install_the_corpus_prints_names_a_real_module_version() -> None:
    """Each `go install PKG@VERSION` goide prints for the corpus resolves on the module proxy, and its
    go.mod asks for no newer Go than the newest Go goide recommends installing first."""
    import re
    import subprocess

    from goide.doctor.collect.newest import _module_of
    from goide.doctor.known import go_major, supported_majors
    from tests.helpers import tool

    commands: set[str] = set()
    for report in sorted(REPORTS.glob("[0-9]*.md")):
        for f in diagnose(facts_from_report(report.read_text()), AREAS):
            if f.fix and f.fix.command and " install " in f.fix.command:
                commands.add(f.fix.command)
    assert commands
    for command in sorted(commands):
        match = re.search(r"install (\S+)@(\S+)$", command)
        assert match, command
        package, version = match.groups()
        module = _module_of(package)
        out = subprocess.run(
            [str(tool("go")), "list", "-m", "-json", f"{module}@{version}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert out.returncode == 0, (command, out.stderr)
        go_line = json.loads(out.stdout).get("GoVersion")
        if go_line:
            assert (go_major("go" + go_line) or (0, 0)) <= supported_majors()[0], command


def test_messages_alone_name_the_cause_and_nothing_is_made_up() -> None:
    dwarf = (
        "Delve Debugger\nVersion: 1.1.0\n\ngo version go1.11 linux/amd64\n"
        "could not launch process: decoding dwarf section info at offset 0x0: too short\n"
    )
    findings = diagnose(facts_from_report(dwarf), AREAS)
    assert top_finding(dwarf).id == "debug.dlv-go-window"  # type: ignore[union-attr]
    # No dlv release goide knows builds with or debugs Go 1.11: no "update to v1.7.3" that cannot work.
    assert not any(f.id == "tools.newer-release" for f in findings)
    gopls = (
        "Error: Found Go version 1.18, which is not supported by this version of gopls. "
        "Please upgrade to Go 1.21 or later and reinstall gopls.\n"
    )
    facts = facts_from_report(gopls)
    assert "host.os" in facts.unknown
    top = top_finding(gopls)
    assert top is not None
    assert top.id == "toolchain.unsupported"
    assert top.fix is not None
    assert "your OS and CPU" in top.fix.description  # the report does not say which machine it is
    assert "gopls v0.14.2" in top.detail


def test_stdin_on_a_terminal_is_refused_not_waited_for() -> None:
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "goide", "doctor", "--from-report", "-"],
            stdin=secondary,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    assert lines[0].startswith("error: ")
    assert "terminal" in lines[0]
    assert lines[1].startswith("hint: ")
