"""Fixes: safe, previewable, atomic edits and tool installs."""
