"""Tool bundles for machines you do not sit at: `goide bundle build` cross-compiles the Go
extension's tools for each target with the real `go`, reproducibly, into `DIR/OS_ARCH/bin`
with a manifest; `goide bundle verify` reads every binary back (never runs it) and judges it.
Open `build.py` for building and `judge.py` for verifying first.
"""
