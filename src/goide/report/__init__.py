"""Renderers: terminal, JSON, Markdown, JUnit, HTML, plots."""
