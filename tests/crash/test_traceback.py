"""The traceback parser on the forms of other Go versions and on bad input.

Go 1.26 output is covered by tests/crash/test_crash_real.py (real programs). The older forms here are
captures quoted in shared/reference/crashes-and-traces.md: a real Go 1.19 run (sections 1.6, 1.7,
1.10), the vscode-go report.test.ts capture of a gopls crash (section 3.3), and header and frame
forms from the runtime's print statements (traceback.go goroutineheader, printArgs) and
panicparse's test corpus (section 2.3).
"""

from __future__ import annotations

import os

import pytest

from goide.crash import traceback
from goide.crash.classify import Kind, summarize
from goide.crash.traceback import Goroutine, parse_text
from tests.helpers import goide

GO119 = """panic: boom

goroutine 1 [running]:
main.deep({0x989680?, 0x0?}, {0x404c78?, 0xc000088f70?, 0x404bb9?}, 0x60?)
\t/home/user/app/main.go:41 +0x215
panic({0x467560, 0x48c1a0})
\t/usr/local/go/src/runtime/panic.go:884 +0x212
main.main()
\t/home/user/app/main.go:50 +0xd6

goroutine 6 [chan receive, 3 minutes]:
runtime.goparkunlock(...)
\t/usr/local/go/src/runtime/proc.go:369
main.worker()
\t/home/user/app/main.go:12 +0x2f
created by main.main
\t/home/user/app/main.go:46 +0x6a
exit status 2
"""

# vscode-go extension/test/gopls/report.test.ts at 6f77bbd0~1: the file lines lost their tab.
_MOD = "/Users/Gopher/go/pkg/mod/golang.org/x/tools@v0.0.0-20200914163123-ea50a3c84940/internal"
OLD_GOPLS = f"""[Info - 12:50:26 PM] 2020/09/16 12:50:26 go/packages.Load
snapshot=17
panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x20 pc=0x16cc8a8]

goroutine 1011 [running]:
golang.org/x/tools/internal/lsp/mod.vendorLens(0x1ae5540, 0xc000385480, 0xb, 0x10, 0x0)
{_MOD}/lsp/mod/code_lens.go:129 +0x158
golang.org/x/tools/internal/lsp/mod.LensFuncs.func1(0x1ae5540)
{_MOD}/lsp/mod/code_lens.go:30 +0x1
created by golang.org/x/tools/internal/jsonrpc2.AsyncHandler.func1
{_MOD}/jsonrpc2/handler.go:100 +0x171
[Info - 12:50:26 PM] Connection to server got closed. Server will restart.
[Error - 12:50:26 PM] Request textDocument/codeLens failed.
Error: Connection got disposed.
"""


def test_go119_forms() -> None:
    (crash,) = parse_text(GO119)
    first, worker = crash.goroutines
    assert first.frames[0].args == "{0x989680?, 0x0?}, {0x404c78?, 0xc000088f70?, 0x404bb9?}, 0x60?"
    assert [f.function for f in first.frames] == ["main.deep", "panic", "main.main"]
    assert (worker.state, worker.wait_minutes) == ("chan receive", 3)
    assert worker.frames[0].inlined
    assert worker.created_by is not None
    assert (worker.created_by.function, worker.created_in) == ("main.main", None)
    assert crash.end_line == 17  # "exit status 2" is not part of it
    summary = summarize(crash)
    assert summary.culprit is not None
    assert summary.culprit.function == "main.deep"


def test_old_vscode_gopls_capture() -> None:
    (crash,) = parse_text(OLD_GOPLS)
    summary = summarize(crash)
    assert summary.kind is Kind.NIL_DEREFERENCE
    assert summary.goroutine is not None
    assert summary.goroutine.id == 1011
    assert summary.culprit is not None
    assert summary.culprit.function == "golang.org/x/tools/internal/lsp/mod.vendorLens"
    assert summary.culprit.line == 129
    assert crash.signal is not None
    assert crash.signal.addr == "0x20"


