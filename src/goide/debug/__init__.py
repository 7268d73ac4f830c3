"""`goide debug`: find Delve as the Go extension does and prove debugging works with a real `dlv dap` session.

Open `smoke.py` (the session) and `rules.py` (what a failure means) first; `dap.py` is the DAP
client, `delve.py` the discovery, `view.py` the step table."""
