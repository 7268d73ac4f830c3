"""`engines.vscode` as VS Code reads it (src/vs/platform/extensions/common/extensionValidator.ts):
not npm semver. `*`, or `[^|>=]MAJOR.MINOR.PATCH[-suffix]` where each part may be `x`; `^1.x.y`
keeps the major, `^0.x.y` the major and minor, `>=` is a plain minimum, and an extension for
0.x is accepted by 1.x unless the version is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RANGE = re.compile(r"^(\^|>=)?((\d+)|x)\.((\d+)|x)\.((\d+)|x)(-.*)?$")
_PRODUCT = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class _Wanted:
    major: int
    minor: int
    patch: int
    major_equal: bool
    minor_equal: bool
    patch_equal: bool
    minimum: bool


class EngineError(ValueError):
    """engines.vscode cannot be read; the message is VS Code's own."""


def _parse(spec: str) -> _Wanted | None:
    """None for `*` (any version)."""
    text = spec.strip()
    if text == "*":
        return None
    m = _RANGE.match(text)
    if not m:
        raise EngineError(
            f"Could not parse `engines.vscode` value {spec}. Please use, for example: ^1.22.0, ^1.22.x, etc."
        )
    if m.group(3) is None:
        raise EngineError(
            f"Version specified in `engines.vscode` ({spec}) is not specific enough. "
            "Please specify which versions of the VS Code API are required."
        )
    caret, minimum = m.group(1) == "^", m.group(1) == ">="
    major = int(m.group(3))
    minor = int(m.group(5)) if m.group(5) is not None else 0
    patch = int(m.group(7)) if m.group(7) is not None else 0
    minor_equal, patch_equal = m.group(5) is not None, m.group(7) is not None
    if caret:
        if major == 0:
            patch_equal = False
        else:
            minor_equal = patch_equal = False
    return _Wanted(major, minor, patch, True, minor_equal, patch_equal, minimum)


def engine_accepts(spec: str, vscode: str) -> bool:
    """Whether VS Code `vscode` (1.95.3) may install an extension asking for `spec` (^1.90.0).

    Raises EngineError when `spec` cannot be read (VS Code then refuses the extension).
    """
    wanted = _parse(spec)
    product = _PRODUCT.match(vscode.strip())
    if product is None:
        raise ValueError(f"{vscode!r} is not a VS Code version")
    if wanted is None:
        return True
    major, minor, patch = (int(g) for g in product.groups())
    if wanted.minimum:
        return (major, minor, patch) >= (wanted.major, wanted.minor, wanted.patch)
    w = wanted
    if major == 1 and w.major == 0 and not (w.major_equal and w.minor_equal and w.patch_equal):
        w = _Wanted(1, 0, 0, True, False, False, False)
    for have, want, must_equal in (
        (major, w.major, w.major_equal),
        (minor, w.minor, w.minor_equal),
        (patch, w.patch, w.patch_equal),
    ):
        if have < want:
            return False
        if have > want:
            return not must_equal
    return True
