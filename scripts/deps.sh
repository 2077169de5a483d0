#!/usr/bin/env bash
# Installs the Debian packages Harmony's tests need, as root, only when one
# is missing (so a second run is quick and offline). CI runs it first.
# The list grows with the real peers the tests drive (openipmi, ipmitool,
# dnsmasq-base, qemu-system-x86, ipxe, etcd-server …).
set -euo pipefail

packages=(
  curl  # make demo and the testscripts speak HTTP to the simulators as a person would
  gcc   # cgo, for go test -race
  git   # the version stamp, the state repository tests
  make
  qemu-system-x86  # a real iPXE (the NIC ROM) network-boots from harmony-pxe (lib/infra/pxe)
  ipxe-qemu
  ipxe             # undionly.kpxe and ipxe.efi, served over TFTP by dnsmasq for a tftp-server step
  dnsmasq-base     # a real dnsmasq configured by harmony-apply-dnsmasq (lib/infra/dnsmasq)
  busybox          # udhcpc and nslookup: a real DHCP client and DNS lookups in a namespace
  iproute2         # network namespaces and veth pairs
  openipmi         # ipmi_sim: real BMCs for harmony-bmc (lib/infra/ipmi/ipmitest)
  ipmitool         # cross-checks harmony-bmc
  python3-textfsm  # ntc-templates' parsers read the FastIron simulator's show output (brocadetest)
  python3-yaml     # and the captures' expected records
  ansible          # its community.network ICX modules drive the FastIron simulator (brocadetest)
  python3-paramiko # ansible's network_cli transport
  python3-sushy    # OpenStack Ironic's Redfish library drives the Redfish simulator (redfishtest)
  redfishtool      # and DMTF's redfishtool
  python3-jinja2   # renders OPNsense's own dnsmasq template from the OPNsense simulator (TestNetBootThroughOPNsense)
  postgresql-15    # real PostgreSQL clusters for harmony-pg and harmony-agent (lib/infra/postgres)
  nftables         # cuts a site off the fleet (the partition case of the failover tests)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "deps: all present: ${packages[*]}"
  exit 0
fi
if [[ $(id -u) != 0 ]]; then
  echo "deps: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
