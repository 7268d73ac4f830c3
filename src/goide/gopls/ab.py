"""The variants of an A/B run and their order.

`--settings A.json --settings B.json` (gopls settings objects as in VS Code's "gopls" section, or a
whole settings.json whose "gopls" key is used), `--env GOGC=50` (repeated: one variant each), and
`--gopls PATH` twice make one variant per value; the baseline is the first. Rounds are interleaved
(A B A B ...) so that drift of a shared machine hits every variant alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.core.redact import redact_env_value
from goide.gopls.session import Variant

_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def read_settings(path: str) -> dict[str, Any]:
    """A gopls settings object from a JSON (or JSONC) file."""
    from goide.settings.jsonc import JsoncError, parse

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(
            f"cannot read --settings {path}: {getattr(err, 'strerror', None) or err}",
            hint='give a JSON file with gopls settings, e.g. {"ui.semanticTokens": true}',
        ) from None
    try:
        value = parse(text, source=path).to_value()
    except JsoncError as err:
        raise InputError(f"--settings {path}: {err.message}", hint="fix the JSON and retry") from None
    if isinstance(value, dict) and isinstance(value.get("gopls"), dict):
        value = value["gopls"]
    if not isinstance(value, dict):
        raise InputError(
            f"--settings {path}: not a JSON object",
            hint='write the gopls settings as an object, e.g. {"build.directoryFilters": ["-vendor"]}',
        )
    return value


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if names.count(name) == 1 else f"{name}#{seen[name]}")
    return out


def variants(
    gopls: Sequence[str], settings: Sequence[str], env: Sequence[str], default_gopls: str
) -> list[Variant]:
    """The variants the flags ask for (one `default` variant when none vary)."""
    for item in env:
        if not _ENV.match(item):
            raise InputError(f"--env {item!r} is not NAME=VALUE", hint="for example --env GOGC=50")
    kinds = [k for k, values in (("gopls", gopls), ("settings", settings), ("env", env)) if len(values) > 1]
    if len(kinds) > 1:
        raise InputError(
            f"only one of --gopls, --settings, --env may vary in one run (several do: {', '.join(kinds)})",
            hint="compare one thing at a time; repeat the flag for each variant of that thing",
        )
    base_gopls = gopls[0] if gopls else default_gopls
    base_settings = read_settings(settings[0]) if len(settings) == 1 else {}
    base_env = dict(e.split("=", 1) for e in env) if len(env) == 1 else {}
    if len(gopls) > 1:
        names = _unique(
            [Path(g).name if Path(g).name != "gopls" else str(Path(g).parent.name or g) for g in gopls]
        )
        return [Variant(n, g, base_settings, base_env) for n, g in zip(names, gopls, strict=True)]
    if len(settings) > 1:
        names = _unique([Path(s).stem for s in settings])
        return [
            Variant(n, base_gopls, read_settings(s), base_env) for n, s in zip(names, settings, strict=True)
        ]
    if len(env) > 1:
        names = _unique([_env_name(e) for e in env])
        return [
            Variant(n, base_gopls, base_settings, dict([e.split("=", 1)]))
            for n, e in zip(names, env, strict=True)
        ]
    return [Variant("default", base_gopls, base_settings, base_env)]


def schedule(variant_list: Sequence[Variant], count: int) -> list[Variant]:
    """A B A B ...: `count` rounds of each variant, interleaved."""
    return [v for _ in range(count) for v in variant_list]


def to_json(variant: Variant) -> dict[str, Any]:
    """The variant as data, secrets in its environment redacted."""
    env = {k: redact_env_value(k, v) for k, v in variant.env.items()}
    return {"name": variant.name, "gopls": variant.gopls, "settings": dict(variant.settings), "env": env}


def _env_name(item: str) -> str:
    name, _, value = item.partition("=")
    return f"{name}={redact_env_value(name, value)}"
