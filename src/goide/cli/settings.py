"""`goide settings`: placeholder until its issue lands; replaced by the real command module."""

from __future__ import annotations

import argparse

from goide.errors import GoideError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs=argparse.REMAINDER)


def run(args: argparse.Namespace) -> int:
    raise GoideError("'goide settings' is not built yet", hint="see the open issues")
