"""`goide bundle verify`: pure rules from an Inventory to Findings, one area per target.

Each binary must be for its directory's OS and architecture, carry Go build info, match the
manifest (module, version, checksum, size) and SHA256SUMS, and be built with a Go at least as
new as the Go the target machine will use.
"""

from __future__ import annotations

from goide.bundle.inventory import FoundBinary, Inventory
from goide.bundle.manifest import Entry
from goide.bundle.target import Target
from goide.core.model import Finding, Fix, Severity
from goide.doctor.known import TOOLS_BY_NAME, go_major
from goide.executables.read import Slice

AREA = "bundle"

# The name users know the translation layer of a target by (doctor/platforms.py's table).
_TRANSLATED_ON = {
    ("darwin", "arm64"): ("amd64", "Rosetta 2"),
    ("windows", "arm64"): ("amd64", "x64 emulation"),
}


def _rebuild(tool: str, version: str, target: Target, package: str = "") -> Fix:
    """The command that rebuilds `tool`: by goide's name for it, else by its package path."""
    buildable = package and package != "command-line-arguments"  # `go build file.go` has no path
    name = tool if tool in TOOLS_BY_NAME or not buildable else package
    spec = f"{name}@{version}" if version and version.startswith("v") else name
    return Fix(
        f"rebuild {tool} for {target}",
        command=f"goide bundle build --target {target} {spec} --out NEW_DIR",
    )


def _platform_findings(b: FoundBinary, tool: str, version: str, package: str) -> list[Finding]:
    assert b.exe is not None
    want = b.target
    slices = b.exe.slices
    if any(s.os == want.os and s.arch == want.arch for s in slices):
        return []
    got = ", ".join(sorted({f"{s.os}/{s.arch}" for s in slices})) or "no architecture"
    detail = f"{b.path} is {got}, but it is in the directory for {want}."
    translated = _TRANSLATED_ON.get((want.os, want.arch))
    if translated and any(s.os == want.os and s.arch == translated[0] for s in slices):
        detail += f" On {want} it would run under {translated[1]}"
        if tool == "dlv":
            detail += ", where Delve cannot debug native arm64 programs"
        detail += "."
    return [
        Finding(
            "bundle-wrong-platform",
            Severity.ERROR,
            f"{tool} is built for {got}, not {want}",
            area=str(want),
            detail=detail,
            fix=_rebuild(tool, version, want, package),
            evidence=tuple(f"slice {s.os}/{s.arch} ({b.exe.format})" for s in slices),
        )
    ]


def _tool_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[: -len(".exe")] if name.endswith(".exe") else name


def _main_slice(b: FoundBinary) -> Slice | None:
    if b.exe is None or not b.exe.slices:
        return None
    for s in b.exe.slices:
        if s.os == b.target.os and s.arch == b.target.arch:
            return s
    return b.exe.slices[0]


def _binary_findings(
    b: FoundBinary, entry: Entry | None, sums: dict[str, str] | None, go: str | None
) -> list[Finding]:
    tool = entry.tool if entry else _tool_name(b.path)
    area = str(b.target)
    if b.error is not None or b.exe is None:
        return [
            Finding(
                "bundle-unreadable",
                Severity.ERROR,
                f"{b.path} cannot be read as an executable",
                area=area,
                detail=b.error or "",
                fix=_rebuild(tool, entry.version if entry else "", b.target, entry.package if entry else ""),
            )
        ]
    main = _main_slice(b)
    info = main.go if main else None
    version = (info.main.version if info and info.main else "") or (entry.version if entry else "")
    package = info.path if info and info.path else (entry.package if entry else "")
    found = _platform_findings(b, tool, version, package)
    if info is None:
        found.append(
            Finding(
                "bundle-no-buildinfo",
                Severity.WARNING,
                f"{b.path} has no Go build info",
                area=area,
                detail="Its module, version and Go version cannot be checked (not a Go program, or "
                "built with a Go older than 1.13, or the build info was stripped).",
            )
        )
    if entry is not None:
        found.extend(_manifest_findings(b, entry, info.main.path if info and info.main else None, version))
    if sums is not None:
        want = sums.get(b.path)
        if want is None:
            found.append(
                Finding(
                    "bundle-not-in-sums", Severity.WARNING, f"{b.path} is not listed in SHA256SUMS", area=area
                )
            )
        elif want != b.sha256:
            found.append(
                Finding(
                    "bundle-checksum",
                    Severity.ERROR,
                    f"{b.path} does not match SHA256SUMS",
                    area=area,
                    detail=f"SHA256SUMS says {want}, the file is {b.sha256}.",
                    fix=_rebuild(tool, version, b.target, package),
                )
            )
    if info is not None and go:
        found.extend(_go_version_findings(b, tool, info.version, go))
    if main is not None:
        found.extend(_build_setting_findings(b, tool, main))
    return found


def _build_setting_findings(b: FoundBinary, tool: str, main: Slice) -> list[Finding]:
    """What a hand-made build may lack: -trimpath (reproducibility), a libc-free link."""
    out = []
    area = str(b.target)
    if main.go is not None and main.go.setting("-trimpath") != "true":
        out.append(
            Finding(
                "bundle-no-trimpath",
                Severity.INFO,
                f"{tool} was built without -trimpath",
                area=area,
                detail="It carries paths of the machine that built it, and a rebuild will not give "
                "the same bytes to compare.",
            )
        )
    if b.target.os == "linux" and main.linking == "dynamic" and main.interpreter:
        out.append(
            Finding(
                "bundle-needs-libc",
                Severity.WARNING,
                f"{tool} is linked dynamically ({main.interpreter})",
                area=area,
                detail="It runs only where that loader and its C library exist (not on Alpine's musl, "
                "not in distroless images); a CGO_ENABLED=0 build runs everywhere.",
                fix=_rebuild(
                    tool,
                    main.go.main.version if main.go and main.go.main else "",
                    b.target,
                    main.go.path if main.go else "",
                ),
            )
        )
    return out


