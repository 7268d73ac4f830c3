"""The golangci-lint configuration: found the way golangci-lint finds it, read into its shape.

golangci-lint (pkg/config/loader.go) looks for `.golangci.*` in the working directory, then in the
analysed directory and each parent up to the root, then in `$HOME`; the first found wins. Within
one directory viper's extension order decides: `.json`, `.toml`, `.yaml`, `.yml` (checked with the
real v2.15.0 `config path`, tests/lint/test_config.py). A v2 config says `version: "2"`; a v1 config has
no `version` (v2 fails on it with `unsupported version of the configuration: ""`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.lint.document import Document, read_document

NAMES = (".golangci.json", ".golangci.toml", ".golangci.yaml", ".golangci.yml")

# Linters v2 removed or merged (golangci-lint migration guide, pkg/commands/internal/migrate).
MERGED_IN_V2 = {"gosimple": "staticcheck", "stylecheck": "staticcheck"}
REMOVED_IN_V2 = {
    "typecheck",
    "tenv",
    "exportloopref",
    "deadcode",
    "structcheck",
    "varcheck",
    "golint",
    "ifshort",
    "interfacer",
    "maligned",
    "nosnakecase",
    "scopelint",
    "exhaustivestruct",
}
FORMATTERS = ("gci", "gofmt", "gofumpt", "goimports", "golines", "swaggo")


def candidates(cwd: Path, analysed: Path, home: Path | None) -> list[Path]:
    """The directories golangci-lint searches, in its order, without repeats."""
    order = [cwd.resolve()]
    current = analysed.resolve()
    while True:
        order.append(current)
        if current.parent == current:
            break
        current = current.parent
    if home is not None:
        order.append(home.resolve())
    seen: set[Path] = set()
    unique = []
    for directory in order:
        if directory not in seen:
            seen.add(directory)
            unique.append(directory)
    return unique


def find_config(cwd: Path, analysed: Path, home: Path | None) -> Path | None:
    for directory in candidates(cwd, analysed, home):
        for name in NAMES:
            path = directory / name
            if path.exists() or path.is_symlink():
                return path
    return None


@dataclass(frozen=True)
class LintConfig:
    """What the rules need from a config: its shape and the linters, formatters and settings it names."""

    path: str
    format: str
    shape: str  # v1 | v2 | unknown (a version other than "2")
    version: str | None
    linters: tuple[str, ...] = ()  # enabled
    disabled: tuple[str, ...] = ()
    formatters: tuple[str, ...] = ()  # v2 formatters.enable, or formatter linters enabled in v1
    default: str | None = None  # v2 linters.default, or v1 enable-all/disable-all as "all"/"none"
    gofumpt_extra: bool = False
    local_prefixes: tuple[str, ...] = ()  # goimports local-prefixes (and gci's prefix() sections)
    run_go: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # "linters.enable.gosimple" -> line

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "shape": self.shape,
            "version": self.version,
            "linters": list(self.linters),
            "disabled": list(self.disabled),
            "formatters": list(self.formatters),
            "default": self.default,
            "gofumpt_extra": self.gofumpt_extra,
            "local_prefixes": list(self.local_prefixes),
            "run_go": self.run_go,
            "lines": dict(self.lines),
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> LintConfig:
        return LintConfig(
            path=str(data["path"]),
            format=str(data["format"]),
            shape=str(data["shape"]),
            version=data.get("version"),
            linters=tuple(data.get("linters") or ()),
            disabled=tuple(data.get("disabled") or ()),
            formatters=tuple(data.get("formatters") or ()),
            default=data.get("default"),
            gofumpt_extra=bool(data.get("gofumpt_extra")),
            local_prefixes=tuple(data.get("local_prefixes") or ()),
            run_go=data.get("run_go"),
            lines={str(k): int(v) for k, v in (data.get("lines") or {}).items()},
        )


def read_config(path: Path) -> LintConfig:
    return config_from_document(read_document(path, what="golangci-lint configuration"))


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def config_from_document(doc: Document) -> LintConfig:
    value = doc.value if doc.value is not None else {}
    if not isinstance(value, dict):
        raise InputError(
            f"{doc.path}: the configuration is a {type(value).__name__}, not a mapping of settings",
            hint="a golangci-lint config starts with keys such as `version:` and `linters:`",
        )
    raw_version = value.get("version")
    version = None if raw_version is None else str(raw_version)
    shape = "v1" if version is None else ("v2" if version == "2" else "unknown")
    lines: dict[str, int] = {}

    def note(key: tuple[str | int, ...], name: str) -> None:
        line = doc.line_of(key)
        if line is not None:
            lines[name] = line

    note(("version",), "version")
    enabled = _names(_get(value, "linters", "enable"))
    for i, name in enumerate(enabled):
        note(("linters", "enable", i), f"linters.enable.{name}")
    disabled = _names(_get(value, "linters", "disable"))
    formatters: list[str] = []
    default: str | None = None
    if shape == "v1":
        formatters = [n for n in enabled if n in FORMATTERS]
        if _get(value, "linters", "enable-all") is True:
            default = "all"
        elif _get(value, "linters", "disable-all") is True:
            default = "none"
        settings = value.get("linters-settings")
    else:
        raw_default = _get(value, "linters", "default")
        default = str(raw_default) if raw_default is not None else None
        formatters = _names(_get(value, "formatters", "enable"))
        for i, name in enumerate(formatters):
            note(("formatters", "enable", i), f"formatters.enable.{name}")
        settings = _get(value, "formatters", "settings")
        linter_settings = _get(value, "linters", "settings")
        for name in FORMATTERS:
            if isinstance(linter_settings, dict) and name in linter_settings:
                note(("linters", "settings", name), f"linters.settings.{name}")
    for name in ("linters-settings", "enable-all", "disable-all"):
        if name in value:
            note((name,), name)
    gofumpt = _get(settings, "gofumpt")
    extra = bool(_get(gofumpt, "extra-rules")) or isinstance(_get(gofumpt, "extra"), dict)
    prefixes = _names(_get(settings, "goimports", "local-prefixes"))
    prefixes = [p for raw in prefixes for p in raw.split(",") if p]
    for section in _names(_get(settings, "gci", "sections")):
        if section.startswith("prefix(") and section.endswith(")"):
            prefixes.append(section[len("prefix(") : -1])
    run_go = _get(value, "run", "go")
    return LintConfig(
        path=doc.path,
        format=doc.format,
        shape=shape,
        version=version,
        linters=tuple(enabled),
        disabled=tuple(disabled),
        formatters=tuple(formatters),
        default=default,
        gofumpt_extra=extra,
        local_prefixes=tuple(dict.fromkeys(prefixes)),
        run_go=str(run_go) if run_go is not None else None,
        lines=lines,
    )
