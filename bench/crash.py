"""Benchmark: `goide crash` against panicparse's `pp` on the same large log of real crashes.

Builds the real crash programs of tests/crashprogs.py, runs them, and repeats their output
(with ordinary log lines between crashes) into a log of at least --size-mb megabytes in a
temporary directory. Then runs, on the same files:

- `goide crash LOG` and `pp -parse=false LOG` on the crashes pp can parse (pp v2.5.0 stops at a
  race report's `by main goroutine` line and at a panic value that contains `goroutine N [...]:`);
- `goide crash LOG` alone on the full mix, the real gopls dump and every line wrapped in VS Code's
  log format (`2026-08-21 10:02:11.481 [error] ...`), which pp does not read;
- `cat LOG | goide crash` and `cat LOG | pp -parse=false` (pass-through: every other line copied,
  each traceback replaced by its explanation) on the crashes pp can parse.

Prints wall time, MB/s and peak resident memory of each run and the throughput ratio.
Usage: .venv/bin/python bench/crash.py [--size-mb 500] [--pp PATH]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crashprogs import gopls_sigquit, real_crashes  # noqa: E402

LOG_LINES = (
    "2026/08/21 10:02:10 go/packages.Load\n\tsnapshot=17\n\tpackage_count=3\n"
    "[Info  - 10:02:11 AM] Connection to server got closed. Server will restart.\n"
)


def _vscode(text: str) -> str:
    return "".join(f"2026-08-21 10:02:11.481 [error] {line}\n" for line in text.splitlines())


def _write(path: Path, pieces: list[str], size_mb: int) -> int:
    unit = "".join(f"{LOG_LINES}{piece}" for piece in pieces).encode()
    repeats = max(1, (size_mb * 1_000_000) // len(unit) + 1)
    with open(path, "wb") as out:
        for _ in range(repeats):
            out.write(unit)
    return path.stat().st_size


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), 0 once it is gone.

    Read from /proc because `ru_maxrss` of a child also counts the memory of the parent it was
    forked from (Linux keeps the pre-exec high-water mark), which would hide a small tool.
    """
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _measure(argv: list[str], pipe_from: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (from wait4) and peak resident MB (VmHWM, sampled) of one run.

    The machine may be shared, so throughput is given per CPU second as well as per wall second.
    With `pipe_from`, the tool reads that file from a pipe (`cat FILE | tool`: pass-through mode);
    cat's own time is not counted.
    """
    start = time.perf_counter()
    peak = 0.0
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as errors:
        cat = None
        if pipe_from is not None:
            cat = subprocess.Popen(["cat", str(pipe_from)], stdout=subprocess.PIPE)
        stdin = cat.stdout if cat is not None else subprocess.DEVNULL
        proc = subprocess.Popen(argv, stdin=stdin, stdout=devnull, stderr=errors)
        if cat is not None and cat.stdout is not None:
            cat.stdout.close()  # the tool holds the pipe now
        while True:
            peak = max(peak, _peak_rss_mb(proc.pid))
            # Poll without reaping, so that the status file stays readable to the end.
            waited = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            if waited is not None:
                peak = max(peak, _peak_rss_mb(proc.pid))
                break
            time.sleep(0.05)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if cat is not None:
            cat.wait()
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            errors.seek(0)
            print(f"  {argv[0]} exited {proc.returncode}: {errors.read(300).decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    default_pp = Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools" / "bin")) / "pp"
    parser.add_argument(
        "--pp", default=str(default_pp), help="panicparse's pp (scripts/tools.sh installs it)"
    )
    args = parser.parse_args()
    goide = [sys.executable, "-m", "goide", "crash"]
    with tempfile.TemporaryDirectory(prefix="goide-bench-crash-") as tmp_name:
        tmp = Path(tmp_name)
        crashes = real_crashes(tmp)
        plain = [c.stderr for name, c in crashes.items() if name != "race"]
        mixed = [c.stderr for c in crashes.values()] + [_vscode(gopls_sigquit())]
        mixed += [_vscode(c.stderr) for c in crashes.values()]
        both_log = tmp / "plain.log"
        goide_log = tmp / "mixed.log"
        runs = [
            ("goide", both_log, [*goide, str(both_log)], False),
            ("pp", both_log, [args.pp, "-parse=false", str(both_log)], False),
            ("goide", goide_log, [*goide, str(goide_log)], False),
            # Pass-through mode, as `go test 2>&1 | goide crash` and `... | pp` are used.
            ("goide|", both_log, goide, True),
            ("pp|", both_log, [args.pp, "-parse=false"], True),
        ]
        sizes = {
            both_log: _write(both_log, plain, args.size_mb),
            goide_log: _write(goide_log, mixed, args.size_mb),
        }
        print(
            f"{'tool':<6} {'input':<10} {'MB':>5} {'wall s':>7} {'cpu s':>7} {'MB/cpu-s':>9} {'peak MB':>8}"
        )
        rates: dict[tuple[str, Path], float] = {}
        for tool, log, argv, piped in runs:
            if tool.startswith("pp") and not Path(args.pp).is_file():
                print(f"{tool:<6} (not installed at {args.pp}; run scripts/tools.sh)")
                continue
            wall, cpu, peak = _measure(argv, log if piped else None)
            megabytes = sizes[log] / 1e6
            rates[tool, log] = megabytes / cpu
            print(
                f"{tool:<6} {log.name:<10} {megabytes:>5.0f} {wall:>7.1f} {cpu:>7.1f} "
                f"{megabytes / cpu:>9.1f} {peak:>8.0f}"
            )
        if ("pp", both_log) in rates:
            ratio = rates["goide", both_log] / rates["pp", both_log]
            print(f"throughput per CPU second, goide / pp on {both_log.name}: {ratio:.2f}x")
        if ("pp|", both_log) in rates:
            ratio = rates["goide|", both_log] / rates["pp|", both_log]
            print(f"pass-through from a pipe, goide / pp on {both_log.name}: {ratio:.2f}x")
        goal = 100.0  # issue 18: MB per CPU-second
        for log in (both_log, goide_log):
            if ("goide", log) in rates:
                rate = rates["goide", log]
                print(
                    f"goide on {log.name}: {rate:.1f} MB per CPU-second (goal {goal:.0f}: "
                    f"{'met' if rate >= goal else 'not met'})"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
