"""`goide lint ci --measure` on a real module with the real golangci-lint v2: two runs, the caches
in a temporary directory filled by the first and used by the second. Times are printed, never
asserted (they are measured, see docs/lint.md for figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goide.lint.measure import CACHES
from tests.helpers import goide, write_module
from tests.lint.lintenv import environment, v2

pytestmark = pytest.mark.integration

# A module that imports only `errors`: the cold run compiles little of std, so the test stays short.
FILES = {
    "go.mod": "module example.com/small\n\ngo 1.25\n",
    "small.go": 'package small\n\nimport "errors"\n\n'
    '// ErrNope is returned by Nope.\nvar ErrNope = errors.New("nope")\n\n'
    "// Nope fails.\nfunc Nope() error { return ErrNope }\n",
    ".golangci.yml": 'version: "2"\nlinters:\n  default: none\n  enable: [govet, errcheck]\n',
}


@pytest.mark.slow
def test_cold_then_warm(tmp_path: Path) -> None:
    mod = write_module(tmp_path / "m", FILES)
    env = environment(tmp_path, v2().parent)
    result = goide("lint", "ci", "--measure", "--json", str(mod), env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    cold, warm = document["measure"]
    print(f"cold {cold['seconds']} s, warm {warm['seconds']} s; caches {warm['cache_bytes']}")
    assert (cold["name"], warm["name"]) == ("cold", "warm")
    assert (cold["exit_status"], warm["exit_status"]) == (0, 0), cold["output_tail"] + warm["output_tail"]
    assert set(warm["cache_bytes"]) == set(CACHES)
    assert cold["cache_bytes"]["GOCACHE"] > 0
    assert cold["cache_bytes"]["GOLANGCI_LINT_CACHE"] > 0
    temp = result.stderr.decode().split("caches in ")[1].split(")")[0]
    assert not Path(temp).exists()  # the temporary caches are removed
