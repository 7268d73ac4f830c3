"""Thin drivers for the real tools goide talks to (go, gopls, dlv, golangci-lint)."""
