"""Rules: pure functions from Facts to Findings."""
