"""Rules for VS Code settings of Go: `go.*` keys, the `gopls` object, `[go]` sections.

`analyse_settings` is pure: a parsed document and a `Schema` in, `Problem`s out, each a
`Finding` with, where a safe edit exists, the `Repair` that `goide settings fix` applies.
`goide.settings.files.check_settings_file` is the entry point other commands (`goide doctor`)
call: it reads and parses one file and returns Findings only; a file that does not parse gives one
`settings.syntax-error` finding instead of an exception.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.core.model import Finding, Fix, Severity
from goide.settings import builtin as facts
from goide.settings.jsonc import BOM, Document, Member, Node, decode, duplicate_keys, parse
from goide.settings.schema import Schema, Setting, json_type

AREA = "VS Code settings"
# A file with thousands of problems is not a settings file someone wrote by hand; past this many
# findings the rest are counted, not reported, which keeps time and output bounded.
MAX_FINDINGS_PER_FILE = 500
_LINE_END = re.compile("\r\n|\r|\n")


@dataclass(frozen=True)
class Repair:
    """A minimal edit that fixes a finding: remove, rename or replace the member at `key_start`."""

    op: str  # "remove" | "rename" | "replace"
    key_start: int
    new_key: str | None = None
    value: Any = None


@dataclass(frozen=True)
class Problem:
    finding: Finding
    repair: Repair | None = None


def type_matches(value: Any, types: tuple[str, ...]) -> bool:
    if not types:
        return True
    kind = json_type(value)
    return kind in types or (kind == "integer" and "number" in types)


def enum_matches(value: Any, enum: tuple[Any, ...]) -> bool:
    # bool is an int in Python: compare types too, so that 1 does not match true.
    return not enum or any(value == e and type(value) is type(e) for e in enum)


def show(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class SettingsChecker:
    """Walks one settings document; `source` names the file in findings."""

    def __init__(self, doc: Document, schema: Schema, source: str) -> None:
        self.doc = doc
        self.schema = schema
        self.source = source
        self.problems: list[Problem] = []
        self._line_starts: list[int] | None = None
        self._go_names: list[str] | None = None
        self._gopls_documented: list[str] | None = None
        self.dropped = 0

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_FINDINGS_PER_FILE

    def finish(self) -> list[Problem]:
        """The problems found, with one finding saying how many more were left out."""
        if self.dropped:
            finding = Finding(
                "settings.too-many-findings",
                Severity.INFO,
                f"{self.dropped} more findings in {self.source} are not shown",
                AREA,
                detail=f"goide reports at most {MAX_FINDINGS_PER_FILE} findings per file.",
            )
            self.problems.append(Problem(finding))
        return self.problems

    def where(self, offset: int) -> str:
        if self._line_starts is None:
            # Found once, so that many findings in a large file do not each rescan it.
            text = self.doc.text
            # LF, CR LF and a lone CR each end a line, as in VS Code (jsonc.line_column).
            self._line_starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        line = bisect.bisect_right(self._line_starts, offset)
        start = self._line_starts[line - 1]
        column = (
            offset - start + 1 - (1 if start == 0 and self.doc.text.startswith(BOM) and offset > 0 else 0)
        )
        return f"{self.source}:{line}:{column}"

    def add(
        self,
        id: str,
        severity: Severity,
        title: str,
        member: Member,
        *,
        detail: str = "",
        fix: str | None = None,
        repair: Repair | None = None,
    ) -> None:
        if self.full:
            self.dropped += 1
            return
        evidence = (f"{self.where(member.key_start)}: {show(member.key)}: {show(_value(member.value))}",)
        action = f"settings-fix:{repair.op}" if repair else None
        finding = Finding(
            id,
            severity,
            title,
            AREA,
            detail=detail,
            fix=Fix(fix, action=action) if fix else None,
            evidence=evidence,
        )
        self.problems.append(Problem(finding, repair))

    # -- go.* and other top-level keys ------------------------------------------------------

    def check_settings_object(self, obj: Node, *, language_section: str | None = None) -> None:
        for member in obj.members:
            key = member.key
            if key.startswith("[") and key.endswith("]") and language_section is None:
                if member.value.kind == "object" and _is_go_section(key):
                    self.check_settings_object(member.value, language_section=key)
                continue
            if key == "gopls":
                if language_section:
                    self.not_in_language_section(member, language_section)
                if member.value.kind == "object":
                    self.check_gopls_object(member.value)
                else:
                    self.wrong_type(
                        member, self.schema.settings.get("gopls") or Setting("gopls", ("object",))
                    )
                continue
            if key.startswith("gopls."):
                self.gopls_key_outside_object(member)
                continue
            if not key.startswith("go."):
                continue
            if language_section:
                self.not_in_language_section(member, language_section)
            self.check_go_setting(member)

    def not_in_language_section(self, member: Member, section: str) -> None:
        self.add(
            "settings.not-language-overridable",
            Severity.WARNING,
            f"{member.key} has no effect inside {section}",
            member,
            detail="VS Code applies only editor settings per language; the Go extension reads its "
            "settings from the top level of the file.",
            fix=f"move {member.key} out of {section} to the top level",
        )

    def check_go_setting(self, member: Member) -> None:
        key = member.key
        spec = self.schema.settings.get(key)
        if spec is None:
            if self._go_names is None:  # once per file: a file can hold thousands of unknown keys
                self._go_names = [k for k in self.schema.settings if k.startswith("go")]
            self.unknown(member, "settings.unknown-setting", self._go_names)
            return
        if spec.removed:
            replacement = f"; use {spec.replacement}" if spec.replacement else ""
            note = f" ({spec.note})" if spec.note else ""
            self.add(
                "settings.removed-setting",
                Severity.WARNING,
                f"{key} was removed from the Go extension{replacement}",
                member,
                detail=f"The extension no longer reads {key}{note}.",
                fix=f"remove {key}" + (f" and set {spec.replacement}" if spec.replacement else ""),
                repair=Repair("remove", member.key_start),
            )
            return
        if not self.value_fits(member, spec, "settings"):
            return
        if spec.closed and member.value.kind == "object":
            self.unknown_properties(member, spec)
        if spec.deprecated:
            self.add(
                "settings.deprecated-setting",
                Severity.WARNING,
                f"{key} is deprecated",
                member,
                detail=_plain(spec.deprecated),
                fix=f"remove {key}" + (f"; use {spec.replacement}" if spec.replacement else ""),
                repair=Repair("remove", member.key_start),
            )

    def unknown_properties(self, member: Member, spec: Setting) -> None:
        """Keys of an object setting whose schema allows only its declared properties."""
        for entry in member.value.members:
            if entry.key in spec.properties:
                continue
            guess = suggest(entry.key, list(spec.properties))
            allowed = ", ".join(spec.properties)
            self.add(
                "settings.unknown-property",
                Severity.WARNING,
                f"{member.key} has no property {entry.key!r}"
                + (f"; did you mean {guess!r}?" if guess else ""),
                entry,
                detail=f"The Go extension reads only {allowed} here; VS Code marks the key and "
                "nothing reads it.",
                fix=f"rename it to {guess}" if guess else f"remove {entry.key!r} (allowed: {allowed})",
                repair=Repair("rename", entry.key_start, new_key=guess)
                if guess
                else Repair("remove", entry.key_start),
            )

    def value_fits(self, member: Member, spec: Setting, prefix: str) -> bool:
        value = _value(member.value)
        if not type_matches(value, spec.types):
            self.wrong_type(member, spec, prefix)
            return False
        if not enum_matches(value, spec.enum):
            choices = ", ".join(show(e) for e in spec.enum)
            fixed = _enum_case_fix(value, spec.enum)
            self.add(
                f"{prefix}.invalid-value",
                Severity.ERROR,
                f"{member.key}: {show(value)} is not one of its values",
                member,
                detail=f"Allowed: {choices}.",
                fix=f"set {member.key} to {show(fixed)}" if fixed is not None else f"use one of {choices}",
                repair=Repair("replace", member.key_start, value=fixed) if fixed is not None else None,
            )
            return False
        return True

    def wrong_type(self, member: Member, spec: Setting, prefix: str = "settings") -> None:
        value = _value(member.value)
        converted = _convert(value, spec.types)
        title = f"{member.key} must be {' or '.join(spec.types)}, not {json_type(value)}"
        detail = f"The value {show(value)} is ignored."
        fix = f"set {member.key} to {show(converted)}" if converted is not None else "correct the value"
        repair = Repair("replace", member.key_start, value=converted) if converted is not None else None
        if spec.deprecated or spec.removed:
            # Correcting the type of a setting on its way out is the wrong fix: say both.
            title += "; it is also deprecated" if spec.deprecated else "; it was also removed"
            detail += " " + _plain(spec.deprecated or spec.note or "")
            fix = f"remove {member.key}" + (f"; use {spec.replacement}" if spec.replacement else "")
            repair = Repair("remove", member.key_start)
        self.add(
            f"{prefix}.wrong-type",
            Severity.ERROR,
            title,
            member,
            detail=detail.strip(),
            fix=fix,
            repair=repair,
        )

    def unknown(
        self, member: Member, id: str, names: list[str], *, severity: Severity = Severity.WARNING
    ) -> None:
        guess = None if self.full else suggest(member.key, names)
        guesses = [guess] if guess else []
        hint = f"; did you mean {guesses[0]}?" if guesses else ""
        self.add(
            id,
            severity,
            f"unknown setting {member.key}{hint}",
            member,
            detail="VS Code greys the key out and nothing reads it."
            if id.startswith("settings")
            else 'gopls rejects the whole key with "unexpected setting".',
            fix=f"rename it to {guesses[0]}" if guesses else "remove it or correct its name",
            repair=Repair("rename", member.key_start, new_key=guesses[0]) if guesses else None,
        )

    # -- the gopls object -------------------------------------------------------------------

    def gopls_key_outside_object(self, member: Member) -> None:
        inner = member.key.removeprefix("gopls.")
        option = self.schema.gopls_option(inner)
        if "." not in inner:
            # VS Code splits a top-level key on its dots and merges "gopls.env" into the "gopls"
            # object as {"env": ...}: one segment after "gopls." is read as written.
            self.check_gopls_member(member, inner, top_level=True)
            return
        if option is not None and option.removed:
            self.gopls_removed(member, option)
            return
        self.add(
            "gopls.key-outside-object",
            Severity.WARNING,
            f'{member.key} is not read as written; put {inner!r} inside the "gopls" object',
            member,
            detail='VS Code nests a top-level "gopls.a.b" key as {"a": {"b": ...}}, which gopls '
            'rejects ("unexpected setting"). gopls options belong in "gopls": {"' + inner + '": ...}; '
            'a top-level key with one segment after "gopls." ("gopls.env") is merged in as it should.',
            fix=f'move it into "gopls" as "{inner}"',
        )

    def check_gopls_object(self, obj: Node) -> None:
        seen: dict[str, Member] = {}
        for member in obj.members:
            last = member.key.rsplit(".", 1)[-1]
            if last in seen and seen[last].key != member.key:
                self.gopls_duplicate(seen[last], member)
            seen[last] = member
            self.check_gopls_member(member, last)

    def check_gopls_member(self, member: Member, last: str, *, top_level: bool = False) -> None:
        """One gopls option: inside the "gopls" object, or a top-level "gopls.NAME" key."""
        option = self.schema.gopls.get(last)
        if option is None:
            names = self._gopls_names()
            if top_level:  # a top-level key is "gopls." and the option's own (last) name
                names = ["gopls." + name.rsplit(".", 1)[-1] for name in names]
            self.unknown(member, "gopls.unknown-option", names, severity=Severity.ERROR)
            return
        if option.removed:
            self.gopls_removed(member, option)
            return
        if not self.value_fits(member, option, "gopls"):
            return
        if last == "analyses" and member.value.kind == "object":
            self.removed_analyzers(member.value)
        if option.deprecated:
            self.gopls_deprecated(member, option)
        elif not top_level and "." in member.key and member.key != option.name and not option.hidden:
            self.add(
                "gopls.nonstandard-key",
                Severity.INFO,
                f"{member.key} works, but its documented name is {option.name}",
                member,
                detail="gopls reads only the last segment and ignores the rest, so a misspelled prefix "
                "goes unnoticed; VS Code's settings editor knows the option only by its full name.",
                fix=f"rename it to {option.name}",
                repair=Repair("rename", member.key_start, new_key=option.name),
            )

    def _gopls_names(self) -> list[str]:
        if self._gopls_documented is None:
            self._gopls_documented = sorted(
                {o.name for o in self.schema.gopls.values() if not o.removed and not o.hidden}
            )
        return self._gopls_documented

    def removed_analyzers(self, analyses: Node) -> None:
        for entry in analyses.members:
            why = facts.REMOVED_ANALYZERS.get(entry.key)
            if why is None:
                continue
            self.add(
                "gopls.removed-analyzer",
                Severity.WARNING,
                f"gopls has no analyzer {entry.key} any more ({why})",
                entry,
                detail="gopls ignores analyzer names it does not know, without a message: this "
                "entry changes nothing.",
                fix=f'remove "{entry.key}" from "analyses"',
                repair=Repair("remove", entry.key_start),
            )

    def gopls_removed(self, member: Member, option: Setting) -> None:
        last = member.key.rsplit(".", 1)[-1]
        note = f" ({option.note})" if option.note else ""
        self.add(
            "gopls.removed-option",
            Severity.WARNING,
            f"gopls option {last} was removed{note}",
            member,
            detail=f'gopls ignores it and shows "Invalid settings: setting option "{last}": '
            'this setting is deprecated" at every start.',
            fix=f"remove {member.key}",
            repair=Repair("remove", member.key_start),
        )

    def gopls_deprecated(self, member: Member, option: Setting) -> None:
        last = member.key.rsplit(".", 1)[-1]
        replacement = _final_replacement(self.schema, option)
        repair = None
        fix = f"remove {member.key}"
        if replacement and option.renamable:
            new_key = self.schema.gopls_key(replacement) if "." in member.key else replacement
            repair = Repair("rename", member.key_start, new_key=new_key)
            fix = f"rename it to {new_key} (same value)"
        elif replacement:
            fix = f"replace it with {self.schema.gopls_key(replacement)}" + (
                f" ({option.note})" if option.note else ""
            )
        self.add(
            "gopls.deprecated-option",
            Severity.WARNING,
            f"gopls option {last} is deprecated" + (f"; use {replacement}" if replacement else ""),
            member,
            detail=_plain(option.deprecated or ""),
            fix=fix,
            repair=repair,
        )

    def gopls_duplicate(self, first: Member, second: Member) -> None:
        same = _value(first.value) == _value(second.value)
        self.add(
            "gopls.duplicate-option",
            Severity.ERROR,
            f"gopls option {second.key.rsplit('.', 1)[-1]} is set twice ({first.key} and {second.key})",
            second,
            detail=f"gopls reads only the last segment of a key, so both name the same option; it "
            f'reports "duplicate value" and which one wins is not defined. '
            f"First at {self.where(first.key_start)}.",
            fix=f"remove {first.key}" if same else "keep one of the two",
            repair=Repair("remove", first.key_start) if same else None,
        )

    # -- what the extension itself warns about ------------------------------------------------

    def check_conflicts(self, obj: Node) -> None:
        go = {m.key: m for m in obj.members}
        gopls_node = obj.get("gopls")
        gopls: dict[str, Member] = {}
        if gopls_node is not None and gopls_node.value.kind == "object":
            gopls = {m.key.rsplit(".", 1)[-1]: m for m in gopls_node.value.members}
        language_server = go.get("go.useLanguageServer")
        if language_server is not None and _value(language_server.value) is False:
            self.add(
                "settings.language-server-off",
                Severity.WARNING,
                "go.useLanguageServer is false: no gopls, so no completion, diagnostics or navigation",
                language_server,
                detail="The Go extension relies on gopls for nearly every feature; the tools it used "
                "without gopls were removed.",
                fix="remove go.useLanguageServer (it defaults to true)",
                repair=Repair("remove", language_server.key_start),
            )
            return
        lint = go.get("go.lintTool")
        staticcheck = gopls.get("staticcheck")
        if (
            lint is not None
            and _value(lint.value) == "staticcheck"
            and not (staticcheck is not None and _value(staticcheck.value) is False)
        ):
            self.add(
                "settings.staticcheck-twice",
                Severity.WARNING,
                "staticcheck runs twice: go.lintTool is staticcheck and gopls runs staticcheck checks too",
                lint,
                detail="The extension warns about duplicate diagnostics for this combination.",
                fix='remove go.lintTool, or set "gopls": {"ui.diagnostic.staticcheck": false}',
                repair=Repair("remove", lint.key_start),
            )
        self.check_delve_config(go.get("go.delveConfig"))
        tool = go.get("go.formatTool")
        gofumpt = gopls.get("gofumpt")
        tool_value = _value(tool.value) if tool else None
        if tool is None or tool_value in ("default", None) or not isinstance(tool_value, str):
            return
        if gofumpt is not None and _value(gofumpt.value) is True:
            self.add(
                "settings.format-twice",
                Severity.WARNING,
                f"go.formatTool is {tool_value} while gopls formatting.gofumpt is on: "
                "code is formatted twice",
                tool,
                detail="With a go.formatTool other than default the extension runs that tool "
                "instead of gopls.",
                fix="remove go.formatTool and let gopls format (with gofumpt)",
                repair=Repair("remove", tool.key_start),
            )
        elif tool_value == "custom":
            alternate = go.get("go.alternateTools")
            custom = _value(alternate.value) if alternate else None
            if not (isinstance(custom, dict) and custom.get("customFormatter")):
                self.add(
                    "settings.custom-formatter-missing",
                    Severity.ERROR,
                    "go.formatTool is custom but go.alternateTools.customFormatter is not set",
                    tool,
                    fix='set "go.alternateTools": {"customFormatter": "/path/to/formatter"}',
                )
        elif tool_value in ("gofmt", "goimports", "goformat"):
            self.add(
                "settings.format-tool-bypasses-gopls",
                Severity.WARNING,
                f"go.formatTool is {tool_value}: the extension runs {tool_value} instead of gopls",
                tool,
                detail="gopls formats like gofmt, and the extension organizes imports on save for Go "
                "files by default, which is what goimports adds. An extra tool must be installed "
                "and kept in step with your Go version.",
                fix="remove go.formatTool (default: gopls formats)",
                repair=Repair("remove", tool.key_start),
            )
        elif tool_value == "gofumpt":
            self.add(
                "settings.format-tool-bypasses-gopls",
                Severity.INFO,
                "go.formatTool is gofumpt: gopls can format with gofumpt itself",
                tool,
                fix='remove go.formatTool and set "gopls": {"formatting.gofumpt": true}',
            )

    def check_delve_config(self, member: Member | None) -> None:
        if member is None or member.value.kind != "object":
            return
        config = member.value
        adapter = config.get("debugAdapter")
        if adapter is not None and _value(adapter.value) == "legacy":
            return
        for key in ("dlvLoadConfig", "apiVersion"):
            inner = config.get(key)
            if inner is not None:
                self.add(
                    "settings.delve-config-ignored",
                    Severity.WARNING,
                    f"go.delveConfig.{key} is ignored by the dlv-dap debug adapter (the default)",
                    inner,
                    detail=f"{key} is read only by the legacy adapter.",
                    fix=f"remove {key} from go.delveConfig",
                    repair=Repair("remove", inner.key_start),
                )

    def check_duplicates(self) -> None:
        for _obj, first, second in duplicate_keys(self.doc.root):
            self.add(
                "settings.duplicate-key",
                Severity.WARNING,
                f"{second.key} is given twice; VS Code uses only the last one",
                second,
                detail=f"The first is at {self.where(first.key_start)} and is ignored.",
                fix=f"remove the first {second.key}"
                if _value(first.value) == _value(second.value)
                else "keep the one you mean and remove the other",
                repair=Repair("remove", first.key_start)
                if _value(first.value) == _value(second.value)
                else None,
            )


def suggest(key: str, names: list[str]) -> str | None:
    """The known name closest to `key` (difflib, ignoring case), whole or by its last segment."""
    lowered = {n.lower(): n for n in names}
    close = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.75)
    if close:
        return lowered[close[0]]
    tails = {n.rsplit(".", 1)[-1].lower(): n for n in names}
    close = difflib.get_close_matches(key.rsplit(".", 1)[-1].lower(), list(tails), n=1, cutoff=0.75)
    return tails[close[0]] if close else None


def _is_go_section(key: str) -> bool:
    languages = key.strip("[]").split("][")
    return any(lang in ("go", "gomod", "gowork", "gotmpl") for lang in languages)


def _value(node: Node) -> Any:
    from goide.settings.jsonc import to_value

    return to_value(node)


def _plain(text: str) -> str:
    # The deprecation messages are Markdown with VS Code's #setting# links.
    return " ".join(text.replace("`", "").replace("#", "").split())


def _enum_case_fix(value: Any, enum: tuple[Any, ...]) -> Any:
    if isinstance(value, str):
        for choice in enum:
            if isinstance(choice, str) and choice.lower() == value.strip().lower():
                return choice
    return None


def _convert(value: Any, types: tuple[str, ...]) -> Any:
    """A value of the right type when the user wrote it as a string (`"true"`, `"3"`), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if ("number" in types or "integer" in types) and text.lstrip("-").isdigit():
        return int(text)
    return None


