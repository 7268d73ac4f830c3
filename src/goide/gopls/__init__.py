"""`goide gopls`: measure the real gopls on the user's own workspace and find what makes it slow.

`stats.py` runs `gopls stats`; `workspace.py` scans the tree (watched directories, big trees,
generated files, modules outside go.work, inotify limits) and `rules.py` judges the scan;
`bench.py` runs the LSP benchmark (`session.py` drives one gopls) with interleaved A/B variants
(`ab.py`) and writes Go benchmark format (`results.py`). Open `bench.py` first.
"""
