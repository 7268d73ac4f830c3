"""More real Go crashes for issue 16: module paths without a dot, and a timeout in a subtest.

Built and run with the real Go (builds cached by helpers.go_build); culprit lines come from
`// culprit:NAME` markers, as in tests/crashprogs.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.crashprogs import RealCrash, _marker
from tests.helpers import go_build, tool, write_module

# `go mod init myapp`: a module path whose first element has no dot.
NODOT_STORE = """package store

type Store struct{ m map[string]int }

func (s *Store) Get(k string) int {
	return s.m[k] // culprit:nodot-nil
}

func Check(v int) {
	if v < 0 {
		panic("negative value") // culprit:nodot-panic
	}
}
"""

NODOT_MAIN = """package main

import (
	"os"

	"myapp/store"
)

func main() {
	var s *store.Store
	switch os.Args[1] {
	case "nil":
		println(s.Get("a"))
	case "panic":
		store.Check(len(os.Args) - 5)
	}
}
"""

# The official tutorial's `example/hello`, crashing under `go test` (testing frames under GOROOT).
HELLO_GREET = """package greet

import "strings"

func Hello(name string) string {
	if name == "" {
		panic("empty name") // culprit:hello
	}
	return "Hello, " + strings.TrimSpace(name)
}
"""

HELLO_TEST = """package greet

import "testing"

func TestHello(t *testing.T) {
	if Hello("") == "" {
		t.Fatal("empty")
	}
}
"""

SUBTEST_TIMEOUT = """package subhang

import (
	"testing"
	"time"
)

func waitForever() {
	time.Sleep(time.Hour) // culprit:subtimeout
}

func TestOuter(t *testing.T) {
	t.Run("stuck", func(t *testing.T) {
		t.Run("inner case", func(t *testing.T) { waitForever() })
	})
}
"""


def _stderr(argv: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(
        argv, capture_output=True, text=True, timeout=180, cwd=cwd, env=os.environ, check=False
    )
    assert result.returncode != 0, f"{argv} did not crash"
    return result.stderr + result.stdout


def issue16_crashes(tmp: Path) -> dict[str, RealCrash]:
    nodot = write_module(
        tmp / "myapp",
        {"go.mod": "module myapp\n\ngo 1.22\n", "main.go": NODOT_MAIN, "store/store.go": NODOT_STORE},
    )
    program = go_build(nodot, goos="linux", goarch="amd64", name="myapp")
    hello = write_module(
        tmp / "hello",
        {
            "go.mod": "module example/hello\n\ngo 1.22\n",
            "greet/greet.go": HELLO_GREET,
            "greet/greet_test.go": HELLO_TEST,
        },
    )
    subhang = write_module(
        tmp / "subhang",
        {"go.mod": "module example.com/subhang\n\ngo 1.22\n", "hang_test.go": SUBTEST_TIMEOUT},
    )
    go = str(tool("go"))
    cases = [
        RealCrash(
            "nodot-nil",
            _stderr([str(program), "nil"]),
            "nil-dereference",
            "myapp/store.(*Store).Get",
            "store/store.go",
            _marker(NODOT_STORE, "nodot-nil"),
        ),
        RealCrash(
            "nodot-panic",
            _stderr([str(program), "panic"]),
            "explicit-panic",
            "myapp/store.Check",
            "store/store.go",
            _marker(NODOT_STORE, "nodot-panic"),
        ),
        RealCrash(
            "hello-test",
            _stderr([go, "test", "./greet"], cwd=hello),
            "explicit-panic",
            "example/hello/greet.Hello",
            "greet/greet.go",
            _marker(HELLO_GREET, "hello"),
        ),
        RealCrash(
            "subtest-timeout",
            _stderr([go, "test", "-timeout", "1s", "."], cwd=subhang),
            "timeout",
            "example.com/subhang.waitForever",
            "subhang/hang_test.go",
            _marker(SUBTEST_TIMEOUT, "subtimeout"),
        ),
    ]
    return {c.name: c for c in cases}


# Four workers blocked at two lines of one function with different arguments, then a panic with
# GOTRACEBACK=all: strict grouping keeps 4 groups of workers, lines 2, functions 1.
WORKERS_MAIN = """package main

import "time"

// Ten int arguments fill amd64's nine integer argument registers: `id` goes on the stack, so the
// traceback prints it exactly (register arguments print as inaccurate `0x0?`).
//
//go:noinline
func worker(a, b, c, d, e, f, g, h, i int, id int, ch chan int) {
	if id%2 == 0 {
		<-ch
		return
	}
	<-ch
}

func main() {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go worker(0, 0, 0, 0, 0, 0, 0, 0, 0, i, ch)
	}
	time.Sleep(300 * time.Millisecond)
	panic("dump") // culprit:workers
}
"""


def build(tmp: Path, name: str) -> Path:
    """The crash program of tests/crashprogs.py (`name` = "crashy") or the workers program."""
    from tests.crashprogs import MAIN

    if name == "crashy":
        module = write_module(
            tmp / "crashy", {"go.mod": "module example.com/crashy\n\ngo 1.22\n", "main.go": MAIN}
        )
        return go_build(module, goos="linux", goarch="amd64")
    module = write_module(
        tmp / "workers", {"go.mod": "module example.com/workers\n\ngo 1.22\n", "main.go": WORKERS_MAIN}
    )
    return go_build(module, goos="linux", goarch="amd64", name="workers")
