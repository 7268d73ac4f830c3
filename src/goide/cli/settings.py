"""`goide settings check|fix|init`: argument parsing and output; the work is in rules/ and fix/."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, GoideError, InputError
from goide.core.words import plural

if TYPE_CHECKING:
    from goide.settings.fix import FilePlan, ReadFile
    from goide.settings.jsonc import Document
    from goide.settings.schema import Schema
    from goide.settings.sources import SettingsFile


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--workspace",
            type=Path,
            metavar="DIR",
            help="workspace folder (.vscode/settings.json, launch.json, *.code-workspace); default: .",
        )
        p.add_argument(
            "--extension",
            type=Path,
            metavar="PATH",
            help="the golang.go extension's package.json (or its folder); default: the newest installed",
        )
        p.add_argument(
            "--gopls", type=Path, metavar="PATH", help="the gopls whose `api-json` gives the schema"
        )

    check = sub.add_parser("check", help="report problems in settings and launch configurations")
    check.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="files to check (default: all found)"
    )
    common(check)
    check.add_argument("--json", action="store_true", help="print findings as JSON")
    check.add_argument(
        "-v", "--verbose", action="store_true", help="show evidence (file:line) for each finding"
    )

    fix = sub.add_parser("fix", help="fix what can be fixed safely: diff first, then write with a backup")
    fix.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to fix (default: all found)")
    common(fix)
    fix.add_argument("--dry-run", action="store_true", help="only show the diff")
    fix.add_argument("--yes", action="store_true", help="write without asking")

    init = sub.add_parser("init", help="write recommended settings and launch configurations (merged)")
    init.add_argument("--workspace", type=Path, metavar="DIR", help="workspace folder; default: .")
    init.add_argument("--dry-run", action="store_true", help="only show the diff")
    init.add_argument("--yes", action="store_true", help="write without asking")


def run(args: argparse.Namespace) -> int:
    if args.action == "check":
        return _check(args)
    if args.action == "fix":
        return _fix(args)
    return _init(args)


def _files(args: argparse.Namespace) -> list[SettingsFile]:
    from goide.settings.sources import SettingsFile, kind_of, user_settings_files, workspace_files

    if args.files:
        for path in args.files:
            if not path.is_file():
                why = "not a file" if path.exists() else "no such file"
                raise InputError(
                    f"{path}: {why}", hint="name settings.json, launch.json or *.code-workspace files"
                )
        return [SettingsFile(p, kind_of(p)) for p in args.files]
    workspace = args.workspace or Path.cwd()
    if args.workspace and not workspace.is_dir():
        raise InputError(
            f"{workspace}: not a directory", hint="--workspace takes the folder you open in VS Code"
        )
    found = user_settings_files(platform.system(), dict(os.environ), Path.home()) + workspace_files(workspace)
    if not found:
        raise InputError(
            "no VS Code settings found (user settings, .vscode/settings.json, launch.json, *.code-workspace)",
            hint="name the files to check, or use --workspace DIR",
        )
    return found


def _read_all(files: list[SettingsFile]) -> dict[Path, Document | InputError]:
    """Each file parsed once: its Document, or the InputError that says why it cannot be read."""
    from goide.settings.check import read_document

    documents: dict[Path, Document | InputError] = {}
    for file in files:
        try:
            documents[file.path] = read_document(file.path)
        except InputError as err:
            documents[file.path] = err
    return documents


# What load_schema_for reads of the merged settings (sources.find_gopls), later files winning.
GOPLS_CHOOSING_SETTINGS = ("go.alternateTools", "go.toolsGopath")


def _schema(
    args: argparse.Namespace,
    files: list[SettingsFile],
    documents: dict[Path, Document | InputError] | None = None,
) -> Schema:
    from goide.settings.jsonc import to_value
    from goide.settings.sources import load_schema_for

    documents = documents if documents is not None else _read_all(files)
    merged: dict[str, Any] = {}
    for file in files:
        doc = documents[file.path]
        if file.kind not in ("user", "workspace") or isinstance(doc, InputError):
            continue
        if doc.root is None or doc.root.kind != "object":
            continue
        # Only the settings that choose gopls are read, not the whole file's values (a large
        # file would be decoded a second time for two keys).
        for key in GOPLS_CHOOSING_SETTINGS:
            member = doc.root.get(key)
            if member is not None:
                merged[key] = to_value(member.value)
    manifest = args.extension
    if manifest is not None and manifest.is_dir():
        manifest = manifest / "package.json"
    if manifest is not None and not manifest.is_file():
        raise InputError(f"{manifest}: no such file", hint="--extension takes the extension's package.json")
    if args.gopls is not None and not args.gopls.is_file():
        raise InputError(f"{args.gopls}: no such file", hint="--gopls takes a gopls executable")
    return load_schema_for(merged, extension_manifest=manifest, gopls=args.gopls)


def _check(args: argparse.Namespace) -> int:
    from goide.core.findings import render_text, to_json
    from goide.core.model import Severity
    from goide.settings.check import syntax_finding
    from goide.settings.files import check_settings_document

    files = _files(args)
    documents = _read_all(files)
    schema = _schema(args, files, documents)
    findings = []
    for file in files:
        doc = documents[file.path]
        if isinstance(doc, InputError):
            findings.append(syntax_finding(file.path, doc))
        else:
            findings += check_settings_document(doc, file.path, schema, file.kind)
    if args.json:
        from goide.core import jsonout

        document = to_json(findings)
        document["files"] = [{"path": str(f.path), "kind": f.kind} for f in files]
        document["schema_sources"] = schema.sources
        jsonout.write(document)
    else:
        for file in files:
            sys.stdout.write(f"checked {file.path} ({file.kind})\n")
        for part, source in sorted(schema.sources.items()):
            sys.stdout.write(f"schema of {part}: {source}\n")
        sys.stdout.write("\n")
        render_text(findings, sys.stdout, verbose=args.verbose)
    if any(f.id in ("settings.syntax-error", "settings.unreadable-directory") for f in findings):
        return EXIT_USAGE
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _confirm(args: argparse.Namespace, count: int) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise GoideError(
            "not writing without confirmation: stdin is not a terminal",
            hint="review the diff above, then run again with --yes (or --dry-run to only see it)",
        )
    sys.stdout.write(f"Write {plural(count, 'file')} (a backup of each is kept)? [y/N] ")
    sys.stdout.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _apply(args: argparse.Namespace, plans: list[FilePlan]) -> int:
    changed = [p for p in plans if p.changed]
    for plan in plans:
        for note in plan.notes:
            sys.stdout.write(f"{plan.path}: {note}\n")
    if not changed:
        sys.stdout.write("Nothing to change.\n")
        return EXIT_OK
    for plan in changed:
        sys.stdout.write(plan.diff())
    if args.dry_run:
        sys.stdout.write("(dry run: nothing written)\n")
        return EXIT_OK
    if not _confirm(args, len(changed)):
        sys.stdout.write("Nothing written.\n")
        return EXIT_OK
    for plan in changed:
        backup = plan.write()
        where = f" (backup: {backup})" if backup else " (new file)"
        sys.stdout.write(f"wrote {plan.path}{where}\n")
    return EXIT_OK


def _fix(args: argparse.Namespace) -> int:
    from goide.core.model import Severity
    from goide.settings.fix import plan_fix, read_file

    files = _files(args)
    # Each file is read and parsed once: its parse gives the values the schema depends on
    # (go.alternateTools.gopls) and then the plan.
    reads: dict[Path, ReadFile | InputError] = {}
    for file in files:
        try:
            reads[file.path] = read_file(file.path)
        except InputError as err:
            reads[file.path] = err
    documents = {path: read if isinstance(read, InputError) else read[2] for path, read in reads.items()}
    schema = _schema(args, files, documents)
    del documents
    plans = [plan_fix(f.path, f.kind, schema, _take(reads, f.path)) for f in files]
    for plan in plans:
        for finding in plan.fixed:
            sys.stdout.write(f"fix: {finding.title}\n")
    status = _apply(args, plans)
    remaining = [f for plan in plans for f in plan.remaining]
    for finding in remaining:
        sys.stdout.write(
            f"not fixed automatically: {finding.title}"
            + (f" ({finding.fix.description})" if finding.fix else "")
            + "\n"
        )
    if status == EXIT_OK and any(f.severity is Severity.ERROR for f in remaining):
        return EXIT_FINDINGS
    return status


def _take(reads: dict[Path, ReadFile | InputError], path: Path) -> ReadFile:
    """The file as read, handed over (a large file's first parse is dropped once its plan is
    made); a file that does not parse stops the fix: it is never edited, nor any other."""
    read = reads.pop(path)
    if isinstance(read, InputError):
        raise read
    return read


def _init(args: argparse.Namespace) -> int:
    from goide.settings.fix import plan_init_launch, plan_init_settings

    workspace = args.workspace or Path.cwd()
    if not workspace.is_dir():
        raise InputError(
            f"{workspace}: not a directory", hint="--workspace takes the folder you open in VS Code"
        )
    folder = workspace / ".vscode"
    plans = [plan_init_settings(folder / "settings.json"), plan_init_launch(folder / "launch.json")]
    return _apply(args, plans)
