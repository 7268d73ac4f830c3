"""`goide bundle verify` as a function: read the bundle (inventory.py), judge it (judge.py)."""

from __future__ import annotations

from pathlib import Path

from goide.bundle.inventory import Inventory, read_bundle
from goide.bundle.judge import judge_bundle
from goide.bundle.target import parse_target
from goide.core.model import Finding


def verify_bundle(
    root: Path, *, target: str | None = None, go: str | None = None
) -> tuple[Inventory, list[Finding]]:
    inv = read_bundle(root, parse_target(target) if target else None)
    return inv, judge_bundle(inv, target_go=go)
