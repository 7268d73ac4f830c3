"""`goide settings fix` and `init`: turn findings' repairs and recommendations into minimal edits.

A plan holds the file as read (a `Snapshot`), the new text and the findings it fixes; the CLI
shows its diff and, once confirmed, writes it with `goide.core.safe_write.write_atomic`. A file
that does not parse raises InputError before any plan exists, so it is never edited. Every
new text is parsed again before it can be written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.core.errors import InputError
from goide.core.model import Finding
from goide.core.safe_write import Snapshot, read_snapshot, unified_diff, unified_diff_edits, write_atomic
from goide.settings.check import Problem, Repair, analyse_settings
from goide.settings.jsonc import MAX_FILE_BYTES, Document, Member, Node, decode, member_at, parse
from goide.settings.jsonc_edit import (
    Edit,
    apply_edits,
    eol_of,
    insert_item,
    insert_member,
    new_document,
    remove_member,
    rename_member,
    replace_value,
)
from goide.settings.launch import analyse_launch
from goide.settings.schema import Schema

if TYPE_CHECKING:
    from goide.core.hunks import Change


@dataclass
class FilePlan:
    """What goide would change in one file."""

    path: Path
    snapshot: Snapshot
    old_text: str
    new_text: str
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The character ranges of old_text that became ranges of new_text, when known: the diff is
    # then built around them instead of comparing every line (see core/hunks.py).
    changes: list[Change] | None = None

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text

    def diff(self) -> str:
        if self.changes is not None:
            return unified_diff_edits(self.path, self.old_text, self.new_text, self.changes)
        return unified_diff(self.path, self.old_text, self.new_text)

    def write(self, *, backup: bool = True) -> Path | None:
        """Write the new text atomically (with a backup); refuses if the file changed meanwhile."""
        parse(self.new_text, source=str(self.path))
        if not self.snapshot.exists:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        snapshot = self.snapshot
        if not snapshot.data and self.old_text:
            # The plan keeps the text, not also the bytes: strict UTF-8 decodes and encodes back
            # to the same bytes (write_atomic checks them against the file by their hash).
            snapshot = replace(snapshot, data=self.old_text.encode("utf-8"))
        return write_atomic(snapshot, self.new_text.encode("utf-8"), backup=backup)


ReadFile = tuple[Snapshot, str, Document]


def read_file(path: Path) -> ReadFile:
    """The file as read (for the safe write), its text and its parse; InputError if it does
    not parse."""
    snapshot = read_snapshot(path, max_bytes=MAX_FILE_BYTES)
    text = decode(snapshot.data, source=str(path))
    return snapshot, text, parse(text, source=str(path))


def analyse_file(doc: Document, kind: str, schema: Schema, source: str) -> list[Problem]:
    return analyse_settings(doc, kind, schema, source) + analyse_launch(doc, kind, schema, source)


def _edits_for(doc: Document, obj: Node, member: Member, repair: Repair) -> list[Edit]:
    if repair.op == "remove":
        return remove_member(doc, obj, member)
    if repair.op == "rename" and repair.new_key is not None:
        return rename_member(member, repair.new_key)
    return replace_value(doc, member.value, repair.value)


def _edits_at(doc: Document, key_start: int, repair: Repair) -> list[Edit]:
    """The edits of `repair` to the member whose key starts at `key_start`; none if it is gone."""
    located = member_at(doc.root, key_start)
    return _edits_for(doc, *located, repair) if located is not None else []


def plan_fix(path: Path, kind: str, schema: Schema, read: ReadFile | None = None) -> FilePlan:
    """The repairs of every fixable finding of `path`, applied from the end.

    Working from the last repair to the first keeps the offsets of the earlier ones valid; the
    text is parsed again whenever a repair reaches into edits not yet applied, so every edit is
    computed on a well-formed document that holds everything it touches. `read` is the file
    as `read_file` gave it, when the caller has read it already.
    """
    snapshot, text, doc = read if read is not None else read_file(path)
    del read
    # The file's bytes are its text encoded (read_file decodes strict UTF-8): the plan keeps
    # the text only, and write() encodes it again for the backup (a 7 MB file: 7 MB less).
    plan = FilePlan(path, replace(snapshot, data=b""), text, text)
    del snapshot
    problems = analyse_file(doc, kind, schema, str(path))
    repairs: dict[int, Problem] = {}
    for problem in problems:
        if problem.repair is None or problem.repair.key_start in repairs:
            plan.remaining.append(problem.finding)
        else:
            repairs[problem.repair.key_start] = problem
    current, current_doc = text, doc
    del doc  # the first tree goes as soon as the text is parsed again
    # Edits computed on one parse are applied together while they stay apart: each new one lies
    # before all of the batch (repairs go from the end), and one that reaches into the batch (a
    # shared comma, a member inside a removed one) first has the batch applied and the text parsed
    # again. A file with hundreds of repairs is parsed a few times, not once per repair.
    batch: list[Edit] = []
    batch_start = len(text) + 1
    changed: list[list[int]] = []
    for start in sorted(repairs, reverse=True):
        problem = repairs[start]
        assert problem.repair is not None
        edits = _edits_at(current_doc, start, problem.repair)
        if edits and max(edit.end for edit in edits) >= batch_start:
            current = apply_edits(current, batch)
            _note_edits(changed, batch)
            del current_doc  # the old tree goes before the new one is made
            current_doc = parse(current, source=f"{path} (after fixing)")
            batch, batch_start = [], len(current) + 1
            edits = _edits_at(current_doc, start, problem.repair)
        # A member an earlier step removed leaves nothing to repair: it counts as fixed.
        batch += edits
        if edits:
            batch_start = min(batch_start, *(edit.offset for edit in edits))
        plan.fixed.append(problem.finding)
    if batch:
        current = apply_edits(current, batch)
        _note_edits(changed, batch)
        del current_doc
        current_doc = parse(current, source=f"{path} (after fixing)")
    plan.fixed.reverse()
    plan.new_text = current
    plan.changes = [(a, b, c, d) for a, b, c, d in changed]
    if current != text:
        # What is left is what a check of the fixed text finds: an edit can remove the subject of
        # a finding that had no repair of its own (a duplicate of a removed option, say).
        after = analyse_file(current_doc, kind, schema, str(path))
        plan.remaining = [p.finding for p in after]
        still = {(f.id, f.title) for f in plan.remaining}
        plan.fixed = [f for f in plan.fixed if (f.id, f.title) not in still]
    return plan


def _note_edits(changed: list[list[int]], edits: list[Edit]) -> None:
    """Add `edits` (offsets in the current text) to `changed`: [old start, old end, current
    start, current end] of each changed range, in order and apart; outside them the original
    text and the current one are equal. Edits that touch a changed range join it."""
    for edit in sorted(edits, key=lambda e: (e.offset, e.length), reverse=True):  # as applied, from the end
        start, end = edit.offset, edit.end
        delta = len(edit.content) - edit.length
        touched = [i for i, c in enumerate(changed) if c[3] >= start and c[2] <= end]
        before = [c for c in changed if c[3] < start]
        if touched:
            first, last = changed[touched[0]], changed[touched[-1]]
            old_start = first[0] if first[2] <= start else start - (first[2] - first[0])
            old_end = last[1] if last[3] >= end else end - (last[3] - last[1])
            merged = [old_start, old_end, min(start, first[2]), max(end, last[3]) + delta]
            del changed[touched[0] : touched[-1] + 1]
        else:
            shift = before[-1][3] - before[-1][1] if before else 0
            merged = [start - shift, end - shift, start, end + delta]
        for later in changed[len(before) :]:
            later[2] += delta
            later[3] += delta
        changed.insert(len(before), merged)


# -- goide settings init ------------------------------------------------------------------------

RECOMMENDED_SETTINGS: dict[str, Any] = {
    # Rebuild the Go tools when Go is upgraded instead of prompting (stale tools are a top cause of trouble).
    "go.toolsManagement.autoUpdate": True,
    # gopls formats and organizes imports on save; the extension's defaults, written out so that a
    # user-level override cannot silently turn them off for this workspace.
    "[go]": {
        "editor.formatOnSave": True,
        "editor.codeActionsOnSave": {"source.organizeImports": "explicit"},
    },
    "gopls": {
        "ui.semanticTokens": True,
    },
}

RECOMMENDED_LAUNCH: list[dict[str, Any]] = [
    {
        "name": "Launch package",
        "type": "go",
        "request": "launch",
        "mode": "auto",
        "program": "${workspaceFolder}",
    },
    {
        "name": "Debug current test",
        "type": "go",
        "request": "launch",
        "mode": "test",
        "program": "${fileDirname}",
        "args": ["-test.run", "^${selectedText}$"],
    },
    {
        "name": "Attach to process",
        "type": "go",
        "request": "attach",
        "mode": "local",
        "processId": "${command:pickGoProcess}",
    },
]


def _merge_object(
    doc: Document, obj: Node, wanted: dict[str, Any], notes: list[str], where: str
) -> str | None:
    """One edit step: the first missing key of `wanted` inserted into `obj` (None when complete)."""
    for key, value in wanted.items():
        member = obj.get(key)
        if member is None:
            return apply_edits(doc.text, insert_member(doc, obj, key, value))
        if isinstance(value, dict) and member.value.kind == "object":
            nested = _merge_object(doc, member.value, value, notes, f"{where}{key}.")
            if nested is not None:
                return nested
        elif json.dumps(value) != json.dumps(_plain(member.value)):
            yours = json.dumps(_plain(member.value))[:40]
            note = f"kept your {where}{key} ({yours}); recommended {json.dumps(value)}"
            if note not in notes:
                notes.append(note)
    return None


def _after_comments(text: str, document: str) -> str:
    """`document` after whatever an otherwise empty file held (comments, a BOM), which is kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    if not text[len(bom) :].strip():
        return bom + document
    return text + ("" if text.endswith("\n") else eol_of(text)) + document


