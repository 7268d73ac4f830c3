"""`goide test`: runs or reads `go test -json` and reports it: live progress, summary, JUnit, JSON and HTML.

Open `session.py` first (one run from start to exit status); `testjson.py` reads events,
`aggregate.py` keeps per-package and per-test state, `model.py` is what every view reads."""
