"""Benchmark: goide's JSONC parser and property edit against VS Code's own `jsonc-parser` (npm).

Both sides get the same inputs: a typical settings.json (about 3 KB, comments, trailing
commas) and a 10 MB one (a huge `files.exclude`). For each, the time to parse to a tree and the
time to compute and apply one property removal (`jsonc-parser`'s `modify` + `applyEdits`;
goide's `remove_member` + `apply_edits`), best of --repeat runs, each side in its own process
so start-up is not counted. jsonc-parser is installed with npm into .cache/bench-node once.

    .venv/bin/python bench/settings.py [--repeat 5] [--size-mb 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / ".cache" / "bench-node"
JSONC_PARSER = "jsonc-parser@3.3.1"

TYPICAL = """// user settings
{
    "editor.fontSize": 14,
    "editor.rulers": [100, 120],
    "files.autoSave": "afterDelay", // save while typing
    "go.formatTool": "goimports",
    "go.lintTool": "golangci-lint",
    "go.lintFlags": ["--fast"],
    /* gopls */
    "gopls": {
        "build.experimentalWorkspaceModule": true,
        "ui.documentation.hoverKind": "FullDocumentation",
        "ui.completion.usePlaceholders": true,
    },
    "[go]": {
        "editor.formatOnSave": true,
        "editor.codeActionsOnSave": {"source.organizeImports": "explicit"},
    },
    "terminal.integrated.env.linux": {"GOFLAGS": "-mod=mod"},
}
"""

NODE_SCRIPT = r"""
const fs = require('fs');
const {parseTree, modify, applyEdits} = require('jsonc-parser');
const text = fs.readFileSync(process.argv[1], 'utf8');
const repeat = Number(process.argv[2]);
let parseBest = Infinity, editBest = Infinity;
for (let i = 0; i < repeat; i++) {
  let t = process.hrtime.bigint();
  const errors = [];
  parseTree(text, errors, {allowTrailingComma: true});
  parseBest = Math.min(parseBest, Number(process.hrtime.bigint() - t) / 1e9);
  t = process.hrtime.bigint();
  const options = {formattingOptions: {insertSpaces: true, tabSize: 4}};
  const edits = modify(text, ['go.formatTool'], undefined, options);
  applyEdits(text, edits);
  editBest = Math.min(editBest, Number(process.hrtime.bigint() - t) / 1e9);
}
console.log(JSON.stringify({parse: parseBest, edit: editBest}));
"""

PY_SCRIPT = r"""
import json, sys, time
from goide.settings.jsonc import parse
from goide.settings.jsonc_edit import apply_edits, remove_member
text = open(sys.argv[1], encoding="utf-8").read()
repeat = int(sys.argv[2])
parse_best = edit_best = float("inf")
for _ in range(repeat):
    t = time.perf_counter()
    doc = parse(text)
    parse_best = min(parse_best, time.perf_counter() - t)
    t = time.perf_counter()
    # The edit includes its own parse, as jsonc-parser's modify parses the text again.
    doc = parse(text)
    member = doc.root.get("go.formatTool")
    apply_edits(text, remove_member(doc, doc.root, member))
    edit_best = min(edit_best, time.perf_counter() - t)
print(json.dumps({"parse": parse_best, "edit": edit_best}))
"""


def ensure_jsonc_parser() -> None:
    if (NODE_DIR / "node_modules" / "jsonc-parser").is_dir():
        return
    npm = shutil.which("npm")
    if not npm:
        sys.exit("npm is needed to install the peer (VS Code's jsonc-parser)")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--silent", "--prefix", str(NODE_DIR), JSONC_PARSER], check=True, timeout=600
    )


def large(size_mb: int) -> str:
    count = size_mb * 1_000_000 // 40
    entries = ",\n".join(f'        "**/generated/dir{i:07d}/**": true' for i in range(count))
    return TYPICAL.replace(
        '    "terminal.', '    "files.exclude": {\n' + entries + '\n    },\n    "terminal.', 1
    )


def measure(path: Path, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    node = subprocess.run(
        ["node", "-e", NODE_SCRIPT, str(path), str(repeat)],
        cwd=NODE_DIR,
        env={"NODE_PATH": str(NODE_DIR / "node_modules"), "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    ours = subprocess.run(
        [sys.executable, "-c", PY_SCRIPT, str(path), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(ours.stdout), json.loads(node.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=10)
    args = parser.parse_args()
    ensure_jsonc_parser()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = {"typical (3 KB)": TYPICAL, f"large ({args.size_mb} MB)": large(args.size_mb)}
        print(f"{'input':<16} {'step':<6} {'goide':>10} {'jsonc-parser':>13} {'ratio':>7}")
        for name, text in inputs.items():
            path = Path(tmp) / "settings.json"
            path.write_text(text)
            ours, peer = measure(path, args.repeat)
            for step in ("parse", "edit"):
                ratio = ours[step] / peer[step] if peer[step] else float("inf")
                mine, theirs = ours[step] * 1000, peer[step] * 1000
                print(f"{name:<16} {step:<6} {mine:>8.2f}ms {theirs:>11.2f}ms {ratio:>6.1f}x")


if __name__ == "__main__":
    main()
