"""Rules for Go launch configurations (`.vscode/launch.json`, or `launch` in settings/workspace files).

Checks each configuration of `"type": "go"` against the debugger attributes of the extension:
request, mode, missing program/core/trace paths, unknown attributes (with "did you mean"),
wrong types, and attributes the chosen debug adapter ignores (`dlvLoadConfig` with dlv-dap).
`check_launch_file(path, schema)` and `check_launch_configuration(config, schema)` are the
entry points other commands use; `analyse_launch` is the pure core.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from goide.core.model import Finding, Fix, Severity
from goide.settings import builtin as facts
from goide.settings.check import Problem, Repair, SettingsChecker, enum_matches, show, suggest, type_matches
from goide.settings.jsonc import Document, Member, Node, parse, to_value
from goide.settings.schema import Schema, json_type

AREA = "Launch configurations"
DEFAULT_ADAPTER = "dlv-dap"


class _LaunchChecker(SettingsChecker):
    def finding(
        self,
        id: str,
        severity: Severity,
        title: str,
        at: Member | Node,
        *,
        fix: str | None = None,
        detail: str = "",
        repair: Repair | None = None,
    ) -> None:
        if self.full:
            self.dropped += 1
            return
        offset = at.key_start if isinstance(at, Member) else at.start
        evidence = (f"{self.where(offset)}",)
        action = f"settings-fix:{repair.op}" if repair else None
        self.problems.append(
            Problem(
                Finding(
                    id, severity, title, AREA, detail, Fix(fix, action=action) if fix else None, evidence
                ),
                repair,
            )
        )

    def check_configuration(self, config: Node) -> None:
        members = {m.key: m for m in config.members}
        values = {k: to_value(m.value) for k, m in members.items()}
        if values.get("type") != "go":
            return
        name = values.get("name")
        label = f"configuration {name!r}" if isinstance(name, str) else "a Go configuration"
        if not isinstance(name, str) or not name:
            self.finding(
                "launch.missing-name",
                Severity.WARNING,
                f"{label} has no name",
                config,
                fix='add "name": VS Code lists configurations by name',
            )
        request = values.get("request")
        if request not in ("launch", "attach"):
            at = members.get("request", config)
            title = (
                f'{label} has no "request"'
                if "request" not in members
                else f'{label}: request must be "launch" or "attach", not {show(request)}'
            )
            self.finding(
                "launch.invalid-request",
                Severity.ERROR,
                title,
                at,
                detail="VS Code refuses to start a configuration without a valid request.",
                fix='set "request": "launch" (start a program) or "attach" (to a running process)',
            )
            return
        attributes = self.schema.launch.get(request, {})
        other = self.schema.launch.get("attach" if request == "launch" else "launch", {})
        adapter = values.get("debugAdapter", DEFAULT_ADAPTER)
        for key, member in members.items():
            if key in facts.COMMON_LAUNCH_ATTRIBUTES:
                continue
            spec = attributes.get(key)
            if spec is None:
                self.unknown_attribute(label, request, member, list(attributes), key in other)
                continue
            value = values[key]
            if not type_matches(value, spec.types) and not _is_variable(value):
                self.finding(
                    "launch.wrong-type",
                    Severity.ERROR,
                    f"{label}: {key} must be {' or '.join(spec.types)}, not {show(value)}",
                    member,
                    fix=f"correct {key}",
                )
                continue
            if spec.enum and not enum_matches(value, spec.enum) and not _is_variable(value):
                choices = ", ".join(show(e) for e in spec.enum)
                self.finding(
                    "launch.invalid-mode" if key == "mode" else "launch.invalid-value",
                    Severity.ERROR,
                    f"{label}: {key} {show(value)} is not valid for request {request!r}",
                    member,
                    detail=f"Allowed: {choices}."
                    + (" Remote debugging is an attach configuration." if value == "remote" else ""),
                    fix=f"use one of {choices}"
                    + (
                        '; for remote debugging use "request": "attach", "mode": "remote"'
                        if value == "remote"
                        else ""
                    ),
                )
                continue
            self.adapter_mismatch(label, adapter, key, member)
            if spec.deprecated:
                self.finding(
                    "launch.deprecated-attribute",
                    Severity.WARNING,
                    f"{label}: {key} is deprecated"
                    + (f"; use {spec.replacement}" if spec.replacement else ""),
                    member,
                    fix=f"replace {key} with {spec.replacement}" if spec.replacement else f"remove {key}",
                )
        if adapter == "legacy":
            self.finding(
                "launch.legacy-adapter",
                Severity.INFO,
                f"{label} uses the legacy debug adapter",
                members["debugAdapter"],
                detail="The extension's default and maintained adapter is dlv-dap (Delve's own DAP server).",
                fix='remove "debugAdapter" to use dlv-dap',
            )
        if request == "launch" and values.get("mode") != "remote":
            # mode "remote" in a launch request was reported above: asking for a program too
            # would send the user the wrong way.
            self.check_launch_targets(label, config, values)
        if request == "launch" and adapter == DEFAULT_ADAPTER:
            self.check_external_server(label, members)
        if isinstance(values.get("env"), dict):
            self.check_env_values(label, members["env"])

    def check_external_server(self, label: str, members: dict[str, Member]) -> None:
        """vscode-go: with dlv-dap, "port" or "host" in a launch request means "connect to a
        `dlv dap` server already listening there" instead of starting one."""
        given = [key for key in ("port", "host") if key in members]
        if not given:
            return
        self.finding(
            "launch.external-dlv-server",
            Severity.WARNING,
            f"{label}: {' and '.join(given)} in a launch request "
            f"{'connect' if len(given) > 1 else 'connects'} to an external dlv dap server",
            members[given[0]],
            detail="With the dlv-dap adapter the Go extension does not start Delve when a launch "
            "configuration has port or host: it connects to a `dlv dap --listen` you started yourself "
            "(and fails when none listens).",
            fix=f"remove {' and '.join(given)} to let VS Code start Delve, or start `dlv dap --listen` first",
        )

    def check_env_values(self, label: str, env: Member) -> None:
        """Delve reads env as map[string]*string: a number or boolean value is refused."""
        for member in env.value.members:
            value = to_value(member.value)
            if value is None or isinstance(value, str):
                continue
            self.finding(
                "launch.env-not-string",
                Severity.ERROR,
                f"{label}: env {member.key} must be a string, not {show(value)}",
                member,
                detail="Delve reads env as strings (null unsets a variable) and refuses the launch "
                "request otherwise.",
                fix=f'quote it: "{member.key}": "{json.dumps(value).strip(chr(34))}"',
            )

    def adapter_mismatch(self, label: str, adapter: Any, key: str, member: Member) -> None:
        if adapter == "dlv-dap" and key in facts.LEGACY_ONLY_ATTRIBUTES:
            replacement = {
                "dlvLoadConfig": "dlv-dap loads values on demand, with limits set by maxStringLen "
                "and maxArrayValues",
                "apiVersion": "dlv-dap has no API versions",
                "remotePath": "use substitutePath",
            }[key]
            self.finding(
                "launch.ignored-by-adapter",
                Severity.WARNING,
                f"{label}: {key} is ignored by the dlv-dap debug adapter",
                member,
                detail=f"{key} is read only by the legacy adapter; {replacement}.",
                fix=f"remove {key}",
                repair=Repair("remove", member.key_start),
            )
        elif adapter == "legacy" and key in facts.DLV_DAP_ONLY_ATTRIBUTES:
            self.finding(
                "launch.ignored-by-adapter",
                Severity.WARNING,
                f"{label}: {key} is ignored by the legacy debug adapter",
                member,
                detail=f"{key} is read only by dlv-dap.",
                fix='remove "debugAdapter": "legacy" to use dlv-dap',
            )

    def unknown_attribute(
        self, label: str, request: str, member: Member, names: list[str], in_other: bool
    ) -> None:
        key = member.key
        if in_other:
            other = "attach" if request == "launch" else "launch"
            self.finding(
                "launch.wrong-request-attribute",
                Severity.WARNING,
                f"{label}: {key} applies to {other} configurations, not {request}",
                member,
                fix=f"remove {key}, or make this an {other} configuration",
            )
            return
        guess = suggest(key, names)
        guesses = [guess] if guess else []
        hint = f"; did you mean {guesses[0]}?" if guesses else ""
        self.finding(
            "launch.unknown-attribute",
            Severity.WARNING,
            f"{label}: unknown attribute {key}{hint}",
            member,
            detail="VS Code underlines it and the Go debugger ignores it.",
            fix=f"rename it to {guesses[0]}" if guesses else f"remove {key}",
            repair=Repair("rename", member.key_start, new_key=guesses[0]) if guesses else None,
        )

    def check_launch_targets(self, label: str, config: Node, values: dict[str, Any]) -> None:
        mode = values.get("mode", "auto")
        needs = {"core": ("coreFilePath", "program"), "replay": ("traceDirPath",)}.get(mode, ("program",))
        for attribute in needs:
            if not values.get(attribute):
                what = {
                    "program": "the package directory or file to debug (for exec: the binary)",
                    "coreFilePath": "the core dump to open",
                    "traceDirPath": "the rr trace directory",
                }[attribute]
                self.finding(
                    f"launch.missing-{attribute.lower()}"
                    if attribute != "program"
                    else "launch.missing-program",
                    Severity.ERROR,
                    f"{label}: mode {mode!r} needs {attribute}",
                    config,
                    detail=f"{attribute} is {what}.",
                    fix=f'add "{attribute}"' + (': "${workspaceFolder}"' if attribute == "program" else ""),
                )


