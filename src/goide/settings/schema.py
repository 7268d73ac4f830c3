"""What VS Code settings and launch attributes mean: the schema the settings rules check against.

Built from the most exact source present: the installed golang.go extension's `package.json`
(`contributes.configuration` for `go.*`, `contributes.debuggers` for launch attributes) and
`gopls api-json` of the gopls the extension would run. The built-in facts of
`goide.settings.builtin` fill what is missing and add what neither source says: which
settings were removed, and what replaced them. Pure: dicts in, a `Schema` out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from goide.core.errors import InputError


@dataclass(frozen=True)
class Setting:
    """One setting, gopls option or launch attribute.

    `types` are JSON-schema type names (boolean, string, number, integer, array, object,
    null); empty means any. `deprecated` carries the reason when the setting still works but
    should go; `removed` means it no longer has any effect. `replacement` names the setting
    to use instead, if there is one; `renamable` says the value carries over unchanged.
    `properties` are the declared keys of an object setting; `closed` says no other key is allowed
    (the schema's `additionalProperties: false`).
    """

    name: str
    types: tuple[str, ...] = ()
    enum: tuple[Any, ...] = ()
    default: Any = None
    deprecated: str | None = None
    removed: bool = False
    replacement: str | None = None
    renamable: bool = False
    hidden: bool = False
    status: str = ""
    note: str = ""
    properties: tuple[str, ...] = ()
    closed: bool = False


@dataclass
class Schema:
    """Everything the rules need: `go.*` settings, gopls options by name, launch attributes."""

    settings: dict[str, Setting] = field(default_factory=dict)
    gopls: dict[str, Setting] = field(default_factory=dict)
    launch: dict[str, dict[str, Setting]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def gopls_option(self, key: str) -> Setting | None:
        """The gopls option a key names; gopls reads only the last dotted segment."""
        return self.gopls.get(key.rsplit(".", 1)[-1])

    def gopls_key(self, name: str) -> str:
        """The full dotted key VS Code's settings UI uses for option `name` (`ui.documentation.hoverKind`)."""
        option = self.gopls.get(name)
        return option.name if option else name


def _types(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list):
        return tuple(t for t in raw if isinstance(t, str))
    return ()


def _deprecation(entry: dict[str, Any]) -> str | None:
    message = entry.get("markdownDeprecationMessage") or entry.get("deprecationMessage")
    return str(message).strip() if message else None


def _setting_from_json_schema(name: str, entry: dict[str, Any]) -> Setting:
    types = _types(entry.get("type"))
    enum = tuple(entry["enum"]) if isinstance(entry.get("enum"), list) else ()
    if not types and enum:
        types = tuple(sorted({_schema_type(v) for v in enum}))
    declared = entry.get("properties")
    properties = tuple(declared) if isinstance(declared, dict) else ()
    closed = entry.get("additionalProperties") is False
    return Setting(
        name,
        types,
        enum,
        entry.get("default"),
        deprecated=_deprecation(entry),
        properties=properties,
        closed=closed,
    )


def json_type(value: Any) -> str:
    """The JSON-schema type name of a decoded JSON value (`integer` for whole numbers)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"


def _schema_type(value: Any) -> str:
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def from_extension_package(package: Any, *, source: str = "package.json") -> Schema:
    """The `go.*` settings, `gopls` sub-properties and launch attributes of golang.go's package.json.

    The format is the one of golang/vscode-go extension/package.json: `contributes.configuration`
    is one object (older releases: a list of them) with `properties`; `contributes.debuggers`
    holds the entry of `type: "go"` with `configurationAttributes.launch/attach.properties`.
    """
    if not isinstance(package, dict) or not isinstance(package.get("contributes"), dict):
        raise InputError(
            f"{source}: not an extension manifest (no 'contributes' object)",
            hint="--extension takes the package.json of the golang.go extension",
        )
    contributes = package["contributes"]
    configuration = contributes.get("configuration") or {}
    blocks = configuration if isinstance(configuration, list) else [configuration]
    schema = Schema()
    for block in blocks:
        properties = block.get("properties") if isinstance(block, dict) else None
        for name, entry in (properties or {}).items():
            if isinstance(entry, dict):
                schema.settings[name] = _setting_from_json_schema(name, entry)
    gopls_entry = next(
        (
            b["properties"]["gopls"]
            for b in blocks
            if isinstance(b, dict) and "gopls" in b.get("properties", {})
        ),
        None,
    )
    if isinstance(gopls_entry, dict):
        for key, entry in (gopls_entry.get("properties") or {}).items():
            if isinstance(entry, dict):
                option = _setting_from_json_schema(key, entry)
                schema.gopls[key.rsplit(".", 1)[-1]] = option
    for debugger in contributes.get("debuggers") or []:
        if not isinstance(debugger, dict) or debugger.get("type") != "go":
            continue
        attributes = debugger.get("configurationAttributes") or {}
        for request in ("launch", "attach"):
            props = (attributes.get(request) or {}).get("properties") or {}
            schema.launch[request] = {
                name: _setting_from_json_schema(name, entry)
                for name, entry in props.items()
                if isinstance(entry, dict)
            }
    version = package.get("version", "?")
    schema.sources["settings"] = f"{source} (golang.go {version})"
    if schema.launch:
        schema.sources["launch"] = schema.sources["settings"]
    if schema.gopls:
        schema.sources["gopls"] = schema.sources["settings"]
    return schema


_GOPLS_SCALAR_TYPES = {
    "bool": ("boolean",),
    "string": ("string",),
    "int": ("number",),
    "int64": ("number",),
    "time.Duration": ("string",),
    "any": (),
}


def gopls_json_types(go_type: str, enum: tuple[Any, ...]) -> tuple[str, ...]:
    """The JSON types gopls accepts for an option of Go type `go_type` (as api-json spells it)."""
    if go_type.startswith("[]"):
        return ("array",)
    if go_type.startswith("map["):
        return ("object",)
    if go_type == "enum":
        return tuple(sorted({_schema_type(v) for v in enum})) or ("string",)
    return _GOPLS_SCALAR_TYPES.get(go_type, ())


# Options that `gopls api-json` lists but that gopls itself answers with "unexpected setting"
# (gopls v0.23.0: ui.diagnostic.staticcheckProvided). What gopls accepts is the truth; a test sends
# every option of the schema to the real gopls and checks this list (test_settings_gopls_accepts).
NOT_ACCEPTED_BY_GOPLS = frozenset({"staticcheckProvided"})


def from_gopls_api_json(data: bytes | str | Any, *, source: str = "gopls api-json") -> dict[str, Setting]:
    """gopls options by their last name segment, from the output of `gopls api-json`.

    `Default` and `EnumValues[].Value` are JSON encoded in that output, so they are decoded
    here; `Status` (experimental, advanced, debug, deprecated) and `DeprecationMessage` are kept.
    """
    try:
        api = json.loads(data) if isinstance(data, bytes | str) else data
        entries = api["Options"]["User"]
    except (ValueError, KeyError, TypeError):
        raise InputError(
            f"{source}: not the output of 'gopls api-json'", hint="--gopls takes a gopls executable"
        ) from None
    options: dict[str, Setting] = {}
    for entry in entries:
        try:
            name = entry["Name"]
            hierarchy = entry.get("Hierarchy") or ""
            enum = tuple(json.loads(v["Value"]) for v in entry.get("EnumValues") or [])
            default = json.loads(entry["Default"]) if entry.get("Default") else None
        except (KeyError, TypeError, ValueError):
            raise InputError(
                f"{source}: option entry {entry!r:.80} is not in the api-json shape",
                hint="use a released gopls (goide reads the api-json of gopls v0.23.0)",
            ) from None
        if name in NOT_ACCEPTED_BY_GOPLS:
            continue
        status = entry.get("Status") or ""
        message = (entry.get("DeprecationMessage") or "").strip() or None
        options[name] = Setting(
            f"{hierarchy}.{name}" if hierarchy else name,
            gopls_json_types(entry.get("Type", ""), enum),
            enum,
            default,
            deprecated=message if message or status != "deprecated" else "deprecated",
            status=status,
        )
    return options


def overlay(base: dict[str, Setting], facts: dict[str, Setting]) -> dict[str, Setting]:
    """`base` with the facts' removals, replacements and hidden names added.

    A fact about a name the real schema lists (gopls still documents `memoryMode` but ignores
    it) marks that entry removed or deprecated, keeping the real types.
    """
    merged = dict(base)
    for name, fact in facts.items():
        if name not in merged:
            merged[name] = fact
        elif fact.removed or fact.deprecated:
            merged[name] = replace(
                merged[name],
                removed=fact.removed or merged[name].removed,
                deprecated=merged[name].deprecated or fact.deprecated,
                replacement=fact.replacement or merged[name].replacement,
                renamable=fact.renamable,
                note=fact.note or merged[name].note,
            )
    return merged


def _setting_to_json(setting: Setting) -> dict[str, Any]:
    # Only what differs from the defaults: a schema is stored in every doctor facts file.
    data: dict[str, Any] = {"name": setting.name}
    for f in fields(Setting):
        value = getattr(setting, f.name)
        if f.name != "name" and value not in (f.default, ()):
            data[f.name] = list(value) if isinstance(value, tuple) else value
    return data


def _setting_from_json(data: Any) -> Setting:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise InputError(
            f"schema entry {data!r:.80} has no name",
            hint="was the facts file edited? collect it again with 'goide doctor --facts-out'",
        )
    known = {f.name for f in fields(Setting)}
    unknown = set(data) - known
    if unknown:
        raise InputError(
            f"schema entry {data['name']}: unknown fields {sorted(unknown)}",
            hint="was the facts file edited? collect it again with 'goide doctor --facts-out'",
        )
    values: dict[str, Any] = {
        k: tuple(v) if k in ("types", "enum", "properties") and isinstance(v, list) else v
        for k, v in data.items()
    }
    return Setting(**values)


def schema_to_json(schema: Schema) -> dict[str, Any]:
    """The schema as plain JSON data (for doctor's facts files); `schema_from_json` reads it back."""
    return {
        "settings": [_setting_to_json(s) for s in schema.settings.values()],
        "gopls": {key: _setting_to_json(s) for key, s in schema.gopls.items()},
        "launch": {r: [_setting_to_json(s) for s in attrs.values()] for r, attrs in schema.launch.items()},
        "sources": dict(schema.sources),
    }


def schema_from_json(data: Any) -> Schema:
    """A Schema from `schema_to_json` data; InputError when the data has another shape."""
    try:
        settings = [_setting_from_json(s) for s in data["settings"]]
        gopls = {str(k): _setting_from_json(s) for k, s in data["gopls"].items()}
        launch = {
            str(r): {s.name: s for s in map(_setting_from_json, attrs)} for r, attrs in data["launch"].items()
        }
        sources = {str(k): str(v) for k, v in data["sources"].items()}
    except (KeyError, TypeError, AttributeError):
        raise InputError(
            "the stored settings schema is not in the shape goide writes",
            hint="was the facts file edited? collect it again with 'goide doctor --facts-out'",
        ) from None
    return Schema({s.name: s for s in settings}, gopls, launch, sources)