def _plain(node: Node) -> Any:
    from goide.settings.jsonc import to_value

    return to_value(node)


def plan_init_settings(path: Path) -> FilePlan:
    """Recommended settings merged into `path` (created if missing); existing values are kept."""
    snapshot, text, doc = read_file(path)
    plan = FilePlan(path, snapshot, text, text)
    if doc.root is None:
        plan.new_text = _after_comments(text, new_document(RECOMMENDED_SETTINGS, eol=eol_of(text)))
        return plan
    if doc.root.kind != "object":
        raise InputError(
            f"{path}: a settings file must hold one JSON object",
            hint="fix the file by hand first: its settings go inside one { }",
        )
    for _ in range(64):
        step = _merge_object(doc, doc.root, RECOMMENDED_SETTINGS, plan.notes, "")
        if step is None:
            break
        doc = parse(step, source=str(path))
    plan.new_text = doc.text
    return plan


def plan_init_launch(path: Path) -> FilePlan:
    """The recommended Go configurations added to launch.json; configurations with the same name are kept."""
    snapshot, text, doc = read_file(path)
    plan = FilePlan(path, snapshot, text, text)
    if doc.root is None:
        fresh = new_document({"version": "0.2.0", "configurations": RECOMMENDED_LAUNCH}, eol=eol_of(text))
        plan.new_text = _after_comments(text, fresh)
        return plan
    if doc.root.kind != "object":
        raise InputError(
            f"{path}: launch.json must hold one JSON object",
            hint='fix the file by hand first: { "version": "0.2.0", "configurations": [...] }',
        )
    member = doc.root.get("configurations")
    if member is None:
        plan.new_text = apply_edits(text, insert_member(doc, doc.root, "configurations", RECOMMENDED_LAUNCH))
        return plan
    if member.value.kind != "array":
        raise InputError(f"{path}: 'configurations' is not an array", hint="correct it, then run init again")
    for config in RECOMMENDED_LAUNCH:
        member = doc.root.get("configurations")
        assert member is not None
        names = {_plain(item).get("name") for item in member.value.items if item.kind == "object"}
        if config["name"] in names:
            plan.notes.append(f"kept your configuration {config['name']!r}")
            continue
        doc = parse(apply_edits(doc.text, insert_item(doc, member.value, config)), source=str(path))
    plan.new_text = doc.text
    return plan
