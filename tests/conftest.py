"""pytest configuration shared by every test module."""

from __future__ import annotations

import os

# Rich must not guess a terminal width or colours from whatever ran the tests.
os.environ.setdefault("COLUMNS", "120")
os.environ.pop("FORCE_COLOR", None)
