#!/usr/bin/env bash
# terraform-bins.sh: prints the directory holding OpenTofu (`tofu`, the
# open-source Terraform, MPL-2.0) and the Terraform OPNsense provider
# (`terraform-provider-opnsense`, built unmodified from
# third_party/terraform-provider-opnsense with the client in
# third_party/opnsense-go), building them once — OpenTofu ~3 minutes on 2
# cores, the provider ~30 s — then cached outside the checkout: OpenTofu
# by its version and the Go version, the provider also by its and its
# client's sources. The tests drive the OPNsense simulator with them as a
# Terraform user would. (Terraform itself is under the BUSL; OpenTofu runs
# the same providers.)
# terraform-bins.sh --cached prints the directory only if both are built.
set -euo pipefail
cd "$(dirname "$0")/.."
TOFU_VERSION=v1.10.6
cache=${HARMONY_TERRAFORM_CACHE:-$HOME/.cache/harmony/terraform}
gokey=$(go version | sha256sum | cut -c1-8)
tofu=$cache/tofu-$TOFU_VERSION-$gokey/tofu
key=$( (echo "$TOFU_VERSION $gokey"; find third_party/terraform-provider-opnsense third_party/opnsense-go -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)
dir=$cache/$key
if [[ -x $dir/tofu && -x $dir/terraform-provider-opnsense ]]; then
  echo "$dir"
  exit 0
fi
if [[ ${1:-} == --cached ]]; then
  echo "terraform-bins: not built yet (make test builds them once, ~4 min)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
if [[ ! -x $tofu ]]; then
  echo "terraform-bins: building OpenTofu $TOFU_VERSION into $(dirname "$tofu") (once; ~3 min)" >&2
  mkdir -p "$(dirname "$tofu")"
  # OpenTofu's go.mod has a replace directive, so `go install pkg@version`
  # refuses it: build its module source as the main module instead.
  src=$(GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  cp -r "$src" "$work/opentofu"
  chmod -R u+w "$work/opentofu"
  (cd "$work/opentofu" && GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tofu.tmp" ./cmd/tofu)
  mv "$tofu.tmp" "$tofu"
fi
echo "terraform-bins: building the OPNsense provider into $dir (~30 s)" >&2
mkdir -p "$dir"
# The provider pins opnsense-go v0.23.0, which the module proxy here does
# not serve: a workspace's replace puts the copy in third_party in its
# place, leaving the provider's own go.mod as it is.
cat > "$work/go.work" <<WORK
go 1.26.0

use $PWD/third_party/terraform-provider-opnsense

replace github.com/browningluke/opnsense-go => $PWD/third_party/opnsense-go
WORK
(cd third_party/terraform-provider-opnsense && GOWORK="$work/go.work" CGO_ENABLED=0 go build -trimpath -o "$dir/terraform-provider-opnsense.tmp" .)
mv "$dir/terraform-provider-opnsense.tmp" "$dir/terraform-provider-opnsense"
ln -sf "$tofu" "$dir/tofu"
echo "$dir"
