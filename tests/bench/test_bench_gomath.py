"""goide's ports of Go's amd64 math.Log and math.Exp give Go's exact bits (checked with real Go)."""

from __future__ import annotations

import math
import platform
import struct
import subprocess
from pathlib import Path

import pytest

from goide.bench import gomath
from tests.helpers import tool, write_module

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        platform.machine() not in ("x86_64", "AMD64"), reason="the ports are of Go's amd64 code"
    ),
]

PROGRAM = """package main

import (
	"fmt"
	"math"
	"math/rand"
)

func main() {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		x := math.Exp(r.Float64()*80-40) * (1 + r.Float64())
		y := r.Float64()*60 - 30
		if i%5 == 0 {
			y = r.Float64()*1500 - 750
		}
		fmt.Printf("%x %x %x %x\\n", math.Float64bits(x), math.Float64bits(math.Log(x)),
			math.Float64bits(y), math.Float64bits(math.Exp(y)))
	}
	// Subnormal logarithms and subnormal or overflowing exponentials take other paths.
	edges := [][2]float64{{5e-324, 0}, {1e-310, -745}, {2.2250738585072014e-308, -708.4}, {1e300, 709.7}}
	for _, e := range edges {
		fmt.Printf("%x %x %x %x\\n", math.Float64bits(e[0]), math.Float64bits(math.Log(e[0])),
			math.Float64bits(e[1]), math.Float64bits(math.Exp(e[1])))
	}
}
"""


def _float(text: str) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", int(text, 16)))[0])


def test_log_and_exp_bits_equal_go(tmp_path: Path) -> None:
    module = write_module(tmp_path, {"go.mod": "module gomath\n\ngo 1.22\n", "main.go": PROGRAM})
    out = subprocess.run(
        [str(tool("go")), "run", "."], cwd=module, capture_output=True, text=True, check=True, timeout=300
    ).stdout
    lines = out.split("\n")[:-1]
    assert len(lines) == 3004
    for line in lines:
        x, log_x, y, exp_y = map(_float, line.split())
        assert gomath.log(x) == log_x, (x, log_x)
        got = gomath.exp(y)
        assert got == exp_y or (math.isnan(got) and math.isnan(exp_y)), (y, exp_y)
