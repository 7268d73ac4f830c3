#!/usr/bin/env bash
# Installs the Go tools the tests drive, at pinned versions, into the project-local GOBIN
# (.tools/bin). Re-running is cheap: a tool already at its pinned version is skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export GOBIN="$root/.tools/bin"
mkdir -p "$GOBIN"

# name  module@version
tools=(
  "gopls golang.org/x/tools/gopls@v0.23.0"
  "dlv github.com/go-delve/delve/cmd/dlv@v1.27.2"
  "gotestsum gotest.tools/gotestsum@v1.13.0"
  "benchstat golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"
  "golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0"
  "pp github.com/maruel/panicparse/v2/cmd/pp@v2.5.0"
  "go-junit-report github.com/jstemmer/go-junit-report/v2@v2.1.0"
)

for entry in "${tools[@]}"; do
  read -r name pkg <<<"$entry"
  stamp="$GOBIN/.$name.version"
  if [ -x "$GOBIN/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$pkg" ]; then
    continue
  fi
  echo "installing $pkg" >&2
  go install "$pkg"
  echo "$pkg" >"$stamp"
done
