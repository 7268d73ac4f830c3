"""`goide settings`: VS Code settings and Go launch configurations checked against the installed schemas
and fixed with minimal, comment-preserving edits.

Open `check.py` (settings rules) and `launch.py` (launch rules) first; `jsonc.py` parses,
`jsonc_edit.py` edits, `schema.py` and `builtin.py` know the settings, `fix.py` plans the fixes."""