def _manifest_findings(b: FoundBinary, entry: Entry, module: str | None, version: str) -> list[Finding]:
    area = str(b.target)
    found = []
    if entry.target != str(b.target):
        found.append(
            Finding(
                "bundle-manifest-target",
                Severity.ERROR,
                f"bundle.json lists {b.path} for {entry.target}",
                area=area,
                detail=f"The file is in the directory for {b.target}.",
            )
        )
    if module is not None and (module != entry.module or version != entry.version):
        found.append(
            Finding(
                "bundle-manifest-version",
                Severity.ERROR,
                f"{entry.tool} is {module} {version}, bundle.json says {entry.module} {entry.version}",
                area=area,
                fix=_rebuild(entry.tool, entry.version, b.target, entry.package),
            )
        )
    if entry.sha256 != b.sha256 or entry.size != b.size:
        found.append(
            Finding(
                "bundle-checksum",
                Severity.ERROR,
                f"{b.path} is not the file bundle.json describes",
                area=area,
                detail=f"bundle.json: sha256 {entry.sha256}, {entry.size} bytes; "
                f"the file: sha256 {b.sha256}, {b.size} bytes. It was changed or replaced after the build.",
                fix=_rebuild(entry.tool, entry.version, b.target, entry.package),
            )
        )
    return found


def _go_version_findings(b: FoundBinary, tool: str, built_with: str, target_go: str) -> list[Finding]:
    built, wanted = go_major(built_with), go_major(target_go)
    if built is None or wanted is None or built >= wanted:
        return []
    known = TOOLS_BY_NAME.get(tool)
    why = (
        "Delve refuses or misreads programs built by a Go newer than it supports"
        if tool == "dlv"
        else "its go/types cannot type-check code written for the newer Go"
    )
    return [
        Finding(
            "bundle-go-too-old",
            Severity.ERROR,
            f"{tool} was built with {built_with}, older than the {target_go} the target uses",
            area=str(b.target),
            detail=f"A tool built with go{built[0]}.{built[1]} on a go{wanted[0]}.{wanted[1]} machine: "
            f"{why}.",
            fix=Fix(
                f"rebuild the bundle with go{wanted[0]}.{wanted[1]} or newer",
                command=f"goide bundle build --go PATH_TO_GO{wanted[0]}.{wanted[1]} --target {b.target} "
                f"{tool if known else _tool_name(b.path)} --out NEW_DIR",
            ),
        )
    ]


def judge_bundle(inv: Inventory, *, target_go: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    manifest = inv.manifest
    go = target_go or (manifest.go_version if manifest else None)
    by_path = {e.path: e for e in manifest.tools} if manifest else {}
    if inv.manifest_error:
        findings.append(Finding("bundle-manifest-bad", Severity.ERROR, inv.manifest_error, area=AREA))
    elif manifest is None:
        findings.append(
            Finding(
                "bundle-no-manifest",
                Severity.INFO,
                "no bundle.json: judged from each binary's own build info",
                area=AREA,
            )
        )
    if inv.sums_error:
        findings.append(Finding("bundle-sums-bad", Severity.ERROR, inv.sums_error, area=AREA))
    for problem in inv.problems:
        findings.append(
            Finding(
                "bundle-symlink-loop" if "symlink loop" in problem else "bundle-unreadable-dir",
                Severity.ERROR,
                problem,
                area=AREA,
                fix=Fix("replace the symlink with the file it should point to, or remove it"),
            )
        )
    if not inv.targets:
        findings.append(
            Finding(
                "bundle-empty",
                Severity.ERROR,
                "no OS_ARCH directory (for example darwin_arm64) in the bundle",
                area=AREA,
                fix=Fix("build one", command="goide bundle build --target darwin/arm64 --out DIR"),
            )
        )
    seen = set()
    for b in inv.binaries:
        seen.add(b.path)
        findings.extend(_binary_findings(b, by_path.get(b.path), inv.sums, go))
    chosen = {str(t) for t in inv.targets}
    for entry in manifest.tools if manifest else ():
        if entry.path not in seen and entry.target in chosen:
            findings.append(
                Finding(
                    "bundle-missing",
                    Severity.ERROR,
                    f"{entry.path} is in bundle.json but not in the bundle",
                    area=entry.target,
                    fix=_rebuild(
                        entry.tool, entry.version, Target(*entry.target.split("/", 1)), entry.package
                    ),
                )
            )
    for target in inv.targets:
        findings.extend(_target_summary(inv, target, findings, by_path))
    return findings


def _target_summary(
    inv: Inventory, target: Target, findings: list[Finding], by_path: dict[str, Entry]
) -> list[Finding]:
    area = str(target)
    mine = [b for b in inv.binaries if b.target == target]
    notes = sorted({n for b in mine if (e := by_path.get(b.path)) for n in e.notes})
    out = [Finding("bundle-build-note", Severity.INFO, n, area=area) for n in notes]
    if not mine:
        out.append(
            Finding("bundle-target-empty", Severity.WARNING, f"no executables for {target}", area=area)
        )
    elif not any(f.area == area and f.severity in (Severity.ERROR, Severity.WARNING) for f in findings):
        names = ", ".join(sorted(_tool_name(b.path) for b in mine))
        out.append(
            Finding(
                "bundle-target-ok",
                Severity.OK,
                f"{len(mine)} tools for {target}: {names}",
                area=area,
                detail="each read back as the right OS and architecture"
                + (", matching the manifest and checksums" if inv.manifest else ""),
            )
        )
    return out
