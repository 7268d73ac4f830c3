"""Newest releases from the real Go module proxy (`go list -m -json MOD@latest`), cached for a day;
without an answer the dated table is used and its date said."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from goide.doctor.collect.newest import CACHE_SECONDS, collect_newest
from goide.doctor.collect.report import facts_from_report
from goide.doctor.facts import NewestRelease
from goide.doctor.known import TOOLS_BY_NAME
from goide.doctor.rules.common import newest_installable, newest_source
from tests.helpers import tool


def test_proxy_answer_is_cached_for_a_day(tmp_path: Path) -> None:
    start = 1_800_000_000.0
    releases = collect_newest(str(tool("go")), dict(os.environ), tmp_path, now=lambda: start, timeout=60)
    gopls = next(r for r in releases if r.tool == "gopls")
    assert gopls.version.startswith("v0.")
    assert gopls.go_version  # the go line of its go.mod, from GoVersion
    assert gopls.source.startswith("module proxy, read ")
    # Within a day the cache answers, even with no go to ask.
    assert collect_newest(None, {}, tmp_path, now=lambda: start + CACHE_SECONDS - 1) == releases
    # After a day it is stale; with no go to ask there is nothing (the rules use the dated table).
    assert collect_newest(None, {}, tmp_path, now=lambda: start + CACHE_SECONDS + 1) == ()


def test_proxy_release_is_used_only_when_this_go_can_build_it() -> None:
    facts = facts_from_report("go version go1.26.8 linux/amd64\n")
    buildable = NewestRelease("gopls", "v0.99.0", "1.26.0", "module proxy, read 2026-12-06")
    too_new = NewestRelease("gopls", "v0.99.0", "1.30.0", "module proxy, read 2026-12-06")
    with_buildable = dataclasses.replace(facts, newest=(buildable,))
    assert newest_installable(with_buildable, "gopls") == "v0.99.0"
    assert newest_source(with_buildable, "gopls") == "module proxy, read 2026-12-06"
    with_too_new = dataclasses.replace(facts, newest=(too_new,))
    assert newest_installable(with_too_new, "gopls") == TOOLS_BY_NAME["gopls"].newest_for((1, 26))
    assert "read 2026-11-29" in newest_source(facts, "gopls")  # the table says its date


def test_every_version_goide_recommends_builds_with_that_go() -> None:
    """For each Go from 1.21 to the newest, the version goide installs has a go.mod `go` line that
    Go accepts (read from the real module proxy)."""
    import json
    import subprocess

    from goide.doctor.collect.newest import _module_of
    from goide.doctor.known import TOOLS, go_major

    checked: dict[tuple[str, str], tuple[int, int] | None] = {}
    for minor in range(21, 28):
        go = (1, minor)
        for known in TOOLS:
            if not known.needs_go or go < known.needs_go[-1][1]:
                continue  # too old for every release in the table: goide says "upgrade Go first"
            version = known.newest_for(go)
            key = (_module_of(known.package), version)
            if key not in checked:
                out = subprocess.run(
                    [str(tool("go")), "list", "-m", "-json", f"{key[0]}@{key[1]}"],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=True,
                ).stdout
                line = json.loads(out).get("GoVersion")
                checked[key] = go_major("go" + line) if line else None
            needs = checked[key]
            assert needs is None or needs <= go, (known.name, version, go, needs)
