"""`goide mod`: how Go will fetch each module path, why a private module fails, and proof with the real `go`.

Open `route.py` first: it turns the module configuration (`config.py`, read by `collect.py`) into
the route Go takes for one module path; `explain.py` judges a route, `decode.py` explains `go`
error output, `check.py` runs the real `go mod download`.
"""
