"""Every gopls option goide's schema knows is one the real gopls accepts (issue 16, settings 4).

`gopls api-json` documents options that gopls then rejects: v0.23.0 lists
ui.diagnostic.staticcheckProvided and answers "unexpected setting" for it. Here a real gopls gets
every option of the schema (with a value of its type) in initializationOptions, and its
"Invalid settings" message is read for "unexpected setting".
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from goide.core.lsp import LspClient, Notification
from goide.settings import builtin as facts
from goide.settings.schema import NOT_ACCEPTED_BY_GOPLS, Setting, from_gopls_api_json
from tests.helpers import tool, write_module

pytestmark = pytest.mark.integration

SAMPLE = {"boolean": False, "string": "", "number": 0, "integer": 0, "array": [], "object": {}}
UNEXPECTED = re.compile(r'setting option "([^"]+)": unexpected setting')


def _sample(option: Setting) -> Any:
    if option.default is not None:
        return option.default
    if option.enum:
        return option.enum[0]
    return SAMPLE.get(option.types[0] if option.types else "string", "")


def rejected_by_gopls(settings: dict[str, Any], module: Path) -> set[str]:
    """The option names gopls answers "unexpected setting" for."""
    with LspClient([str(tool("gopls")), "serve"], cwd=module, settings={"gopls": settings}) as client:
        client.initialize(module, timeout=120)

        def invalid(note: Notification) -> bool:
            return note.method == "window/showMessage" and "Invalid settings" in str(note.params)

        message = client.wait_for_notification(invalid, timeout=60)
        client.shutdown(timeout=30)
    return set(UNEXPECTED.findall(str(message.params)))


def test_gopls_accepts_every_option_of_the_schema(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {"go.mod": "module example.com/m\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"},
    )
    api = subprocess.run([str(tool("gopls")), "api-json"], capture_output=True, check=True, timeout=60).stdout
    schema = from_gopls_api_json(api)
    settings = {o.name: _sample(o) for o in schema.values() if not o.removed and not o.deprecated}
    settings |= {
        o.name: _sample(o) for o in facts.GOPLS_OPTIONS.values() if not o.removed and not o.deprecated
    }
    # A name gopls has never had, so that gopls always sends its "Invalid settings" message.
    settings["goideProbeNoSuchOption"] = True
    for name in NOT_ACCEPTED_BY_GOPLS:
        settings["ui.diagnostic." + name] = True
    rejected = rejected_by_gopls(settings, module)
    assert "goideProbeNoSuchOption" in rejected
    # The names goide leaves out are exactly those gopls rejects ...
    assert rejected - {"goideProbeNoSuchOption"} == set(NOT_ACCEPTED_BY_GOPLS)
    # ... and they are in neither schema.
    assert not NOT_ACCEPTED_BY_GOPLS & {n.rsplit(".", 1)[-1] for n in schema}
    assert not NOT_ACCEPTED_BY_GOPLS & set(facts.GOPLS_OPTIONS)
