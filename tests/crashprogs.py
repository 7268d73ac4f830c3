"""Real Go crashes for the crash tests: one small program per kind of crash, built and run here.

`real_crashes(tmp)` builds the programs with the real Go (cached by helpers.go_build), runs each
one the way that makes it crash, and returns its stderr with the function and line the report
must name as the culprit. Lines are found from `// culprit:NAME` markers in the source, so no
line number is written down by hand.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import go_build, tool, write_module

MAIN = """package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

type T struct{ n int }

type ConfigError struct{ Key string }

func (e *ConfigError) Error() string { return "bad config key " + e.Key }

func nilDeref(t *T) int {
	return t.n // culprit:nil
}

func index(s []int, i int) int {
	return s[i] // culprit:index
}

// The overflow is caught in the prologue of the call: the runtime reports the func line.
func recurse(n int) int { // culprit:overflow
	return recurse(n+1) + 1
}

func nilMap() {
	var m map[string]int
	m["a"] = 1 // culprit:nilmap
}

func mapWrites() {
	m := map[int]int{}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				m[i%100] = i // culprit:mapwrites
			}
		}()
	}
	wg.Wait()
}

func deadlock() {
	ch := make(chan int)
	<-ch // culprit:deadlock
}

func inGoroutine() {
	done := make(chan bool)
	go func() {
		panic("boom in goroutine") // culprit:goroutine
	}()
	<-done
}

func repanic() {
	defer func() {
		r := recover()
		panic(r) // culprit:repanic
	}()
	panic(errors.New("first failure"))
}

func race() {
	x := 0
	done := make(chan bool)
	go func() {
		// The race detector reports the later access first: sleeping (which is no
		// synchronisation) makes this write the later one on every run.
		time.Sleep(time.Second)
		x = 1 // culprit:race
		done <- true
	}()
	x = 2
	<-done
	fmt.Println(x)
}

var keep [][]byte

func grow() {
	for {
		b := make([]byte, 64<<20) // culprit:oom
		for i := range b {
			b[i] = 1
		}
		keep = append(keep, b)
	}
}

func hang() {
	for i := 0; i < 3; i++ {
		go func() { time.Sleep(time.Hour) }()
	}
	// "ready" comes from another goroutine a moment later, when main is surely asleep.
	go func() {
		time.Sleep(200 * time.Millisecond)
		fmt.Println("ready")
	}()
	time.Sleep(time.Hour) // culprit:quit
}

func main() {
	switch os.Args[1] {
	case "nilmap":
		nilMap()
	case "nil":
		nilDeref(nil)
	case "index":
		index([]int{1, 2, 3}, len(os.Args)+1)
	case "mapwrites":
		mapWrites()
	case "deadlock":
		deadlock()
	case "overflow":
		debug.SetMaxStack(1 << 20)
		recurse(0)
	case "goroutine":
		inGoroutine()
	case "custom":
		panic(&ConfigError{Key: "port"}) // culprit:custom
	case "repanic":
		repanic()
	case "race":
		race()
	case "hang":
		hang()
	case "oom":
		grow()
	}
}
"""

TIMEOUT_TEST = """package hangs

import (
	"testing"
	"time"
)

func waitForever() {
	time.Sleep(time.Hour) // culprit:timeout
}

func TestHangs(t *testing.T) { waitForever() }
"""

CGO_MAIN = """package main

/*
static void crash(void) { volatile int *p = 0; *p = 1; }
*/
import "C"

func callC() {
	C.crash() // culprit:cgo
}