def _final_replacement(schema: Schema, option: Setting) -> str | None:
    replacement = option.replacement
    for _ in range(5):
        if replacement is None:
            return None
        nxt = schema.gopls.get(replacement)
        if nxt is None or not nxt.deprecated or nxt.replacement is None:
            return replacement
        replacement = nxt.replacement
    return replacement


def settings_objects(doc: Document, kind: str) -> Iterator[Node]:
    """The objects that hold settings: the root, or `settings` of a *.code-workspace file."""
    root = doc.root
    if root is None or root.kind != "object":
        return
    if kind == "code-workspace":
        member = root.get("settings")
        if member is not None and member.value.kind == "object":
            yield member.value
        return
    if kind != "launch":
        yield root


def analyse_settings(doc: Document, kind: str, schema: Schema, source: str) -> list[Problem]:
    """Every problem of a parsed settings document (user, workspace or code-workspace)."""
    checker = SettingsChecker(doc, schema, source)
    if doc.root is not None and doc.root.kind != "object":
        example = (
            '{"version": "0.2.0", "configurations": [...]}'
            if kind == "launch"
            else '{"go.toolsManagement.autoUpdate": true}'
        )
        raise InputError(
            f"{source}: a settings file must hold one JSON object, not {doc.root.kind}",
            hint=f"put everything in one {{ }}, e.g. {example}",
        )
    checker.check_duplicates()
    for obj in settings_objects(doc, kind):
        checker.check_settings_object(obj)
        checker.check_conflicts(obj)
    return checker.finish()


