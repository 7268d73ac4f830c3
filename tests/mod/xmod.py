"""golang.org/x/mod's `module.MatchPrefixPatterns` (the function `go` itself uses) as a tiny Go
program: a JSON pair `[patterns, path]` a line on standard input, `true` or `false` a line out.
Built with the real Go (cached by tests.helpers.go_build) for tests/mod/test_patterns_real.py and
bench/mod.py, which compare goide.mod.patterns with it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.helpers import go_build, write_module

XMOD = "v0.42.0"
PROGRAM = """package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/module"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var pair [2]string
		if err := json.Unmarshal(in.Bytes(), &pair); err != nil {
			panic(err)
		}
		fmt.Fprintln(out, module.MatchPrefixPatterns(pair[0], pair[1]))
	}
}
"""


def build_matcher(directory: Path) -> Path:
    """The matcher built for linux/amd64 (the machine tests and benchmarks run on)."""
    module = write_module(
        directory,
        {
            "go.mod": f"module goide.test/patterns\n\ngo 1.23\n\nrequire golang.org/x/mod {XMOD}\n",
            "main.go": PROGRAM,
        },
    )
    return go_build(module, goos="linux", goarch="amd64", name="matchprefix")


def go_answers(binary: Path, pairs: list[tuple[str, str]], timeout: float = 600) -> list[bool]:
    """x/mod's answer for each (patterns, path) pair, in order."""
    text = "".join(json.dumps(list(p)) + "\n" for p in pairs)
    done = subprocess.run(
        [str(binary)], input=text, capture_output=True, text=True, timeout=timeout, check=True
    )
    return [line == "true" for line in done.stdout.splitlines()]
