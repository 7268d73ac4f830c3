"""The two manifests of a VSIX: `extension.vsixmanifest` (XML, written by vsce's toVsixManifest)
and `extension/package.json`. XML goes through defusedxml, so entity expansion ("billion laughs")
and external entities are refused, not expanded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from goide.vsix.zipread import VsixError

VSIX_MANIFEST = "extension.vsixmanifest"
PACKAGE_JSON = "extension/package.json"


@dataclass(frozen=True)
class VsixManifest:
    id: str | None  # Identity/@Id: package.json `name`
    version: str | None
    publisher: str | None
    target_platform: str | None  # None: universal (vsce omits the attribute)
    properties: dict[str, str] = field(default_factory=dict)  # Microsoft.VisualStudio.Code.Engine, ...


@dataclass(frozen=True)
class PackageJson:
    name: str | None
    publisher: str | None
    version: str | None
    engine: str | None  # engines.vscode
    main: str | None
    browser: str | None
    extension_kind: tuple[str, ...] = ()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_vsix_manifest(data: bytes, where: str) -> VsixManifest:
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as err:
        raise VsixError(f"{where}: {VSIX_MANIFEST} uses forbidden XML ({type(err).__name__})") from None
    except (ParseError, ValueError) as err:
        raise VsixError(f"{where}: {VSIX_MANIFEST} is not XML ({err})") from None
    if _local(root.tag) != "PackageManifest":
        raise VsixError(f"{where}: {VSIX_MANIFEST} is not a PackageManifest")
    identity = None
    properties: dict[str, str] = {}
    for element in root.iter():
        name = _local(element.tag)
        if name == "Identity" and identity is None:
            identity = element
        elif name == "Property":
            key, value = element.get("Id"), element.get("Value")
            if key is not None:
                properties[key] = value or ""
    if identity is None:
        raise VsixError(f"{where}: {VSIX_MANIFEST} has no Identity element")
    return VsixManifest(
        id=identity.get("Id"),
        version=identity.get("Version"),
        publisher=identity.get("Publisher"),
        target_platform=identity.get("TargetPlatform") or None,
        properties=properties,
    )


def _str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def parse_package_json(data: bytes, where: str) -> PackageJson:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        # VS Code's own words (extensionManagementUtil.ts getManifest).
        raise VsixError(f"{where}: VSIX invalid: package.json is not a JSON file.") from None
    if not isinstance(doc, dict):
        raise VsixError(f"{where}: VSIX invalid: package.json is not a JSON object.")
    engines = doc.get("engines")
    engine = _str(engines, "vscode") if isinstance(engines, dict) else None
    kind = doc.get("extensionKind")
    kinds = tuple(k for k in kind if isinstance(k, str)) if isinstance(kind, list) else ()
    return PackageJson(
        name=_str(doc, "name"),
        publisher=_str(doc, "publisher"),
        version=_str(doc, "version"),
        engine=engine,
        main=_str(doc, "main"),
        browser=_str(doc, "browser"),
        extension_kind=kinds,
    )
