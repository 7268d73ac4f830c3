"""--markdown, $GITHUB_STEP_SUMMARY, --format (gotestsum's formats), --no-color and NO_COLOR, on
the real `go test -json` recordings (tests/testrun/gomodule.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from goide.testrun.formats import FORMATS, gotestdox_sentence
from tests.helpers import goide
from tests.testrun.gomodule import MODULE, Recording

M = MODULE


def test_markdown_summary(recordings: dict[str, Recording], tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    step = tmp_path / "step.md"
    step.write_text("earlier step\n")
    result = goide(
        "test",
        "--input",
        str(recordings["all"].stream),
        "--markdown",
        str(out),
        env={"GITHUB_STEP_SUMMARY": str(step)},
    )
    assert result.returncode == 1, result.stderr.decode()
    text = out.read_text()
    assert step.read_text() == "earlier step\n" + text  # appended, never replaced
    assert len(text) < 65_536  # a pull-request comment's limit
    assert text.startswith("## ❌ goide test: FAIL: ")
    # Failures with their messages, leaf tests only (a parent's failure is its subtest's).
    assert f"<summary><b>TestFatal</b> in {M}/bad" in text
    assert "Half(3) = 1, want 1.5" in text
    assert "<b>TestSubFails/group/broken</b>" in text
    assert "<b>TestSubFails</b>" not in text
    assert "panic: assignment to entry in nil map" in text
    # Rendered as GitHub does (CommonMark + tables): one table row per package, then the slowest.
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    timed = any(
        e.get("Test") and (e.get("Elapsed") or 0) > 0
        for e in (
            json.loads(line)
            for line in recordings["all"].stream.read_bytes().splitlines()
            if line[:1] == b"{"
        )
    )
    slowest = ["Slowest tests"] if timed else []  # only tests that took a measurable time
    assert headings[1:] == ["Failed tests (8)", "Build and vet failures", "Packages", *slowest]
    rows = [t for t in tokens if t.type == "tr_open"]
    packages = 11  # gomodule.ALL_PACKAGES
    assert len(rows) >= 1 + packages + 1
    assert "| ✅ | example.com/gt/good | 15 | 0 | 2 |" in text
    assert "| 100.0% |" in text  # coverage


def test_markdown_of_a_passing_run(recordings: dict[str, Recording], tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    source = tmp_path / "good.json"
    lines = recordings["all"].stream.read_bytes().splitlines(keepends=True)
    source.write_bytes(b"".join(line for line in lines if f'"Package":"{M}/good"'.encode() in line))
    assert goide("test", "--input", str(source), "--markdown", str(out)).returncode == 0
    text = out.read_text()
    assert text.startswith("## ✅ goide test: PASS: ")
    assert "Failed tests" not in text


def test_markdown_escapes_and_stays_short() -> None:
    from goide.testrun.aggregate import Aggregate
    from goide.testrun.markdown import MAX_CHARS, render_markdown

    agg = Aggregate()
    events: list[dict[str, object]] = [{"Action": "start", "Package": "m/p"}]
    for i in range(300):
        name = f"Test|{i}<b>"
        events.append({"Action": "run", "Package": "m/p", "Test": name})
        body = "```\n" + "x" * 5000 + "\n"
        events.append({"Action": "output", "Package": "m/p", "Test": name, "Output": body * 30})
        events.append({"Action": "fail", "Package": "m/p", "Test": name, "Elapsed": 0.5})
    events.append({"Action": "fail", "Package": "m/p", "Elapsed": 1})
    agg.feed_all(events)
    agg.finish()
    text = render_markdown(agg)
    assert len(text) <= MAX_CHARS
    assert "<b>Test|0&lt;b&gt;</b>" in text
    assert "| Test\\|0\\<b\\> |" in text  # the slowest table's cell
    assert "````text" in text  # a fence longer than the output's own ```
    assert "… and 280 more failed tests" in text


@pytest.mark.parametrize("name", FORMATS)
def test_formats(recordings: dict[str, Recording], name: str) -> None:
    result = goide("test", "--input", str(recordings["all"].stream), "--format", name)
    assert result.returncode == 1, result.stderr.decode()
    text = result.stdout.decode()
    assert "\x1b[" not in text  # not a terminal
    expected = {
        "dots": "·↷·↷·",
        "pkgname": f"✖  {M}/bad (",
        "pkgname-and-test-fails": "=== Failed\n--- FAIL: TestFatal (0.00s)\n        bad_test.go:17: before",
        "testname": f"FAIL {M}/bad.TestFatal (0.00s)",
        "testdox": f"{M}/good:\n ✔ Add (",
        "standard-quiet": "--- FAIL: TestFatal (0.00s)\n        bad_test.go:17: before the failure",
        "standard-verbose": "=== RUN   TestAdd\n    good_test.go:",
        "github-actions": f"::group::FAIL {M}/bad (",
    }[name]
    assert expected in text
    # The summary still ends the output.
    assert text.rstrip().splitlines()[-1].startswith("FAIL: ")


def test_standard_verbose_passes_every_output_line_through(recordings: dict[str, Recording]) -> None:
    result = goide("test", "--input", str(recordings["all"].stream), "--format", "standard-verbose")
    text = result.stdout.decode(errors="replace")
    outputs = [
        json.loads(line)["Output"]
        for line in recordings["all"].stream.read_bytes().splitlines()
        if line.startswith(b"{") and b'"Action":"output"' in line
    ]
    assert len(outputs) > 50
    position = 0
    for output in outputs:  # in order, each one whole
        found = text.find(output, position)
        assert found >= 0, output
        position = found + len(output)


def test_colour_only_on_a_terminal_and_never_with_no_color(recordings: dict[str, Recording]) -> None:
    import os
    import pty
    import subprocess
    import sys

    def on_a_terminal(*args: str, env: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
        proc = subprocess.Popen(
            [sys.executable, "-m", "goide", *args], stdout=follower, stderr=follower, env=full_env
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks).decode(errors="replace")

    args = ("test", "--input", str(recordings["all"].stream), "--format", "pkgname")
    env = {"CI": "", "GITHUB_ACTIONS": "", "TERM": "xterm-256color"}
    assert "\x1b[31m✖\x1b[0m" in on_a_terminal(*args, env=env)
    assert "\x1b[" not in on_a_terminal(*args, "--no-color", env=env)
    assert "\x1b[" not in on_a_terminal(*args, env={**env, "NO_COLOR": "1"})


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("TestAdd", "Add"),
        ("TestAddsTwoNumbers", "Adds two numbers"),
        ("TestParseURL/with_query", "Parse URL with query"),
        ("TestHTTPServer", "HTTP server"),
        ("Test", "Test"),
    ],
)
def test_sentences_as_gotestdox_writes_them(name: str, sentence: str) -> None:
    assert gotestdox_sentence(name) == sentence


@pytest.mark.parametrize(("icons", "failed", "empty"), [("hivis", "❌", "➖"), ("text", "FAIL", "EMPTY")])
def test_format_icons(recordings: dict[str, Recording], icons: str, failed: str, empty: str) -> None:
    args = ("--format", "pkgname", "--format-icons", icons)
    text = goide("test", "--input", str(recordings["all"].stream), *args).stdout.decode()
    assert f"{failed}  {M}/bad (" in text
    assert f"{empty}  {M}/notests" in text


def test_hide_summary(recordings: dict[str, Recording]) -> None:
    stream = str(recordings["all"].stream)
    full = goide("test", "--input", stream).stdout.decode()
    assert "\nSkipped\n" in full
    assert "        output:\n" in full
    hidden = goide("test", "--input", stream, "--hide-summary", "skipped,output,packages")
    assert hidden.returncode == 1
    text = hidden.stdout.decode()
    assert "\nSkipped\n" not in text
    assert "output:" not in text
    assert not text.startswith("Packages")
    assert "|     bad_test.go:18: Half(3) = 1, want 1.5" in text  # failure messages stay
    assert text.splitlines()[-1] == full.splitlines()[-1]  # the totals line always
    bad = goide("test", "--input", stream, "--hide-summary", "skipped,colour")
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("error: --hide-summary: unknown part 'colour'")
