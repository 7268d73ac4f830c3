"""Fixtures of the `goide test` tests: the real `go test -json` recordings of this session."""

from __future__ import annotations

import pytest

from tests.testrun.gomodule import Recording, record


@pytest.fixture(scope="session")
def recordings() -> dict[str, Recording]:
    return record()
