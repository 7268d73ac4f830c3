"""Issue 16, `goide crash` items 1-6: each on real Go output where this toolchain produces it,
else on real output pasted in public issues (tests/data/crash/, sources in its README)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from goide.crash.classify import summarize
from goide.crash.stdlib import STD_ROOTS, is_std_package
from goide.crash.traceback import parse_text
from tests.crash.realprogs import issue16_crashes
from tests.crashprogs import RealCrash
from tests.helpers import tool

DATA = Path(__file__).parent.parent / "data" / "crash"


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RealCrash]:
    return issue16_crashes(tmp_path_factory.mktemp("issue16"))


def _culprit(text: str) -> tuple[str, str, int, str]:
    found = parse_text(text)
    assert len(found) == 1, [c.start_line for c in found]
    summary = summarize(found[0])
    assert summary.culprit is not None, summary.kind
    return summary.kind.value, summary.culprit.function, summary.culprit.line, summary.culprit.file


# -- 1. module paths without a dot ----------------------------------------------------------


@pytest.mark.parametrize("name", ["nodot-nil", "nodot-panic", "hello-test"])
def test_module_path_without_a_dot_is_user_code(crashes: dict[str, RealCrash], name: str) -> None:
    real = crashes[name]
    kind, function, line, file = _culprit(real.stderr)
    assert (kind, function, line) == (real.kind, real.function, real.line)
    assert file.endswith("/" + real.file)


def test_module_path_without_a_dot_with_file_names_only(crashes: dict[str, RealCrash]) -> None:
    # vscode-go's reports keep only base names, so no GOROOT can be seen: the package list decides.
    real = crashes["nodot-panic"]
    text = "\n".join(
        line.rsplit("/", 1)[0][:1] + "  " + line.rsplit("/", 1)[1] if line.startswith("\t/") else line
        for line in real.stderr.splitlines()
    )
    assert "\t  store.go:" in text
    assert _culprit(text)[1] == real.function


def test_standard_library_roots_match_go_list_std() -> None:
    listed = subprocess.run(
        [str(tool("go")), "list", "std"], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert len(listed) > 200
    assert {p.split("/", 1)[0] for p in listed} <= STD_ROOTS
    assert all(is_std_package(p) for p in listed)
    assert not is_std_package("myapp/store")
    assert not is_std_package("example/hello/greet")


# -- 2. a timeout inside a subtest ----------------------------------------------------------


def test_timeout_in_a_subtest_names_the_subtest(crashes: dict[str, RealCrash]) -> None:
    real = crashes["subtest-timeout"]
    summary = summarize(parse_text(real.stderr)[0])
    # Go lists the parents too; the one that is stuck is the innermost.
    assert summary.running_tests == ["TestOuter", "TestOuter/stuck", "TestOuter/stuck/inner_case"]
    assert summary.stuck_tests == ["TestOuter/stuck/inner_case"]
    assert summary.culprit is not None
    assert (summary.culprit.function, summary.culprit.line) == (real.function, real.line)
    assert summary.goroutine is not None
    assert any(f.function.endswith("TestOuter.func1.1") for f in summary.goroutine.frames)


def test_timeout_in_go_1_20_form(crashes: dict[str, RealCrash]) -> None:
    # Go 1.20's testing.go printed `running tests:` at the start of a line and each test under it
    # with one tab (go1.20 src/testing/testing.go, runningList); Go 1.21 indented both once more.
    # This toolchain prints only the new form, so the real output is turned into the old one.
    real = crashes["subtest-timeout"]
    old = real.stderr.replace("\n\trunning tests:\n", "\nrunning tests:\n").replace(
        "\n\t\tTestOuter", "\n\tTestOuter"
    )
    assert "\nrunning tests:\n\tTestOuter (" in old
    found = parse_text(old)
    assert len(found) == 1
    summary = summarize(found[0])
    assert summary.stuck_tests == ["TestOuter/stuck/inner_case"]
    assert summary.culprit is not None
    assert summary.culprit.function == real.function
    assert not found[0].unparsed


# -- 3-6. real reports from public issues ---------------------------------------------------


def _data(name: str) -> str:
    return (DATA / name).read_text()


def test_vscode_go_report_frames_and_header() -> None:
    # golang/vscode-go#3606: `\t  check.go:1402  0x93a` frames, `gopls version: v0.13.2/go1.22.5`.
    crash = parse_text(_data("vscode-go-3606.txt"))
    assert len(crash) == 1
    summary = summarize(crash[0])
    assert summary.kind.value == "nil-dereference"
    assert summary.culprit is not None
    assert summary.culprit.function == "golang.org/x/tools/gopls/internal/lsp/cache.localPackageKey"
    assert (summary.culprit.file, summary.culprit.line) == ("check.go", 1402)
    assert summary.culprit.location() == "check.go:1402"
    assert crash[0].gopls_version == "v0.13.2"
    assert crash[0].go_version == "go1.22.5"
    assert summary.is_gopls


def test_vscode_go_report_go_version_line() -> None:
    # golang/vscode-go#3234: `gopls version: v0.15.1 (go1.20.13)` and `go version: 1.21.6`.
    crash = parse_text(_data("vscode-go-3234.txt"))[0]
    assert (crash.gopls_version, crash.go_version) == ("v0.15.1", "go1.20.13")
    summary = summarize(crash)
    assert summary.culprit is not None
    assert summary.culprit.function.endswith("cache.(*typeCheckBatch).checkPackageForImport")
    assert "?" in summary.goroutine.frames[0].args if summary.goroutine else False


def test_gopls_culprit_in_x_tools_internal() -> None:
    # golang/go#34820 (govim log): the crash is in x/tools/internal/lsp/cache, gopls's code before v0.12.
    crash = parse_text(_data("go-34820.txt"))
    assert len(crash) == 1
    summary = summarize(crash[0])
    assert summary.kind.value == "concurrent-map-access"
    assert summary.is_gopls
    assert summary.culprit is not None
    assert summary.culprit.function == "golang.org/x/tools/internal/lsp/cache.(*snapshot).addPackage"


def test_gopls_culprit_in_x_tools_internal_above_gopls_frames() -> None:
    # A frame of x/tools/internal above the first gopls frame is the culprit a maintainer names.
    text = _data("vscode-go-3606.txt").replace(
        "golang.org/x/tools/gopls/internal/lsp/cache.localPackageKey(",
        "golang.org/x/tools/internal/typesinternal.SetUsesCgo(0x1)\n\t  types.go:12  0x1\n"
        "golang.org/x/tools/gopls/internal/lsp/cache.localPackageKey(",
    )
    summary = summarize(parse_text(text)[0])
    assert summary.culprit is not None
    assert summary.culprit.function == "golang.org/x/tools/internal/typesinternal.SetUsesCgo"


@pytest.mark.parametrize(
    "prefix",
    [
        "2024-01-02T03:04:05.1234567Z ",
        "[00:11:11] ",
        "Feb 07 04:53:48 host prog[123]: ",
        "gopls stderr: ",
        "2019-10-10T13:42:05.531265_#1: gopls stderr: ",
        " 618283 2021-09-15T07:40:15.1455272Z ",  # GitHub's log viewer, copied with line numbers
    ],
)
def test_log_prefixes(crashes: dict[str, RealCrash], prefix: str) -> None:
    real = crashes["nodot-nil"]
    text = "\n".join(prefix + line for line in ["starting", *real.stderr.splitlines(), "done"])
    kind, function, line, _ = _culprit(text)
    assert (kind, function, line) == (real.kind, real.function, real.line)


@pytest.mark.parametrize("opening", ["<pre>", "```", "```text\n", "`", "<details><pre>", "<pre><code>"])
def test_panic_after_markup(crashes: dict[str, RealCrash], opening: str) -> None:
    real = crashes["nodot-panic"]
    text = f"Here is what I got:\n{opening}{real.stderr}```\n</pre>\nthanks"
    kind, function, line, _ = _culprit(text)
    assert (kind, function, line) == (real.kind, real.function, real.line)
    assert parse_text(text)[0].panics[0].value == "negative value"


def test_old_sigquit_header_is_a_signal() -> None:
    # panicparse's test data (stack/context_test.go, "C code" case): `SIGQUIT: quit` then
    # `PC=0x43f349 m=0` without `sigcode`, as Go before 1.5 printed it.
    crash = parse_text(_data("panicparse-sigquit-old.txt"))
    assert len(crash) == 1
    summary = summarize(crash[0])
    assert summary.kind.value == "signal"
    assert crash[0].signal is not None
    assert crash[0].signal.name == "SIGQUIT: quit"
