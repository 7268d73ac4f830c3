"""The three `goide mod` commands as functions: read the configuration, run the pure parts, render,
return the exit status. The CLI only parses arguments and calls one of these."""

from __future__ import annotations

import os
import re
import sys
from typing import IO

from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError
from goide.core.model import Severity
from goide.mod.config import ModConfig

COMMAND_TIMEOUT = 10.0
# A module path as `go` accepts it on the command line, loosely: no spaces, quotes or control characters.
_MODULE_ARG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_~/+!]*(@[A-Za-z0-9.\-_+/]+)?$")


def current_config(timeout: float = COMMAND_TIMEOUT) -> ModConfig:
    from goide.core.goos import host_goos
    from goide.mod.collect import collect_config

    return collect_config(
        os.environ, home=os.path.expanduser("~"), goos=host_goos(), timeout=timeout, cwd=os.getcwd()
    )


def _check_module_arg(arg: str) -> None:
    from goide.core.safe_text import printable_line

    if not _MODULE_ARG.match(arg) or "//" in arg or arg.endswith("/"):
        raise InputError(
            f"{printable_line(arg, 200)!r} is not a module path",
            hint="give a module path such as github.com/org/repo or example.com/m@v1.2.3 "
            "(no scheme, no spaces)",
        )


def run_explain(
    modules: list[str], *, json_output: bool, verbose: bool, out: IO[str], timeout: float = COMMAND_TIMEOUT
) -> int:
    from goide.mod.explain import explain_all
    from goide.mod.view import explain_json, explain_text

    for arg in modules:
        _check_module_arg(arg)
    config = current_config(timeout)
    config_findings, routes = explain_all(modules, config)
    if json_output:
        from goide.core import jsonout

        jsonout.write(explain_json(config, config_findings, routes), out)
    else:
        out.write(explain_text(config, config_findings, routes, verbose=verbose))
    everything = config_findings + [f for _, fs in routes for f in fs]
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in everything) else EXIT_OK


def run_decode(path: str, *, json_output: bool, out: IO[str], timeout: float = COMMAND_TIMEOUT) -> int:
    from goide.mod.decode import decode_stream
    from goide.mod.view import decode_json, decode_text

    source = "standard input" if path == "-" else path
    config = current_config(timeout)
    if path == "-":
        decoded = decode_stream(sys.stdin.buffer, config)
    else:
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError as err:
            raise InputError(
                f"cannot read {path}: {err.strerror}", hint="give a log file, or - for standard input"
            ) from err
        from goide.core.inputs import with_progress

        with stream:
            # A bar on a terminal for a big log (a CI log of 100 MB takes seconds), nothing otherwise.
            decoded = decode_stream(with_progress(stream, f"reading {os.path.basename(path)}"), config)
    if not decoded.errors and decoded.stats.looks_binary:
        raise InputError(
            f"no Go module error found in {source}, which looks like a binary file",
            hint="give the text output of go (a terminal copy, a CI log, the VS Code output)",
        )
    if json_output:
        from goide.core import jsonout

        jsonout.write(decode_json(decoded, source, config.secrets), out)
    else:
        out.write(decode_text(decoded, source, config.secrets))
    return EXIT_FINDINGS if decoded.errors else EXIT_OK


def run_check(module: str, *, json_output: bool, timeout: float, fresh_cache: bool, out: IO[str]) -> int:
    from goide.mod.check import check_module
    from goide.mod.explain import explain_all
    from goide.mod.view import check_json, check_text

    _check_module_arg(module)
    config = current_config()
    _, routes = explain_all([module], config)
    if not json_output and sys.stderr.isatty():
        sys.stderr.write(f"running go mod download -json -x {module} (timeout {timeout:g} s)...\n")
    result = check_module(module, os.environ, timeout=timeout, fresh_cache=fresh_cache, config=config)
    if json_output:
        from goide.core import jsonout

        jsonout.write(check_json(result, routes[0], config.secrets), out)
    else:
        out.write(check_text(result, routes[0], config.secrets))
    return EXIT_OK if result.ok else EXIT_FINDINGS
