"""Real `go test -v` text beside real `go test -json` of the same packages, recorded once per session.

The module is gomodule.FILES (written by `gomodule.record()`); each run here is made twice, once
with `-v` (what go-junit-report and `goide test --input` read as text) and once with `-json`, so
that the tests can check that both inputs give goide the same results.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import tool
from tests.testrun.gomodule import ALL_PACKAGES, module_dir, record

# name -> go test arguments (after -v or -json)
VERBOSE_RUNS: dict[str, tuple[str, ...]] = {
    "all": ("-cover", "-timeout", "60s", *(f"./{p}" for p in ALL_PACKAGES)),
    "hang": ("-timeout", "2s", "./hang", "./good"),
}


@dataclass(frozen=True)
class VerboseRecording:
    name: str
    text: Path  # `go test -v ... 2>&1`, as a CI log holds it
    stream: Path  # `go test -json ...` of the same packages (stdout only)


def record_verbose() -> dict[str, VerboseRecording]:
    record()
    module = module_dir()
    base = module.parent / "verbose"
    base.mkdir(exist_ok=True)
    with open(module.parent / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / "done.json"
        if not done.is_file():
            env = {**os.environ, "GOFLAGS": "-mod=mod", "GT_SESSION": module.parent.name}
            for name, args in VERBOSE_RUNS.items():
                for mode, suffix in (("-v", "txt"), ("-json", "json")):
                    result = subprocess.run(
                        [str(tool("go")), "test", mode, *args],
                        cwd=module,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT if mode == "-v" else subprocess.DEVNULL,
                        timeout=600,
                        check=False,
                    )
                    (base / f"{name}.{suffix}").write_bytes(result.stdout)
            done.write_text(json.dumps(sorted(VERBOSE_RUNS)))
    return {
        name: VerboseRecording(name, base / f"{name}.txt", base / f"{name}.json") for name in VERBOSE_RUNS
    }
