"""Pure rules for one VSIX: its target against the vsce set and the native code inside, whether
it installs on a machine and a VS Code version, unsafe member names, and what the Go
extension will ask for. VS Code itself never checks a VSIX's target on install (reference
sheet §4.4), so a wrong one is found here or at run time on the user's machine.
"""

from __future__ import annotations

from goide.core.model import Finding, Fix, Severity
from goide.doctor.known import TOOLS
from goide.vsix.engine import EngineError, engine_accepts
from goide.vsix.inspect import Package
from goide.vsix.natives import Native
from goide.vsix.platforms import DISPLAY, TARGETS, Machine, compatible

AREA = "vsix"
GO_EXTENSION = ("golang", "go")


def extension_id(p: Package) -> str:
    publisher = p.package.publisher or (p.manifest.publisher if p.manifest else None) or "?"
    name = p.package.name or (p.manifest.id if p.manifest else None) or "?"
    return f"{publisher}.{name}"


def target_of(p: Package) -> str | None:
    return p.manifest.target_platform if p.manifest else None


def _native_fits(n: Native, target: str) -> bool:
    spec = TARGETS.get(target)
    if spec is None:
        return False
    goos, arch, libc = spec
    if f"{goos}/{arch}" not in n.platforms:
        return False
    if n.loader is None:  # static, or a shared object (.node): no loader to disagree with
        return True
    return ("musl" in n.loader) == (libc == "musl")


