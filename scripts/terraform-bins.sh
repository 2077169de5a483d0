#!/usr/bin/env bash
# terraform-bins.sh: prints the directory holding OpenTofu (`tofu`, the
# open-source Terraform, MPL-2.0) and the Terraform OPNsense provider
# (`terraform-provider-opnsense`, built unmodified from
# third_party/terraform-provider-opnsense with the client in
# third_party/opnsense-go), building them once: ~4 minutes on 2 cores the
# first time, then cached outside the checkout, keyed by the OpenTofu
# version, the provider's and client's sources and the Go version. The
# tests drive the OPNsense simulator with them as a Terraform user would.
# Terraform itself is under the BUSL; OpenTofu runs the same providers.
# terraform-bins.sh --cached prints the directory only if they are built.
set -euo pipefail
cd "$(dirname "$0")/.."
TOFU_VERSION=v1.10.6
key=$( (echo "$TOFU_VERSION"; go version; find third_party/terraform-provider-opnsense third_party/opnsense-go -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)
dir=${HARMONY_TERRAFORM_CACHE:-$HOME/.cache/harmony/terraform}/$key
if [[ -x $dir/tofu && -x $dir/terraform-provider-opnsense ]]; then
  echo "$dir"
  exit 0
fi
if [[ ${1:-} == --cached ]]; then
  echo "terraform-bins: not built yet (make test builds them once, ~4 min)" >&2
  exit 1
fi
mkdir -p "$dir"
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
echo "terraform-bins: building OpenTofu $TOFU_VERSION and the OPNsense provider into $dir (once; ~4 min)" >&2
# OpenTofu's go.mod has a replace directive, so `go install pkg@version`
# refuses it: build its module source as the main module instead.
src=$(GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
cp -r "$src" "$work/opentofu"
chmod -R u+w "$work/opentofu"
(cd "$work/opentofu" && GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$dir/tofu.tmp" ./cmd/tofu)
# The provider pins opnsense-go v0.23.0, which the module proxy here does
# not serve: a workspace's replace puts the copy in third_party in its
# place, leaving the provider's own go.mod as it is.
cat > "$work/go.work" <<WORK
go 1.26.0

use $PWD/third_party/terraform-provider-opnsense

replace github.com/browningluke/opnsense-go => $PWD/third_party/opnsense-go
WORK
(cd third_party/terraform-provider-opnsense && GOWORK="$work/go.work" CGO_ENABLED=0 go build -trimpath -o "$dir/terraform-provider-opnsense.tmp" .)
mv "$dir/tofu.tmp" "$dir/tofu"
mv "$dir/terraform-provider-opnsense.tmp" "$dir/terraform-provider-opnsense"
echo "$dir"
