"""The Go module the `goide test` tests run: one package per case the issue lists.

`record()` runs the real `go test -json` over it once per pytest session (shared by the xdist
workers through a lock) and keeps each stream with its stderr and exit status, so that every test
reads the same real runs and gotestsum reads the very same bytes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import CACHE, tool, write_module

MODULE = "example.com/gt"

FILES: dict[str, str] = {
    "go.mod": f"module {MODULE}\n\ngo 1.25\n",
    # Passing, skipped, nested and parallel subtests, t.Attr, an example, fuzz seeds, a 200 KB line,
    # invalid UTF-8, and a benchmark.
    "good/good.go": "package good\n\nfunc Add(a, b int) int { return a + b }\n",
    "good/good_test.go": """package good

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestAdd(t *testing.T) {
	// Reading the variable puts it in the test cache key: a new value each session, so the
	// first run of a session is never cached and the second always is.
	t.Log("session", os.Getenv("GT_SESSION"))
	if Add(1, 2) != 3 {
		t.Fatal("bad sum")
	}
	t.Log("added")
}

func TestSkipped(t *testing.T) {
	t.Skip("needs a database")
}

func TestNested(t *testing.T) {
	t.Run("level one", func(t *testing.T) {
		t.Run("level_two", func(t *testing.T) {
			t.Log("deep")
		})
		t.Run("skipped inside", func(t *testing.T) {
			t.Skipf("skip reason %d", 7)
		})
	})
}

func TestParallel(t *testing.T) {
	for _, name := range []string{"a", "b", "c"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			t.Log("parallel", name)
		})
	}
}

func TestAttr(t *testing.T) {
	t.Attr("owner", "team-x")
	t.Attr("issue", "GT-42")
}

func TestLongLine(t *testing.T) {
	fmt.Println(strings.Repeat("x", 200*1024))
}

func TestInvalidUTF8(t *testing.T) {
	os.Stdout.Write([]byte("bad bytes: \\xff\\xfe end\\n"))
}

func FuzzAdd(f *testing.F) {
	f.Add(1, 2)
	f.Add(-5, 5)
	f.Fuzz(func(t *testing.T, a, b int) {
		if Add(a, b) != b+a {
			t.Fatal("not commutative")
		}
	})
}

func ExampleAdd() {
	fmt.Println(Add(2, 2))
	// Output: 4
}

func BenchmarkAdd(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = Add(i, i)
	}
}

func BenchmarkAddLogged(b *testing.B) {
	b.Log("a benchmark log line")
	for i := 0; i < b.N; i++ {
		_ = Add(i, 1)
	}
}
""",
    # Failures: t.Fatal, t.Error in a nested subtest, a failing example.
    "bad/bad.go": "package bad\n\nfunc Half(n int) int { return n / 2 }\n",
    "bad/bad_test.go": """package bad

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestHalfPasses(t *testing.T) {
	if Half(4) != 2 {
		t.Fatal("bad half")
	}
}

func TestFatal(t *testing.T) {
	t.Log("before the failure")
	t.Fatalf("Half(3) = %d, want 1.5", Half(3))
}

func TestSubFails(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("group", func(t *testing.T) {
		t.Run("broken", func(t *testing.T) {
			t.Errorf("first line of the error\\nsecond line")
		})
	})
}

func TestNoisyFailure(t *testing.T) {
	fmt.Println(strings.Repeat("y", 200*1024))
	os.Stdout.Write([]byte("invalid \\xc3\\x28 utf-8\\n"))
	t.Fatal("noisy failure")
}

func ExampleHalf() {
	fmt.Println(Half(5))
	// Output: 3
}
""",
    # A panic in the test goroutine: later tests never run.
    "panics/panics_test.go": """package panics

import "testing"

func TestBeforePanic(t *testing.T) {}

func TestPanic(t *testing.T) {
	var m map[string]int
	m["boom"] = 1
}

func TestNeverRuns(t *testing.T) {}
""",
    # A panic in another goroutine kills the binary while a subtest runs.
    "gopanic/gopanic_test.go": """package gopanic

import (
	"testing"
	"time"
)

func TestGoroutinePanic(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		done := make(chan struct{})
		go func() {
			panic("panic in a goroutine")
		}()
		select {
		case <-done:
		case <-time.After(time.Minute):
		}
	})
}
""",
    # A test that hangs past -timeout.
    "hang/hang_test.go": """package hang

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {}

func TestHangs(t *testing.T) {
	t.Log("about to hang")
	time.Sleep(time.Hour)
}
""",
    "exit1/exit1_test.go": """package exit1

import (
	"os"
	"testing"
)

func TestFine(t *testing.T) {}