def judge_package(p: Package, *, machine: Machine | None = None, vscode: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    ext = extension_id(p)
    target = target_of(p)
    findings.extend(_identity(p, ext))
    findings.extend(_unsafe(p))
    if target is not None and target not in TARGETS:
        findings.append(
            Finding(
                "vsix-unknown-target",
                Severity.ERROR,
                f"TargetPlatform {target!r} is not a VS Code target",
                area=AREA,
                detail="vsce would refuse it: '"
                + target
                + "' is not a valid VS Code target. Valid targets: "
                + ", ".join(TARGETS),
                fix=Fix("package with one of vsce's targets, or with none for a universal package"),
            )
        )
    findings.extend(_natives(p, target))
    if machine is not None:
        findings.extend(_machine(p, ext, target, machine))
    if vscode is not None:
        findings.extend(_engine(p, ext, vscode))
    if (p.package.publisher, p.package.name) == GO_EXTENSION:
        findings.extend(_go_extension(p, target))
    return findings


def _identity(p: Package, ext: str) -> list[Finding]:
    out = []
    m = p.manifest
    if m is None:
        out.append(
            Finding(
                "vsix-no-vsixmanifest",
                Severity.WARNING,
                "no extension.vsixmanifest: not made by vsce",
                area=AREA,
                detail="VS Code installs it from package.json alone; the Marketplace would refuse it.",
            )
        )
    elif (m.publisher, m.id, m.version) != (p.package.publisher, p.package.name, p.package.version):
        out.append(
            Finding(
                "vsix-identity-mismatch",
                Severity.WARNING,
                "extension.vsixmanifest and package.json name different extensions",
                area=AREA,
                detail=f"vsixmanifest: {m.publisher}.{m.id} {m.version}; "
                f"package.json: {p.package.publisher}.{p.package.name} {p.package.version}",
            )
        )
    for key in ("name", "version", "publisher"):
        if getattr(p.package, key) is None:
            out.append(
                Finding(
                    "vsix-package-field",
                    Severity.ERROR,
                    f"package.json has no {key}",
                    area=AREA,
                    detail=f"VS Code: property `{key}` is mandatory and must be of type `string`",
                )
            )
    return out


def _unsafe(p: Package) -> list[Finding]:
    bad = [m for m in p.members if m.unsafe_path]
    if not bad:
        return []
    return [
        Finding(
            "vsix-unsafe-path",
            Severity.ERROR,
            f"{len(bad)} member name(s) would write outside the extension folder",
            area=AREA,
            detail="A naive unzip writes these outside its directory (zip slip); "
            "vsce never makes such names.",
            fix=Fix("do not install this package; get it again from its publisher"),
            evidence=tuple(f"{m.name!r}: {m.unsafe_path}" for m in bad[:20]),
        )
    ]


def _natives(p: Package, target: str | None) -> list[Finding]:
    out = []
    for n in p.natives:
        if n.error:
            out.append(Finding("vsix-native-unreadable", Severity.WARNING, f"{n.name}: {n.error}", area=AREA))
    readable = [n for n in p.natives if not n.error]
    if target is not None and target in TARGETS and TARGETS[target] is not None:
        for n in readable:
            if not _native_fits(n, target):
                out.append(
                    Finding(
                        "vsix-native-mismatch",
                        Severity.ERROR,
                        f"{n.name} is {', '.join(n.platforms) or 'of no known architecture'}, "
                        f"but the package is for {target}",
                        area=AREA,
                        detail=f"On {DISPLAY[target]} this {n.format} file cannot be loaded or run.",
                        fix=Fix(
                            f"rebuild the native part for {target} before `vsce package --target {target}`"
                        ),
                    )
                )
    if readable:
        out.append(
            Finding(
                "vsix-natives",
                Severity.INFO,
                f"{len(readable)} native binar{'y' if len(readable) == 1 else 'ies'} inside",
                area=AREA,
                evidence=tuple(
                    f"{n.name}: {n.format} {', '.join(n.platforms)}"
                    + (f" (loader {n.loader})" if n.loader else "")
                    for n in readable
                ),
            )
        )
    elif target is None:
        out.append(Finding("vsix-universal", Severity.OK, "universal package with no native code", area=AREA))
    return out


def _machine(p: Package, ext: str, target: str | None, machine: Machine) -> list[Finding]:
    # In a browser only a web package, or a universal one with a `browser` entry point, can run.
    web_misfit = machine.target == "web" and target != "web" and not (target is None and p.package.browser)
    if not compatible(target, machine) or web_misfit:
        return [
            Finding(
                "vsix-wrong-platform",
                Severity.ERROR,
                f"{ext} for {target} does not fit {DISPLAY[machine.target]} ({machine.target})",
                area=AREA,
                detail="`code --install-extension` does not check a VSIX's target: it installs and fails "
                "when the extension runs. The Marketplace would say: "
                f"The '{ext}' extension is not available in Visual Studio Code for the "
                f"{DISPLAY[machine.target]} platform.",
                fix=Fix(f"use the package made with `vsce package --target {machine.target}`"),
            )
        ]
    if target is None and p.natives and machine.target != "web":
        fits = [n for n in p.natives if f"{machine.os}/{machine.arch}" in n.platforms]
        if not fits:
            return [
                Finding(
                    "vsix-universal-natives",
                    Severity.WARNING,
                    f"universal package, but none of its native binaries is for {machine.os}/{machine.arch}",
                    area=AREA,
                    detail="It installs; whatever needs that native code fails "
                    "or is skipped on this machine.",
                )
            ]
    return [
        Finding(
            "vsix-platform-ok",
            Severity.OK,
            f"installs on {DISPLAY[machine.target]} ({machine.target})",
            area=AREA,
        )
    ]


def _engine(p: Package, ext: str, vscode: str) -> list[Finding]:
    spec = p.package.engine
    if spec is None:
        return [
            Finding(
                "vsix-no-engine",
                Severity.ERROR,
                "package.json has no engines.vscode",
                area=AREA,
                detail="VS Code: property `engines.vscode` is mandatory and must be of type `string`",
            )
        ]
    try:
        accepted = engine_accepts(spec, vscode)
    except EngineError as err:
        return [Finding("vsix-engine-invalid", Severity.ERROR, str(err), area=AREA)]
    if not accepted:
        return [
            Finding(
                "vsix-engine",
                Severity.ERROR,
                f"needs VS Code {spec}, not {vscode}",
                area=AREA,
                detail=f"VS Code says: Unable to install extension '{ext.lower()}' as it is not compatible "
                f"with VS Code '{vscode}'.",
                fix=Fix(f"update VS Code to a version {spec} allows, or use an older {ext}"),
            )
        ]
    return [
        Finding("vsix-engine-ok", Severity.OK, f"VS Code {vscode} satisfies engines.vscode {spec}", area=AREA)
    ]


def _go_extension(p: Package, target: str | None) -> list[Finding]:
    tools = ", ".join(t.name for t in TOOLS if t.importance in ("required", "debugging")) + ", staticcheck"
    out = [
        Finding(
            "vsix-go-extension",
            Severity.INFO,
            "the Go extension is universal: its tools must match the machine, not the package",
            area=AREA,
            detail=f"On first use it asks to install {tools} (and gotests, impl, goplay) with `go install`; "
            "offline, ship them built for each machine.",
            fix=Fix(
                "build the tools for the machine",
                command="goide bundle build --target darwin/arm64 --target windows/arm64 --out tools-bundle",
            ),
        )
    ]
    if target is not None:
        out.append(
            Finding(
                "vsix-go-extension-target",
                Severity.WARNING,
                f"golang.go was repackaged for {target}",
                area=AREA,
                detail="The Go team publishes it without --target (universal); "
                "a per-target copy gains nothing "
                "and installs only where VS Code's target is exactly that one.",
                fix=Fix("use the Marketplace package (universal)"),
            )
        )
    return out
