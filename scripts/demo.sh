#!/usr/bin/env bash
# make demo: Harmony's pipeline end to end on the lab example
# (inventory/examples/lab). Today the lab is planned and reported; each
# apply tool joins this pipeline as it lands, and harmony-lab will start
# the simulated devices it runs against.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
lab=inventory/examples/lab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bold() { if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }

bold "1. Plan the lab: a site (firewall, switch, PXE server, BMCs), its five hosts, and one ~15-line BareMetalCluster Score."
echo "\$ harmony-plan $lab/ | harmony-report"
harmony-plan "$lab/" | harmony-report

bold "2. Plans are deterministic: the same inputs give the same bytes, so plans can be committed and reviewed with git diff."
harmony-plan "$lab/" > "$work/a.json"
harmony-plan "$lab/" > "$work/b.json"
sha256sum "$work/a.json" "$work/b.json" | sed "s|$work/||"
cmp "$work/a.json" "$work/b.json" && echo "identical: $(wc -c < "$work/a.json") bytes, $(grep -o '"score":' "$work/a.json" | wc -l) steps"

bold "3. A wrong description is refused before anything is touched: take load-balancer away from the firewall."
sed 's/load-balancer, //' "$lab/site.yaml" > "$work/site.yaml"
echo "\$ harmony-plan site-without-lb.yaml $lab/inventory.yaml $lab/scores.yaml"
set +e
harmony-plan "$work/site.yaml" "$lab/inventory.yaml" "$lab/scores.yaml" > /dev/null
code=$?
set -e
echo "exit status $code (2: input refused, nothing touched)"
[[ $code == 2 ]]
