"""core/goversion.go_major: the one Go version parser (was doctor/known.go_major and
mod/gomod.minor).

Where the two copies disagreed, and what won:
- A bare version (go.mod's `go 1.21`, `toolchain` without `go`): minor read it, go_major did not;
  now read (doctor's callers prefixed "go" themselves, so nothing of theirs changes).
- Surrounding white space (a line of command output): go_major stripped it, minor did not; now
  stripped.
- `go1` (Go 1.0's toolchain name, valid in go/version): neither read it; now (1, 0).
- A development toolchain `devel go1.24-abc...` (`go env GOVERSION` of a source build): neither
  read it; now the release it leads to, (1, 24), so a toolchain rule judges it as a 1.24 rather
  than not at all. The older `devel +abc...` names no release: None, as before.
The table is Go's own syntax (go/version's doc and tests, cmd/go/internal/gover) plus the forms
tools print: `go env GOVERSION` with GOEXPERIMENT, gccgo's runtime.Version(), `go version -m`.
"""

from __future__ import annotations

import subprocess

import pytest

from goide.core.goversion import go_major
from goide.doctor.known import go_major as doctor_go_major
from tests.helpers import tool


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("go1.21", (1, 21)),
        ("go1.21.0", (1, 21)),
        ("go1.21.13", (1, 21)),
        ("go1.21rc1", (1, 21)),
        ("go1.21rc2", (1, 21)),
        ("go1.20beta1", (1, 20)),
        ("go1.9", (1, 9)),
        ("go1.9.2", (1, 9)),
        ("go1", (1, 0)),
        ("go1.21.0-bigcorp", (1, 21)),  # go/version: a custom suffix after "-"
        ("go1.22rc2-bigcorp", (1, 22)),
        ("go1.26.8 X:nocoverageredesign", (1, 26)),  # go env GOVERSION with GOEXPERIMENT
        ("go1.18 gccgo (GCC) 12.2.0", (1, 18)),  # gccgo's runtime.Version()
        ("go1.4.2 gccgo (GCC) 5.4.0", (1, 4)),
        ("devel go1.24-6f7a4540b1 Fri Jun 14 17:23:44 2024 +0000", (1, 24)),
        ("  go1.23.4\n", (1, 23)),
        ("1.21", (1, 21)),  # go.mod `go` line
        ("1.21.0", (1, 21)),
        ("1.27rc1", (1, 27)),
        ("devel +8c1c2b1 Tue Aug 8 17:20:02 2023 +0000", None),  # before Go 1.21: no release named
        ("devel", None),
        ("gopls", None),
        ("go", None),
        ("1", None),  # not a go.mod version (modfile wants major.minor)
        ("v1.21.0", None),  # a module version, not Go's
        ("go\u0661.\u0662", None),  # digits of other scripts are not Go's
        ("", None),
        (None, None),
    ],
)
def test_go_version_table(version: str | None, expected: tuple[int, int] | None) -> None:
    assert go_major(version) == expected
    assert doctor_go_major is go_major  # doctor's name for the same function


def test_the_real_go_agrees() -> None:
    """`go env GOVERSION` of the go on this machine names the newest release tag it builds for."""
    go = str(tool("go"))
    version = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, check=True).stdout
    tags = subprocess.run(
        [go, "list", "-f", "{{context.ReleaseTags}}", "runtime"], capture_output=True, text=True, check=True
    ).stdout
    newest = tags.strip("[] \n").split()[-1]  # "go1.26"
    assert go_major(version) == go_major(newest) is not None
