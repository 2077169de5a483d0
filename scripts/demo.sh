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
labdir="$work/lab"
cleanup() {
  harmony-lab down --dir "$labdir" 2>/dev/null || true
  harmony-lab down --dir "$work/apps" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bold() { if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }
run() { printf '$ %s\n' "$*"; }

bold "0. Start the embedded lab on loopback: an OPNsense 25.7 simulator (built from the real model XML), a two FastIron switches (SSH), the PXE server and a real BMC per host (ipmi_sim)."
run "harmony-lab up --dir lab"
harmony-lab up --dir "$labdir" --from "$lab" 2>&1 | sed -n '1,/use it with/p' | grep -v 'use it with'
# The ready site: the lab's, pointed at what runs; credentials are in the
# lab's 0600 secrets file, found by each device's secretRef, never in a plan.
site="$labdir/site"
export HARMONY_SECRETS_FILE="$labdir/secrets.yaml"
echo "ready: $site/ (site, inventory, scores), $labdir/known_hosts, $labdir/secrets.yaml (mode $(stat -c %a "$HARMONY_SECRETS_FILE"))"
endpoint() { sed -n "/name: $1\$/,/provides/ s/^ *endpoint: //p" "$site/site.yaml"; }
fw=$(endpoint fw1) pxe=$(endpoint pxe1)
ca="$labdir/fw1-ca.pem"
bmc_flags="--cipher 3" # ipmi_sim's cipher suite
# Without ipmi_sim the lab has no BMCs: the power steps pass through, PLANNED.
bmc_apply() { if [[ -s $labdir/bmc-addrs ]]; then harmony-bmc apply $bmc_flags; else cat; fi; }
inv="$site/inventory.yaml"
scores="$site/scores-1.yaml"
if [[ -s $labdir/bmc-addrs ]]; then
  bold "0b. Ask the BMCs what the hosts are, and merge that into the declared inventory (each fact says where it came from)."
  run "harmony-inventory discover bmc inventory.yaml > found.json && harmony-inventory merge inventory.yaml found.json > inventory.json"
  harmony-inventory discover bmc $bmc_flags "$inv" > "$work/found.json"
  harmony-inventory merge "$inv" "$work/found.json" > "$work/inventory.json"
  inv="$work/inventory.json"
  awk -F'"' '/"hosts":/ {in_hosts=1} in_hosts && /"name":/ && !h {h=$4} /"mac":/ && h && !m {m=$4} /"product":/ {p=$4} /"serial":/ {printf "    %-4s BMC %s  %s, serial %s\n", h, m, p, $4; h=m=""}' "$work/found.json"
fi
bold "0c. Ask the switch what is cabled where (LLDP): merged into the inventory, it agrees with the declared cabling."
run "harmony-plan site/ | harmony-switch discover --known-hosts known_hosts > cabling.json && harmony-inventory merge --strict inventory.json cabling.json"
harmony-plan "$site/site.yaml" "$inv" "$scores" | harmony-switch discover --known-hosts "$labdir/known_hosts" > "$work/cabling.json"
harmony-inventory merge --strict "$inv" "$work/cabling.json" > "$work/inventory-cabled.json"
inv="$work/inventory-cabled.json"
echo "no disagreement: each host's two NICs are on the ports the inventory says"
export HARMONY_LOCK_DIR="$work/locks"
export HARMONY_STATE_REPO="$work/state" HARMONY_AUTHOR="make demo <demo@lab.example.net>"
writes() { grep -c '"method":"POST"' "$labdir/logs/fw1-requests.jsonl" || true; }

bold "1. Plan the lab and apply it: a site (firewall, switch, PXE server, BMCs), five hosts, one ~15-line BareMetalCluster Score."
run "harmony-plan site/ | harmony-apply-opnsense | harmony-switch apply --known-hosts known_hosts | harmony-pxe apply | harmony-bmc apply | harmony-hostnet | harmony-state record --init | harmony-report"
harmony-plan "$site/site.yaml" "$inv" "$scores" | harmony-apply-opnsense |
  harmony-switch apply --known-hosts "$labdir/known_hosts" | harmony-pxe apply |
  bmc_apply | harmony-hostnet | harmony-state record --init | harmony-report --summary || true
echo "(without --summary, harmony-report lists every step and each field it changed)"
echo "The switch has an LACP LAG per host, its first port forced up so the host can PXE-boot before its OS"
echo "speaks LACP; only then do the BMCs power the hosts on, to boot from PXE (RUNNING: they are booting)."
echo "the lines harmony-switch sent sw1 for cp0's LAG (one session per switch for all its steps, then one write memory):"
grep -A3 '"command":"lag harmony-cp0' "$labdir/logs/sw1-commands.jsonl" | sed 's/.*"command":"\([^"]*\)".*/    \1/'
sw_before=$(wc -l < "$labdir/logs/sw1-commands.jsonl")
echo "the PXE server now answers for cp0's first NIC:"
curl -sS "$pxe/ipxe/52-54-00-aa-00-01" | sed 's/^/    /'

before=$(writes)
echo "the firewall received $before POSTs (writes and one reconfigure per touched service)"

bold "2. The same pipeline again: every step that ran is NOOP, and no device sees a write."
harmony-plan "$site/site.yaml" "$inv" "$scores" | harmony-apply-opnsense |
  harmony-switch apply --known-hosts "$labdir/known_hosts" | harmony-pxe apply |
  bmc_apply | harmony-hostnet | harmony-state record | harmony-report --summary || true
echo "POSTs to the firewall during this run: $(( $(writes) - before )); PUTs to the PXE server in all: $(grep -c '"method":"PUT"' "$labdir/logs/pxe1-access.jsonl") (all from run 1)"
echo "commands sw1 got during this run: $(tail -n +$((sw_before + 1)) "$labdir/logs/sw1-commands.jsonl" | sed 's/.*"command":"\([^"]*\)".*/\1/' | paste -sd, -)"
echo "  of which configuration commands or write memory: $(tail -n +$((sw_before + 1)) "$labdir/logs/sw1-commands.jsonl" | grep -c -E '"mode":"config|"command":"(conf|wr)' || true)"

fwkey=$(sed -n 's/^fw1: *//p' "$HARMONY_SECRETS_FILE")
bold "3. Someone changes cp0's reservation by hand; a dry run (as cron would) shows exactly that drift and writes nothing."
id=$(curl -sS --cacert "$ca" -u "$fwkey" "$fw/api/kea/dhcpv4/search_reservation" |
  sed 's/},{/}\n{/g' | grep '"hostname":"cp0"' | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p')
run "curl … /api/kea/dhcpv4/set_reservation/$id -d '{\"reservation\":{\"ip_address\":\"10.10.0.99\"}}'"
curl -sS --cacert "$ca" -u "$fwkey" -H 'Content-Type: application/json' \
  -d '{"reservation":{"ip_address":"10.10.0.99"}}' "$fw/api/kea/dhcpv4/set_reservation/$id"
echo
before=$(writes)
run "harmony-plan site/ | harmony-apply-opnsense --dry-run | harmony-state record | harmony-report"
harmony-plan "$site/site.yaml" "$inv" "$scores" | harmony-apply-opnsense --dry-run | harmony-state record | harmony-report | grep -E 'DEVICE  STATUS|DRIFT|→|^site' || true
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
sed "s#provider: dnsmasq, endpoint: \"file:///etc/dnsmasq.d\"#provider: opnsense, endpoint: \"$fw\", secretRef: fw1#" "$min" > "$work/minimal-opnsense.yaml"
grep -q 'provider: opnsense' "$work/minimal-opnsense.yaml" # the swap did happen
harmony-plan "$work/minimal-dnsmasq.yaml" | grep -o '"steps":.*' > "$work/steps-dnsmasq"
harmony-plan "$work/minimal-opnsense.yaml" | grep -o '"steps":.*' > "$work/steps-opnsense"
cmp "$work/steps-dnsmasq" "$work/steps-opnsense" && echo "identical steps: $(grep -o '"id":' "$work/steps-dnsmasq" | wc -l), whichever provider serves them"
run "harmony-plan minimal-dnsmasq.yaml | harmony-apply-dnsmasq | harmony-report --summary   # twice"
harmony-plan "$work/minimal-dnsmasq.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" | harmony-report --summary
harmony-plan "$work/minimal-dnsmasq.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" | harmony-report --summary
echo "dnsmasq's dhcp-hostsdir and hostsdir (it rereads them by itself):"
for f in "$work"/dnsmasq/*/*; do printf '    %s: %s\n' "${f#"$work"/}" "$(tail -n 1 "$f")"; done

bold "5b. Deleting is planned too: a record dropped from the plan goes with --prune (listed first by --dry-run --prune); the names Score made absent (state: absent) deletes exactly its records; a hand-made file never goes."
echo "192.168.50.1 router.home.example.net" > "$work/dnsmasq/hosts/router.home.example.net.hosts" # made by hand
sed '/{name: printer, type: A, value: 192.168.50.11}/d' "$work/minimal-dnsmasq.yaml" > "$work/minimal-noprinter.yaml"
run "harmony-plan minimal-noprinter.yaml | harmony-apply-dnsmasq --dry-run --prune > /dev/null   # printer's A record left the plan"
harmony-plan "$work/minimal-noprinter.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" --dry-run --prune > /dev/null
run "harmony-plan minimal-noprinter.yaml | harmony-apply-dnsmasq --prune > /dev/null"
harmony-plan "$work/minimal-noprinter.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" --prune > /dev/null
sed 's#      name: home-names#      name: home-names\n      state: absent#' "$work/minimal-noprinter.yaml" > "$work/minimal-absent.yaml"
run "harmony-plan minimal-absent.yaml | harmony-apply-dnsmasq | harmony-report --summary   # home-names has state: absent"
harmony-plan "$work/minimal-absent.yaml" | harmony-apply-dnsmasq --lock-dir "$work/locks" | harmony-report --summary
echo "left in dnsmasq's directories:"
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

bold "7. Stop the lab: exactly the processes harmony-lab up started (their PIDs are in its state directory)."
run "harmony-lab down --dir lab"
harmony-lab down --dir "$labdir"

bold "8. Kubernetes: a site whose device is a cluster (here a real kube-apiserver the lab runs), a ten-line K8sApp and a Helm chart, applied by server-side apply, twice."
if kube=$(scripts/kube-bins.sh --cached 2>/dev/null); then
  appsdir="$work/apps"
  run "harmony-lab up --dir apps --from inventory/examples/apps"
  HARMONY_KUBE_BINS=$kube harmony-lab up --dir "$appsdir" --from inventory/examples/apps 2>&1 | grep -E '^  |is up'
  run "harmony-plan apps/site | harmony-k8s | harmony-report   # twice"
  harmony-plan "$appsdir/site" | harmony-k8s --lock-dir "$work/locks" | harmony-report --summary | grep -E '^k8s|^site' || true
  harmony-plan "$appsdir/site" | harmony-k8s --lock-dir "$work/locks" | harmony-report --summary | grep -E '^k8s|^site' || true
  # What the API server holds, read back by harmony-k8s itself (no kubectl: Debian 12 ships none).
  run "harmony-plan apps/site | harmony-k8s --dry-run | harmony-report   # every object is on the server: NOOP"
  harmony-plan "$appsdir/site" | harmony-k8s --dry-run --lock-dir "$work/locks" | harmony-report | grep -E '^k8s +NOOP' | sed 's/^/    /' || true
  echo "(the lab's API server has no kubelet: objects are stored and versioned for real, no pod runs)"
  harmony-lab down --dir "$appsdir"
else
  echo "(skipped: the Kubernetes API server is not built yet; make test builds it once, ~6 minutes, then make demo shows this step)"
fi

bold "9. Redfish beside IPMI: the rack example's servers have Redfish BMCs (HTTPS, their CA verified); the same PowerState Score powers them on, twice."
rf="$work/rf"
mkdir -p "$rf"
run "harmony-lab redfish --count 2 --out rf/urls --ca-out rf/bmc-ca.pem &"
harmony-lab redfish --count 2 --out "$rf/urls" --ca-out "$rf/bmc-ca.pem" > /dev/null 2>&1 &
rfpid=$!
for _ in $(seq 100); do [[ -s $rf/urls ]] && break; sleep 0.05; done
# The rack example, pointed at the two BMCs and their CA; credentials in a 0600 file.
sed "s#/etc/harmony/bmc-ca.pem#$rf/bmc-ca.pem#" inventory/examples/redfish/site.yaml > "$rf/site.yaml"
sed "s#https://10.20.1.11#$(sed -n 1p "$rf/urls")#; s#https://10.20.1.12#$(sed -n 2p "$rf/urls")#" inventory/examples/redfish/inventory.yaml > "$rf/inventory.yaml"
cp inventory/examples/redfish/scores.yaml "$rf/"
echo "ready: rf/ (inventory/examples/redfish pointed at the two BMCs and their CA), rf-secrets.yaml (mode 600)"
(umask 077; printf 'redfish: admin:secret\n' > "$work/rf-secrets.yaml")
run "export HARMONY_SECRETS_FILE=rf-secrets.yaml"
export HARMONY_SECRETS_FILE="$work/rf-secrets.yaml"
run "harmony-plan rf/ | harmony-bmc apply | harmony-report   # twice"
harmony-plan "$rf/" | harmony-bmc apply | harmony-report | grep -E '^redfish +[A-Z]+ ' || true
harmony-plan "$rf/" | harmony-bmc apply | harmony-report --summary | grep -E '^redfish|^site' || true
kill "$rfpid" 2>/dev/null || true
wait "$rfpid" 2>/dev/null || true

bold "10. Sites that outlive each other: three sites keep one PostgreSQL 15 service up (durability sync); each has a member, made by harmony-pg, and a harmony-agent embedding its site's NATS node. Site a goes dark; b or c takes over by compare-and-set; a comes back as a standby."
if [[ -x /usr/lib/postgresql/15/bin/pg_rewind ]]; then
  fl=$(mktemp -d) # not under $work: the servers run as postgres when the demo runs as root, and must reach it
  chmod 755 "$fl"
  agents=()
  stop_fleet() {
    for p in "${agents[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    for s in a b c; do [[ -f $fl/$s/orders/postmaster.pid ]] && kill -9 "$(head -1 "$fl/$s/orders/postmaster.pid")" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$fl"
  }
  trap 'stop_fleet; cleanup' EXIT
  {
    printf 'apiVersion: harmony/v1\nkind: Fleet\nmetadata: {name: demo}\nspec:\n  sites:\n'
    for i in 0 1 2; do s=$(echo a b c | cut -d' ' -f$((i + 1))); printf '    - {name: %s, client: "nats://127.0.0.1:%d", cluster: "nats://127.0.0.1:%d"}\n' $s $((24222 + i)) $((26222 + i)); done
  } > "$fl/fleet.yaml"
  {
    printf 'apiVersion: harmony/v1\nkind: Scores\nmetadata: {name: demo}\nspec:\n  scores:\n    - kind: PostgreSQLCluster\n      name: orders\n      spec:\n'
    printf '        version: 15\n        primary: a\n        durability: sync\n        failoverTimeout: 3s\n        fenceInterval: 1500ms\n        replication: {secretRef: pg-replication}\n        settings: {shared_buffers: 16MB, max_connections: "30"}\n        members:\n'
    for i in 0 1 2; do s=$(echo a b c | cut -d' ' -f$((i + 1))); printf '          - {site: %s, host: db-%s, address: 127.0.0.1, port: %d, dataDir: %s}\n' $s $s $((25432 + i)) "$fl/$s/orders"; done
  } > "$fl/scores.yaml"
  for s in a b c; do
    mkdir -p "$fl/$s" && chmod 777 "$fl/$s"
    printf 'apiVersion: harmony/v1\nkind: Site\nmetadata: {name: %s}\nspec:\n  domain: %s.demo.example.net\n  devices:\n    - {name: db-%s, provider: postgresql, provides: [postgresql]}\n' $s $s $s > "$fl/$s/site.yaml"
  done
  (umask 077; printf 'pg-replication: %s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$fl/secrets.yaml")
  export HARMONY_SECRETS_FILE="$fl/secrets.yaml"
  echo "ready: fleet/fleet.yaml (sites a, b, c on loopback), fleet/scores.yaml (PostgreSQLCluster orders), fleet/{a,b,c}/site.yaml, fleet/secrets.yaml (mode 600)"
  run "harmony-plan fleet.yaml scores.yaml a/ > plan-a.json   # and b/, c/: each site plans its own member"
  for s in a b c; do harmony-plan "$fl/fleet.yaml" "$fl/scores.yaml" "$fl/$s/" > "$fl/plan-$s.json"; done
  run "harmony-pg apply --host db-a plan-a.json | harmony-report --summary   # then at b and c, which copy a (pg_basebackup)"
  for s in a b c; do harmony-pg apply --host "db-$s" --lock-dir "$work/locks" "$fl/plan-$s.json" | harmony-report --summary | grep -E '^postgresql' || true; done
  run "harmony-pg apply --host db-a plan-a.json | harmony-report --summary   # again: NOOP"
  harmony-pg apply --host db-a --lock-dir "$work/locks" "$fl/plan-a.json" | harmony-report --summary | grep -E '^postgresql' || true
  run "harmony-agent run --fleet fleet.yaml --site a --host db-a --data-dir a/agent plan-a.json &   # and b, c"
  start_agent() { harmony-agent run --fleet "$fl/fleet.yaml" --site "$1" --host "db-$1" --data-dir "$fl/$1/agent" "$fl/plan-$1.json" 2>> "$fl/agent-$1.log" & agents+=($!); disown $!; }
  for s in a b c; do start_agent $s; done
  primary() { harmony-agent status --fleet "$fl/fleet.yaml" --site "$1" --timeout 300ms 2>/dev/null | sed -n 's/^      "primary": "\(.*\)",$/\1/p' | head -1 || true; }
  for _ in $(seq 150); do [[ $(primary b) == a ]] && break; sleep 0.2; done
  # Settled: the bucket's leader is off the primary's site (the agents move it there).
  for _ in $(seq 100); do harmony-agent status --fleet "$fl/fleet.yaml" --site b --timeout 300ms 2>/dev/null | grep -q '"leader": "[bc]"' && break; sleep 0.2; done
  run "harmony-agent status --fleet fleet.yaml --site b   # primary, heartbeats (server time), lag"
  harmony-agent status --fleet "$fl/fleet.yaml" --site b | grep -E '^      "(site|primary|reason)"|"role"' | sed 's/^ */    /' || true
  run "kill -9 <site a's agent> <site a's postmaster>   # site a goes dark"
  lost=$(date +%s%N)
  kill -9 "${agents[0]}" 2>/dev/null || true
  kill -9 "$(head -1 "$fl/a/orders/postmaster.pid")" 2>/dev/null || true
  new=""
  for _ in $(seq 150); do new=$(primary b); [[ -n $new && $new != a ]] && break; sleep 0.1; done
  tenths=$((($(date +%s%N) - lost) / 100000000))
  echo "$new took over $((tenths / 10)).$((tenths % 10)) s after site a went dark"
  run "harmony-agent run --fleet fleet.yaml --site a --host db-a --data-dir a/agent plan-a.json &   # site a is back"
  start_agent a
  for _ in $(seq 150); do grep -q 'rejoined as a standby' "$fl/agent-a.log" && break; sleep 0.2; done
  grep -h 'took over from\|rejoined as a standby' "$fl"/agent-*.log | sed 's/^/    /' || true
  run "harmony-agent status --fleet fleet.yaml --site a | harmony-state record --init --repo fleet-state && harmony-state log --repo fleet-state"
  harmony-agent status --fleet "$fl/fleet.yaml" --site a | harmony-state record --init --repo "$fl/fleet-state" > /dev/null
  harmony-state log --repo "$fl/fleet-state" | sed 's/^/    /'
  stop_fleet
else
  echo "(skipped: PostgreSQL 15 is not installed; scripts/deps.sh installs postgresql-15)"
fi