@pytest.mark.parametrize(
    ("header", "goid", "state", "minutes", "locked", "m"),
    [
        ("goroutine 1 [running]:", 1, "running", 0, False, None),
        ("goroutine 3 [chan send, 101 minutes, locked to thread]:", 3, "chan send", 101, True, None),
        ("goroutine 0 gp=0x4ded80 m=0 mp=0x4df340 [idle]:", 0, "idle", 0, False, "0"),
        ("goroutine 19 gp=0xc000082540 m=nil [GC scavenge wait]:", 19, "GC scavenge wait", 0, False, "nil"),
        (
            "goroutine 7 [select (no cases), 5 minutes, synctest bubble 3]:",
            7,
            "select (no cases)",
            5,
            False,
            None,
        ),
        ('goroutine 8 [sleep, 2 minutes labels:{"k": "v, w"}]:', 8, "sleep", 2, False, None),
        ("goroutine 9 [sync.Mutex.Lock (scan)]:", 9, "sync.Mutex.Lock (scan)", 0, False, None),
    ],
)
def test_goroutine_headers(  # noqa: PLR0917 - one parameter per column of the table
    header: str, goid: int, state: str, minutes: int, locked: bool, m: str | None
) -> None:
    (crash,) = parse_text(f"{header}\nmain.f()\n\t/x/main.go:3 +0x1\n")
    goroutine: Goroutine = crash.goroutines[0]
    assert (goroutine.id, goroutine.state, goroutine.wait_minutes) == (goid, state, minutes)
    assert (goroutine.locked_to_thread, goroutine.m) == (locked, m)


@pytest.mark.parametrize(
    ("line", "function", "args"),
    [
        ("main.f(0x1, _, ...)", "main.f", "0x1, _, ..."),
        ("main.(*T).M(0xc000010000?)", "main.(*T).M", "0xc000010000?"),
        ("example.com/p.Map[...](...)", "example.com/p.Map[...]", "..."),
        ("example.com/p.G[go.shape.int](0x1)", "example.com/p.G[go.shape.int]", "0x1"),
        ("runtime.goexit({})", "runtime.goexit", "{}"),
        ("gopkg.in/yaml%2ev2.Unmarshal(0x1)", "gopkg.in/yaml%2ev2.Unmarshal", "0x1"),
    ],
)
def test_frame_forms(line: str, function: str, args: str) -> None:
    (crash,) = parse_text(f"goroutine 1 [running]:\n{line}\n\t/x/f.go:3 fp=0x1 sp=0x2 pc=0x3\n")
    frame = crash.goroutines[0].frames[0]
    assert (frame.function, frame.args, frame.file, frame.line) == (function, args, "/x/f.go", 3)


def test_package_of_escaped_path() -> None:
    assert traceback.package_of("gopkg.in/yaml%2ev2.Unmarshal") == "gopkg.in/yaml.v2"
    assert traceback.package_of("runtime.(*scavengerState).park") == "runtime"


def test_stack_unavailable_elided_and_eight_spaces() -> None:
    text = (
        "goroutine 5 [running]:\n"
        "\tgoroutine running on other thread; stack unavailable\n"
        "created by main.main in goroutine 1\n"
        "\t/x/main.go:9 +0x1\n"
        "\n"
        "goroutine 6 [runnable]:\n"
        "main.a()\n"
        "        /x/main.go:1 +0x1\n"
        "...additional frames elided...\n"
        "main.b()\n"
        "        /x/main.go:2\n"
    )
    (crash,) = parse_text(text)
    five, six = crash.goroutines
    assert five.stack_unavailable
    assert five.created_in == 1
    assert six.frames_elided == -1
    assert [f.line for f in six.frames] == [1, 2]


def test_multiline_and_nested_panic_values() -> None:
    text = (
        "panic: inner [recovered]\n"
        "\tpanic: middle [recovered, repanicked]\n"
        "\tpanic: outer\n"
        "\tsecond line of outer\n"
        "\n"
        "goroutine 1 [running]:\n"
        "main.main()\n"
        "\t/x/main.go:3 +0x1\n"
    )
    (crash,) = parse_text(text)
    assert [(p.value, p.recovered, p.repanicked) for p in crash.panics] == [
        ("inner", True, False),
        ("middle", True, True),
        ("outer\nsecond line of outer", False, False),
    ]


