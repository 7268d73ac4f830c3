"""The module configuration `go` applies: each variable with its value and where it came from
(environment, the `go env -w` file, GOROOT/go.env), plus the .netrc, GOAUTH and git facts that
decide authentication. Pure: `collect.py` reads the machine, this module combines the readings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from goide.mod.gitconfig import GitConfig
from goide.mod.netrc import Netrc

# The variables of cmd/go/internal/cfg that decide how a module is fetched, in `go env` order.
GO_VARIABLES = (
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOINSECURE",
    "GOAUTH",
    "GOFLAGS",
    "GOVCS",
    "GOTOOLCHAIN",
)
# Read from the environment only (git and the go command's own prompts).
ENV_ONLY = ("NETRC", "GIT_TERMINAL_PROMPT", "GIT_ALLOW_PROTOCOL", "GIT_SSH_COMMAND", "GCM_INTERACTIVE")

# Names that look like module settings but that no Go release reads (cmd/go/internal/cfg).
_LOOKS_MODULE = re.compile(r"^GO[A-Z]*(SUM|PROXY|PRIVATE|INSECURE|AUTH)[A-Z]*$")
# Every name `go env` knows that matches the shape above is one of GO_VARIABLES.
_KNOWN = frozenset(GO_VARIABLES)
# What people meant by the names that do not exist.
MEANT = {
    "GONOSUMCHECK": "GONOSUMDB",
    "GONOSUM": "GONOSUMDB",
    "GONOSUMDBS": "GONOSUMDB",
    "GOSUMCHECK": "GOSUMDB",
    "GONOPRIVATE": "GONOPROXY",
    "GOPRIVATES": "GOPRIVATE",
    "GO_PRIVATE": "GOPRIVATE",
    "GOPROXIES": "GOPROXY",
    "GO_PROXY": "GOPROXY",
    "GONOINSECURE": "GOINSECURE",
    "GOINSECURES": "GOINSECURE",
}


@dataclass(frozen=True)
class Setting:
    value: str
    source: str  # environment, go env file PATH, GOROOT/go.env, default


@dataclass(frozen=True)
class ModConfig:
    """Everything that decides a module's route, as plain data (saved in doctor's facts, no secret)."""

    settings: dict[str, Setting]
    unknown: dict[str, Setting] = field(default_factory=dict)  # e.g. GONOSUMCHECK, with value and source
    netrc: Netrc | None = None
    netrc_path: str = ""
    git: GitConfig = field(default_factory=lambda: GitConfig((), (), ()))
    goos: str = "linux"
    goauth_missing: tuple[str, ...] = ()  # GOAUTH commands whose program this machine lacks
    go_version: str = ""
    env_file: str = ""
    problems: tuple[str, ...] = ()  # what could not be read: `go` hung, git missing, ...

    def value(self, name: str) -> str:
        setting = self.settings.get(name)
        return setting.value if setting else ""

    def source(self, name: str) -> str:
        setting = self.settings.get(name)
        return setting.source if setting else "default"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret seen while reading the configuration, to scrub from any text goide prints."""
        from goide.mod.proxy import parse_goproxy

        found = list(parse_goproxy(self.value("GOPROXY")).secrets)
        if self.netrc:
            found.extend(self.netrc.secrets)
        found.extend(self.git.secrets)
        return tuple(s for s in found if s)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for doctor's facts: secrets removed (a proxy URL keeps `user:REDACTED@`)."""
        from goide.core.redact import redact_text

        data = asdict(self)
        for setting in (*data["settings"].values(), *data["unknown"].values()):
            setting["value"] = redact_text(setting["value"])
        if data["netrc"] is not None:
            data["netrc"]["secrets"] = []
        data["git"]["secrets"] = []
        return data


def parse_env_file(text: str) -> dict[str, str]:
    """A `go env -w` file or GOROOT/go.env as cfg.readEnvFile reads it (later lines win)."""
    values: dict[str, str] = {}
    for line in text.split("\n"):
        eq = line.find("=")
        if eq < 0 or not ("A" <= line[0] <= "Z"):
            continue
        values[line[:eq]] = line[eq + 1 :]
    return values


def effective_settings(
    environ: Mapping[str, str],
    user_file: Mapping[str, str],
    user_file_path: str,
    goroot_file: Mapping[str, str],
) -> dict[str, Setting]:
    """Each variable as cfg.Getenv finds it: a non-empty environment value, else the user's go env
    file, else GOROOT/go.env."""
    settings: dict[str, Setting] = {}
    for name in GO_VARIABLES:
        if environ.get(name):
            settings[name] = Setting(environ[name], "environment")
        elif user_file.get(name):
            settings[name] = Setting(user_file[name], f"go env file {user_file_path}")
        elif goroot_file.get(name):
            settings[name] = Setting(goroot_file[name], "GOROOT/go.env")
    for name in ENV_ONLY:
        if environ.get(name):
            settings[name] = Setting(environ[name], "environment")
    return settings


def unknown_variables(
    environ: Mapping[str, str], user_file: Mapping[str, str], user_file_path: str
) -> dict[str, Setting]:
    """Variables that look like module settings but that Go never reads (GONOSUMCHECK, ...)."""
    found: dict[str, Setting] = {}
    for name, value in environ.items():
        if (name in MEANT or _LOOKS_MODULE.match(name)) and name not in _KNOWN:
            found[name] = Setting(value, "environment")
    for name, value in user_file.items():
        if (name in MEANT or _LOOKS_MODULE.match(name)) and name not in _KNOWN:
            found.setdefault(name, Setting(value, f"go env file {user_file_path}"))
    return found


def config_from_json(data: Any) -> ModConfig:
    """A ModConfig saved by `to_json` (doctor's facts); raises ValueError when it does not fit."""
    import dacite

    try:
        return dacite.from_dict(ModConfig, data, config=dacite.Config(cast=[tuple]))
    except (dacite.DaciteError, TypeError) as err:
        raise ValueError(str(err)) from err
