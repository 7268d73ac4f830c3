#!/usr/bin/env bash
# Installs the Go tools the tests drive, at pinned versions, into the project-local GOBIN
# (.tools/bin). Re-running is cheap: a tool already at its pinned version is skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export GOBIN="$root/.tools/bin"
mkdir -p "$GOBIN"

# name  module@version  [directory under .tools for a second major of the same binary name]
tools=(
  "gopls golang.org/x/tools/gopls@v0.23.0"
  "dlv github.com/go-delve/delve/cmd/dlv@v1.27.2"
  "gotestsum gotest.tools/gotestsum@v1.13.0"
  "benchstat golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"
  "golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0"
  "pp github.com/maruel/panicparse/v2/cmd/pp@v2.5.0"
  "golangci-lint github.com/golangci/golangci-lint/cmd/golangci-lint@v1.64.8 v1"
  "gofumpt mvdan.cc/gofumpt@v0.12.0"
  "goimports golang.org/x/tools/cmd/goimports@v0.53.0"
  "actionlint github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
  "go-junit-report github.com/jstemmer/go-junit-report/v2@v2.1.0"
)

for entry in "${tools[@]}"; do
  read -r name pkg dir <<<"$entry"
  bin="$root/.tools/${dir:+$dir/}bin"
  stamp="$bin/.$name.version"
  if [ -x "$bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$pkg" ]; then
    continue
  fi
  echo "installing $pkg" >&2
  mkdir -p "$bin"
  GOBIN="$bin" go install "$pkg"
  echo "$pkg" >"$stamp"
done