def test_many_goroutines_are_bounded_and_bucketed() -> None:
    block = "goroutine {n} [chan receive]:\nmain.worker()\n\t/x/main.go:12 +0x2f\n\n"
    text = "".join(block.format(n=n) for n in range(1, traceback.MAX_GOROUTINES + 1001))
    (crash,) = parse_text(text)
    assert crash.goroutine_count == traceback.MAX_GOROUTINES + 1000
    assert len(crash.goroutines) == traceback.MAX_GOROUTINES
    assert crash.goroutines_dropped == 1000
    (bucket,) = crash.buckets.values()
    assert bucket.count == traceback.MAX_GOROUTINES + 1000


def test_deep_stack_is_bounded() -> None:
    frames = "main.r()\n\t/x/main.go:5 +0x1\n" * (traceback.MAX_FRAMES + 50)
    (crash,) = parse_text(f"goroutine 1 [running]:\n{frames}")
    assert len(crash.goroutines[0].frames) == traceback.MAX_FRAMES
    assert crash.goroutines[0].frames_dropped == 50


# -- bad input --------------------------------------------------------------------------------


def test_truncated_in_the_middle_of_a_frame() -> None:
    text = "panic: boom\n\ngoroutine 1 [running]:\nmain.f()\n\t/x/main.go:3 +0x1\nmain.main("
    (crash,) = parse_text(text[: text.rindex("\n")] + "\nmain.main()")
    assert crash.truncated
    assert summarize(crash).culprit is not None


def test_panic_line_without_goroutines() -> None:
    (crash,) = parse_text("panic: boom\nand then the log goes on\nwith other things\nand more\n")
    assert crash.truncated
    assert crash.goroutine_count == 0
    assert summarize(crash).kind is Kind.EXPLICIT_PANIC


def test_two_processes_interleaved() -> None:
    a = GO119.splitlines()
    b = OLD_GOPLS.splitlines()
    mixed = [line for pair in zip(a, b, strict=False) for line in pair]
    crashes = parse_text("\n".join(mixed))
    # The stacks cannot be rebuilt, but both crashes are found, in order, with their panics.
    kinds = [summarize(crash).kind for crash in crashes]
    assert kinds[:2] == [Kind.EXPLICIT_PANIC, Kind.NIL_DEREFERENCE]
    assert crashes[0].panics[0].value == "boom"


def test_binary_garbage_cli(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "core")
    with open(path, "wb") as f:
        f.write(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 400)
    result = goide("crash", path)
    assert result.returncode == 2
    assert result.stderr.startswith(b"error: no Go traceback found")
    assert b"hint: " in result.stderr
    assert b"Traceback" not in result.stderr


def test_missing_file_and_directory(tmp_path: os.PathLike[str]) -> None:
    missing = goide("crash", os.path.join(tmp_path, "nope.log"))
    assert (missing.returncode, missing.stderr.splitlines()[0]) == (
        2,
        f"error: {os.path.join(tmp_path, 'nope.log')}: no such file".encode(),
    )
    directory = goide("crash", str(tmp_path))
    assert directory.returncode == 2
    assert b"is a directory" in directory.stderr


def test_one_megabyte_lines(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "long.log")
    with open(path, "w") as f:
        f.write("x" * (traceback.MAX_LINE + 10) + "\n")
        f.write("panic: " + "v" * (1 << 20) + "\n\n")
        f.write("goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n")
        f.write("[Error - " + "y" * (traceback.MAX_LINE * 2) + "\n")
    result = goide("crash", path, "--json")
    assert result.returncode == 1, result.stderr
    import json

    document = json.loads(result.stdout)
    assert document["long_lines"] == 2
    (crash,) = document["crashes"]
    assert crash["culprit"]["function"] == "main.main"
    assert len(crash["panics"][0]["value"]) < traceback.MAX_TEXT + 100


def test_bad_max_flag() -> None:
    result = goide("crash", "--max", "0", "-", stdin=b"")
    assert result.returncode == 2
    assert result.stderr.startswith(b"error: --max must be at least 1")