func TestExit1(t *testing.T) {
	t.Log("leaving")
	os.Exit(1)
}
""",
    "exit0/exit0_test.go": """package exit0

import (
	"os"
	"testing"
)

func TestExit0(t *testing.T) {
	os.Exit(0)
}
""",
    # A compile error in a test file; and a package that imports a broken package.
    "builderr/builderr.go": "package builderr\n\nfunc Value() int { return 1 }\n",
    "builderr/builderr_test.go": """package builderr

import "testing"

func TestValue(t *testing.T) {
	var s string = Value()
	_ = s
}
""",
    "broken/broken.go": "package broken\n\nfunc Broken() int { return undefinedName }\n",
    "usesbroken/uses.go": f'package usesbroken\n\nimport "{MODULE}/broken"\n\nvar V = broken.Broken()\n',
    "usesbroken/uses_test.go": 'package usesbroken\n\nimport "testing"\n\nfunc TestV(t *testing.T) {}\n',
    # A vet failure: go test runs a subset of vet (printf) before the test.
    "veterr/veterr_test.go": """package veterr

import (
	"fmt"
	"testing"
)

func TestVet(t *testing.T) {
	fmt.Printf("%s\\n")
}
""",
    # Fails on its first run in a directory, passes after: for --rerun-fails.
    "flaky/flaky_test.go": """package flaky

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStable(t *testing.T) {}

func TestFlaky(t *testing.T) {
	marker := filepath.Join(os.Getenv("GT_FLAKY_DIR"), "flaky-ran-once")
	if _, err := os.Stat(marker); err != nil {
		os.WriteFile(marker, []byte("x"), 0o644)
		t.Fatal("first run fails")
	}
}

func TestAlwaysFails(t *testing.T) {
	t.Run("inner case", func(t *testing.T) { t.Error("always") })
}
""",
    # Issue 16: crashes test2json files elsewhere than where they belong.
    # A goroutine started by TestWorker panics while TestLater runs (test2json files it there).
    "late/late_test.go": """package late

import (
	"testing"
	"time"
)

func TestWorker(t *testing.T) {
	go func() {
		time.Sleep(300 * time.Millisecond)
		panic("worker goroutine failed")
	}()
}

func TestLater(t *testing.T) {
	time.Sleep(3 * time.Second)
}
""",
    # The timeout panic is filed under a parallel subtest whose `--- PASS` was still pending.
    "timeoutpar/timeoutpar_test.go": """package timeoutpar

import (
	"testing"
	"time"
)

func TestParent(t *testing.T) {
	t.Run("fast", func(t *testing.T) { t.Parallel(); time.Sleep(10 * time.Millisecond) })
	t.Run("slow", func(t *testing.T) { t.Parallel(); time.Sleep(time.Hour) })
}
""",
    # An Example that panics: the panic is package output, after the example's fail event.
    "expanic/expanic_test.go": """package expanic

import "fmt"

func Example_panics() {
	fmt.Println("before")
	panic("example blew up")
	// Output: before
}
""",
    # A panic in a subtest is printed after the parent's `--- FAIL` and filed under the parent.
    "subpanic/subpanic_test.go": """package subpanic

import "testing"

func TestOuter(t *testing.T) {
	t.Run("fine", func(t *testing.T) {})
	t.Run("boom", func(t *testing.T) {
		var p *struct{ x int }
		_ = p.x
	})
}
""",
    # Subtest names with `/` in them.
    "slashsub/slashsub_test.go": """package slashsub

import "testing"

func TestRoutes(t *testing.T) {
	t.Run("GET /users/{id}", func(t *testing.T) {
		t.Run("not found", func(t *testing.T) { t.Error("want 404") })
	})
	t.Run("plain", func(t *testing.T) {})
}
""",
    # Output that looks like framing, and output without a final newline.
    "framey/framey_test.go": """package framey

import (
	"fmt"
	"testing"
)

func TestPrintsFraming(t *testing.T) {
	fmt.Println("=== RUN   TestImaginary")
	fmt.Println("--- FAIL: TestImaginary (0.00s)")
	fmt.Println("    --- PASS: TestOther (0.00s)")
	t.Error("real failure")
}

func TestNoNewline(t *testing.T) {
	fmt.Print("progress: 50%")
	t.FailNow()
}

func TestNoNewlineThenError(t *testing.T) {
	fmt.Print("dots...")
	t.Error("went wrong")
}
""",
    # Benchmarks that finish next to ones that fail (no pass events: go.dev/issue/61767).
    "benchfail/benchfail_test.go": """package benchfail

import "testing"

func BenchmarkFine(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}

func BenchmarkLogThenFail(b *testing.B) {
	b.Log("setting up the fixture")
	b.Fatal("fixture missing")
}

