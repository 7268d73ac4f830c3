"""Tests of goide gopls."""
