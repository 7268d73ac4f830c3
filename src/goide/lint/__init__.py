"""`goide lint`: does golangci-lint and the formatter agree across the editor, the command line and CI,
and does the CI lint cache hit. Open `collect.py` first (what is read: config, binaries, go.mod,
VS Code settings), then `rules.py` (the disagreements as Findings) and `cijob.py` (the job it prints).
"""