func BenchmarkAfter(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}
""",
    # A tested package that does not build, and a package broken by importing it.
    "lib/lib.go": "package lib\n\nfunc Lib() int { return missing }\n",
    "lib/lib_test.go": 'package lib\n\nimport "testing"\n\nfunc TestLib(t *testing.T) {}\n',
    "app/app.go": f'package app\n\nimport "{MODULE}/lib"\n\nvar V = lib.Lib()\n',
    "app/app_test.go": 'package app\n\nimport "testing"\n\nfunc TestApp(t *testing.T) {}\n',
    # Killed by the test while TestP sleeps after its subtest passed (the stream ends there).
    "killed/killed_test.go": """package killed

import (
	"testing"
	"time"
)

func TestP(t *testing.T) {
	t.Run("sub", func(t *testing.T) {})
	time.Sleep(time.Hour)
}
""",
    # A data race that fails the test under -race (never rerun: a pass would hide it).
    "racy/racy_test.go": """package racy

import (
	"sync"
	"testing"
)

func TestRace(t *testing.T) {
	counter := 0
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counter++
		}()
	}
	wg.Wait()
	_ = counter
}
""",
    "notests/notests.go": "package notests\n\nfunc Nothing() {}\n",
}


@dataclass(frozen=True)
class Recording:
    """One real `go test -json` run: its stdout (the stream), stderr and exit status."""

    name: str
    argv: tuple[str, ...]
    stream: Path
    stderr: Path
    exit_status: int


ALL_PACKAGES = (
    "good",
    "bad",
    "panics",
    "gopanic",
    "exit1",
    "exit0",
    "builderr",
    "broken",
    "usesbroken",
    "veterr",
    "notests",
)

# name -> (go test arguments after `go test -json`, extra environment)
RUNS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    # Everything but the hang and the benchmarks, with coverage; run twice so `good` is cached.
    "all": (("-cover", "-timeout", "60s", *(f"./{p}" for p in ALL_PACKAGES)), {}),
    "cached": (("-cover", "-timeout", "60s", "./good", "./notests"), {}),
    "hang": (("-timeout", "2s", "./hang", "./notests"), {}),
    "bench": (("-run", "^$", "-bench", ".", "-benchtime", "1x", "./good"), {}),
    # Build errors as pre-Go-1.24 text on stderr.
    "buildtext": (("./builderr", "./usesbroken", "./good"), {"GODEBUG": "gotestjsonbuildtext=1"}),
    # Issue 16.
    "crashes": (
        ("-timeout", "60s", "./late", "./expanic", "./subpanic", "./slashsub", "./framey"),
        {},
    ),
    "timeoutpar": (("-timeout", "1s", "./timeoutpar"), {}),
    "benchfail": (("-run", "^$", "-bench", ".", "-benchtime", "1x", "./benchfail"), {}),
    "deptext": (("./lib", "./app"), {"GODEBUG": "gotestjsonbuildtext=1"}),
    "depjson": (("./lib", "./app"), {}),
}


def _key() -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([FILES, {k: list(v[0]) for k, v in RUNS.items()}]).encode())
    go_version = subprocess.run(
        [str(tool("go")), "env", "GOVERSION"], capture_output=True, text=True, check=True
    ).stdout.strip()
    digest.update(go_version.encode())
    # One recording per pytest session, shared by its xdist workers.
    digest.update(os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getppid())).encode())
    return digest.hexdigest()[:16]


def record() -> dict[str, Recording]:
    """Write the module and record every run once per session; later callers get the same files."""
    base = CACHE / "testrun" / _key()
    base.mkdir(parents=True, exist_ok=True)
    module = base / "module"
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / "recordings.json"
        if not done.is_file():
            write_module(module, FILES)
            env_base = {**os.environ, "GOFLAGS": "-mod=mod", "GT_SESSION": base.name}
            meta: dict[str, dict[str, object]] = {}
            for name, (args, extra) in RUNS.items():
                argv = (str(tool("go")), "test", "-json", *args)
                result = subprocess.run(
                    argv, cwd=module, env={**env_base, **extra}, capture_output=True, timeout=600, check=False
                )
                (base / f"{name}.json").write_bytes(result.stdout)
                (base / f"{name}.stderr").write_bytes(result.stderr)
                meta[name] = {"argv": list(argv), "exit_status": result.returncode}
            done.write_text(json.dumps(meta))
        meta = json.loads(done.read_text())
    return {
        name: Recording(
            name,
            tuple(m["argv"]),
            base / f"{name}.json",
            base / f"{name}.stderr",
            int(m["exit_status"]),
        )
        for name, m in meta.items()
    }


def module_dir() -> Path:
    """The module directory of this session's recording (for `goide test` runs in it)."""
    return CACHE / "testrun" / _key() / "module"
