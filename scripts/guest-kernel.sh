#!/usr/bin/env bash
# guest-kernel.sh DIR: puts Debian's amd64 kernel and the few modules the
# guest tests load (e1000 and veth NICs, bonding, VLANs) in DIR, once. The tests that
# need a kernel with bonding and 802.1Q (this host's may lack them) boot it
# in QEMU with a Go init of their own. Uses apt's package cache; no install.
set -euo pipefail
dir=${1:?usage: guest-kernel.sh DIR}
modules=(drivers/net/ethernet/intel/e1000/e1000.ko drivers/net/veth.ko net/tls/tls.ko drivers/net/bonding/bonding.ko
  net/llc/llc.ko net/802/stp.ko net/802/garp.ko net/802/mrp.ko net/8021q/8021q.ko)
want=$(for m in "${modules[@]}"; do basename "$m"; done)
if [[ -s $dir/vmlinuz && -s $dir/modules.list && $(cat "$dir/modules.list") == "$want" ]]; then
  echo "guest-kernel: present in $dir"
  exit 0
fi
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
if [[ -z $pkg ]]; then
  apt-get update -qq
  pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq "$pkg" 2>/dev/null)
mkdir -p "$dir"
dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' \
  $(printf './lib/modules/*/kernel/%s ' "${modules[@]}")
cp "$tmp"/boot/vmlinuz-* "$dir/vmlinuz"
: > "$dir/modules.list.tmp"
for m in "${modules[@]}"; do # in load order: each after what it depends on
  cp "$tmp"/lib/modules/*/kernel/"$m" "$dir/"
  basename "$m" >> "$dir/modules.list.tmp"
done
mv "$dir/modules.list.tmp" "$dir/modules.list"
echo "guest-kernel: $pkg in $dir"
