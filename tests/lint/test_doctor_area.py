"""The "Lint and format" area of `goide doctor`: the probe's JSON survives a facts file, the rule
gives the same findings from it, and the real `goide doctor` shows the area."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from goide.doctor.collect.binary import default_reader
from goide.doctor.context import Context
from goide.doctor.run import AREAS
from goide.lint.collect import collect
from goide.lint.doctor_area import collect_lint, judge_lint
from goide.lint.rules import check
from tests.helpers import goide
from tests.lint.lintenv import V1_CONFIG, environment, module, v2

pytestmark = pytest.mark.integration


def test_probe_json_round_trip_gives_the_same_findings(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config=V1_CONFIG)
    env = environment(tmp_path, v2().parent)
    ctx = Context(environ=env, home=env["HOME"], reader=default_reader(), timeout=60, workspace=str(mod))
    data = json.loads(json.dumps(collect_lint(ctx)))
    from_facts = judge_lint(SimpleNamespace(extra={"lint": data}))
    direct = check(collect(mod, environ=env, home=Path(env["HOME"]), timeout=60))
    assert [f.to_json() for f in from_facts] == [f.to_json() for f in direct]
    assert "lint.config.v1-for-v2-binary" in {f.id for f in from_facts}
    assert [a.name for a in AREAS].count("lint") == 1


def test_probe_skips_a_folder_without_go(tmp_path: Path) -> None:
    env = environment(tmp_path)
    (tmp_path / "empty").mkdir()
    ctx = Context(
        environ=env, home=env["HOME"], reader=default_reader(), timeout=5, workspace=str(tmp_path / "empty")
    )
    assert collect_lint(ctx) is None
    assert judge_lint(SimpleNamespace(extra={})) == []


def test_doctor_shows_the_area(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config=V1_CONFIG)
    env = environment(tmp_path, v2().parent)
    result = goide("doctor", "--workspace", str(mod), "--json", env=env, timeout=300)
    document = json.loads(result.stdout)
    lint = [f for f in document["findings"] if f["area"] == "Lint and format"]
    assert "lint.config.v1-for-v2-binary" in {f["id"] for f in lint}