class UnreadableDirectory(InputError):
    """A folder on the way to a settings file that this user cannot read (VS Code once run with
    sudo leaves ~/.config/Code owned by root)."""

    def __init__(self, directory: Path) -> None:
        shown = _home_relative(directory)
        self.directory = directory
        self.command = f"sudo chown -R $USER {shown}"
        super().__init__(
            f"cannot read {shown}: permission denied",
            hint=f"give the folder back to your user (VS Code run with sudo leaves it owned by root): "
            f"{self.command}",
        )


def _home_relative(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


def unreadable_directory(path: Path) -> Path | None:
    """The first folder above `path` that exists but cannot be listed or entered by this user."""
    for directory in reversed(path.parents):
        try:
            directory.stat()
        except PermissionError:
            return directory.parent
        except OSError:
            return None
        if not os.access(directory, os.R_OK | os.X_OK):
            return directory
    return None


def read_document(path: Path) -> Document:
    """Read and parse a settings file; InputError (with line and column) if it cannot be,
    UnreadableDirectory when a folder on the way cannot be read."""
    from goide.core.safe_write import read_snapshot
    from goide.settings.jsonc import MAX_FILE_BYTES

    try:
        data = read_snapshot(path, max_bytes=MAX_FILE_BYTES).data
    except InputError:
        directory = unreadable_directory(path.absolute())
        if directory is not None:
            raise UnreadableDirectory(directory) from None
        raise
    text = decode(data, source=str(path))
    del data  # a large file's bytes need not stay while it is parsed
    return parse(text, source=str(path))


def syntax_finding(path: Path, err: InputError) -> Finding:
    if isinstance(err, UnreadableDirectory):
        return Finding(
            "settings.unreadable-directory",
            Severity.ERROR,
            err.message,
            AREA,
            detail=f"goide cannot read {path}, and neither can VS Code when it runs as you.",
            fix=Fix("Give the folder back to your user", command=err.command),
            evidence=(str(path),),
        )
    return Finding(
        "settings.syntax-error",
        Severity.ERROR,
        f"{path} cannot be read: {err.message}",
        AREA,
        detail="VS Code ignores the settings after the error; goide will not edit the file until it parses.",
        fix=Fix(err.hint or "correct the file"),
        evidence=(err.message,),
    )
