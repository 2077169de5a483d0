#!/usr/bin/env bash
# make demo: Harmony's pipeline end to end on the lab example
# (inventory/examples/lab), against the embedded lab: harmony-lab runs an
# OPNsense simulator, a FastIron switch simulator, a PXE server and real
# BMCs (ipmi_sim) on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
lab=inventory/examples/lab
work=$(mktemp -d)
port=${HARMONY_DEMO_PORT:-18443}
pxe_port=${HARMONY_DEMO_PXE_PORT:-18080}
sw_port=${HARMONY_DEMO_SWITCH_PORT:-12222}
lab_pid= pxe_pid= bmc_pid= sw_pid=
cleanup() {
  for pid in $lab_pid $pxe_pid $bmc_pid $sw_pid; do kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

bold() { if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }
run() { printf '$ %s\n' "$*"; }

bold "0. Start the embedded lab: an OPNsense 25.7 simulator on 127.0.0.1:$port (built from the real model XML), a FastIron switch on 127.0.0.1:$sw_port (SSH), the PXE server on 127.0.0.1:$pxe_port, and five real BMCs (ipmi_sim)."
harmony-lab opnsense --addr "127.0.0.1:$port" --ca-out "$work/fw1-ca.pem" --request-log "$work/fw1-requests.jsonl" 2>"$work/lab.log" &
lab_pid=$!
# The switch sees the hosts' NICs (LLDP, MAC table) where the inventory cables them.
harmony-lab switch --addr "127.0.0.1:$sw_port" --name sw1 --inventory "$lab/inventory.yaml" --host-key-out "$work/known_hosts" \
  --command-log "$work/sw1-commands.jsonl" 2>"$work/switch.log" &
sw_pid=$!
HARMONY_PXE_TOKEN=demo-pxe-token harmony-pxe serve --addr "127.0.0.1:$pxe_port" --dir "$work/pxe" --access-log "$work/pxe-access.jsonl" 2>"$work/pxe.log" &
pxe_pid=$!
bmc_pid= bmc_flags=
if command -v ipmi_sim >/dev/null; then
  harmony-lab bmcs --count 5 --dir "$work/bmcs" --out "$work/bmc-addrs" >/dev/null 2>"$work/bmcs.log" &
  bmc_pid=$!
  for _ in $(seq 100); do [[ -s $work/bmc-addrs ]] && break; sleep 0.05; done
  bmc_flags="--cipher 3"
else
  echo "(OpenIPMI's ipmi_sim is not installed: the power steps stay PLANNED. scripts/deps.sh installs it.)"
fi
for _ in $(seq 50); do [[ -s $work/fw1-ca.pem ]] && break; sleep 0.1; done
[[ -s $work/fw1-ca.pem ]] || { cat "$work/lab.log"; exit 1; }
for _ in $(seq 50); do grep -q serving "$work/pxe.log" 2>/dev/null && break; sleep 0.1; done
for _ in $(seq 50); do [[ -s $work/known_hosts ]] && break; sleep 0.1; done
[[ -s $work/known_hosts ]] || { cat "$work/switch.log"; exit 1; }
cat "$work/lab.log" "$work/switch.log" "$work/pxe.log" "$work/bmcs.log" 2>/dev/null
# The lab's site, pointed at the simulator and the PXE server; credentials
# come from the environment by each device's secretRef, never from a plan.
sed "s#https://10.10.0.1#https://127.0.0.1:$port#; s#http://10.10.0.5:8080#http://127.0.0.1:$pxe_port#; s#ssh://10.10.0.2:22#ssh://127.0.0.1:$sw_port#" "$lab/site.yaml" > "$work/site.yaml"
cp "$lab/inventory.yaml" "$lab/scores.yaml" "$work/"
if [[ -n $bmc_pid ]]; then # the hosts' BMCs are the lab's ipmi_sim instances
  n=21; for a in $(cat "$work/bmc-addrs"); do sed -i "s/10.10.1.$n:623/$a/" "$work/inventory.yaml"; n=$((n + 1)); done
fi
export HARMONY_SECRET_FW1=harmony-test-key:harmony-test-secret HARMONY_SECRET_PXE1=demo-pxe-token HARMONY_SECRET_BMC=admin:secret \
  HARMONY_SECRET_SW1=admin:harmony-test-switch
inv="$work/inventory.yaml"
if [[ -n $bmc_pid ]]; then
  bold "0b. Ask the BMCs what the hosts are, and merge that into the declared inventory (each fact says where it came from)."
  run "harmony-inventory discover bmc inventory.yaml > found.json && harmony-inventory merge inventory.yaml found.json > inventory.json"
  harmony-inventory discover bmc $bmc_flags "$work/inventory.yaml" > "$work/found.json"
  harmony-inventory merge "$work/inventory.yaml" "$work/found.json" > "$work/inventory.json"
  inv="$work/inventory.json"
  awk -F'"' '/"hosts":/ {in_hosts=1} in_hosts && /"name":/ && !h {h=$4} /"mac":/ && h && !m {m=$4} /"product":/ {p=$4} /"serial":/ {printf "    %-4s BMC %s  %s, serial %s\n", h, m, p, $4; h=m=""}' "$work/found.json"
fi
bold "0c. Ask the switch what is cabled where (LLDP): merged into the inventory, it agrees with the declared cabling."
run "harmony-plan site/ | harmony-switch discover --known-hosts known_hosts > cabling.json && harmony-inventory merge --strict inventory.json cabling.json"
harmony-plan "$work/site.yaml" "$inv" "$work/scores.yaml" | harmony-switch discover --known-hosts "$work/known_hosts" > "$work/cabling.json"
harmony-inventory merge --strict "$inv" "$work/cabling.json" > "$work/inventory-cabled.json"
inv="$work/inventory-cabled.json"
echo "no disagreement: each host's two NICs are on the ports the inventory says"
export HARMONY_LOCK_DIR="$work/locks"
export HARMONY_STATE_REPO="$work/state" HARMONY_AUTHOR="make demo <demo@lab.example.net>"
writes() { grep -c '"method":"POST"' "$work/fw1-requests.jsonl" || true; }

bold "1. Plan the lab and apply it: a site (firewall, switch, PXE server, BMCs), five hosts, one ~15-line BareMetalCluster Score."
run "harmony-plan site/ | harmony-apply-opnsense --ca-file fw1-ca.pem | harmony-switch apply --known-hosts known_hosts | harmony-pxe apply | harmony-bmc apply | harmony-hostnet | harmony-state record --init | harmony-report"
harmony-plan "$work/site.yaml" "$inv" "$work/scores.yaml" | harmony-apply-opnsense --ca-file "$work/fw1-ca.pem" |
  harmony-switch apply --known-hosts "$work/known_hosts" | harmony-pxe apply |
  harmony-bmc apply $bmc_flags | harmony-hostnet | harmony-state record --init | harmony-report --summary || true
echo "(without --summary, harmony-report lists every step and each field it changed)"
echo "The switch has an LACP LAG per host, its first port forced up so the host can PXE-boot before its OS"
echo "speaks LACP; only then do the BMCs power the hosts on, to boot from PXE (RUNNING: they are booting)."
echo "the lines harmony-switch sent for cp0's LAG (one session for all six steps, then one write memory):"
grep -A3 '"command":"lag harmony-cp0' "$work/sw1-commands.jsonl" | sed 's/.*"command":"\([^"]*\)".*/    \1/'
sw_before=$(wc -l < "$work/sw1-commands.jsonl")
echo "the PXE server now answers for cp0's first NIC:"
curl -sS "http://127.0.0.1:$pxe_port/ipxe/52-54-00-aa-00-01" | sed 's/^/    /'

before=$(writes)
echo "the firewall received $before POSTs (writes and one reconfigure per touched service)"

bold "2. The same pipeline again: every step that ran is NOOP, and no device sees a write."
harmony-plan "$work/site.yaml" "$inv" "$work/scores.yaml" | harmony-apply-opnsense --ca-file "$work/fw1-ca.pem" |
  harmony-switch apply --known-hosts "$work/known_hosts" | harmony-pxe apply |
  harmony-bmc apply $bmc_flags | harmony-hostnet | harmony-state record | harmony-report --summary || true
echo "POSTs to the firewall during this run: $(( $(writes) - before )); PUTs to the PXE server in all: $(grep -c '"method":"PUT"' "$work/pxe-access.jsonl") (all from run 1)"
echo "commands the switch got during this run: $(tail -n +$((sw_before + 1)) "$work/sw1-commands.jsonl" | sed 's/.*"command":"\([^"]*\)".*/\1/' | paste -sd, -)"
echo "  of which configuration commands or write memory: $(tail -n +$((sw_before + 1)) "$work/sw1-commands.jsonl" | grep -c -E '"mode":"config|"command":"(conf|wr)' || true)"

bold "3. Someone changes cp0's reservation by hand; a dry run (as cron would) shows exactly that drift and writes nothing."
id=$(curl -sS --cacert "$work/fw1-ca.pem" -u "$HARMONY_SECRET_FW1" "https://127.0.0.1:$port/api/kea/dhcpv4/search_reservation" |
  sed 's/},{/}\n{/g' | grep '"hostname":"cp0"' | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p')
run "curl … /api/kea/dhcpv4/set_reservation/$id -d '{\"reservation\":{\"ip_address\":\"10.10.0.99\"}}'"
curl -sS --cacert "$work/fw1-ca.pem" -u "$HARMONY_SECRET_FW1" -H 'Content-Type: application/json' \
  -d '{"reservation":{"ip_address":"10.10.0.99"}}' "https://127.0.0.1:$port/api/kea/dhcpv4/set_reservation/$id"
echo
before=$(writes)
run "harmony-plan site/ | harmony-apply-opnsense --dry-run --ca-file fw1-ca.pem | harmony-state record | harmony-report"
harmony-plan "$work/site.yaml" "$inv" "$work/scores.yaml" | harmony-apply-opnsense --dry-run --ca-file "$work/fw1-ca.pem" | harmony-state record | harmony-report | grep -E 'DEVICE  STATUS|DRIFT|→|^site' || true
echo "POSTs to the firewall during the dry run: $(( $(writes) - before ))"

bold "3b. The state repository remembers: every run is a commit; the drift is on record."
run "harmony-state log --device fw1"
harmony-state log --device fw1
run "harmony-state drift"
harmony-state drift

bold "4. Plans are deterministic: the same inputs give the same bytes, so plans can be committed and reviewed with git diff."
harmony-plan "$lab/" > "$work/a.json"
harmony-plan "$lab/" > "$work/b.json"
cmp "$work/a.json" "$work/b.json" && echo "identical: $(wc -c < "$work/a.json") bytes, $(grep -o '"score":' "$work/a.json" | wc -l) steps, sha256 $(sha256sum < "$work/a.json" | cut -c1-16)…"

bold "5. The swap test: the minimal site's gateway is a Linux host running dnsmasq; as an OPNsense firewall instead, not one step differs."
min=inventory/examples/minimal/site.yaml
sed "s#file:///etc/dnsmasq.d#file://$work/dnsmasq#" "$min" > "$work/minimal-dnsmasq.yaml"
sed "s#provider: dnsmasq, endpoint: \"file:///etc/dnsmasq.d\"#provider: opnsense, endpoint: \"https://127.0.0.1:$port\", secretRef: fw1#" "$min" > "$work/minimal-opnsense.yaml"
grep -q 'provider: opnsense' "$work/minimal-opnsense.yaml" # the swap did happen
harmony-plan "$work/minimal-dnsmasq.yaml" | grep -o '"steps":.*' > "$work/steps-dnsmasq"
harmony-plan "$work/minimal-opnsense.yaml" | grep -o '"steps":.*' > "$work/steps-opnsense"
cmp "$work/steps-dnsmasq" "$work/steps-opnsense" && echo "identical steps: $(grep -o '"id":' "$work/steps-dnsmasq" | wc -l), whichever provider serves them"
run "harmony-plan minimal-dnsmasq.yaml | harmony-apply-dnsmasq | harmony-report --summary   # twice"
harmony-plan "$work/minimal-dnsmasq.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" | harmony-report --summary
harmony-plan "$work/minimal-dnsmasq.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" | harmony-report --summary
echo "dnsmasq's dhcp-hostsdir and hostsdir (it rereads them by itself):"
for f in "$work"/dnsmasq/*/*; do printf '    %s: %s\n' "${f#"$work"/}" "$(tail -n 1 "$f")"; done

bold "6. A wrong description is refused before anything is touched: take load-balancer away from the firewall."
sed 's/load-balancer, //' "$lab/site.yaml" > "$work/site-without-lb.yaml"
run "harmony-plan site-without-lb.yaml inventory.yaml scores.yaml"
set +e
harmony-plan "$work/site-without-lb.yaml" "$lab/inventory.yaml" "$lab/scores.yaml" > /dev/null
code=$?
set -e
echo "exit status $code (2: input refused, nothing touched)"
[[ $code == 2 ]]
