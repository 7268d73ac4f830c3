"""Doctor rules: pure functions from Facts to Findings, one module per area.

Open `judge.py` first (runs every rule, isolates a rule that crashes, skips rules whose probe
failed); each area module lists its rules in `RULES` and declares what it reads in `registry.py`."""
