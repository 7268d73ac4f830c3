"""LintFacts: everything `goide lint check` read, as plain data (JSON for doctor's facts files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goide.lint.binaries import Binary
from goide.lint.config import LintConfig
from goide.lint.editor import EditorSettings
from goide.mod.gomod import GoMod


@dataclass(frozen=True)
class VerifyResult:
    """`golangci-lint config verify` (or the config load) of one binary, its problems with lines."""

    binary: str
    ok: bool
    problems: tuple[tuple[str, int | None], ...] = ()  # (message, line in the config)
    error: str | None = None  # the run itself failed (timeout, cannot start)


@dataclass(frozen=True)
class MigratePreview:
    """What `golangci-lint migrate` said when run on a copy of the config."""

    binary: str
    warnings: tuple[str, ...] = ()
    comments: int = 0  # comment lines in the original, all dropped by migrate
    error: str | None = None


@dataclass(frozen=True)
class LintFacts:
    directory: str
    host: tuple[str, str]
    config: LintConfig | None = None
    config_error: tuple[str, str | None] | None = None  # (message, hint)
    searched: tuple[str, ...] = ()
    module: GoMod | None = None
    editor: EditorSettings = field(default_factory=EditorSettings)
    binaries: tuple[Binary, ...] = ()
    verify: tuple[VerifyResult, ...] = ()
    migrate: MigratePreview | None = None
    ci_formatters: tuple[tuple[str, str], ...] = ()  # (formatter, where) from workflow steps

    def to_json(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "host": list(self.host),
            "config": self.config.to_json() if self.config else None,
            "config_error": list(self.config_error) if self.config_error else None,
            "searched": list(self.searched),
            "module": vars(self.module) if self.module else None,
            "editor": self.editor.to_json(),
            "binaries": [b.to_json() for b in self.binaries],
            "verify": [
                {"binary": v.binary, "ok": v.ok, "problems": [list(p) for p in v.problems], "error": v.error}
                for v in self.verify
            ],
            "migrate": vars(self.migrate) | {"warnings": list(self.migrate.warnings)}
            if self.migrate
            else None,
            "ci_formatters": [list(f) for f in self.ci_formatters],
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> LintFacts:
        module = data.get("module")
        migrate = data.get("migrate")
        error = data.get("config_error")
        return LintFacts(
            directory=str(data["directory"]),
            host=(str(data["host"][0]), str(data["host"][1])),
            config=LintConfig.from_json(data["config"]) if data.get("config") else None,
            config_error=(str(error[0]), error[1]) if error else None,
            searched=tuple(data.get("searched") or ()),
            module=GoMod(**module) if isinstance(module, dict) else None,
            editor=EditorSettings.from_json(data.get("editor") or {}),
            binaries=tuple(Binary.from_json(b) for b in data.get("binaries") or ()),
            verify=tuple(
                VerifyResult(
                    str(v["binary"]),
                    bool(v["ok"]),
                    tuple(
                        (str(m), int(line) if line is not None else None)
                        for m, line in v.get("problems") or ()
                    ),
                    v.get("error"),
                )
                for v in data.get("verify") or ()
            ),
            migrate=MigratePreview(
                str(migrate["binary"]),
                tuple(migrate.get("warnings") or ()),
                int(migrate.get("comments") or 0),
                migrate.get("error"),
            )
            if isinstance(migrate, dict)
            else None,
            ci_formatters=tuple((str(a), str(b)) for a, b in data.get("ci_formatters") or ()),
        )
