"""Benchmark: throughput and peak memory of `goide trace` on a large trace made from a real one.

It drives the real gopls (GOIDE_TOOLS_BIN or PATH) over LSP with `-rpc.trace -logfile` on a small
module, asking for hovers, completions and definitions, then repeats that real log to --size MB in
a temporary directory and runs `goide trace FILE --json` on it. No other tool analyses LSP traces,
so the side-by-side reference is `grep -c` counting the response lines of the same file: the floor
set by just reading the bytes. Prints MB per CPU-second (MB = 10^6 bytes, as issue 18 states its
goal), peak RSS and the ratio. Then the same for VS Code's text trace, read line by line: the real
traces of tests/data/trace (pasted into public issues; small, so repeated to --vscode-size MB), and
the real gopls session above written out as VS Code's verbose trace (`[Trace - 9:41:07 AM]` headers,
`Params:`/`Result:` pretty-printed with 4 spaces as vscode-jsonrpc's JSON.stringify(x, null, 4)).

    .venv/bin/python bench/trace_throughput.py [--size 512] [--requests 300] [--vscode-size 50]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from goide.core.lsp import LspClient

MAIN_GO = """package main

import (
	"fmt"
	"strings"
)

// Greeting returns a friendly greeting.
func Greeting(name string) string {
	return "hello, " + strings.ToUpper(name)
}

func main() {
	fmt.Println(Greeting("gopher"))
}
"""


def gopls_path() -> str:
    tools = os.environ.get("GOIDE_TOOLS_BIN")
    candidate = (
        Path(tools) / "gopls" if tools else Path(__file__).resolve().parent.parent / ".tools/bin/gopls"
    )
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("gopls")
    if not found:
        sys.exit("error: gopls not found\nhint: run scripts/tools.sh or set GOIDE_TOOLS_BIN")
    return found


def real_log(work: Path, requests: int) -> Path:
    module = work / "module"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/bench\n\ngo 1.22\n")
    (module / "main.go").write_text(MAIN_GO)
    log = work / "gopls.log"
    argv = [gopls_path(), "-rpc.trace", "-logfile", str(log), "serve"]
    with LspClient(argv, cwd=module, settings={"gopls": {}}) as client:
        client.initialize(module, timeout=300)
        uri = client.did_open(module / "main.go")
        positions = [(8, 20), (9, 35), (13, 14), (13, 6)]
        methods = ["textDocument/hover", "textDocument/completion", "textDocument/definition"]
        for i in range(requests):
            line, character = positions[i % len(positions)]
            params = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
            client.request(methods[i % len(methods)], params, timeout=300)
        client.shutdown(timeout=300)
    return log


# Runs goide's CLI in a fresh interpreter that reports its own peak RSS (KiB) on its last stderr
# line: RUSAGE_CHILDREN would report the largest child ever, which is gopls.
_MEASURED_GOIDE = (
    "import resource, sys\n"
    "from goide.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "sys.stderr.write(f'\\n{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    "sys.exit(status)\n"
)


def timed(argv: list[str], stdout_path: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and stderr of one run; the output goes to a file."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with stdout_path.open("wb") as out:
        result = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, timeout=3600, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        sys.exit(f"error: {argv[0]} failed: {result.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stderr.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=512, help="size of the trace in MB (default 512)")
    parser.add_argument("--requests", type=int, default=300, help="requests in the real gopls session")
    parser.add_argument(
        "--vscode-size", type=int, default=50, help="size of each repeated VS Code trace in MB (0: skip)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goide-bench-trace-") as tmp:
        work = Path(tmp)
        log = real_log(work, args.requests)
        seed = log.read_bytes()
        big = repeated(seed, work / "big.log", args.size)
        size_mb = big.stat().st_size / MB
        print(f"trace: {size_mb:.0f} MB, {len(seed) / 1024:.0f} KiB real gopls log repeated")
        per_cpu = measure(big, work)
        print(
            f"goide MB per CPU-second: {per_cpu:.1f} "
            f"(goal {GOAL:.0f}: {'met' if per_cpu >= GOAL else 'not met'})"
        )
        if args.vscode_size > 0:
            traces = [(name, (CORPUS / name).read_bytes(), "real VS Code trace") for name in VSCODE_TRACES]
            traces.append(("vscode-verbose.log", vscode_verbose(seed), "the gopls session as VS Code's"))
            for name, text, what in traces:
                trace = repeated(text, work / name, args.vscode_size)
                print(f"\ntrace: {trace.stat().st_size / MB:.0f} MB, {name} ({what}) repeated")
                per_cpu = measure(trace, work)
                print(f"goide MB per CPU-second on {name}: {per_cpu:.1f}")


MB = 1_000_000
GOAL = 100.0  # issue 18: MB per CPU-second
CORPUS = Path(__file__).resolve().parent.parent / "tests/data/trace"
# The VS Code text traces of the corpus: headers only (old client), and verbose with Params.
VSCODE_TRACES = ("vscode-go-299.txt", "go-42157-client.txt")


_GOPLS_ENTRY = re.compile(
    r"\[Trace - (\d\d):(\d\d):(\d\d)\.\d{3} [AP]M\] (.*?)\r?\n(Params|Result): (.*?)\r?\n"
)


def vscode_verbose(gopls_log: bytes) -> bytes:
    """A gopls `-rpc.trace` log's entries as VS Code's verbose text trace (old client)."""
    out = []
    for match in _GOPLS_ENTRY.finditer(gopls_log.decode("utf-8", "replace")):
        hour, minute, second, sentence, label, data = match.groups()
        clock = f"{int(hour) % 12 or 12}:{minute}:{second} {'PM' if int(hour) >= 12 else 'AM'}"
        out.append(f"[Trace - {clock}] {sentence}")
        if data.strip():
            try:
                out.append(f"{label}: {json.dumps(json.loads(data), indent=4, ensure_ascii=False)}")
            except ValueError:
                out.append(f"{label}: {data}")
        out += ["", ""]
    return "\n".join(out).encode()


def repeated(seed: bytes, path: Path, size_mb: int) -> Path:
    """`seed` (a newline added when it has none at its end) written again and again to `size_mb` MB."""
    if not seed.endswith(b"\n"):
        seed += b"\n"
    copies = max(1, -(-size_mb * MB // len(seed)))
    with path.open("wb") as out:
        for _ in range(copies):
            out.write(seed)
    return path


def measure(trace: Path, work: Path) -> float:
    """Runs `goide trace --json` and `grep -c` on `trace`, prints both; goide's MB per CPU-second."""
    size_mb = trace.stat().st_size / MB
    goide = [sys.executable, "-c", _MEASURED_GOIDE, "trace", str(trace), "--json"]
    wall, cpu, stderr = timed(goide, work / "goide.json")
    rss = int(stderr.split()[-1])
    print(
        f"goide trace --json: {wall:.1f}s wall, {cpu:.1f}s CPU, {size_mb / wall:.1f} MB/s "
        f"({size_mb / cpu:.1f} MB per CPU-second), peak RSS {rss / 1024:.0f} MiB"
    )
    grep = ["grep", "-c", "Received response", str(trace)]
    g_wall, g_cpu, _ = timed(grep, work / "grep.txt")
    print(f"grep -c (read floor): {g_wall:.1f}s wall, {g_cpu:.1f}s CPU, {size_mb / g_wall:.1f} MB/s")
    print(f"ratio goide/grep wall time: {wall / g_wall:.1f}x")
    print(f"ratio goide/grep CPU time: {cpu / max(g_cpu, 0.01):.1f}x")
    return size_mb / cpu


if __name__ == "__main__":
    main()
