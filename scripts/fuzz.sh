#!/usr/bin/env bash
# make fuzz: runs every fuzz target of the workspace for the given time
# (default 10s each). The seed corpora also run in every make test.
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-10s}
for pkg in $(go list -m -f '{{.Dir}}/...' | sed "s|^$PWD|.|"); do
  for dir in $(go list -f '{{.Dir}}' "$pkg"); do
    for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
      echo "== $target in ${dir#$PWD/}"
      go test -run '^$' -fuzz "^$target\$" -fuzztime "$time" "./${dir#$PWD/}"
    done
  done
done
