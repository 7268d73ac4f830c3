"""The "Modules" area of `goide doctor`: the module configuration (collected like `goide mod explain`)
and the routes of the workspace go.mod's requirements that are private or do not go through a
public proxy, judged with the same rules as `goide mod explain`.

`collect_modules` is the collector (impure, stores plain JSON in `Facts.extra["modules"]`);
`judge_modules` is the rule (pure). Neither imports doctor: they take what they read structurally.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from goide.core.areas import ProbeContext, StoredFacts
from goide.core.model import Finding, Severity
from goide.core.words import plural

NAME = "modules"


def collect_modules(ctx: ProbeContext) -> dict[str, Any]:
    from goide.core.goos import host_goos
    from goide.mod.collect import collect_config
    from goide.mod.gomod import read_gomod_text, requires

    # The workspace given, else the current directory when it is a module (doctor run in a project).
    workspace = ctx.workspace or (os.getcwd() if os.path.isfile("go.mod") else None)
    config = collect_config(ctx.environ, home=ctx.home, goos=host_goos(), timeout=ctx.timeout, cwd=workspace)
    # A go that cannot be started at all (missing, or built for another machine) is the toolchain
    # area's finding, with its cause; said again here it would only repeat it without one.
    kept = tuple(p for p in config.problems if not p.startswith("go could not be started"))
    if kept != config.problems:
        config = dataclasses.replace(config, problems=kept)
    required: list[list[str]] = []
    gomod = ""
    if workspace:
        path = os.path.join(workspace, "go.mod")
        text = read_gomod_text(Path(path))
        if text is not None:
            required = [[p, v] for p, v in requires(text)]
            gomod = path
    return {"config": config.to_json(), "go_mod": gomod, "requires": required}


def judge_modules(facts: StoredFacts) -> list[Finding]:
    from goide.mod.config import config_from_json
    from goide.mod.explain import AREA, config_findings, route_findings
    from goide.mod.hosts import PUBLIC_PROXIES, host_of

    data = facts.extra.get(NAME)
    if not isinstance(data, dict) or "config" not in data:
        return []
    try:
        config = config_from_json(data["config"])
    except ValueError as err:
        return [
            Finding(
                "mod.facts-unreadable", Severity.WARNING, f"the Modules facts cannot be read: {err}", AREA
            )
        ]
    found = config_findings(config)
    judged = 0
    requires = data.get("requires")
    for item in requires if isinstance(requires, list) else []:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            continue
        path, version = item
        from goide.mod.route import route  # only for a go.mod's requirements

        r = route(f"{path}@{version}", config)
        on_public_proxy = any(host_of(u) in PUBLIC_PROXIES for u in r.proxies)
        if r.private or not on_public_proxy:
            judged += 1
            found.extend(route_findings(r, config))
    if not any(f.severity in (Severity.ERROR, Severity.WARNING) for f in found):
        counted = plural(judged, "private or off-proxy requirement")
        where = f" ({counted} of {data.get('go_mod')})" if judged else ""
        found.append(
            Finding("mod.ok", Severity.OK, f"module downloads are configured consistently{where}", AREA)
        )
    return found
