"""`gostable.slice_stable` orders as Go's own `sort.SliceStable` does, with gotestsum's `>=`
(not a strict order: equal items are swapped), checked against a Go program built with the real
Go on lists long enough for Go's block merges (over 20 items) and full of ties."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from goide.testrun.gostable import slice_stable
from tests.helpers import go_build, write_module

PROGRAM = """package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Each input line: numbers; each output line: their positions after sort.SliceStable with >=.
func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		var items [][2]int
		for i, field := range strings.Fields(in.Text()) {
			n, _ := strconv.Atoi(field)
			items = append(items, [2]int{n, i})
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i][0] >= items[j][0] })
		out := make([]string, len(items))
		for i, item := range items {
			out[i] = strconv.Itoa(item[1])
		}
		fmt.Println(strings.Join(out, " "))
	}
}
"""


def test_slice_stable_is_gos(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "gostable", {"go.mod": "module gostable\n\ngo 1.21\n", "main.go": PROGRAM}
    )
    program = go_build(module, goos="linux", goarch="amd64", name="gostable")
    rng = random.Random(18)
    lists = [
        [rng.randrange(spread) for _ in range(size)]
        for size in (0, 1, 2, 5, 19, 20, 21, 40, 41, 63, 130, 257)
        for spread in (1, 3, 50)
    ]
    stdin = "".join(" ".join(map(str, values)) + "\n" for values in lists)
    result = subprocess.run(
        [str(program)], input=stdin, capture_output=True, text=True, check=True, timeout=60
    )
    theirs = [[int(i) for i in line.split()] for line in result.stdout.splitlines()]
    ours = []
    for values in lists:
        items = list(enumerate(values))
        slice_stable(items, lambda a, b: a[1] >= b[1])
        ours.append([i for i, _ in items])
    assert ours == theirs
    assert ours[-1] != sorted(ours[-1], key=lambda i: (-lists[-1][i], i))  # ties are not kept in order
