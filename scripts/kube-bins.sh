#!/usr/bin/env bash
# kube-bins.sh: prints the directory holding a real kube-apiserver and etcd
# (built from tools/kube, at the versions its go.mod pins), building them
# once: ~6 minutes on 2 cores the first time, then cached outside the
# checkout, keyed by tools/kube's go.mod, go.sum and the Go version, so a
# fresh clone on the same machine reuses them. Never committed.
# kube-bins.sh --cached prints the directory only if they are built already.
set -euo pipefail
cd "$(dirname "$0")/../tools/kube"
key=$(cat go.mod go.sum <(go version) | sha256sum | cut -c1-16)
dir=${HARMONY_KUBE_CACHE:-$HOME/.cache/harmony/kube}/$key
if [[ -x $dir/kube-apiserver && -x $dir/etcd ]]; then
  echo "$dir"
  exit 0
fi
if [[ ${1:-} == --cached ]]; then
  echo "kube-bins: not built yet (make test builds them once, ~6 min)" >&2
  exit 1
fi
mkdir -p "$dir"
ver=$(awk '$1 == "k8s.io/kubernetes" {print $2}' go.mod)
minor=$(echo "$ver" | cut -d. -f2)
echo "kube-bins: building kube-apiserver $ver and etcd into $dir (once; ~6 min)" >&2
export GOWORK=off CGO_ENABLED=0
go build -trimpath -o "$dir/etcd.tmp" ./cmd/etcd
go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$ver -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
  -o "$dir/kube-apiserver.tmp" ./cmd/kube-apiserver
mv "$dir/etcd.tmp" "$dir/etcd"
mv "$dir/kube-apiserver.tmp" "$dir/kube-apiserver"
echo "$dir"