def _is_variable(value: Any) -> bool:
    # "${command:pickProcess}", "${input:port}": VS Code substitutes these before the debugger sees them.
    return isinstance(value, str) and value.startswith("${") and value.endswith("}")


def configurations(doc: Document, kind: str) -> list[Node]:
    """The configuration objects of launch.json, or of `launch` in a settings or workspace file."""
    member = configurations_holder(doc, kind)
    if member is None or member.value.kind != "array":
        return []  # a non-array is reported by analyse_launch
    return [item for item in member.value.items if item.kind == "object"]


def configurations_holder(doc: Document, kind: str) -> Member | None:
    """The "configurations" member (of the root, or of "launch" in a settings file), if any."""
    root = doc.root
    if root is None or root.kind != "object":
        return None
    holder: Node | None = root
    if kind != "launch":
        launch = root.get("launch")
        holder = launch.value if launch is not None and launch.value.kind == "object" else None
    return None if holder is None else holder.get("configurations")


def analyse_launch(doc: Document, kind: str, schema: Schema, source: str) -> list[Problem]:
    """Every problem of the Go launch configurations of a parsed file."""
    checker = _LaunchChecker(doc, schema, source)
    holder = configurations_holder(doc, kind)
    if holder is not None and holder.value.kind != "array":
        checker.finding(
            "launch.configurations-not-a-list",
            Severity.ERROR,
            f'"configurations" must be a list of configurations, not {json_type(to_value(holder.value))}',
            holder,
            detail="VS Code shows no configuration from this file.",
            fix='write "configurations": [ {...}, {...} ]'
            if holder.value.kind == "object"
            else "make it a list",
        )
    if kind == "launch":
        checker.check_duplicates()
    for config in configurations(doc, kind):
        checker.check_configuration(config)
    return checker.finish()


def check_launch_configuration(
    config: dict[str, Any], schema: Schema, source: str = "configuration"
) -> list[Finding]:
    """Findings for one launch configuration given as a plain dict (for `goide debug`)."""
    text = json.dumps({"configurations": [config]}, indent=2)
    return [p.finding for p in analyse_launch(parse(text), "launch", schema, source)]


def check_launch_file(path: Path, schema: Schema) -> list[Finding]:
    """Findings for `.vscode/launch.json` (or any file with a `launch` section).

    A file that cannot be read or parsed gives one `settings.syntax-error` finding.
    """
    from goide.core.errors import InputError
    from goide.settings.check import read_document, syntax_finding
    from goide.settings.sources import kind_of

    kind = kind_of(path)
    try:
        doc = read_document(path)
        problems = analyse_launch(doc, kind, schema, str(path))
    except InputError as err:
        return [syntax_finding(path, err)]
    return [p.finding for p in problems]