func main() { callC() }
"""


@dataclass(frozen=True)
class RealCrash:
    name: str
    stderr: str
    kind: str
    function: str
    file: str  # the last two elements of the culprit's path
    line: int


def _marker(source: str, name: str) -> int:
    for number, text in enumerate(source.splitlines(), 1):
        if text.rstrip().endswith(f"// culprit:{name}"):
            return number
    raise AssertionError(f"no culprit marker {name}")


def _limit_memory() -> None:
    # 800 MB of address space: the Go runtime then runs out of memory for real.
    resource.setrlimit(resource.RLIMIT_AS, (800_000_000, 800_000_000))


def _run(
    argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, *, small_memory: bool = False
) -> str:
    result = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
        preexec_fn=_limit_memory if small_memory else None,
    )
    assert result.returncode != 0, f"{argv} did not crash"
    return result.stderr + result.stdout


def _sigquit(program: Path) -> str:
    with subprocess.Popen(
        [str(program), "hang"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(signal.SIGQUIT)
        _, stderr = proc.communicate(timeout=60)
    return stderr


def real_crashes(tmp: Path) -> dict[str, RealCrash]:
    """Every crash of the issue's list, produced by real programs run on this machine."""
    module = write_module(
        tmp / "crashy", {"go.mod": "module example.com/crashy\n\ngo 1.22\n", "main.go": MAIN}
    )
    # Builds are shared across test workers, so a binary may carry another worker's path:
    # the culprit's file is checked by its last two elements.
    main_go = "crashy/main.go"
    program = go_build(module, goos="linux", goarch="amd64")
    racy = go_build(
        module, goos="linux", goarch="amd64", flags=["-race"], env={"CGO_ENABLED": "1"}, name="racy"
    )
    timeout_mod = write_module(
        tmp / "hangs", {"go.mod": "module example.com/hangs\n\ngo 1.22\n", "hang_test.go": TIMEOUT_TEST}
    )
    cgo_mod = write_module(
        tmp / "cgocrash", {"go.mod": "module example.com/cgocrash\n\ngo 1.22\n", "main.go": CGO_MAIN}
    )
    cgo_program = go_build(cgo_mod, goos="linux", goarch="amd64", env={"CGO_ENABLED": "1"}, name="cgo")

    def case(
        name: str,
        stderr: str,
        kind: str,
        function: str,
        *,
        marker: str | None = None,
        source: str = MAIN,
        path: str = main_go,
    ) -> RealCrash:
        return RealCrash(name, stderr, kind, function, path, _marker(source, marker or name))

    crashes = [
        case("nilmap", _run([str(program), "nilmap"]), "nil-map-write", "main.nilMap"),
        case("nil", _run([str(program), "nil"]), "nil-dereference", "main.nilDeref"),
        case("index", _run([str(program), "index"]), "index-out-of-range", "main.index"),
        case("mapwrites", _run([str(program), "mapwrites"]), "concurrent-map-access", "main.mapWrites.func1"),
        case("deadlock", _run([str(program), "deadlock"]), "deadlock", "main.deadlock"),
        case("overflow", _run([str(program), "overflow"]), "stack-overflow", "main.recurse"),
        case("goroutine", _run([str(program), "goroutine"]), "explicit-panic", "main.inGoroutine.func1"),
        case("custom", _run([str(program), "custom"]), "explicit-panic", "main.main"),
        case("repanic", _run([str(program), "repanic"]), "explicit-panic", "main.repanic.func1"),
        case("race", _run([str(racy), "race"]), "race", "main.race.func1"),
        case("quit", _sigquit(program), "signal", "main.hang"),
        case("oom", _run([str(program), "oom"], small_memory=True), "out-of-memory", "main.grow"),
        case(
            "system",
            _run([str(program), "nil"], env={"GOTRACEBACK": "system"}),
            "nil-dereference",
            "main.nilDeref",
            marker="nil",
        ),
        case(
            "crash",
            _run([str(program), "goroutine"], env={"GOTRACEBACK": "crash"}),
            "explicit-panic",
            "main.inGoroutine.func1",
            marker="goroutine",
        ),
        case(
            "timeout",
            _run([str(tool("go")), "test", "-timeout", "1s", "."], cwd=timeout_mod),
            "timeout",
            "example.com/hangs.waitForever",
            source=TIMEOUT_TEST,
            path="hangs/hang_test.go",
        ),
        case(
            "timeout-json",
            _run([str(tool("go")), "test", "-json", "-timeout", "1s", "."], cwd=timeout_mod),
            "timeout",
            "example.com/hangs.waitForever",
            marker="timeout",
            source=TIMEOUT_TEST,
            path="hangs/hang_test.go",
        ),
        case(
            "cgo",
            _run([str(cgo_program)]),
            "signal-in-cgo",
            "main.callC",
            source=CGO_MAIN,
            path="cgocrash/main.go",
        ),
    ]
    return {c.name: c for c in crashes}


def gopls_sigquit() -> str:
    """stderr of the real pinned gopls (`gopls serve`) after SIGQUIT: a real gopls goroutine dump."""
    gopls = tool("gopls")
    with subprocess.Popen(
        [str(gopls), "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GOTELEMETRY": "off"},
    ) as proc:
        assert proc.stderr is not None
        # gopls prints nothing until a client speaks; give it time to start its goroutines.
        try:
            proc.wait(timeout=1.5)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGQUIT)
        _, stderr = proc.communicate(timeout=60)
    return stderr.decode("utf-8", "replace")
