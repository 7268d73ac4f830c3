"""`goide crash` on real crashes of real Go programs, plain and wrapped the way VS Code shows them.

VS Code cannot run here. The wrapped variants follow the real formats exactly:
- vscode-languageclient >= 10.0.0-next.15 logs each stderr line of the server with
  `outputChannel.error(line)` (client/src/node/main.ts), which VS Code writes as
  `${YYYY}-${MM}-${DD} ${hh}:${mm}:${ss}.${mmm} [error] ${line}` (fileLog.ts);
- older clients append server stderr raw and their own lines as
  `[${name.padEnd(5)} - ${toLocaleTimeString()}] ${message}` (client.ts), as in the capture of
  vscode-go extension/test/gopls/report.test.ts (shared/reference/crashes-and-traces.md, 3.3).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goide.crash.classify import summarize
from goide.crash.traceback import parse_text
from tests.crashprogs import RealCrash, real_crashes
from tests.helpers import goide

pytestmark = pytest.mark.integration

NAMES = [
    "nilmap",
    "nil",
    "index",
    "mapwrites",
    "deadlock",
    "overflow",
    "goroutine",
    "custom",
    "repanic",
    "race",
    "quit",
    "system",
    "crash",
    "timeout",
    "timeout-json",
    "cgo",
]


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RealCrash]:
    return real_crashes(tmp_path_factory.mktemp("crashes"))


def _check(text: str, real: RealCrash) -> None:
    found = parse_text(text)
    assert len(found) == 1, [c.start_line for c in found]
    summary = summarize(found[0])
    assert summary.kind.value == real.kind
    assert summary.culprit is not None
    assert (summary.culprit.function, summary.culprit.line) == (real.function, real.line)
    assert summary.culprit.file.endswith("/" + real.file)


@pytest.mark.parametrize("name", NAMES)
def test_real_crash_is_classified_with_its_culprit(crashes: dict[str, RealCrash], name: str) -> None:
    _check(crashes[name].stderr, crashes[name])


def _new_client(text: str) -> str:
    lines = [f"2026-08-21 10:02:11.{i % 1000:03d} [error] {line}" for i, line in enumerate(text.splitlines())]
    return "\n".join(
        [
            "2026-08-21 10:02:10.001 [info] 2026/08/21 10:02:10 go/packages.Load",
            "2026-08-21 10:02:10.002 [info] \tsnapshot=17",
            *lines,
            "2026-08-21 10:02:11.990 [info] Connection to server got closed. Server will restart.",
            "2026-08-21 10:02:11.991 [error] Request textDocument/codeLens failed.",
        ]
    )


def _old_client(text: str, time: str) -> str:
    return "\n".join(
        [
            f"[Info  - {time}] 2020/09/16 12:50:26 go/packages.Load",
            "snapshot=17",
            f"[Info  - {time}] ",
            *text.splitlines(),
            f"[Info  - {time}] Connection to server got closed. Server will restart.",
            f"[Error - {time}] Request textDocument/codeLens failed.",
            "Error: Connection got disposed.",
        ]
    )


@pytest.mark.parametrize("name", ["nil", "mapwrites", "system", "quit", "race", "timeout", "repanic", "oom"])
@pytest.mark.parametrize(
    "wrap",
    [
        _new_client,
        lambda t: _old_client(t, "10:02:11 AM"),
        lambda t: _old_client(t, "14:02:11"),
        lambda t: _old_client(t, "下午2:02:11"),
        lambda t: t.replace("\t", "    "),
        lambda t: t.replace("\t", "        "),
        lambda t: _new_client(t.replace("\t", "  ")),
        lambda t: t.replace("\n", "\r\n"),
    ],
    ids=[
        "new-client",
        "old-client-en",
        "old-client-24h",
        "old-client-zh",
        "tabs4",
        "tabs8",
        "new-spaces",
        "crlf",
    ],
)
def test_wrapped_crash(crashes: dict[str, RealCrash], name: str, wrap: object) -> None:
    assert callable(wrap)
    _check(wrap(crashes[name].stderr), crashes[name])


def test_line_of_another_process_inside_a_goroutine(crashes: dict[str, RealCrash]) -> None:
    lines = crashes["system"].stderr.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("goroutine 1 "))
    lines.insert(header + 3, "[Info  - 10:02:11 AM] 2020/09/16 12:50:26 go/packages.Load")
    found = parse_text("\n".join(lines))
    assert len(found) == 1
    assert found[0].unparsed_count == 1
    assert found[0].unparsed[0][0] == header + 4
    assert summarize(found[0]).culprit is not None


def test_several_crashes_in_one_file(crashes: dict[str, RealCrash]) -> None:
    order = ["nil", "race", "deadlock", "quit", "timeout", "overflow"]
    text = "\n".join(f"some log line before {name}\n{crashes[name].stderr}" for name in order)
    summaries = [summarize(c) for c in parse_text(text)]
    assert [s.kind.value for s in summaries] == [crashes[name].kind for name in order]
    assert [s.culprit.function if s.culprit else None for s in summaries] == [
        crashes[name].function for name in order
    ]


def test_panic_values(crashes: dict[str, RealCrash]) -> None:
    repanic = parse_text(crashes["repanic"].stderr)[0]
    assert [(p.value, p.recovered, p.repanicked) for p in repanic.panics] == [("first failure", True, True)]
    custom = parse_text(crashes["custom"].stderr)[0]
    assert custom.panics[0].value == "bad config key port"
    timeout = summarize(parse_text(crashes["timeout"].stderr)[0])
    assert timeout.running_tests == ["TestHangs"]


def test_goroutines_bucketed(crashes: dict[str, RealCrash]) -> None:
    quit_dump = summarize(parse_text(crashes["quit"].stderr)[0])
    sleepers = [g for g in quit_dump.groups if g.top and g.top.function == "main.hang.func1"]
    # hang() starts three identical sleeping goroutines: one group of three, shown by its user frame.
    assert [(g.count, g.states, g.runs_user_code) for g in sleepers] == [(3, {"sleep": 3}, True)]
    # The main goroutine's group comes first, then groups running user code, then the runtime's.
    assert quit_dump.groups[0].crashed
    user = [g.runs_user_code for g in quit_dump.groups]
    assert user == sorted(user, reverse=True)
    assert quit_dump.crash.registers["rip"].startswith("0x")


def test_cli_json_markdown_and_exit_status(crashes: dict[str, RealCrash], tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    log.write_text(crashes["nil"].stderr)
    result = goide("crash", str(log), "--json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "goide.crash/1"
    assert document["crash_count"] == 1
    crash = document["crashes"][0]
    assert crash["kind"] == "nil-dereference"
    assert crash["culprit"]["function"] == "main.nilDeref"
    assert crash["goroutine"]["id"] == 1

    # Pretend the module lives in the home directory: --redact-paths must hide it.
    home = crash["culprit"]["file"].rsplit("/crashy/", 1)[0]
    markdown = goide(
        "crash", "-", "--markdown", "--redact-paths", stdin=crashes["nil"].stderr.encode(), env={"HOME": home}
    )
    assert markdown.returncode == 1
    text = markdown.stdout.decode()
    assert "### Go program crash: nil pointer dereference in main.nilDeref" in text
    assert home not in text
    assert "~/crashy/main.go" in text

    # From a pipe, lines that are no traceback pass through unchanged (pass-through mode).
    clean = goide("crash", "-", stdin=b"just a log\nnothing crashed\n")
    assert clean.returncode == 0
    assert clean.stdout == b"just a log\nnothing crashed\n"
    report = goide("crash", "-", "--report", stdin=b"just a log\nnothing crashed\n")
    assert report.returncode == 0
    assert b"no crash found" in report.stdout


def test_real_gopls_goroutine_dump(tmp_path: Path) -> None:
    import subprocess

    from goide.crash.classify import findings
    from goide.crash.read import recent_gopls_crashes
    from tests.crashprogs import gopls_sigquit
    from tests.helpers import tool

    version = subprocess.run([str(tool("gopls")), "version"], capture_output=True, text=True, check=True)
    pinned = version.stdout.split()[1]  # "golang.org/x/tools/gopls v0.23.0"
    dump = gopls_sigquit()
    found = parse_text(_new_client(dump))
    assert len(found) == 1
    summary = summarize(found[0])
    assert summary.is_gopls
    assert summary.kind.value == "signal"
    assert summary.culprit is not None
    assert summary.culprit.package.startswith("golang.org/x/tools/gopls/")
    # The version comes from the module cache path of gopls's own frames.
    assert found[0].gopls_version == pinned
    # What goide doctor will call: gopls -logfile=auto logs in a directory.
    (tmp_path / "gopls-4242.log").write_text(_new_client(dump))
    (tmp_path / "unrelated.log").write_text(dump)
    (found_path, found_summary), *rest = recent_gopls_crashes(tmp_path)
    assert (found_path.name, rest) == ("gopls-4242.log", [])
    (finding,) = findings([found_summary], str(found_path))
    assert finding.id == "crash.gopls.signal"
    assert finding.fix is not None
    assert finding.fix.command == f"goide crash --markdown --redact-paths {found_path}"
    markdown = goide("crash", str(found_path), "--markdown", "--redact-paths")
    assert markdown.returncode == 1
    text = markdown.stdout.decode()
    assert text.startswith("### gopls crash: fatal signal in golang.org/x/tools/gopls/")
    assert f"- gopls version: {pinned}\n" in text
    assert "\nSIGQUIT: quit\n" in text


def test_fuzz_damaged_real_crashes(crashes: dict[str, RealCrash]) -> None:
    from hypothesis import HealthCheck, given, settings

    from fuzz.crash_fuzz import check, damaged
    from tests.crash.test_traceback import GO119, OLD_GOPLS

    seeds = [c.stderr for c in crashes.values()] + [GO119, OLD_GOPLS]

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(damaged(seeds))
    def run(text: str) -> None:
        check(text)

    run()


def test_fuzz_real_crashes_read_the_same_everywhere(crashes: dict[str, RealCrash]) -> None:
    """The real dumps have what the public corpus lacks: register dumps (SIGQUIT, cgo),
    `runtime stack:`, `go test -json` events; the block reader must read them as lines are read."""
    from hypothesis import HealthCheck, given, settings

    from fuzz.crash_fuzz import damaged
    from fuzz.crash_paths_fuzz import prefixed, same_everywhere

    seeds = [c.stderr for c in crashes.values()]
    for seed in seeds:
        same_everywhere(seed)
    same_everywhere("".join(seeds))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(damaged(seeds))
    def run_damaged(text: str) -> None:
        same_everywhere(text)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(prefixed(seeds))
    def run_prefixed(text: str) -> None:
        same_everywhere(text)

    run_damaged()
    run_prefixed()


@pytest.mark.parametrize("value", ["0", "-1"])
def test_max_below_one_is_an_error_with_a_hint(value: str) -> None:
    result = goide("crash", "-", f"--max={value}", stdin=b"")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"error: --max must be at least 1, not {value}",
        "hint: for example --max 20 (the default)",
    ]
