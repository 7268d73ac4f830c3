"""Fuzz targets for what `goide doctor` parses: facts files, go env files, sysctl output,
binfmt_misc entries, cpulists and VS Code settings files.

Each `*_target(seed...)` returns a hypothesis test seeded from real data; the property is always
the same: the parser answers (a value, or InputError for facts files) and never raises anything
else. `FUZZ_EXAMPLES` sets the number of examples (CI keeps it modest).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.errors import InputError
from goide.doctor.collect.gotool import parse_env_file
from goide.doctor.collect.host import binfmt_arch, count_cpulist, parse_sysctl
from goide.doctor.collect.vscode import read_settings
from goide.doctor.facts import from_json, to_json
from goide.doctor.run import diagnose

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mutated(seed: dict[str, Any], data: st.DataObject) -> Any:
    doc = copy.deepcopy(seed)
    path = data.draw(st.sampled_from(_paths(doc)))
    if not path:
        return data.draw(json_values)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(json_values)
    return doc


def facts_target(seed: dict[str, Any]) -> Callable[[], None]:
    """A real facts document with one node replaced or removed: loads, or InputError; loaded facts
    are judged without a rule crashing the run and save again to the same document."""

    @_SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        doc = _mutated(seed, data)
        try:
            facts = from_json(doc)
        except InputError:
            return
        assert isinstance(diagnose(facts), list)
        assert from_json(to_json(facts)) == from_json(to_json(from_json(to_json(facts))))

    return run


def _text_around(seed: str) -> st.SearchStrategy[str]:
    """The seed with random text spliced in, or any text at all."""
    spliced = st.tuples(st.integers(0, len(seed)), st.text(max_size=40)).map(
        lambda cut: seed[: cut[0]] + cut[1] + seed[cut[0] :]
    )
    return spliced | st.text(max_size=200)


def text_parsers_target(env_seed: str, sysctl_seed: str, binfmt_seed: str) -> Callable[[], None]:
    @_SETTINGS
    @given(
        env=_text_around(env_seed),
        sysctl=_text_around(sysctl_seed),
        binfmt=_text_around(binfmt_seed),
        cpulist=st.text(alphabet="0123456789,-\n x", max_size=30),
    )
    def run(env: str, sysctl: str, binfmt: str, cpulist: str) -> None:
        assert all("=" not in k for k in parse_env_file(env))
        assert isinstance(parse_sysctl(sysctl), dict)
        arch = binfmt_arch(binfmt)
        assert arch is None or isinstance(arch, str)
        assert count_cpulist(cpulist) >= -(10**6)  # answers; negative ranges are the kernel's problem

    return run


def settings_target(seed: bytes, scratch: Path) -> Callable[[], None]:
    """A settings file with random bytes spliced in: read, or reported as unreadable."""

    @_SETTINGS
    @given(cut=st.integers(0, len(seed)), noise=st.binary(max_size=30))
    def run(cut: int, noise: bytes) -> None:
        path = scratch / "settings.json"
        path.write_bytes(seed[:cut] + noise + seed[cut:])
        result = read_settings("stable", str(path))
        assert result.exists
        assert (result.error is None) or not result.go_settings

    return run


def areas_target(seed: dict[str, Any]) -> Callable[[], None]:
    """A real facts document with check-area data (goide.doctor.run.AREAS): a stored settings text with
    random characters spliced in is judged without any rule crashing (a syntax finding at worst),
    and any other change to the area data is judged without the run failing."""
    from goide.doctor.run import AREAS

    files = seed["extra"]["settings"]["files"]

    @_SETTINGS
    @given(data=st.data(), noise=st.text(max_size=30))
    def run(data: st.DataObject, noise: str) -> None:
        doc = copy.deepcopy(seed)
        entry = doc["extra"]["settings"]["files"][data.draw(st.integers(0, len(files) - 1))]
        text = entry["text"] or ""
        cut = data.draw(st.integers(0, len(text)))
        entry["text"] = text[:cut] + noise + text[cut:]
        findings = diagnose(from_json(doc), AREAS)
        assert not [f.id for f in findings if f.id.startswith("doctor.rule-crashed")]
        doc["extra"] = _mutated(seed["extra"], data)
        try:
            facts = from_json(doc)
        except InputError:
            return
        assert isinstance(diagnose(facts, AREAS), list)

    return run


def report_target(seeds: list[str]) -> Callable[[], None]:
    """`goide doctor --from-report`'s reader: any text gives partial Facts that every rule judges."""
    from goide.doctor.collect.report import facts_from_report

    fragments = [line for seed in seeds for line in seed.splitlines()][:400]

    @_SETTINGS
    @given(
        st.lists(st.sampled_from(fragments) | st.text(max_size=80), max_size=30),
        st.sampled_from(["\n", "\r\n", "<br>", "\n\t"]),
    )
    def check(lines: list[str], newline: str) -> None:
        facts = facts_from_report(newline.join(lines))
        diagnose(facts)
        from_json(to_json(facts))

    return check
