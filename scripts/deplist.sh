#!/usr/bin/env bash
# deplist.sh PKG: the non-standard packages a binary links, one per line,
# sorted. `make deplist` writes them to cmd/<tool>/deps.txt so that a heavy
# dependency creeping into a small tool shows in review; a test fails when
# a list is stale.
set -euo pipefail
go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' "$1" | sort
